package authservice_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/bosgo/bosgo/desktop/authservice"
	"github.com/bosgo/bosgo/desktop/opener"
	"github.com/bosgo/bosgo/internal/testenv"
)

// spyProxy is a second address for the devserver: it forwards every
// request and records the Authorization headers it saw. hold, when set,
// delays password sign-ins until it is closed (a slow server, which the
// real one cannot be made to be on demand).
type spyProxy struct {
	*httptest.Server
	mu      sync.Mutex // guards auth
	auth    []string
	arrived chan struct{}
	hold    chan struct{}
	once    sync.Once
}

// release lets held sign-ins through.
func (p *spyProxy) release() { p.once.Do(func() { close(p.hold) }) }

func newSpyProxy(t *testing.T, target string, hold bool) *spyProxy {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	p := &spyProxy{arrived: make(chan struct{}, 1)}
	if hold {
		p.hold = make(chan struct{})
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a := r.Header.Get("Authorization"); a != "" {
			p.mu.Lock()
			p.auth = append(p.auth, a)
			p.mu.Unlock()
		}
		if p.hold != nil && strings.HasSuffix(r.URL.Path, "/auth-with-password") {
			select {
			case p.arrived <- struct{}{}:
			default:
			}
			<-p.hold
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(p.Close)
	if hold {
		t.Cleanup(p.release) // runs before Close, even when the test fails early
	}
	return p
}

func (p *spyProxy) sawAuth() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.auth...)
}

// TestConnectRefusedDuringSignIn: changing the server while a sign-in is
// in flight would save server A's token under server B. Connect refuses
// (code "busy") for a password sign-in waiting on the server and for an
// OAuth2 sign-in waiting on the browser.
func TestConnectRefusedDuringSignIn(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u := e.srv.NewUser(t, testenv.UserOptions{Verified: true})
	slowA := newSpyProxy(t, e.srv.URL, true)
	ev := newEvents()
	svc := authservice.New(authservice.Config{Dir: e.dir, Keyring: e.keyring, Emitter: ev, ServerURL: slowA.URL,
		Opener: opener.Func(func(context.Context, string) error { return nil })})
	if err := svc.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = svc.Stop(context.Background()) })

	type result struct {
		res authservice.SignInResult
		err error
	}
	done := make(chan result, 1)
	go func() {
		res, err := svc.SignInWithPassword(u.Email, u.Password, "")
		done <- result{res, err}
	}()
	<-slowA.arrived
	_, err := svc.Connect(e.srv.URL, "users")
	wantCode(t, err, authservice.CodeBusy)
	slowA.release()
	r := <-done
	if r.err != nil || !r.res.State.SignedIn {
		t.Fatalf("the sign-in did not complete: %+v, %v", r.res, r.err)
	}
	if st := svc.State(); st.ServerURL != slowA.URL {
		t.Errorf("server changed under the sign-in: %q", st.ServerURL)
	}
	if _, err := svc.SignOut(); err != nil {
		t.Fatal(err)
	}
	// After the sign-in, changing servers works again.
	if _, err := svc.Connect(e.srv.URL, "users"); err != nil {
		t.Fatalf("Connect after the sign-in ended: %v", err)
	}

	// OAuth2: the flow waits for the browser (the opener never follows).
	oauthDone := make(chan error, 1)
	go func() {
		_, err := svc.SignInWithOAuth2("oidc")
		oauthDone <- err
	}()
	<-ev.links
	_, err = svc.Connect(slowA.URL, "users")
	wantCode(t, err, authservice.CodeBusy)
	if ok, _ := svc.CancelOAuth2(); !ok {
		t.Error("no OAuth2 sign-in to cancel")
	}
	wantCode(t, <-oauthDone, authservice.CodeCancelled)
}

