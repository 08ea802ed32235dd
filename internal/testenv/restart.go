package testenv

import (
	"net/url"
	"testing"
)

// Restart simulates a server crash and restart under live clients: it stops
// s (SIGTERM, see [Server.Stop]) and starts a new devserver on the same data
// directory and the same address, so clients connected to s.URL see their
// connections drop and later reach the new process at the same URL, with the
// same users and records.
//
// opts configures the new process; its DataDir is replaced by s.DataDir.
// The new server is stopped in t.Cleanup like one from [Start]. s must not
// be the shared server ([Shared]).
func (s *Server) Restart(t testing.TB, opts Options) *Server {
	t.Helper()
	s.RequireDevserver(t, "restarts the server process")
	u, err := url.Parse(s.URL)
	if err != nil || u.Host == "" {
		t.Fatalf("testenv: restart: bad server URL %q", s.URL)
	}
	if err := s.Stop(); err != nil {
		t.Fatalf("testenv: restart: stopping %s: %v", s.URL, err)
	}
	opts.DataDir = s.DataDir
	opts.addr = u.Host
	bin := Binary(t)
	n, err := start(bin, opts)
	if err != nil {
		t.Fatalf("testenv: restart on %s: %v", u.Host, err)
	}
	t.Cleanup(func() {
		if err := n.Stop(); err != nil {
			t.Errorf("testenv: %v", err)
		}
		if t.Failed() {
			t.Logf("restarted devserver output:\n%s", n.Output())
		}
	})
	return n
}
