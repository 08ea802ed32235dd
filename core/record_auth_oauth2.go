package core

import (
	"context"
	"errors"
	url "github.com/bosgo/bosgo/internal/urlx"
	"strings"
	"time"
)

// DefaultOAuth2Timeout bounds the wait for the provider's redirect when
// [OAuth2Options.Timeout] is zero. It stays under the 5 minutes after which
// the server drops an idle realtime connection.
const DefaultOAuth2Timeout = 4*time.Minute + 30*time.Second

// OAuth2Mode selects how [RecordService.AuthWithOAuth2] receives the
// provider's redirect.
type OAuth2Mode int

const (
	// OAuth2Realtime relays the redirect through the server: the provider
	// redirects to <base>/api/oauth2-redirect, which passes the code to
	// the SDK over a realtime connection. The provider must allow that
	// redirect URL. It is the default, and what the BosBase JS SDK does.
	OAuth2Realtime OAuth2Mode = iota
	// OAuth2Loopback receives the redirect on a one-off HTTP listener on
	// 127.0.0.1 (RFC 8252, native apps): the redirect URL is
	// http://127.0.0.1:<port>/callback, which the provider must allow
	// (most allow any port on the loopback IP for desktop clients). It
	// needs no realtime connection, so it works behind load balancers
	// without sticky sessions. Not available under GOOS=js.
	OAuth2Loopback
)

// String returns "realtime" or "loopback".
func (m OAuth2Mode) String() string {
	switch m {
	case OAuth2Realtime:
		return "realtime"
	case OAuth2Loopback:
		return "loopback"
	}
	return "unknown"
}

// OAuth2Options configures [RecordService.AuthWithOAuth2].
type OAuth2Options struct {
	// Provider is the provider name, e.g. "google" (required).
	Provider string
	// Scopes replace the provider's default scopes when non-empty.
	Scopes []string
	// CreateData holds fields for the record when the sign-in creates one.
	CreateData map[string]any
	// URLCallback opens the provider's URL for the user (required): the
	// system browser on desktop, a popup in the browser, an HTTP client
	// in tests. Its error ends the flow at once. It may return before the
	// user is done; its ctx is cancelled when the flow settles, and the
	// flow does not wait for it to return. The URL carries secrets
	// (state, PKCE challenge): do not log it.
	URLCallback func(ctx context.Context, url string) error
	// Mode is [OAuth2Realtime] (the zero value) or [OAuth2Loopback].
	Mode OAuth2Mode
	// Timeout bounds the wait for the provider's redirect. Zero means
	// [DefaultOAuth2Timeout]; negative means no bound beyond ctx (in
	// realtime mode the server still drops the connection after 5 idle
	// minutes, which ends the flow with [ErrRealtimeDisconnected]).
	Timeout time.Duration
	// OneTimeLaunchURL hands URLCallback a one-time loopback URL,
	// http://127.0.0.1:<port>/start?n=<nonce>, instead of the provider
	// URL: its first request is redirected (302) to the provider URL, so
	// the state and PKCE challenge never appear on a browser's command
	// line, where any local user can read them (/proc/<pid>/cmdline). A
	// second request ends the flow with [ErrOAuth2LaunchReused]: someone
	// else may hold the provider URL. The short-lived listener serves
	// until the flow ends. Use it when URLCallback starts another program
	// (xdg-open, open, a browser); the desktop app does. Native builds
	// only: under GOOS=js the flow fails with errors.ErrUnsupported.
	OneTimeLaunchURL bool
	// LoopbackAddr is the loopback listen address of [OAuth2Loopback]
	// mode; empty means "127.0.0.1:0" (a random port). It must be a
	// loopback IP literal with a port, e.g. "127.0.0.1:8765" for a
	// provider that only allows a registered port.
	LoopbackAddr string
	// RequestOptions are passed to the final code exchange, e.g.
	// [WithExpand] or [WithFields] for the returned record.
	RequestOptions []RequestOption
}

