package authservice_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/bosgo/bosgo/desktop/authservice"
	"github.com/bosgo/bosgo/desktop/opener"
	"github.com/bosgo/bosgo/desktop/tokenstore"
	"github.com/bosgo/bosgo/internal/testenv"
)

// eventTimeout bounds waits for events.
const eventTimeout = 20 * time.Second

// events records what the service emits.
type events struct {
	mu    sync.Mutex
	all   []event
	links chan authservice.OAuth2Link
}

type event struct {
	name string
	data any
}

func newEvents() *events { return &events{links: make(chan authservice.OAuth2Link, 16)} }

func (e *events) Emit(name string, data any) {
	e.mu.Lock()
	e.all = append(e.all, event{name, data})
	e.mu.Unlock()
	if l, ok := data.(authservice.OAuth2Link); ok {
		select {
		case e.links <- l:
		default:
		}
	}
}

// lastState returns the newest auth:change payload.
func (e *events) lastState(t *testing.T) authservice.State {
	t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	for i := len(e.all) - 1; i >= 0; i-- {
		if st, ok := e.all[i].data.(authservice.State); ok && e.all[i].name == authservice.EventAuthChange {
			return st
		}
	}
	t.Fatal("no auth:change event")
	return authservice.State{}
}

// env is one app instance's folder and keyring, reused across restarts.
type env struct {
	srv     *testenv.Server
	dir     string
	keyring *tokenstore.MemoryKeyring
	opener  opener.Opener
}

func newEnv(t *testing.T) *env {
	t.Helper()
	return &env{srv: testenv.Shared(t), dir: t.TempDir(), keyring: tokenstore.NewMemoryKeyring()}
}

// start makes and starts a service on the env's folder (a new process,
// as far as the service can tell) and stops it at cleanup.
func (e *env) start(t *testing.T) (*authservice.Service, *events) {
	t.Helper()
	ev := newEvents()
	svc := authservice.New(authservice.Config{
		Dir:           e.dir,
		Keyring:       e.keyring,
		Argon2:        &tokenstore.Argon2Params{Time: 1, MemoryKiB: 64, Threads: 1},
		Opener:        e.opener,
		Emitter:       ev,
		ServerURL:     e.srv.URL,
		OAuth2Timeout: 30 * time.Second,
	})
	if err := svc.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = svc.Stop(context.Background()) })
	return svc, ev
}

// signIn signs in with a fresh user by password.
func signIn(t *testing.T, svc *authservice.Service, u testenv.User) authservice.SignInResult {
	t.Helper()
	res, err := svc.SignInWithPassword(u.Email, u.Password, "")
	if err != nil {
		t.Fatalf("SignInWithPassword: %v", err)
	}
	if res.Status != authservice.StatusSignedIn || !res.State.SignedIn || res.State.Session.Email != u.Email {
		t.Fatalf("sign-in result %+v", res)
	}
	return res
}

// wantCode checks err is an *authservice.Error with code.
func wantCode(t *testing.T, err error, code string) *authservice.Error {
	t.Helper()
	var e *authservice.Error
	if !errors.As(err, &e) || e.Code != code {
		t.Fatalf("error = %v (%T), want an *authservice.Error with code %q", err, err, code)
	}
	if len(e.Message) < 10 || e.Message[len(e.Message)-1] != '.' {
		t.Errorf("message %q does not read as a sentence", e.Message)
	}
	return e
}

// followOpener is the test's "browser": it visits the URL with an HTTP
// client that follows redirects (mock OIDC provider → server or loopback
// callback), adding login_hint so parallel tests get their own user.
func followOpener(loginHint string) opener.Func {
	return func(ctx context.Context, raw string) error {
		raw, err := resolveLaunchURL(ctx, raw)
		if err != nil {
			return err
		}
		u, err := url.Parse(raw)
		if err != nil {
			return err
		}
		q := u.Query()
		q.Set("login_hint", loginHint)
		u.RawQuery = q.Encode()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		if err != nil {
			return err
		}
		resp, err := (&http.Client{Timeout: eventTimeout}).Do(req)
		if err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		return resp.Body.Close()
	}
}

// resolveLaunchURL returns where the one-time launch URL the service hands
// the opener redirects to (the provider URL), as the browser would follow
// it, so that the test can add its login_hint.
func resolveLaunchURL(ctx context.Context, raw string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, raw, nil)
	if err != nil {
		return "", err
	}
	c := &http.Client{Timeout: eventTimeout, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		return "", err
	}
	_ = resp.Body.Close()
	c.CloseIdleConnections()
	if resp.StatusCode != http.StatusFound {
		return "", fmt.Errorf("launch URL answered %s", resp.Status)
	}
	return resp.Header.Get("Location"), nil
}
