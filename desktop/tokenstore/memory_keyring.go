package tokenstore

import (
	"fmt"
	"sync"
)

// MemoryKeyring is an in-process [Keyring] for tests and examples. Its zero
// value is empty and ready to use; it is safe for concurrent use.
// [MemoryKeyring.SetErr] makes every call fail, simulating a missing or
// locked keyring.
type MemoryKeyring struct {
	mu      sync.Mutex // guards secrets, err
	secrets map[string]string
	err     error
}

var _ Keyring = (*MemoryKeyring)(nil)

// NewMemoryKeyring returns an empty [MemoryKeyring].
func NewMemoryKeyring() *MemoryKeyring { return &MemoryKeyring{} }

// Get returns the secret or [ErrKeyNotFound].
func (m *MemoryKeyring) Get(service, user string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.err != nil {
		return "", m.err
	}
	v, ok := m.secrets[service+"\x00"+user]
	if !ok {
		return "", fmt.Errorf("%w", ErrKeyNotFound)
	}
	return v, nil
}

// Set stores the secret.
func (m *MemoryKeyring) Set(service, user, secret string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.err != nil {
		return m.err
	}
	if m.secrets == nil {
		m.secrets = map[string]string{}
	}
	m.secrets[service+"\x00"+user] = secret
	return nil
}

// Delete removes the secret.
func (m *MemoryKeyring) Delete(service, user string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.err != nil {
		return m.err
	}
	k := service + "\x00" + user
	if _, ok := m.secrets[k]; !ok {
		return fmt.Errorf("%w", ErrKeyNotFound)
	}
	delete(m.secrets, k)
	return nil
}

// SetErr makes every later call return err (nil restores normal work).
func (m *MemoryKeyring) SetErr(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.err = err
}