// timeout returns the effective wait bound (0 for none).
func (o *OAuth2Options) timeout() time.Duration {
	switch {
	case o.Timeout == 0:
		return DefaultOAuth2Timeout
	case o.Timeout < 0:
		return 0
	}
	return o.Timeout
}

// AuthWithOAuth2Code signs in with an authorization code obtained from
// the provider: the code, the PKCE verifier from the same
// [RecordService.ListAuthMethods] answer as the URL the user visited, and
// the redirect URL that URL carried. createData, when non-nil, fills the
// record the server creates for a new user. The token and record are saved
// to the auth store; [AuthResponse.IsNew] tells a sign-up.
//
// The stored token is sent along, as in the JS SDK: when a user of the
// collection is signed in, the server links the provider identity to that
// user. Clear the store first to sign in as someone else.
//
// It has the BosBase JS SDK's shape, for code ported from it; Go code is
// better served by [RecordService.ExchangeOAuth2Code], which takes the
// provider value (so the verifier cannot come from another answer) and
// create data as an option.
//
// Endpoint: POST /api/collections/{collection}/auth-with-oauth2
func (s *RecordService) AuthWithOAuth2Code(ctx context.Context, provider, code, codeVerifier, redirectURL string, createData map[string]any, opts ...RequestOption) (*AuthResponse, error) {
	body := map[string]any{
		"provider":     provider,
		"code":         code,
		"codeVerifier": codeVerifier,
		"redirectURL":  redirectURL,
	}
	if createData != nil {
		body["createData"] = createData
	}
	return s.authSend(ctx, "POST", "/auth-with-oauth2", body, newRequestConfig(opts))
}

// AuthWithOAuth2 runs the whole OAuth2 sign-in: it reads the provider from
// a fresh [RecordService.ListAuthMethods], builds the provider URL, hands
// it to [OAuth2Options.URLCallback], waits for the provider's redirect,
// checks its state and exchanges the code with
// [RecordService.AuthWithOAuth2Code] (same PKCE verifier), which saves the
// session to the store. [OAuth2Options.Mode] chooses how the redirect
// comes back (see [OAuth2Realtime] and [OAuth2Loopback]).
//
// It always settles. Every failure is a [*ClientResponseError]:
//   - ctx cancelled: IsAbort, wrapping ctx's error;
//   - no redirect within the timeout: IsAbort, wrapping [ErrOAuth2Timeout];
//   - the user declined (error=access_denied): [ErrOAuth2Cancelled];
//   - another provider error, or no code: [ErrOAuth2Redirect];
//   - a redirect with another state: [ErrOAuth2StateMismatch] in realtime
//     mode (in loopback mode a request without this flow's state, or with
//     a Host header other than the bound loopback address, gets an error
//     page and the flow keeps waiting: any local process or web page can
//     reach the port);
//   - the realtime connection dropped or reconnected during the wait:
//     [ErrRealtimeDisconnected];
//   - URLCallback failed: its error, returned at once;
//   - the [OAuth2Options.OneTimeLaunchURL] was requested twice:
//     [ErrOAuth2LaunchReused];
//   - unknown provider: [ErrOAuth2UnknownProvider];
//   - a provider URL that is not http or https: [ErrOAuth2UnsafeURL];
//   - the server's answer to the exchange: its status and body.
//
// Every connection and listener it opens is closed before it returns.
// Neither the code, the state nor the PKCE verifier appears in its errors.
//
// Endpoint: GET /api/collections/{collection}/auth-methods, then POST /api/collections/{collection}/auth-with-oauth2; realtime mode also GET and POST /api/realtime (topic "@oauth2")
func (s *RecordService) AuthWithOAuth2(ctx context.Context, o OAuth2Options) (*AuthResponse, error) {
	switch {
	case o.Provider == "":
		return nil, newClientError("", 0, "oauth2: OAuth2Options.Provider is required", nil)
	case o.URLCallback == nil:
		return nil, newClientError("", 0, "oauth2: OAuth2Options.URLCallback is required", nil)
	}
	switch o.Mode {
	case OAuth2Realtime:
		return s.oauth2Realtime(ctx, o)
	case OAuth2Loopback:
		return s.oauth2Loopback(ctx, o)
	}
	return nil, newClientError("", 0, "oauth2: unknown OAuth2Options.Mode", nil)
}

