package testenv

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// Polling of the captured-mail endpoint.
const (
	mailTimeout      = 15 * time.Second
	mailPollInterval = 25 * time.Millisecond
)

// client is the harness's own HTTP client; Main closes its idle connections
// before the goroutine leak check.
var client = &http.Client{Transport: &http.Transport{}, Timeout: 30 * time.Second}

// devClient reads the /api/dev/* endpoints without keeping connections
// alive, so that tests that snapshot the process's goroutines never see
// one of its connections (the sidecar of the external mode is a host the
// SDK never talks to).
var devClient = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 30 * time.Second}

func closeIdleConnections() {
	client.CloseIdleConnections()
	if tr, ok := http.DefaultTransport.(*http.Transport); ok {
		tr.CloseIdleConnections()
	}
}

// UserOptions configures [Server.NewUser].
type UserOptions struct {
	// MFA sets the users.mfa flag, so password sign-in asks for a second
	// factor.
	MFA bool
	// Verified marks the email as verified.
	Verified bool
	// Name is the users.name field.
	Name string
}

// User is a user created by [Server.NewUser].
type User struct {
	// ID is the record id.
	ID string
	// Email is the user's unique email, derived from the test name.
	Email string
	// Password is the user's random password.
	Password string
	// Name is the users.name field, as given in [UserOptions].
	Name string
}

// Mail is a captured email, as GET /api/dev/mails returns it.
type Mail struct {
	// To is the recipient's address.
	To string `json:"to"`
	// Kind is "otp", "passwordReset", "verification", "emailChange" or
	// "other".
	Kind string `json:"kind"`
	// OTPID is the id of the one-time password (kind "otp").
	OTPID string `json:"otpId,omitempty"`
	// Code is the OTP code (kind "otp").
	Code string `json:"code,omitempty"`
	// Token is the password reset, verification or email-change token.
	Token string `json:"token,omitempty"`
	// NewEmail is the address an email change goes to (kind
	// "emailChange").
	NewEmail string `json:"newEmail,omitempty"`
	// Subject is the mail's subject.
	Subject string `json:"subject"`
	// Time is when the devserver captured the mail.
	Time time.Time `json:"time"`
}

// NewUser creates a fresh user in the users collection through the
// superuser API, with a unique email derived from the test name and a random
// password.
func (s *Server) NewUser(t testing.TB, opts UserOptions) User {
	t.Helper()
	u := User{
		Email:    uniqueEmail(t.Name()),
		Password: "pw-" + randomHex(8),
		Name:     opts.Name,
	}
	body := map[string]any{
		"email":           u.Email,
		"password":        u.Password,
		"passwordConfirm": u.Password,
		"verified":        opts.Verified,
		"mfa":             opts.MFA,
		"name":            opts.Name,
	}
	var rec struct {
		ID string `json:"id"`
	}
	if err := s.do(http.MethodPost, "/api/collections/users/records", s.SuperuserToken(t), body, &rec); err != nil {
		t.Fatalf("testenv: create user: %v", err)
	}
	u.ID = rec.ID
	s.ext.trackID(u.ID)
	return u
}

// SuperuserToken returns an auth token of the seeded superuser (cached per
// server).
func (s *Server) SuperuserToken(t testing.TB) string {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.superToken != "" {
		return s.superToken
	}
	var auth struct {
		Token string `json:"token"`
	}
	body := map[string]string{"identity": s.Superuser.Email, "password": s.Superuser.Password}
	if err := s.do(http.MethodPost, "/api/collections/_superusers/auth-with-password", "", body, &auth); err != nil {
		t.Fatalf("testenv: superuser login: %v", err)
	}
	s.superToken = auth.Token
	return auth.Token
}

// WaitMail waits for a captured mail of the given kind to the address and
// returns the newest one. Mails are sent in the background, so it polls
// GET /api/dev/mails until one arrives or 15 s have passed. The server must
// run in dev mode.
func (s *Server) WaitMail(t testing.TB, to, kind string) Mail {
	t.Helper()
	return s.WaitMailFunc(t, to, func(m Mail) bool { return m.Kind == kind })
}