// TestSavedSessionBoundToServer: settings.json edited (or replaced) to
// point at another server while a session for the first one is saved: on
// the next start the session is not loaded and never sent to the other
// server; the user is told, and connecting back loads it again.
func TestSavedSessionBoundToServer(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u := e.srv.NewUser(t, testenv.UserOptions{Verified: true})
	svc, _ := e.start(t)
	signIn(t, svc, u)
	_ = svc.Stop(context.Background())

	spyB := newSpyProxy(t, e.srv.URL, false)
	b, _ := json.Marshal(map[string]string{"serverURL": spyB.URL, "collection": "users", "oauth2Mode": "realtime"})
	if err := os.WriteFile(filepath.Join(e.dir, "settings.json"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	svc2, _ := e.start(t)
	st := svc2.State()
	if st.SignedIn || st.ServerURL != spyB.URL {
		t.Fatalf("after the server changed under the session: signed in %v, server %q", st.SignedIn, st.ServerURL)
	}
	if !strings.Contains(st.Storage.Notice, e.srv.URL) || !strings.Contains(st.Storage.Notice, "not used") {
		t.Errorf("notice %q does not explain that the session for %s was not used", st.Storage.Notice, e.srv.URL)
	}
	if _, err := svc2.Connect(spyB.URL, "users"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc2.RequestOTP(u.Email); err != nil {
		t.Fatal(err)
	}
	if got := spyB.sawAuth(); len(got) != 0 {
		t.Fatalf("server B was sent %d Authorization headers; the session belongs to server A", len(got))
	}
	// Connecting back to the session's server loads it.
	if _, err := svc2.Connect(e.srv.URL, "users"); err != nil {
		t.Fatal(err)
	}
	if st := svc2.State(); !st.SignedIn || st.Session.Email != u.Email || st.Storage.Notice != "" {
		t.Fatalf("after connecting back: signed in %v, notice %q", st.SignedIn, st.Storage.Notice)
	}
	// And a restart with matching settings is signed in.
	svc3, _ := e.start(t)
	if !svc3.State().SignedIn {
		t.Error("restart on the session's own server is not signed in")
	}
}

// TestUnreachableState: a Connect that gets no answer sets
// State.Unreachable (the window's "Try again" screen); one that does
// clears it.
func TestUnreachableState(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	svc, ev := e.start(t)
	if svc.State().Unreachable {
		t.Fatal("unreachable before any Connect")
	}
	_, err := svc.Connect("http://127.0.0.1:1", "users")
	wantCode(t, err, authservice.CodeUnreachable)
	if st := ev.lastState(t); !st.Unreachable || st.ServerURL != "http://127.0.0.1:1" {
		t.Errorf("after a failed Connect: unreachable %v, server %q (the last server is remembered)", st.Unreachable, st.ServerURL)
	}
	if _, err := svc.Connect(e.srv.URL, "users"); err != nil {
		t.Fatal(err)
	}
	if st := ev.lastState(t); st.Unreachable {
		t.Error("still unreachable after a Connect that worked")
	}
}

// TestStaleConnectKeepsUnreachable: the window reloads the methods of the
// current server while the user connects to another. When the reload (to
// a slow server) answers after the user's Connect found nobody, the state
// stays that of the server the user chose last: unreachable.
func TestStaleConnectKeepsUnreachable(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	target, err := url.Parse(e.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	arrived, hold := make(chan struct{}), make(chan struct{})
	var once sync.Once
	rp := httputil.NewSingleHostReverseProxy(target)
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/auth-methods") {
			once.Do(func() { close(arrived) })
			<-hold
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(slow.Close)
	releaseOnce := sync.OnceFunc(func() { close(hold) })
	t.Cleanup(releaseOnce)

	svc, _ := e.start(t)
	reload := make(chan error, 1)
	go func() {
		_, err := svc.Connect(slow.URL, "users")
		reload <- err
	}()
	<-arrived
	_, err = svc.Connect("http://127.0.0.1:1", "users")
	wantCode(t, err, authservice.CodeUnreachable)
	releaseOnce()
	if err := <-reload; err != nil {
		t.Fatalf("the overtaken Connect: %v", err)
	}
	if st := svc.State(); !st.Unreachable || st.ServerURL != "http://127.0.0.1:1" {
		t.Errorf("after a stale Connect answered: unreachable %v, server %q; want the last server chosen, unreachable", st.Unreachable, st.ServerURL)
	}
}
