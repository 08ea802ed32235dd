package tokenstore

import "context"

// Tier names how a session file's key is protected.
type Tier string

// The protection tiers.
const (
	// TierKeyring: a random data key kept in the OS keyring.
	TierKeyring Tier = "keyring"
	// TierPassphrase: a data key derived from the user's passphrase.
	TierPassphrase Tier = "passphrase"
)

// KeySource supplies the 32-byte data key of a profile's session file.
// Implementations are [KeyringSource] and [PassphraseSource]; tests may
// inject their own.
type KeySource interface {
	// Tier reports the protection this source gives.
	Tier() Tier
	// Key returns the data key for profile and the parameters to write in
	// the file header. params holds the parameters of the existing file,
	// or is nil when there is no file yet. An error wrapping [ErrCorrupt]
	// means params are invalid; Open then moves the file aside and asks
	// again with nil.
	Key(ctx context.Context, profile string, params []byte) (key, newParams []byte, err error)
	// Describe says in a sentence fragment where the key lives, for
	// [Status]; it must not reveal the key.
	Describe(params []byte) string
}

// keyRotator is a [KeySource] that can replace a profile's key, making
// every file sealed under the old one unreadable ([KeyringSource]).
type keyRotator interface {
	Rotate(ctx context.Context, profile string) ([]byte, error)
}

// appScoped is a [KeySource] whose defaults depend on the application
// ([KeyringSource]: the keyring service name).
type appScoped interface {
	forApp(app string) KeySource
}
