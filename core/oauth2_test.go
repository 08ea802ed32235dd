//go:build !js

package core_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/internal/testenv"
)

// visit is what the test browser saw at the end of a redirect chain.
type visit struct {
	final  *url.URL // the last URL requested (with the fragment of the last Location)
	status int
	body   string
	err    error
}

// browser acts as the user's browser inside URLCallback: a cookie jar and
// an HTTP client that follows every redirect, as a real browser does.
type browser struct {
	t      *testing.T
	client *http.Client
	urls   chan string // every URL the flow handed over
	visits chan visit  // the end of every chain followed
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return &browser{
		t:      t,
		client: &http.Client{Jar: jar, Transport: tr},
		urls:   make(chan string, 4),
		visits: make(chan visit, 4),
	}
}

// get follows the redirects from u and records where it ended.
func (b *browser) get(ctx context.Context, u string) visit {
	v := visit{}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		v.err = err
		return v
	}
	resp, err := b.client.Do(req)
	if err != nil {
		v.err = err
		return v
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	v.final, v.status, v.body = resp.Request.URL, resp.StatusCode, string(data)
	return v
}

// signInAs returns a URLCallback that logs in at the mock provider as the
// queued user with this email: login_hint picks that user even when
// parallel tests queue others.
func (b *browser) signInAs(email string) func(context.Context, string) error {
	return b.callback(func(ctx context.Context, u string) visit {
		return b.get(ctx, withQuery(b.t, u, "login_hint", email))
	})
}

// callback wraps do as a URLCallback that records the URL and runs do in
// the background, as a real browser is another process: the callback
// returns once the URL is "opened", and the browser's requests do not end
// when the flow's context does.
func (b *browser) callback(do func(ctx context.Context, u string) visit) func(context.Context, string) error {
	return func(_ context.Context, u string) error {
		b.urls <- u
		go func() { b.visits <- do(context.WithoutCancel(b.t.Context()), u) }()
		return nil
	}
}

// redirectBack returns a URLCallback that skips the provider and requests
// the flow's redirect URL with the given query, which is exactly what the
// provider's redirect does (e.g. error=access_denied when the user
// declines, which mockoidc cannot produce).
func (b *browser) redirectBack(query func(state string) url.Values) func(context.Context, string) error {
	return b.callback(func(ctx context.Context, u string) visit {
		q := mustParse(b.t, u).Query()
		back := mustParse(b.t, q.Get("redirect_uri"))
		back.RawQuery = query(q.Get("state")).Encode()
		return b.get(ctx, back.String())
	})
}

func withQuery(t testing.TB, raw, key, value string) string {
	u := mustParse(t, raw)
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}

func mustParse(t testing.TB, raw string) *url.URL {
	u, err := url.Parse(raw)
	if err != nil {
		t.Errorf("parse %q: %v", raw, err)
		return &url.URL{}
	}
	return u
}

// freshEmail returns an address no user has.
func freshEmail(prefix string) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return prefix + "-" + hex.EncodeToString(b) + "@example.com"
}

// assertListenerClosed checks that the loopback redirect URL in authURL
// no longer accepts connections.
func assertListenerClosed(t testing.TB, authURL string) {
	t.Helper()
	redirect := mustParse(t, mustParse(t, authURL).Query().Get("redirect_uri"))
	if conn, err := net.DialTimeout("tcp", redirect.Host, 2*time.Second); err == nil {
		conn.Close()
		t.Fatalf("the loopback listener %s is still open", redirect.Host)
	}
}

var modes = []core.OAuth2Mode{core.OAuth2Realtime, core.OAuth2Loopback}

