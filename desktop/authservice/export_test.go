package authservice

import "github.com/bosgo/bosgo/core"

// StoreOf returns the service's auth store, for tests that must put a
// session in it the server cannot issue (an expired one).
func StoreOf(s *Service) core.AuthStore {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.store
}
