package main

import (
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/oauth2-proxy/mockoidc"
)

func TestOIDCQueuePrefersLoginHint(t *testing.T) {
	t.Parallel()
	m, err := mockoidc.NewServer(nil)
	if err != nil {
		t.Fatal(err)
	}
	s := &oidcServer{m: m}
	for _, e := range []string{"a@example.com", "b@example.com", "c@example.com"} {
		if err := s.queueUser(oidcUser{Email: e}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.queueUser(oidcUser{}); err == nil {
		t.Error("queueUser without an email succeeded")
	}

	pop := func(hint string) string {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.preferHintLocked(hint)
		return m.UserQueue.Pop().(oidcUser).Email
	}
	for _, step := range []struct{ hint, want string }{
		{"C@example.com", "c@example.com"}, // hint matches case-insensitively
		{"", "a@example.com"},              // no hint: first in, first out
		{"nobody@example.com", "b@example.com"},
		{"", defaultOIDCUser.Email}, // empty queue: the default user
	} {
		if got := pop(step.hint); got != step.want {
			t.Fatalf("hint %q: popped %s, want %s", step.hint, got, step.want)
		}
	}
}

func TestOIDCUserClaims(t *testing.T) {
	t.Parallel()
	u := oidcUser{Email: "Jo@example.com", Name: "Jo"}.withDefaults()
	if u.Subject == "" || u.Subject != (oidcUser{Email: "jo@example.com"}).withDefaults().Subject {
		t.Fatalf("subject %q is not a stable function of the email", u.Subject)
	}

	b, err := u.Userinfo([]string{"openid", "email", "profile"})
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	// PocketBase's oidc provider reads sub, email (only when email_verified), name.
	if got["sub"] != u.Subject || got["email"] != u.Email || got["email_verified"] != true || got["name"] != "Jo" {
		t.Fatalf("claims: %v", got)
	}

	b, _ = u.Userinfo([]string{"openid"})
	got = nil
	_ = json.Unmarshal(b, &got)
	if got["email"] != nil || got["name"] != nil {
		t.Fatalf("claims outside the email/profile scopes leaked: %v", got)
	}
}

// TestOIDCSignInPage: with the page on, an authorize request gets the
// provider's sign-in page (with its COOP header and an Allow link that
// carries approved=1) and is counted; the Allow link's request and any
// request with the page off reach the mock provider.
func TestOIDCSignInPage(t *testing.T) {
	t.Parallel()
	s, err := startOIDC()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.shutdown(); err != nil {
			t.Error(err)
		}
	})
	if _, err := s.setPage(true, "same-origin\r\nX-Evil: 1"); err == nil {
		t.Fatal("setPage took a COOP value that is not one")
	}
	authorize := s.m.AuthorizationEndpoint() + "?client_id=" + url.QueryEscape(s.m.Config().ClientID) + "&state=st"
	get := func(u string) (*http.Response, string) {
		t.Helper()
		c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err := c.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return res, string(b)
	}
	isPage := func(body string) bool { return strings.Contains(body, `id="approve"`) }

	if _, body := get(authorize); isPage(body) {
		t.Fatal("the page was shown while off")
	}
	if p, err := s.setPage(true, "same-origin-allow-popups"); err != nil || !p.On {
		t.Fatalf("setPage: %+v, %v", p, err)
	}
	res, body := get(authorize)
	if !isPage(body) || res.StatusCode != http.StatusOK {
		t.Fatalf("authorize with the page on: %d %q", res.StatusCode, body)
	}
	if got := res.Header.Get("Cross-Origin-Opener-Policy"); got != "same-origin-allow-popups" {
		t.Errorf("COOP %q", got)
	}
	if got := s.pageState().Shown; got != 1 {
		t.Errorf("shown %d, want 1", got)
	}
	_, link, _ := strings.Cut(body, `href="`)
	link, _, _ = strings.Cut(link, `"`)
	link = html.UnescapeString(link)
	if !strings.Contains(link, "approved=1") || !strings.Contains(link, "state=st") {
		t.Fatalf("Allow link %q does not repeat the request with approved=1", link)
	}
	if _, body := get(s.m.Issuer() + strings.TrimPrefix(link, "/oidc")); isPage(body) {
		t.Fatalf("the Allow link %s got the page again", link)
	}
	if _, err := s.setPage(false, ""); err != nil {
		t.Fatal(err)
	}
	if _, body := get(authorize); isPage(body) {
		t.Fatal("the page was shown after it was turned off")
	}
	if got := s.pageState().Shown; got != 1 {
		t.Errorf("shown %d, want 1", got)
	}
}