// TestAuthWithOAuth2SignsIn runs the whole flow in both modes with an HTTP
// client as the browser: an existing user is linked (not new), a new one is
// created with CreateData applied, and the session lands in the store.
func TestAuthWithOAuth2SignsIn(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	for _, mode := range modes {
		t.Run(mode.String()+"/existing user", func(t *testing.T) {
			t.Parallel()
			user := srv.NewUser(t, testenv.UserOptions{Verified: true, Name: "Existing Name"})
			srv.QueueOIDCUser(t, user.Email, "Provider Name")
			c, b := rtNewClient(t, srv.URL), newBrowser(t)
			res, err := c.Collection("users").AuthWithOAuth2(t.Context(), core.OAuth2Options{
				Provider: "oidc", Mode: mode, URLCallback: b.signInAs(user.Email),
			})
			if err != nil {
				t.Fatalf("AuthWithOAuth2: %v", err)
			}
			if res.Record.ID() != user.ID || res.IsNew() {
				t.Fatalf("signed in as %s (new %v), want the existing user %s", res.Record.ID(), res.IsNew(), user.ID)
			}
			if c.AuthStore().Token() != res.Token || c.AuthStore().Record().ID() != user.ID {
				t.Fatal("the session was not saved to the store")
			}
			authURL, v := browserEnd(t, b)
			checkBrowserEnd(t, mode, authURL, v, true)
		})
		t.Run(mode.String()+"/new user", func(t *testing.T) {
			t.Parallel()
			email := freshEmail("oauth2-new-" + mode.String())
			srv.QueueOIDCUser(t, email, "Provider Name")
			c, b := rtNewClient(t, srv.URL), newBrowser(t)
			res, err := c.Collection("users").AuthWithOAuth2(t.Context(), core.OAuth2Options{
				Provider:    "oidc",
				Mode:        mode,
				CreateData:  map[string]any{"name": "Chosen Name"},
				URLCallback: b.signInAs(email),
			})
			if err != nil {
				t.Fatalf("AuthWithOAuth2: %v", err)
			}
			if !res.IsNew() || res.Record.Email() != email {
				t.Fatalf("record %s <%s> new=%v, want a new record for %s", res.Record.ID(), res.Record.Email(), res.IsNew(), email)
			}
			if name := res.Record.String("name"); name != "Chosen Name" {
				t.Fatalf("name = %q, want the CreateData value", name)
			}
			if c.AuthStore().Record().ID() != res.Record.ID() {
				t.Fatal("the session was not saved to the store")
			}
			authURL, v := browserEnd(t, b)
			checkBrowserEnd(t, mode, authURL, v, true)
		})
	}
}

// checkBrowserEnd checks where the browser ended: the server's success
// (or failure) page in realtime mode, the SDK's own page in loopback mode,
// whose listener must be closed by now.
func checkBrowserEnd(t *testing.T, mode core.OAuth2Mode, authURL string, v visit, ok bool) {
	t.Helper()
	switch mode {
	case core.OAuth2Realtime:
		want := "/auth/oauth2-redirect-failure"
		if ok {
			want = "/auth/oauth2-redirect-success"
		}
		if v.err != nil || v.final.Fragment != want {
			t.Fatalf("browser ended at %v (err %v), want the fragment %s", v.final, v.err, want)
		}
	case core.OAuth2Loopback:
		wantStatus, wantText := http.StatusBadRequest, "Sign-in failed"
		if ok {
			wantStatus, wantText = http.StatusOK, "Signed in"
		}
		if v.err != nil || v.status != wantStatus || !strings.Contains(v.body, wantText) {
			t.Fatalf("loopback page: status %d err %v body %.200q; want %d with %q", v.status, v.err, v.body, wantStatus, wantText)
		}
		assertListenerClosed(t, authURL)
	}
}

// browserEnd waits for the URL the flow handed over and the end of the
// browser's visit.
func browserEnd(t *testing.T, b *browser) (string, visit) {
	t.Helper()
	return rtRecv(t, b.urls, "the auth URL"), rtRecv(t, b.visits, "the browser visit")
}

