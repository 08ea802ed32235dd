package authservice

// SessionToken returns the token of the signed-in session, or "" when
// there is none (not signed in, or the store is locked). It is a function
// rather than a method on purpose: Wails binds every exported method of
// the service to the UI, and the window must have no way to read the
// token. It exists for the command-line face (desktop/cli), which prints
// the token for scripts.
func SessionToken(s *Service) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.store == nil {
		return ""
	}
	return s.store.Token()
}
