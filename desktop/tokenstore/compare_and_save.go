package tokenstore

import "github.com/bosgo/bosgo/core"

// CompareAndSave replaces the session only if the store still holds the
// token old (see [core.AuthStore]): the comparison and the in-memory swap
// are one step under the store's lock, and the write to disk that follows
// never overwrites a newer change (see persist). A swap writes the file
// (or deletes it, for a clear) before returning and notifies the
// listeners; no swap writes and notifies nothing.
//
// The store belongs to one process: two processes opening the same
// profile do not see each other's changes, so the comparison is against
// this process's session.
func (s *Store) CompareAndSave(old string, next core.AuthEvent) (bool, error) {
	rec := next.Record.Clone()
	ev := core.AuthEvent{Kind: core.ClearKind(next.Kind)}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return false, ErrClosed
	}
	if s.token != old {
		s.mu.Unlock()
		return false, nil
	}
	if next.Token != "" {
		ev = core.AuthEvent{Kind: core.ClassifyAuthChange(s.token, s.record, next.Token, rec), Token: next.Token, Record: rec}
	}
	s.token, s.record = ev.Token, ev.Record
	s.gen++
	s.listeners.Queue(ev)
	s.mu.Unlock()
	err := s.persist()
	s.listeners.Flush()
	return true, err
}