// TestAuthWithOAuth2Settles: every way the flow can end returns a typed
// error promptly, in both modes, and leaves nothing open.
func TestAuthWithOAuth2Settles(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	errNoBrowser := errors.New("no browser available")
	type scenario struct {
		name   string
		modes  []core.OAuth2Mode
		setup  func(t *testing.T, b *browser, o *core.OAuth2Options, cancel context.CancelFunc) (baseURL string)
		check  func(t *testing.T, err error)
		page   bool // the browser reached the redirect target and got a failure page
		secret bool // the error must not contain the state
	}
	wantSentinel := func(sentinel error, abort bool) func(*testing.T, error) {
		return func(t *testing.T, err error) {
			t.Helper()
			if !errors.Is(err, sentinel) || core.StatusOf(err) != 0 || core.IsAbort(err) != abort {
				t.Fatalf("error = %v (status %d, abort %v); want %v, status 0, abort %v", err, core.StatusOf(err), core.IsAbort(err), sentinel, abort)
			}
		}
	}
	scenarios := []scenario{
		{
			name:  "context cancelled",
			modes: modes,
			setup: func(_ *testing.T, b *browser, o *core.OAuth2Options, cancel context.CancelFunc) string {
				o.URLCallback = b.callback(func(context.Context, string) visit { cancel(); return visit{} })
				return srv.URL
			},
			check: wantSentinel(context.Canceled, true),
		},
		{
			name:  "timeout",
			modes: modes,
			setup: func(_ *testing.T, b *browser, o *core.OAuth2Options, _ context.CancelFunc) string {
				o.Timeout = 300 * time.Millisecond
				o.URLCallback = b.callback(func(context.Context, string) visit { return visit{} }) // the user never comes back
				return srv.URL
			},
			check: func(t *testing.T, err error) {
				wantSentinel(core.ErrOAuth2Timeout, true)(t, err)
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Fatalf("timeout error %v does not wrap context.DeadlineExceeded", err)
				}
			},
		},
		{
			name:  "access denied",
			modes: modes,
			setup: func(_ *testing.T, b *browser, o *core.OAuth2Options, _ context.CancelFunc) string {
				o.URLCallback = b.redirectBack(func(state string) url.Values {
					return url.Values{"state": {state}, "error": {"access_denied"}}
				})
				return srv.URL
			},
			check:  wantSentinel(core.ErrOAuth2Cancelled, false),
			page:   true,
			secret: true,
		},
		{
			name:  "provider error",
			modes: modes,
			setup: func(_ *testing.T, b *browser, o *core.OAuth2Options, _ context.CancelFunc) string {
				o.URLCallback = b.redirectBack(func(state string) url.Values {
					return url.Values{"state": {state}, "error": {"server_error"}}
				})
				return srv.URL
			},
			check:  wantSentinel(core.ErrOAuth2Redirect, false),
			page:   true,
			secret: true,
		},
		{
			// In loopback mode a forged state does not end the flow: see
			// TestAuthWithOAuth2LoopbackIgnoresStrayRequests.
			//
			// The server only relays a redirect to the client named by its
			// state, so a mismatch needs a tampering relay: a proxy that
			// rewrites the state of the @oauth2 message.
			name:  "state mismatch",
			modes: []core.OAuth2Mode{core.OAuth2Realtime},
			setup: func(t *testing.T, b *browser, o *core.OAuth2Options, _ context.CancelFunc) string {
				proxy := newSSEProxy(t, srv.URL)
				forge := regexp.MustCompile(`"state":"[^"]*"`)
				proxy.setRewrite(func(line string) string { return forge.ReplaceAllString(line, `"state":"forged"`) })
				email := freshEmail("oauth2-mismatch")
				srv.QueueOIDCUser(t, email, "Mismatch")
				o.URLCallback = b.signInAs(email)
				return proxy.URL()
			},
			check:  wantSentinel(core.ErrOAuth2StateMismatch, false),
			secret: true,
		},
		{
			name:  "realtime drop",
			modes: []core.OAuth2Mode{core.OAuth2Realtime},
			setup: func(t *testing.T, b *browser, o *core.OAuth2Options, _ context.CancelFunc) string {
				proxy := newSSEProxy(t, srv.URL)
				o.URLCallback = b.callback(func(context.Context, string) visit { proxy.cut(); return visit{} })
				return proxy.URL()
			},
			check: wantSentinel(core.ErrRealtimeDisconnected, false),
		},
		{
			name:  "URL callback error",
			modes: modes,
			setup: func(_ *testing.T, b *browser, o *core.OAuth2Options, _ context.CancelFunc) string {
				o.URLCallback = func(_ context.Context, u string) error { b.urls <- u; return errNoBrowser }
				return srv.URL
			},
			check: func(t *testing.T, err error) {
				if !errors.Is(err, errNoBrowser) || core.StatusOf(err) != 0 || core.IsAbort(err) {
					t.Fatalf("error = %v, want the callback's error, status 0, not an abort", err)
				}
			},
		},
		{
			name:  "unknown provider",
			modes: modes,
			setup: func(_ *testing.T, _ *browser, o *core.OAuth2Options, _ context.CancelFunc) string {
				o.Provider = "no-such-provider"
				o.URLCallback = func(context.Context, string) error { panic("must not be called") }
				return srv.URL
			},
			check: wantSentinel(core.ErrOAuth2UnknownProvider, false),
		},
	}
	for _, sc := range scenarios {
		for _, mode := range sc.modes {
			t.Run(mode.String()+"/"+sc.name, func(t *testing.T) {
				t.Parallel()
				// Every scenario must settle well before this deadline: the
				// flow's own default timeout is 4m30s.
				ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
				defer cancel()
				b := newBrowser(t)
				o := core.OAuth2Options{Provider: "oidc", Mode: mode}
				base := sc.setup(t, b, &o, cancel)
				c := rtNewClient(t, base)
				res, err := c.Collection("users").AuthWithOAuth2(ctx, o)
				if err == nil {
					t.Fatalf("AuthWithOAuth2 succeeded (%s), want an error", res.Record.ID())
				}
				if sc.name != "context cancelled" && errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, core.ErrOAuth2Timeout) {
					t.Fatalf("the flow did not settle by itself: %v", err)
				}
				sc.check(t, err)
				if c.AuthStore().Token() != "" {
					t.Fatal("a failed flow saved a session")
				}
				if sc.name == "unknown provider" {
					return
				}
				authURL := rtRecv(t, b.urls, "the auth URL")
				if sc.secret {
					state := mustParse(t, authURL).Query().Get("state")
					if state == "" || strings.Contains(err.Error(), state) {
						t.Fatalf("error %q contains the state", err)
					}
				}
				if sc.page {
					checkBrowserEnd(t, mode, authURL, rtRecv(t, b.visits, "the browser visit"), false)
				} else if mode == core.OAuth2Loopback {
					assertListenerClosed(t, authURL)
				}
			})
		}
	}
}

