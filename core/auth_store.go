package core

// AuthStore keeps the signed-in token and record. The client reads it on
// every request and writes it after every successful auth call.
//
// Implementations must be safe for concurrent use and must run OnChange
// listeners outside their locks, so a listener may call back into the
// store. The contract is checked by the reusable suite in package
// core/storetest; [MemoryStore] is the reference implementation.
type AuthStore interface {
	// Token returns the stored token, or "".
	Token() string
	// Record returns a copy of the stored record, or nil.
	Record() Record
	// IsValid reports whether the token is non-empty, well formed and not
	// expired (allowing [ExpiryLeeway]). It is a local hint only.
	IsValid() bool
	// IsSuperuser reports whether the stored session is a superuser's.
	IsSuperuser() bool
	// Save stores token and record and notifies the listeners. A store
	// that persists may fail; the in-memory state is updated regardless.
	Save(token string, record Record) error
	// Clear signs out: it removes token and record and notifies the
	// listeners with [AuthSignedOut].
	Clear() error
	// CompareAndSave replaces the session only if the store still holds
	// the token old, and reports whether it did. The comparison and the
	// write are one atomic step: no Save, Clear or CompareAndSave of
	// anyone sharing the store (another goroutine, and for a store shared
	// by processes or browser tabs, another process or tab) lands between
	// them. old "" matches an empty store.
	//
	// next is the new state: next.Token and next.Record are saved as by
	// Save (next.Kind is then ignored and the listeners get the kind
	// [ClassifyAuthChange] gives); an empty next.Token clears the store,
	// and the listeners get next.Kind, [AuthSignedOut] when it is zero or
	// [AuthExpired]. A swap notifies like Save and Clear; no swap notifies
	// nobody and writes nothing. An error is a failed write (the swap
	// still happened in memory, as for Save).
	//
	// The client uses it on every path that writes a session it did not
	// just create: auth-refresh (explicit and automatic), the 401 rule, the
	// expiry rule and the record merges of Update and
	// ConfirmVerification, so a sign-out or another sign-in made while
	// such a call was in flight is never undone. See docs/sessions.md.
	CompareAndSave(old string, next AuthEvent) (saved bool, err error)
	// OnChange registers fn to run after every change and returns a
	// function that removes it. Removing twice is harmless. Save, Clear
	// and a CompareAndSave that swapped notify each listener exactly once,
	// with the new state already visible through Token and Record, and in
	// the order the store made the changes. The notification happens
	// before the call returns, except when another change's notification
	// is running at that moment (a concurrent call, or a listener that
	// changes the store): the change is then delivered right after it, by
	// that call (see [Listeners.Flush]).
	OnChange(fn func(AuthEvent)) (remove func())
}

// AuthEventKind says what kind of change an [AuthEvent] reports.
type AuthEventKind int

// The kinds of auth change, classified by [ClassifyAuthChange].
const (
	// AuthSignedIn means a token was saved where there was none, or for
	// another record.
	AuthSignedIn AuthEventKind = iota + 1
	// AuthRefreshed means a new token was saved for the same record.
	AuthRefreshed
	// AuthRecordUpdated means the same token was saved with new record
	// data.
	AuthRecordUpdated
	// AuthSignedOut means the store was cleared.
	AuthSignedOut
	// AuthExpired means the store was cleared because its token had
	// expired and cannot be refreshed: the client found it past its "exp"
	// (beyond [ExpiryLeeway]) before sending a request, and failed that
	// request with [ErrTokenExpired] instead of sending it.
	AuthExpired
)

// String returns the kind's name, e.g. "signed-in".
func (k AuthEventKind) String() string {
	switch k {
	case AuthSignedIn:
		return "signed-in"
	case AuthRefreshed:
		return "refreshed"
	case AuthRecordUpdated:
		return "record-updated"
	case AuthSignedOut:
		return "signed-out"
	case AuthExpired:
		return "expired"
	}
	return "unknown"
}

// AuthEvent is one change of an [AuthStore].
type AuthEvent struct {
	// Kind says what changed.
	Kind AuthEventKind
	// Token is the new token, "" after sign-out and expiry.
	Token string
	// Record is a copy of the new record, nil after sign-out and expiry.
	Record Record
}

// ClassifyAuthChange says what saving (token, rec) over (prevToken, prevRec)
// means. Store implementations use it so that all of them report the same
// kinds.
func ClassifyAuthChange(prevToken string, prevRec Record, token string, rec Record) AuthEventKind {
	switch {
	case token == "":
		return AuthSignedOut
	case prevToken == "" || prevRec.ID() != rec.ID() || prevRec.CollectionName() != rec.CollectionName():
		return AuthSignedIn
	case prevToken != token:
		return AuthRefreshed
	default:
		return AuthRecordUpdated
	}
}

// SignedOut reports whether k is a kind that leaves the store empty:
// [AuthSignedOut] or [AuthExpired].
func (k AuthEventKind) SignedOut() bool { return k == AuthSignedOut || k == AuthExpired }

// ClearKind returns the kind a clear by CompareAndSave reports for
// next.Kind: [AuthExpired] stays, anything else is [AuthSignedOut]. Store
// implementations use it.
func ClearKind(kind AuthEventKind) AuthEventKind {
	if kind == AuthExpired {
		return AuthExpired
	}
	return AuthSignedOut
}
