//go:build !js

package core_test

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/internal/testenv"
)

// authStatus fails the test unless err is a *ClientResponseError with the
// given status, and returns it.
func authStatus(t testing.TB, what string, err error, status int) *core.ClientResponseError {
	t.Helper()
	var e *core.ClientResponseError
	if !errors.As(err, &e) {
		t.Fatalf("%s: err = %v (%T), want *ClientResponseError %d", what, err, err, status)
	}
	if e.Status != status {
		t.Fatalf("%s: status %d (%s), want %d", what, e.Status, e.Message(), status)
	}
	return e
}

// authSignIn signs u in on pb with the password and fails the test on error.
func authSignIn(t testing.TB, pb *core.Client, u testenv.User) *core.AuthResponse {
	t.Helper()
	auth, err := pb.Collection("users").AuthWithPassword(t.Context(), u.Email, u.Password)
	if err != nil {
		t.Fatalf("sign in %s: %v", u.Email, err)
	}
	return auth
}

// authSuperuser signs the seeded superuser in on pb.
func authSuperuser(t testing.TB, srv *testenv.Server, pb *core.Client) *core.AuthResponse {
	t.Helper()
	auth, err := pb.Collection("_superusers").AuthWithPassword(t.Context(), srv.Superuser.Email, srv.Superuser.Password)
	if err != nil {
		t.Fatalf("superuser sign in: %v", err)
	}
	return auth
}

// reqLog records the requests that pass a middleware: method, path and
// the Authorization header.
type reqLog struct {
	mu   sync.Mutex
	reqs []loggedReq
	// onRequest, when set, runs for every request before it is sent.
	onRequest func(path string)
}

type loggedReq struct {
	Method, Path, Auth string
}

// middleware returns the middleware that records into l.
func (l *reqLog) middleware() core.Middleware {
	return func(next core.Transport) core.Transport {
		return core.TransportFunc(func(ctx context.Context, req *core.Request) (*core.Response, error) {
			u, err := url.Parse(req.URL)
			if err != nil {
				return nil, err
			}
			l.mu.Lock()
			l.reqs = append(l.reqs, loggedReq{req.Method, u.Path, req.Header.Get("Authorization")})
			hook := l.onRequest
			l.mu.Unlock()
			if hook != nil {
				hook(u.Path)
			}
			return next.RoundTrip(ctx, req)
		})
	}
}

// count returns how many recorded requests had a path ending in suffix.
func (l *reqLog) count(suffix string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, r := range l.reqs {
		if strings.HasSuffix(r.Path, suffix) {
			n++
		}
	}
	return n
}

// all returns a copy of the recorded requests.
func (l *reqLog) all() []loggedReq {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]loggedReq(nil), l.reqs...)
}

// authEvents collects the events of a store.
type authEvents struct {
	mu     sync.Mutex
	events []core.AuthEvent
}

func watchStore(t testing.TB, s core.AuthStore) *authEvents {
	t.Helper()
	ev := &authEvents{}
	remove := s.OnChange(func(e core.AuthEvent) {
		ev.mu.Lock()
		ev.events = append(ev.events, e)
		ev.mu.Unlock()
	})
	t.Cleanup(remove)
	return ev
}

// kinds returns the kinds seen so far.
func (ev *authEvents) kinds() []core.AuthEventKind {
	ev.mu.Lock()
	defer ev.mu.Unlock()
	out := make([]core.AuthEventKind, len(ev.events))
	for i, e := range ev.events {
		out[i] = e.Kind
	}
	return out
}

// claimsOf parses tok and fails the test if it is malformed.
func claimsOf(t testing.TB, tok string) core.TokenClaims {
	t.Helper()
	c, err := core.ParseToken(tok)
	if err != nil {
		t.Fatalf("ParseToken: %v", err)
	}
	return c
}

// getOwnUser fetches the user's own record with the client's session
// (users are viewable by their owner only), returning the status.
func getOwnUser(t testing.TB, pb *core.Client, id string, opts ...core.RequestOption) int {
	t.Helper()
	var rec core.Record
	err := pb.Send(t.Context(), "GET", "/api/collections/users/records/"+id, nil, &rec, opts...)
	if err == nil {
		if rec.ID() != id {
			t.Fatalf("got record %q, want %q", rec.ID(), id)
		}
		return 200
	}
	return core.StatusOf(err)
}
