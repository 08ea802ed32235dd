package tokenstore

import (
	"errors"
	"fmt"
)

// Errors returned by this package; test for them with [errors.Is].
var (
	// ErrNoKeyring means no OS keyring could be used to hold the data key.
	// The store fails closed: nothing is written. The caller may choose a
	// passphrase ([PassphraseSource]) or keep the session in memory.
	ErrNoKeyring = errors.New("tokenstore: no usable OS keyring (the session is not saved without one; choose a passphrase instead)")
	// ErrCorrupt means the session file cannot be opened: it is truncated,
	// tampered with, of an unknown format, or encrypted under another key
	// or for another profile.
	ErrCorrupt = errors.New("tokenstore: the saved session cannot be read")
	// ErrInvalidProfile means a profile name is empty or contains characters
	// other than letters, digits, '.', '_' and '-' (at most 64, not starting
	// with '.').
	ErrInvalidProfile = errors.New("tokenstore: invalid profile name")
	// ErrInvalidAppID means an application ID is not 1 to 64 letters,
	// digits, '.', '_' or '-' (not starting with '.').
	ErrInvalidAppID = errors.New("tokenstore: invalid application ID")
	// ErrBindingMismatch means the saved session belongs to another server
	// or auth collection than the one the store was opened for. The session
	// is not loaded (so its token is never sent to the other server) and
	// the file is left alone; see [*BindingError].
	ErrBindingMismatch = errors.New("tokenstore: the saved session belongs to another server or collection")
	// ErrBound means [Store.Bind] was asked to change the server or
	// collection while the store holds a session; sign out first.
	ErrBound = errors.New("tokenstore: the store holds a session for another server or collection; sign out first")
	// ErrTierMismatch means the session file was written under another
	// protection tier than the key source given to Open (for example a
	// passphrase file opened with the keyring). The file is left alone;
	// use [Inspect] to learn its tier.
	ErrTierMismatch = errors.New("tokenstore: the saved session uses another protection tier")
	// ErrEmptyPassphrase means a passphrase source was given no passphrase.
	ErrEmptyPassphrase = errors.New("tokenstore: empty passphrase")
	// ErrClosed means the store was closed.
	ErrClosed = errors.New("tokenstore: store is closed")
)

// CorruptError reports a session file that could not be opened and was
// moved aside. It wraps [ErrCorrupt].
type CorruptError struct {
	Path    string // the session file
	MovedTo string // where it was moved; "" if moving failed
	Reason  string // what was wrong, e.g. "truncated header"
	Err     error  // the error moving it aside, if any
}

// Error describes the problem without any file content.
func (e *CorruptError) Error() string {
	msg := fmt.Sprintf("tokenstore: the saved session %s cannot be read (%s)", e.Path, e.Reason)
	if e.MovedTo != "" {
		msg += "; it was moved to " + e.MovedTo
	}
	if e.Err != nil {
		msg += "; moving it aside failed: " + e.Err.Error()
	}
	return msg
}

// Unwrap returns [ErrCorrupt] and the move error, if any.
func (e *CorruptError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrCorrupt, e.Err}
	}
	return []error{ErrCorrupt}
}

// BindingError reports a saved session that belongs to another server or
// auth collection than the store was opened for ([Options.ServerURL],
// [Options.Collection]). It wraps [ErrBindingMismatch]. Server addresses
// and collection names are not secret; the message holds nothing else.
type BindingError struct {
	Path                           string // the session file
	SavedServer, SavedCollection   string // what the session was saved for
	WantedServer, WantedCollection string // what the store was opened for
}

// Error names both bindings.
func (e *BindingError) Error() string {
	return fmt.Sprintf("tokenstore: the saved session %s is for %s (collection %q), not %s (collection %q); it was not loaded",
		e.Path, e.SavedServer, e.SavedCollection, e.WantedServer, e.WantedCollection)
}

// Unwrap returns [ErrBindingMismatch].
func (e *BindingError) Unwrap() error { return ErrBindingMismatch }

// KeyringError reports a keyring failure. It wraps [ErrNoKeyring] and the
// backend's error.
type KeyringError struct {
	Op  string // "get", "set" or "delete"
	Err error  // the backend's error
}

// Error says which keyring operation failed and why.
func (e *KeyringError) Error() string {
	return fmt.Sprintf("tokenstore: OS keyring %s failed: %v (the session is not saved without a keyring; choose a passphrase instead)", e.Op, e.Err)
}

// Unwrap returns [ErrNoKeyring] and the backend's error.
func (e *KeyringError) Unwrap() []error { return []error{ErrNoKeyring, e.Err} }

// formatError is an internal parse failure; Open turns it into a
// [*CorruptError].
type formatError struct{ reason string }

func (e *formatError) Error() string        { return "tokenstore: " + e.reason }
func (e *formatError) Is(target error) bool { return target == ErrCorrupt }

func corrupt(format string, args ...any) error {
	return &formatError{reason: fmt.Sprintf(format, args...)}
}
