package authservice

import "github.com/bosgo/bosgo/core"

// State is everything the UI shows: where it signs in, how the session is
// stored and who is signed in.
type State struct {
	ServerURL  string       `json:"serverURL"`
	Collection string       `json:"collection"`
	OAuth2Mode string       `json:"oauth2Mode"` // "realtime" or "loopback"
	Storage    StorageState `json:"storage"`
	SignedIn   bool         `json:"signedIn"`
	Session    *Session     `json:"session,omitempty"`
	OAuth2Busy bool         `json:"oauth2Busy"` // an OAuth2 sign-in is waiting for the browser
	// Unreachable is true when the last Connect could not reach the
	// server; the UI then shows one screen with "Try again".
	Unreachable bool `json:"unreachable"`
	// Expired, while signed out, is the session the client cleared
	// because its token had expired and could not be refreshed (see
	// core.AuthExpired): the UI says so instead of a bare sign-in form.
	// It is forgotten at the next sign-in, SignOut or change of server.
	Expired *Session `json:"expired,omitempty"`
}

// StorageState says how the session is kept on disk.
type StorageState struct {
	// Tier is "keyring", "passphrase", "memory" (not saved) or "" while
	// the user must choose (see NeedsChoice and Locked).
	Tier string `json:"tier"`
	// Ready is false until the session can be kept somewhere.
	Ready bool `json:"ready"`
	// NeedsChoice: there is no usable OS keyring; the user must pick a
	// passphrase or choose not to save the session.
	NeedsChoice bool `json:"needsChoice"`
	// Locked: a passphrase-protected session exists; ask for the
	// passphrase (or let the user forget it).
	Locked bool `json:"locked"`
	// Summary says in a sentence how the session is protected.
	Summary string `json:"summary"`
	// Path is the session file ("" when not saved to disk).
	Path string `json:"path,omitempty"`
	// Notice is a one-off message, e.g. that an unreadable session was
	// moved aside.
	Notice string `json:"notice,omitempty"`
	// Problem says why the keyring could not be used.
	Problem string `json:"problem,omitempty"`
}

// Session describes the signed-in record.
type Session struct {
	ID          string      `json:"id"`
	Email       string      `json:"email"`
	Name        string      `json:"name"`
	Collection  string      `json:"collection"`
	IsSuperuser bool        `json:"isSuperuser"`
	Record      core.Record `json:"record"` // every field of the record
	// Expires is the token expiry in RFC 3339, "" when it never expires.
	Expires string `json:"expires"`
	// ExpiresText is "never" or a readable date; static BosBase tokens
	// (about 100 years) read "never (static token)".
	ExpiresText string `json:"expiresText"`
	Valid       bool   `json:"valid"` // locally valid (not expired)
}

// Methods lists how the collection lets users sign in.
type Methods struct {
	Password       bool       `json:"password"`
	IdentityFields []string   `json:"identityFields"`
	OTP            bool       `json:"otp"`
	MFA            bool       `json:"mfa"`
	OAuth2         []Provider `json:"oauth2"`
}

// Provider is one OAuth2 provider button.
type Provider struct {
	Name        string `json:"name"`
	DisplayName string `json:"displayName"`
}

// SignInResult is the outcome of a sign-in step.
type SignInResult struct {
	// Status is "signed-in" or "mfa-required".
	Status string `json:"status"`
	// MFAID is set when Status is "mfa-required": pass it to the second
	// factor (SignInWithOTP or SignInWithPassword).
	MFAID string `json:"mfaId,omitempty"`
	// State is the new state (signed in, or not yet).
	State State `json:"state"`
}

// Sign-in statuses.
const (
	StatusSignedIn    = "signed-in"
	StatusMFARequired = "mfa-required"
)

// OTPRequest is the answer of [Service.RequestOTP].
type OTPRequest struct {
	OTPID string `json:"otpId"`
	Email string `json:"email"`
}

// OAuth2Link is the payload of [EventOAuth2Link].
type OAuth2Link struct {
	Provider string `json:"provider"`
	URL      string `json:"url"`
	// BrowserFailed is true when no browser could be opened; the UI then
	// shows the link prominently.
	BrowserFailed bool   `json:"browserFailed"`
	Reason        string `json:"reason,omitempty"`
}

// Impersonation is what a superuser sees when acting as another user.
type Impersonation struct {
	User    Session `json:"user"`
	Minutes int     `json:"minutes"`
	Posts   []Post  `json:"posts"` // the user's own posts, fetched with the impersonation token
	Visible int     `json:"visible"`
}

// Post is one record of the demo posts collection.
type Post struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Published bool   `json:"published"`
	Created   string `json:"created"`
}
