package main

import (
	"encoding/json"
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