// WaitMailFunc is like [Server.WaitMail] but returns the newest mail to the
// address for which match reports true, e.g. the OTP mail of one otpId.
func (s *Server) WaitMailFunc(t testing.TB, to string, match func(Mail) bool) Mail {
	t.Helper()
	deadline := time.Now().Add(mailTimeout)
	path := "/api/dev/mails?to=" + url.QueryEscape(to)
	for {
		var mails []Mail
		if err := doJSONWith(devClient, http.MethodGet, s.devURL+path, "", nil, &mails); err != nil {
			t.Fatalf("testenv: read captured mails: %v", err)
		}
		for _, m := range mails { // newest first
			if match(m) {
				return m
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("testenv: no matching mail to %s within %s; mails to it: %d", to, mailTimeout, len(mails))
		}
		time.Sleep(mailPollInterval)
	}
}

// QueueOIDCUser makes the mock OIDC provider log in this identity on a
// later authorize request: the first one that carries login_hint=<email>,
// or else the next one in queue order. Parallel tests should add login_hint
// to the authorize URL so they do not take each other's users.
func (s *Server) QueueOIDCUser(t testing.TB, email, name string) {
	t.Helper()
	body := map[string]string{"email": email, "name": name}
	if err := doJSONWith(devClient, http.MethodPost, s.devURL+"/api/dev/oidc/queue", "", body, nil); err != nil {
		t.Fatalf("testenv: queue OIDC user: %v", err)
	}
	s.ext.trackEmail(email)
}

// OIDCPage is the mock provider's sign-in page mode (see ShowOIDCPage).
type OIDCPage struct {
	On    bool   `json:"on"`
	COOP  string `json:"coop"`
	Shown int    `json:"shown"` // pages served since the server started
}

// ShowOIDCPage makes the mock provider answer its authorize requests with a
// sign-in page that waits for the user, as a real provider's login page
// does, until the test ends; the page's "Allow" link (id approve) lets the
// sign-in go through. coop, when not empty, is sent as the page's
// Cross-Origin-Opener-Policy. The mode is server-wide: tests that use it
// must not run in parallel with other OAuth2 tests on the same server. It
// returns the number of pages shown so far, for [Server.WaitOIDCPage].
func (s *Server) ShowOIDCPage(t testing.TB, coop string) int {
	t.Helper()
	var p OIDCPage
	if err := doJSONWith(devClient, http.MethodPost, s.devURL+"/api/dev/oidc/page", "", OIDCPage{On: true, COOP: coop}, &p); err != nil {
		t.Fatalf("testenv: show the OIDC sign-in page: %v", err)
	}
	t.Cleanup(func() {
		if err := doJSONWith(devClient, http.MethodPost, s.devURL+"/api/dev/oidc/page", "", OIDCPage{}, nil); err != nil {
			t.Errorf("testenv: stop showing the OIDC sign-in page: %v", err)
		}
	})
	return p.Shown
}

// WaitOIDCPage waits until the mock provider has shown its sign-in page
// more than after times in all (a browser window is at the provider's
// page), for up to the mail timeout.
func (s *Server) WaitOIDCPage(t testing.TB, after int) {
	t.Helper()
	deadline := time.Now().Add(mailTimeout)
	for {
		var p OIDCPage
		if err := doJSONWith(devClient, http.MethodGet, s.devURL+"/api/dev/oidc/page", "", nil, &p); err != nil {
			t.Fatalf("testenv: read the OIDC sign-in page state: %v", err)
		}
		if p.Shown > after {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("testenv: the OIDC sign-in page was not shown within %s", mailTimeout)
		}
		time.Sleep(mailPollInterval)
	}
}

// do sends a JSON request to the server and decodes a 2xx JSON answer into
// out (when non-nil). Any other status is an error that quotes the body.
func (s *Server) do(method, path, token string, body, out any) error {
	return doJSON(method, s.URL+path, token, body, out)
}

// doJSON sends a JSON request and decodes a 2xx JSON answer into out (when
// non-nil). Any other status is an error that quotes the body.
func doJSON(method, rawURL, token string, body, out any) error {
	return doJSONWith(client, method, rawURL, token, body, out)
}

func doJSONWith(c *http.Client, method, rawURL, token string, body, out any) error {
	path := rawURL
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, rawURL, r)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, bytes.TrimSpace(data))
	}
	if out == nil || resp.StatusCode == http.StatusNoContent {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s %s: decode: %w", method, path, err)
	}
	return nil
}

// uniqueEmail returns a fresh address that names the test, e.g.
// "testotp-login-1a2b3c4d5e6f@example.com".
func uniqueEmail(testName string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(testName) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
		if b.Len() >= 40 {
			break
		}
	}
	local := strings.Trim(b.String(), "-")
	if local == "" {
		local = "user"
	}
	return local + "-" + randomHex(6) + "@example.com"
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