// oauth2Answer is what the provider's redirect carried.
type oauth2Answer struct {
	State, Code, Error string
}

// oauth2Flow is the state shared by both modes of one AuthWithOAuth2 call.
type oauth2Flow struct {
	ctx    context.Context // the caller's
	wait   context.Context // ctx bounded by the timeout
	o      OAuth2Options
	cancel context.CancelFunc
}

// startOAuth2 returns the flow's contexts; call cancel when done.
func startOAuth2(ctx context.Context, o OAuth2Options) *oauth2Flow {
	f := &oauth2Flow{ctx: ctx, o: o}
	if d := o.timeout(); d > 0 {
		f.wait, f.cancel = context.WithTimeout(ctx, d)
	} else {
		f.wait, f.cancel = context.WithCancel(ctx)
	}
	return f
}

// fail maps err to the flow's cancellation or timeout error when the wait
// context has ended, and returns it unchanged otherwise.
func (f *oauth2Flow) fail(err error) error {
	if f.wait.Err() != nil {
		return oauth2WaitError(f.ctx, f.o.timeout())
	}
	return err
}

// provider lists the auth methods and returns the requested provider.
func (f *oauth2Flow) provider(s *RecordService) (OAuth2Provider, error) {
	methods, err := s.ListAuthMethods(f.wait)
	if err != nil {
		return OAuth2Provider{}, f.fail(err)
	}
	p, ok := methods.Provider(f.o.Provider)
	if !ok || !methods.OAuth2.Enabled {
		return OAuth2Provider{}, oauth2Error(`oauth2: the collection has no enabled provider "`+redirectErrorText(f.o.Provider)+`"`, ErrOAuth2UnknownProvider, nil)
	}
	if !IsWebURL(p.AuthURL) { // before any connection or listener is opened
		return OAuth2Provider{}, errOAuth2UnsafeURL()
	}
	return p, nil
}

// awaitOAuth2 hands authURL to the URL callback and waits for the
// provider's answer, a loss of the answer channel, the callback's error or
// the end of the wait context, whichever comes first.
func awaitOAuth2[T any](f *oauth2Flow, authURL string, answers <-chan T, lost <-chan error) (T, error) {
	var zero T
	openURL, secrets := authURL, urlSecrets(authURL)
	var reused <-chan error
	if f.o.OneTimeLaunchURL {
		launch, r, stop, err := serveLaunchURL(authURL)
		if err != nil {
			return zero, err
		}
		defer stop()
		openURL, reused, secrets = launch, r, append(secrets, launch)
	}
	cbDone := make(chan error, 1) // buffered: the callback never blocks on it
	go func() {
		err := errors.New("the callback panicked")
		callSafely(func() { err = f.o.URLCallback(f.wait, openURL) })
		cbDone <- err
	}()
	for {
		select {
		case err := <-cbDone:
			if err != nil {
				if f.wait.Err() != nil {
					return zero, oauth2WaitError(f.ctx, f.o.timeout())
				}
				// The callback's error may quote the URL, state included.
				return zero, newClientError("", 0, "oauth2: the URL callback failed", redactError(err, secrets...))
			}
			cbDone = nil // the callback opened the URL: keep waiting
		case a := <-answers:
			return a, nil
		case err := <-lost:
			return zero, err
		case err := <-reused:
			return zero, err
		case <-f.wait.Done():
			return zero, oauth2WaitError(f.ctx, f.o.timeout())
		}
	}
}

