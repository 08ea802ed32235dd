//go:build !js

package core_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/internal/testenv"
)

// TestErrorTextHasNoSecrets sweeps the error text of representative
// failures, against the devserver and against fakes for what it cannot
// produce, for the secrets the failing call handled: passwords, OTP codes,
// tokens, and the OAuth2 state and provider URL. The text is checked as
// Error() and through the fmt verbs a log line would use.
func TestErrorTextHasNoSecrets(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)

	// leak fails when any of secrets (at least 6 bytes, so that a hit is
	// not by chance) appears in err's text.
	leak := func(t *testing.T, err error, secrets ...string) {
		t.Helper()
		if err == nil {
			t.Fatal("the call succeeded, want a failure")
		}
		texts := []string{err.Error(), fmt.Sprint(err), fmt.Sprintf("%v|%+v|%s|%q", err, err, err, err)}
		for _, s := range secrets {
			if len(s) < 6 {
				t.Fatalf("secret %q is too short to sweep for", s)
			}
			for _, text := range texts {
				if strings.Contains(text, s) {
					t.Fatalf("error text leaks %q: %s", s, text)
				}
			}
		}
	}
	// signedIn returns a client whose store holds u's session.
	signedIn := func(t *testing.T, u testenv.User) (*core.Client, string) {
		t.Helper()
		pb := core.New(srv.URL)
		auth := authSignIn(t, pb, u)
		return pb, auth.Token
	}

	tests := []struct {
		name string
		run  func(t *testing.T) ([]string, error)
	}{
		{"wrong password", func(t *testing.T) ([]string, error) {
			u := srv.NewUser(t, testenv.UserOptions{})
			const wrong = "not-the-Pa55word"
			_, err := core.New(srv.URL).Collection("users").AuthWithPassword(t.Context(), u.Email, wrong)
			return []string{wrong}, err
		}},
		{"MFA challenge", func(t *testing.T) ([]string, error) {
			u := srv.NewUser(t, testenv.UserOptions{MFA: true})
			_, err := core.New(srv.URL).Collection("users").AuthWithPassword(t.Context(), u.Email, u.Password)
			if _, ok := core.MFAID(err); !ok {
				t.Fatalf("err = %v, want the MFA challenge", err)
			}
			return []string{u.Password}, err
		}},
		{"OTP code with a wrong id", func(t *testing.T) ([]string, error) {
			u := srv.NewUser(t, testenv.UserOptions{})
			users := core.New(srv.URL).Collection("users")
			otp, err := users.RequestOTP(t.Context(), u.Email)
			if err != nil {
				t.Fatalf("RequestOTP: %v", err)
			}
			code := srv.WaitMailFunc(t, u.Email, func(m testenv.Mail) bool { return m.OTPID == otp.OTPID }).Code
			_, err = users.AuthWithOTP(t.Context(), "wrongotpid12345", code, core.WithMFA("mfa-secret-id"))
			return []string{code, "mfa-secret-id"}, err
		}},
		{"password reset with a bogus token", func(t *testing.T) ([]string, error) {
			const tok, pw = "bogus-reset-token", "New-Pa55word"
			err := core.New(srv.URL).Collection("users").ConfirmPasswordReset(t.Context(), tok, pw, pw)
			return []string{tok, pw}, err
		}},
		{"bind token with a wrong password", func(t *testing.T) ([]string, error) {
			u := srv.NewUser(t, testenv.UserOptions{})
			const wrong, bound = "wrong-Pa55word", "device-secret-0123"
			err := core.New(srv.URL).Collection("users").BindToken(t.Context(), u.Email, wrong, bound)
			return []string{wrong, bound}, err
		}},
		{"auth with an unbound token", func(t *testing.T) ([]string, error) {
			const unbound = "never-bound-secret-4567"
			_, err := core.New(srv.URL).Collection("users").AuthWithToken(t.Context(), unbound)
			return []string{unbound}, err
		}},
		{"refresh of a tampered token", func(t *testing.T) ([]string, error) {
			u := srv.NewUser(t, testenv.UserOptions{})
			pb, tok := signedIn(t, u)
			tampered := tok[:strings.LastIndexByte(tok, '.')+1] + "c2lnbmF0dXJl"
			if err := pb.AuthStore().Save(tampered, pb.AuthStore().Record()); err != nil {
				t.Fatal(err)
			}
			_, err := pb.Collection("users").AuthRefresh(t.Context())
			authStatus(t, "AuthRefresh", err, 401)
			return []string{tok, tampered}, err
		}},
		{"token in the query of a failed request", func(t *testing.T) ([]string, error) {
			u := srv.NewUser(t, testenv.UserOptions{})
			pb, tok := signedIn(t, u)
			err := pb.Send(t.Context(), "GET", "/api/no-such-route", nil, nil, core.WithQuery("token", tok))
			return []string{tok}, err
		}},
		{"token in an unparsable request URL", func(t *testing.T) ([]string, error) {
			u := srv.NewUser(t, testenv.UserOptions{})
			pb, tok := signedIn(t, u)
			err := pb.Send(t.Context(), "GET", "/api/files/users/x/a%zz.png?token="+tok, nil, nil)
			return []string{tok}, err
		}},
		{"cancelled request of a signed-in client", func(t *testing.T) ([]string, error) {
			u := srv.NewUser(t, testenv.UserOptions{})
			pb, tok := signedIn(t, u)
			ctx, cancel := context.WithCancel(t.Context())
			cancel()
			_, err := pb.Collection("posts").GetList(ctx, 1, 10)
			return []string{tok}, err
		}},
		{"password in an invalid base URL", func(t *testing.T) ([]string, error) {
			const pw = "base-url-Pa55word"
			for _, base := range []string{"https://user:" + pw + "@example.com:bad/", "https://user:" + pw + "/x@example.com/"} {
				_, err := core.New(base).Collection("users").AuthWithPassword(t.Context(), "a@example.com", "Pa55word-"+pw)
				leak(t, err, pw)
			}
			_, err := core.New("http://user:"+pw+"@%zz/").Collection("users").AuthWithPassword(t.Context(), "a@example.com", pw)
			return []string{pw}, err
		}},
		{"connection reset during sign-in", func(t *testing.T) ([]string, error) {
			pb := faultServer(t, func(w http.ResponseWriter, r *http.Request) {
				conn, _, err := w.(http.Hijacker).Hijack()
				if err == nil {
					_ = conn.Close()
				}
			})
			_, err := pb.Collection("users").AuthWithPassword(t.Context(), "a@example.com", faultPassword)
			return []string{faultPassword}, err
		}},
		{"refused pub/sub handshake", func(t *testing.T) ([]string, error) {
			tok := fakeAuthToken(t, "rec123456", "pbc_users", true, time.Now().Add(time.Hour))
			pb := faultServer(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusUnauthorized)
				_, _ = w.Write([]byte(`{"status":401,"message":"The request requires valid record authorization token.","data":{}}`))
			})
			if err := pb.AuthStore().Save(tok, core.Record{"id": "rec123456", "collectionName": "users"}); err != nil {
				t.Fatal(err)
			}
			_, err := pb.PubSub.Publish(t.Context(), "news", map[string]any{"x": 1})
			return []string{tok}, err
		}},
	}
	for _, mode := range []core.OAuth2Mode{core.OAuth2Realtime, core.OAuth2Loopback} {
		tests = append(tests, struct {
			name string
			run  func(t *testing.T) ([]string, error)
		}{"OAuth2 URL callback error quoting the URL/" + mode.String(), func(t *testing.T) ([]string, error) {
			pb := rtNewClient(t, srv.URL)
			var authURL string
			_, err := pb.Collection("users").AuthWithOAuth2(t.Context(), core.OAuth2Options{
				Provider: "oidc",
				Mode:     mode,
				URLCallback: func(_ context.Context, u string) error {
					authURL = u
					return fmt.Errorf("open %q: no browser", u)
				},
			})
			state := mustParse(t, authURL).Query().Get("state")
			return []string{authURL, state}, err
		}})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			secrets, err := tt.run(t)
			leak(t, err, secrets...)
		})
	}
}
