package tokenstore

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"time"
)

// DefaultKeyringTimeout bounds each keyring call, so a keyring waiting for
// an unlock prompt cannot hang the program.
const DefaultKeyringTimeout = 30 * time.Second

// ErrKeyNotFound is returned by a [Keyring] that has no secret for the
// service and account asked for.
var ErrKeyNotFound = errors.New("tokenstore: secret not found in keyring")

// Keyring is the part of an OS keyring that [KeyringSource] uses.
// [SystemKeyring] is the real one; [MemoryKeyring] is an in-process fake.
type Keyring interface {
	// Get returns the secret of service and user, or an error wrapping
	// [ErrKeyNotFound] when there is none.
	Get(service, user string) (string, error)
	// Set stores secret under service and user.
	Set(service, user, secret string) error
	// Delete removes the secret; deleting a missing one wraps
	// [ErrKeyNotFound].
	Delete(service, user string) error
}

// KeyringSource is the default [KeySource]: a random 32-byte data key per
// application and profile, created on first use and kept base64-encoded in
// a [Keyring] under the service name of the application and the profile
// as the account. Signing out replaces the key ([Store.Clear]), so every
// session file written before the sign-out stops opening.
// It is safe for concurrent use.
type KeyringSource struct {
	// Keyring holds the keys; nil means [SystemKeyring].
	Keyring Keyring
	// Service is the keyring service name; "" means the application ID
	// of the store using the source ([Options.AppID]), e.g.
	// "bosgo-desktop". Two applications therefore never share a key.
	Service string
	// Timeout bounds each keyring call; 0 means [DefaultKeyringTimeout].
	Timeout time.Duration
}

var _ KeySource = (*KeyringSource)(nil)

// NewKeyringSource returns a [KeyringSource] over kr (nil means the OS
// keyring).
func NewKeyringSource(kr Keyring) *KeyringSource { return &KeyringSource{Keyring: kr} }

// Tier returns [TierKeyring].
func (s *KeyringSource) Tier() Tier { return TierKeyring }

// Describe names the keyring entry.
func (s *KeyringSource) Describe([]byte) string {
	return fmt.Sprintf("a random key kept in the OS keyring (service %q)", s.service())
}

// Key fetches the profile's key from the keyring, creating and storing a
// new random one when there is none. Any keyring failure is a
// [*KeyringError] wrapping [ErrNoKeyring]. A keyring entry that is not a
// 32-byte key is replaced.
func (s *KeyringSource) Key(ctx context.Context, profile string, _ []byte) ([]byte, []byte, error) {
	secret, err := s.call(ctx, func(kr Keyring) (string, error) { return kr.Get(s.service(), profile) })
	if err == nil {
		if key, derr := base64.StdEncoding.DecodeString(secret); derr == nil && len(key) == keySize {
			return key, nil, nil
		}
	} else if !errors.Is(err, ErrKeyNotFound) {
		return nil, nil, &KeyringError{Op: "get", Err: err}
	}
	key := make([]byte, keySize)
	if _, err := rand.Read(key); err != nil {
		return nil, nil, err
	}
	enc := base64.StdEncoding.EncodeToString(key)
	if _, err := s.call(ctx, func(kr Keyring) (string, error) { return "", kr.Set(s.service(), profile, enc) }); err != nil {
		return nil, nil, &KeyringError{Op: "set", Err: err}
	}
	return key, nil, nil
}

// Forget deletes the profile's key from the keyring. Sessions encrypted
// under it can no longer be opened. A missing key is not an error.
func (s *KeyringSource) Forget(ctx context.Context, profile string) error {
	_, err := s.call(ctx, func(kr Keyring) (string, error) { return "", kr.Delete(s.service(), profile) })
	if err != nil && !errors.Is(err, ErrKeyNotFound) {
		return &KeyringError{Op: "delete", Err: err}
	}
	return nil
}

// Rotate replaces the profile's key with a new random one and returns it:
// every file sealed under the old key stops opening. [Store.Clear] calls
// it, which is what makes a restored copy of a signed-out session useless.
func (s *KeyringSource) Rotate(ctx context.Context, profile string) ([]byte, error) {
	key := make([]byte, keySize)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	enc := base64.StdEncoding.EncodeToString(key)
	if _, err := s.call(ctx, func(kr Keyring) (string, error) { return "", kr.Set(s.service(), profile, enc) }); err != nil {
		return nil, &KeyringError{Op: "set", Err: err}
	}
	return key, nil
}

// forApp returns the source to use for application app: a copy whose
// empty Service is app.
func (s *KeyringSource) forApp(app string) KeySource {
	if s.Service != "" {
		return s
	}
	c := *s
	c.Service = app
	return &c
}

func (s *KeyringSource) service() string {
	if s.Service == "" {
		return DefaultAppID()
	}
	return s.Service
}

// call runs fn against the keyring with the timeout; a keyring blocked on
// a prompt leaves its goroutine behind but not the caller.
func (s *KeyringSource) call(ctx context.Context, fn func(Keyring) (string, error)) (string, error) {
	kr := s.Keyring
	if kr == nil {
		kr = SystemKeyring()
	}
	timeout := s.Timeout
	if timeout == 0 {
		timeout = DefaultKeyringTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	type result struct {
		v   string
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := fn(kr)
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		return "", fmt.Errorf("keyring did not answer: %w", ctx.Err())
	}
}
