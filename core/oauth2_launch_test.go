//go:build !js

package core_test

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/internal/testenv"
)

// launch requests a one-time launch URL without following its redirect
// and returns the status and Location.
func launch(ctx context.Context, u string) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, "", err
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		return 0, "", err
	}
	resp.Body.Close()
	c.CloseIdleConnections()
	return resp.StatusCode, resp.Header.Get("Location"), nil
}

var launchURLPattern = regexp.MustCompile(`^http://127\.0\.0\.1:\d+/start\?n=[A-Za-z0-9]{32}$`)

// TestAuthWithOAuth2OneTimeLaunchURL: with OneTimeLaunchURL the callback
// (the program that starts the browser) gets a loopback URL that carries
// neither state nor PKCE challenge; its first request redirects to the
// provider URL and the sign-in completes, in both modes. A request with
// another nonce is a 404 and does not use it up.
func TestAuthWithOAuth2OneTimeLaunchURL(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	for _, mode := range modes {
		t.Run(mode.String(), func(t *testing.T) {
			t.Parallel()
			user := srv.NewUser(t, testenv.UserOptions{Verified: true})
			srv.QueueOIDCUser(t, user.Email, "Launch")
			c, b := rtNewClient(t, srv.URL), newBrowser(t)
			problems := make(chan string, 4)
			res, err := c.Collection("users").AuthWithOAuth2(t.Context(), core.OAuth2Options{
				Provider: "oidc", Mode: mode, OneTimeLaunchURL: true,
				URLCallback: b.callback(func(ctx context.Context, u string) visit {
					defer close(problems)
					if !launchURLPattern.MatchString(u) {
						problems <- "URL handed over: " + u
					}
					if status, _, err := launch(ctx, strings.Replace(u, "?n=", "?n=x", 1)); err != nil || status != http.StatusNotFound {
						problems <- "a wrong nonce was not a 404"
					}
					status, loc, err := launch(ctx, u)
					q := mustParse(t, loc).Query()
					if err != nil || status != http.StatusFound || q.Get("state") == "" || q.Get("code_challenge") == "" {
						problems <- "the launch URL did not redirect to the provider URL"
					}
					return b.get(ctx, withQuery(t, loc, "login_hint", user.Email))
				}),
			})
			if err != nil {
				t.Fatalf("AuthWithOAuth2: %v", err)
			}
			for p := range problems {
				t.Error(p)
			}
			if res.Record.ID() != user.ID {
				t.Fatalf("signed in as %s, want %s", res.Record.ID(), user.ID)
			}
			u := rtRecv(t, b.urls, "the launch URL")
			if v := rtRecv(t, b.visits, "the browser visit"); v.err != nil {
				t.Fatal(v.err)
			}
			if _, _, err := launch(t.Context(), u); err == nil {
				t.Error("the launch listener is still open after the flow")
			}
		})
	}
}

// TestAuthWithOAuth2LaunchURLReused: a second request to the launch URL
// (someone else read it from the command line) ends the flow with
// ErrOAuth2LaunchReused and gets a 410 page.
func TestAuthWithOAuth2LaunchURLReused(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	for _, mode := range modes {
		t.Run(mode.String(), func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
			defer cancel()
			c, b := rtNewClient(t, srv.URL), newBrowser(t)
			second := make(chan int, 1)
			_, err := c.Collection("users").AuthWithOAuth2(ctx, core.OAuth2Options{
				Provider: "oidc", Mode: mode, OneTimeLaunchURL: true,
				URLCallback: b.callback(func(ctx context.Context, u string) visit {
					_, _, _ = launch(ctx, u) // the attacker
					status, _, _ := launch(ctx, u)
					second <- status // the user's browser
					return visit{}
				}),
			})
			if !errors.Is(err, core.ErrOAuth2LaunchReused) || core.StatusOf(err) != 0 {
				t.Fatalf("err = %v, want ErrOAuth2LaunchReused", err)
			}
			if status := rtRecv(t, second, "the second launch"); status != http.StatusGone {
				t.Errorf("second request: status %d, want 410", status)
			}
			u := rtRecv(t, b.urls, "the launch URL")
			if strings.Contains(err.Error(), mustParse(t, u).Query().Get("n")) {
				t.Error("the error quotes the nonce")
			}
		})
	}
}