// TestAuthWithOAuth2URL: the URL handed to the callback is one a browser
// opener accepts (Wails refuses ~!*() and more, silently), carries the
// redirect URL of the mode, the state the flow checks, and the scopes.
func TestAuthWithOAuth2URL(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	stop := errors.New("stop after the URL")
	for _, mode := range modes {
		t.Run(mode.String(), func(t *testing.T) {
			t.Parallel()
			c := rtNewClient(t, srv.URL)
			var got string
			_, err := c.Collection("users").AuthWithOAuth2(t.Context(), core.OAuth2Options{
				Provider: "oidc", Mode: mode, Scopes: []string{"openid", "email"},
				URLCallback: func(_ context.Context, u string) error { got = u; return stop },
			})
			if !errors.Is(err, stop) {
				t.Fatalf("AuthWithOAuth2 error = %v", err)
			}
			if bad := regexp.MustCompile("[;|`$\\\\<>*{}\\[\\]()~! \x00-\x1f\x7f]").FindString(got); bad != "" {
				t.Fatalf("URL holds %q, which Wails' BrowserOpenURL refuses", bad)
			}
			q := mustParse(t, got).Query()
			if q.Get("scope") != "openid email" || q.Get("code_challenge") == "" || q.Get("code_challenge_method") != "S256" {
				t.Fatalf("scope %q, code_challenge %q (%q)", q.Get("scope"), q.Get("code_challenge"), q.Get("code_challenge_method"))
			}
			state, redirect := q.Get("state"), q.Get("redirect_uri")
			switch mode {
			case core.OAuth2Realtime:
				if redirect != srv.URL+"/api/oauth2-redirect" || !regexp.MustCompile(`^[A-Za-z0-9]{40}$`).MatchString(state) {
					t.Fatalf("redirect_uri %q, state %q; want the server's relay and a 40-char client id", redirect, state)
				}
			case core.OAuth2Loopback:
				if !regexp.MustCompile(`^http://127\.0\.0\.1:\d+/callback$`).MatchString(redirect) || !regexp.MustCompile(`^[A-Za-z0-9_.-]{16,}$`).MatchString(state) {
					t.Fatalf("redirect_uri %q, state %q; want a loopback callback and a URL-safe state", redirect, state)
				}
				assertListenerClosed(t, got)
			}
		})
	}
}

