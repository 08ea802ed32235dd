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
	// OnChange registers fn to run after every change and returns a
	// function that removes it. Removing twice is harmless. Save and Clear
	// notify each listener exactly once, before they return, with the new
	// state already visible through Token and Record.
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
	}
	return "unknown"
}

// AuthEvent is one change of an [AuthStore].
type AuthEvent struct {
	// Kind says what changed.
	Kind AuthEventKind
	// Token is the new token, "" after sign-out.
	Token string
	// Record is a copy of the new record, nil after sign-out.
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
