package core

import (
	"sync"
	"time"
)

// MemoryStore is an [AuthStore] that keeps the session in memory only. Its
// zero value is an empty store ready to use; it is safe for concurrent use.
type MemoryStore struct {
	// Now is the clock used by IsValid; nil means time.Now.
	Now func() time.Time

	mu        sync.RWMutex // guards token, record
	token     string
	record    Record
	listeners Listeners
}

var _ AuthStore = (*MemoryStore)(nil)

// NewMemoryStore returns an empty [MemoryStore].
func NewMemoryStore() *MemoryStore { return &MemoryStore{} }

// Token returns the stored token.
func (s *MemoryStore) Token() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.token
}

// Record returns a copy of the stored record.
func (s *MemoryStore) Record() Record {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.record.Clone()
}

// IsValid reports whether the stored token is locally valid.
func (s *MemoryStore) IsValid() bool {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	return TokenValid(s.Token(), now())
}

// IsSuperuser reports whether the session is a superuser's.
func (s *MemoryStore) IsSuperuser() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return IsSuperuserToken(s.token, s.record)
}

// Save stores token and record; it never fails.
func (s *MemoryStore) Save(token string, record Record) error {
	if token == "" {
		return s.Clear()
	}
	rec := record.Clone()
	s.mu.Lock()
	kind := ClassifyAuthChange(s.token, s.record, token, rec)
	s.token, s.record = token, rec
	s.listeners.Queue(AuthEvent{Kind: kind, Token: token, Record: rec})
	s.mu.Unlock()
	s.listeners.Flush()
	return nil
}

// Clear removes the session; it never fails.
func (s *MemoryStore) Clear() error {
	s.mu.Lock()
	s.token, s.record = "", nil
	s.listeners.Queue(AuthEvent{Kind: AuthSignedOut})
	s.mu.Unlock()
	s.listeners.Flush()
	return nil
}

// CompareAndSave replaces the session only if the store holds old (see
// [AuthStore]); it never fails.
func (s *MemoryStore) CompareAndSave(old string, next AuthEvent) (bool, error) {
	rec := next.Record.Clone()
	ev := AuthEvent{Kind: ClearKind(next.Kind)}
	s.mu.Lock()
	if s.token != old {
		s.mu.Unlock()
		return false, nil
	}
	if next.Token != "" {
		ev = AuthEvent{Kind: ClassifyAuthChange(s.token, s.record, next.Token, rec), Token: next.Token, Record: rec}
	}
	s.token, s.record = ev.Token, ev.Record
	s.listeners.Queue(ev)
	s.mu.Unlock()
	s.listeners.Flush()
	return true, nil
}

// OnChange registers fn to run after every Save and Clear and returns a
// function that removes it (see [AuthStore]).
func (s *MemoryStore) OnChange(fn func(AuthEvent)) (remove func()) { return s.listeners.Add(fn) }