// check validates the provider's answer against the state the flow sent.
func (f *oauth2Flow) check(a oauth2Answer, state string) error {
	switch {
	case a.State != state:
		return oauth2Error("oauth2: the redirect's state does not match", ErrOAuth2StateMismatch, nil)
	case a.Error == "access_denied":
		return oauth2Error("oauth2: the user declined at the provider (access_denied)", ErrOAuth2Cancelled, nil)
	case a.Error != "":
		return oauth2Error("oauth2: the provider answered "+redirectErrorText(a.Error), ErrOAuth2Redirect, nil)
	case a.Code == "":
		return oauth2Error("oauth2: the redirect carries no code", ErrOAuth2Redirect, nil)
	}
	return nil
}

// exchange trades the code for a session, bounded by the caller's ctx.
func (f *oauth2Flow) exchange(s *RecordService, p OAuth2Provider, code, redirectURL string) (*AuthResponse, error) {
	return s.AuthWithOAuth2Code(f.ctx, p.Name, code, p.CodeVerifier, redirectURL, f.o.CreateData, f.o.RequestOptions...)
}

// buildOAuth2URL returns the provider URL: authURL (which ends with an
// empty redirect_uri=) with redirectURL appended, state replaced when
// non-empty and scope replaced when scopes are given. The query is encoded
// so that browser openers accept it (see [browserSafeQuery]).
func buildOAuth2URL(authURL, redirectURL, state string, scopes []string) (string, error) {
	u, err := url.Parse(authURL + url.QueryEscape(redirectURL))
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "", newClientError("", 0, "oauth2: the provider's auth URL is invalid", nil)
	}
	if !IsWebURL(u.Scheme + ":") {
		return "", errOAuth2UnsafeURL()
	}
	q := u.Query()
	if state != "" {
		q.Set("state", state)
	}
	if len(scopes) > 0 {
		q.Set("scope", strings.Join(scopes, " "))
	}
	u.RawQuery = browserSafeQuery(q.Encode())
	u.Fragment = ""
	return u.String(), nil
}

func errOAuth2UnsafeURL() error {
	return oauth2Error("oauth2: the provider's auth URL is not http or https", ErrOAuth2UnsafeURL, nil)
}

// IsWebURL reports whether raw starts with "http:" or "https:" (in any
// case): the only URLs the OAuth2 flows hand to a browser. A URL of
// another scheme (javascript:, data:, file:...) is refused with
// [ErrOAuth2UnsafeURL].
func IsWebURL(raw string) bool {
	// By hand: strings.EqualFold links Unicode case tables into the
	// browser build.
	n := 0
	for n < len(raw) && n < 5 && raw[n]|0x20 == "https"[n] { // |0x20: ASCII lower case, exact for letters
		n++
	}
	return n >= 4 && n < len(raw) && raw[n] == ':'
}

// browserSafeQuery re-encodes the characters that url.Values.Encode leaves
// as is but that some URL openers refuse: Wails' BrowserOpenURL silently
// drops URLs containing ~ (among others), and spaces encoded as "+" are
// better sent as %20, as encodeURIComponent does. Both forms decode to the
// same values.
func browserSafeQuery(q string) string {
	// A loop, not strings.NewReplacer: the replacer machinery costs the
	// browser build ~4 KB of brotli-compressed wasm.
	var b strings.Builder
	b.Grow(len(q))
	for i := 0; i < len(q); i++ {
		switch q[i] {
		case '+':
			b.WriteString("%20")
		case '~':
			b.WriteString("%7E")
		default:
			b.WriteByte(q[i])
		}
	}
	return b.String()
}

// urlSafeAlphabet is the alphabet of generated values that end up in URLs.
const urlSafeAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// randomURLSafe returns n random characters of [A-Za-z0-9] from
// randomBytes (crypto/rand natively).
func randomURLSafe(n int) string {
	out := make([]byte, 0, n)
	buf := make([]byte, 2*n)
	for len(out) < n {
		randomBytes(buf)
		for _, b := range buf {
			if int(b) < 256-256%len(urlSafeAlphabet) { // unbiased
				out = append(out, urlSafeAlphabet[int(b)%len(urlSafeAlphabet)])
				if len(out) == n {
					break
				}
			}
		}
	}
	return string(out)
}

// isURLSafe reports whether s is non-empty and only holds [A-Za-z0-9-_.].
func isURLSafe(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}