// TestSeedExample2OAuth2Integration is the Python seed's example 2: check
// the auth methods first, then sign in with scopes and branch on isNew.
func TestSeedExample2OAuth2Integration(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	c := rtNewClient(t, srv.URL)
	users := c.Collection("users")

	methods, err := users.ListAuthMethods(t.Context())
	if err != nil {
		t.Fatalf("ListAuthMethods: %v", err)
	}
	if !methods.OAuth2.Enabled {
		t.Fatal("OAuth2 is not enabled for this collection")
	}
	p, ok := methods.Provider("oidc")
	if !ok {
		t.Fatalf("the oidc provider is not configured: %+v", methods.OAuth2.Providers)
	}
	if p.DisplayName == "" || p.State == "" || !strings.HasSuffix(p.AuthURL, "redirect_uri=") ||
		p.CodeVerifier == "" || p.CodeChallenge == "" || p.CodeChallengeMethod != "S256" {
		t.Fatalf("provider = %+v", p)
	}
	if !methods.Password.Enabled || len(methods.Password.IdentityFields) == 0 ||
		!methods.OTP.Enabled || methods.OTP.Duration != 180 || !methods.MFA.Enabled || methods.MFA.Duration != 600 {
		t.Fatalf("methods = %+v", methods)
	}

	email := freshEmail("seed-example2")
	for i, wantNew := range []bool{true, false} { // first visit signs up, the second signs back in
		srv.QueueOIDCUser(t, email, "Seed User")
		b := newBrowser(t)
		auth, err := users.AuthWithOAuth2(t.Context(), core.OAuth2Options{
			Provider:    "oidc",
			Scopes:      []string{"openid", "profile", "email"}, // the seed asks for profile and email; OIDC needs openid
			URLCallback: b.signInAs(email),
		})
		if err != nil {
			t.Fatalf("sign-in %d: %v", i+1, err)
		}
		if auth.IsNew() != wantNew {
			t.Fatalf("sign-in %d: isNew = %v, want %v", i+1, auth.IsNew(), wantNew)
		}
		if auth.Record.Email() != email || auth.Meta["email"] != email {
			t.Fatalf("sign-in %d: record %v, meta %v", i+1, auth.Record, auth.Meta)
		}
		if err := c.AuthStore().Clear(); err != nil { // sign out, or the next sign-in links to this user
			t.Fatal(err)
		}
	}
}

