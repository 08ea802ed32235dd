//go:build !js

package core_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/internal/testenv"
)

// TestAuthWithOAuth2LoopbackIgnoresStrayRequests: requests to the loopback
// /callback that are not the provider's redirect of this flow — no state,
// another state, the right state under another Host header (DNS
// rebinding) — are answered with an error page and do not end the flow,
// which then completes with the real redirect.
func TestAuthWithOAuth2LoopbackIgnoresStrayRequests(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	user := srv.NewUser(t, testenv.UserOptions{Verified: true})
	srv.QueueOIDCUser(t, user.Email, "Stray")
	c, b := rtNewClient(t, srv.URL), newBrowser(t)

	type stray struct {
		name  string
		host  string // "" for the bound address
		query func(state string) url.Values
		want  int
	}
	strays := []stray{
		{"no state", "", func(string) url.Values { return url.Values{"code": {"planted-code"}} }, http.StatusBadRequest},
		{"another state", "", func(string) url.Values { return url.Values{"state": {"forged"}, "code": {"planted-code"}} }, http.StatusBadRequest},
		{"declined with another state", "", func(string) url.Values { return url.Values{"state": {"forged"}, "error": {"access_denied"}} }, http.StatusBadRequest},
		{"rebound host", "attacker.example", func(s string) url.Values { return url.Values{"state": {s}, "error": {"access_denied"}} }, http.StatusMisdirectedRequest},
	}
	got := make(chan string, len(strays))
	res, err := c.Collection("users").AuthWithOAuth2(t.Context(), core.OAuth2Options{
		Provider: "oidc", Mode: core.OAuth2Loopback,
		URLCallback: b.callback(func(ctx context.Context, u string) visit {
			q := mustParse(t, u).Query()
			back := mustParse(t, q.Get("redirect_uri"))
			for _, s := range strays {
				back.RawQuery = s.query(q.Get("state")).Encode()
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, back.String(), nil)
				if s.host != "" {
					req.Host = s.host + ":" + back.Port()
				}
				resp, err := b.client.Do(req)
				if err != nil {
					got <- s.name + ": " + err.Error()
					continue
				}
				resp.Body.Close()
				if resp.StatusCode != s.want {
					got <- s.name + ": status " + resp.Status
				}
			}
			close(got)
			return b.get(ctx, withQuery(t, u, "login_hint", user.Email))
		}),
	})
	if err != nil {
		t.Fatalf("AuthWithOAuth2: %v (a stray request ended the flow?)", err)
	}
	for msg := range got {
		t.Errorf("stray request %s", msg)
	}
	if res.Record.ID() != user.ID || c.AuthStore().Record().ID() != user.ID {
		t.Fatalf("signed in as %s, want %s", res.Record.ID(), user.ID)
	}
	authURL, v := browserEnd(t, b)
	checkBrowserEnd(t, core.OAuth2Loopback, authURL, v, true)
	if strings.Contains(v.body, "not the current one") {
		t.Fatal("the real redirect got the stray page")
	}
}