// TestSeedExample6ManualCodeFlow is the Python seed's example 6: the app
// runs the code flow itself with its own redirect URL, verifies the state
// against the provider info it kept, and exchanges the code with the
// verifier of the same auth-methods answer.
func TestSeedExample6ManualCodeFlow(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	c := rtNewClient(t, srv.URL)
	users := c.Collection("users")
	const redirectURL = "https://app.example.test/oauth2/callback"

	methods, err := users.ListAuthMethods(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	provider, ok := methods.Provider("oidc")
	if !ok {
		t.Fatal("provider oidc not available")
	}
	email := freshEmail("seed-example6")
	srv.QueueOIDCUser(t, email, "Manual Flow")

	// The browser goes to the provider and is redirected to the app's
	// callback route, where the app reads code and state.
	jar, _ := cookiejar.New(nil)
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	client := &http.Client{Jar: jar, Transport: tr, CheckRedirect: func(req *http.Request, _ []*http.Request) error {
		if req.URL.Host == "app.example.test" {
			return http.ErrUseLastResponse
		}
		return nil
	}}
	req, _ := http.NewRequestWithContext(t.Context(), "GET",
		withQuery(t, provider.AuthURL+url.QueryEscape(redirectURL), "login_hint", email), nil)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	callback := mustParse(t, resp.Header.Get("Location"))
	code, state := callback.Query().Get("code"), callback.Query().Get("state")
	if code == "" || state == "" {
		t.Fatalf("missing OAuth2 parameters in the redirect to %s", callback.Redacted())
	}
	if state != provider.State {
		t.Fatal("state parameter mismatch - possible CSRF attack")
	}

	// A verifier from another auth-methods answer does not match the
	// challenge the provider saw.
	other, err := users.ListAuthMethods(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	otherProvider, _ := other.Provider("oidc")
	_, err = users.AuthWithOAuth2Code(t.Context(), "oidc", code, otherProvider.CodeVerifier, redirectURL, nil)
	if core.StatusOf(err) != http.StatusBadRequest {
		t.Fatalf("exchange with a foreign verifier: %v, want 400", err)
	}

	// The code is single-use at the provider, so run the flow again for
	// the real exchange.
	srv.QueueOIDCUser(t, email, "Manual Flow")
	methods, _ = users.ListAuthMethods(t.Context())
	provider, _ = methods.Provider("oidc")
	req, _ = http.NewRequestWithContext(t.Context(), "GET",
		withQuery(t, provider.AuthURL+url.QueryEscape(redirectURL), "login_hint", email), nil)
	if resp, err = client.Do(req); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	callback = mustParse(t, resp.Header.Get("Location"))
	if callback.Query().Get("state") != provider.State {
		t.Fatal("state parameter mismatch - possible CSRF attack")
	}
	auth, err := users.AuthWithOAuth2Code(t.Context(), "oidc", callback.Query().Get("code"), provider.CodeVerifier, redirectURL,
		map[string]any{"emailVisibility": false})
	if err != nil {
		t.Fatalf("AuthWithOAuth2Code: %v", err)
	}
	if !auth.IsNew() || auth.Record.Email() != email || c.AuthStore().Token() != auth.Token {
		t.Fatalf("auth = %+v", auth)
	}
}

// TestAuthWithOAuth2NoGoroutineLeft: after a successful and a failed flow
// in each mode, no goroutine of the SDK remains (realtime connection,
// loopback server, its connections). Not parallel: it compares the
// process's goroutines.
func TestAuthWithOAuth2NoGoroutineLeft(t *testing.T) {
	srv := testenv.Shared(t)
	user := srv.NewUser(t, testenv.UserOptions{Verified: true})
	closeIdle()
	before := goleak.IgnoreCurrent() // snapshot now, not when the deferred check runs
	defer func() {
		closeIdle()
		goleak.VerifyNone(t, before)
	}()
	for _, mode := range modes {
		c := core.New(srv.URL)
		b := newBrowser(t)
		srv.QueueOIDCUser(t, user.Email, "Leak Check")
		if _, err := c.Collection("users").AuthWithOAuth2(t.Context(), core.OAuth2Options{
			Provider: "oidc", Mode: mode, URLCallback: b.signInAs(user.Email),
		}); err != nil {
			t.Fatalf("%s: %v", mode, err)
		}
		browserEnd(t, b) // the browser's own goroutine is done
		b.client.CloseIdleConnections()

		_, err := c.Collection("users").AuthWithOAuth2(t.Context(), core.OAuth2Options{
			Provider: "oidc", Mode: mode, Timeout: 50 * time.Millisecond,
			URLCallback: func(context.Context, string) error { return nil },
		})
		if !errors.Is(err, core.ErrOAuth2Timeout) {
			t.Fatalf("%s: %v, want a timeout", mode, err)
		}
	}
}
