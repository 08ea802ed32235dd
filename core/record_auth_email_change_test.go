//go:build !js

package core_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/internal/testenv"
)

func TestEmailChangeEndToEnd(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	u := srv.NewUser(t, testenv.UserOptions{Verified: true})
	pb := core.New(srv.URL)
	old := authSignIn(t, pb, u)
	users := pb.Collection("users")
	newEmail := "changed-" + u.Email

	if err := users.RequestEmailChange(t.Context(), newEmail); err != nil {
		t.Fatalf("RequestEmailChange: %v", err)
	}
	mail := srv.WaitMail(t, newEmail, "emailChange")
	if c := claimsOf(t, mail.Token); c.Type != "emailChange" || c.ID != u.ID || mail.NewEmail != newEmail {
		t.Fatalf("email change token claims = %+v, newEmail %q", c, mail.NewEmail)
	}
	events := watchStore(t, pb.AuthStore())
	if err := users.ConfirmEmailChange(t.Context(), mail.Token, u.Password); err != nil {
		t.Fatalf("ConfirmEmailChange: %v", err)
	}
	if pb.AuthStore().Token() != "" {
		t.Error("the store still holds the session the change revoked")
	}
	if got := events.kinds(); !slices.Equal(got, []core.AuthEventKind{core.AuthSignedOut}) {
		t.Errorf("events = %v, want [signed-out]", got)
	}

	// The old token now fails refresh with 401, and that 401 clears.
	stale := core.New(srv.URL)
	_ = stale.AuthStore().Save(old.Token, old.Record)
	_, err := stale.Collection("users").AuthRefresh(t.Context())
	authStatus(t, "refresh with the old token", err, 401)
	if stale.AuthStore().Token() != "" {
		t.Error("the 401 did not clear the stale store")
	}
	// The new email signs in; the old one does not.
	_, err = core.New(srv.URL).Collection("users").AuthWithPassword(t.Context(), u.Email, u.Password)
	authStatus(t, "old email", err, 400)
	u.Email = newEmail
	if auth := authSignIn(t, pb, u); auth.Record.Email() != newEmail {
		t.Errorf("record email = %q", auth.Record.Email())
	}
}

func TestEmailChangeFailures(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	u := srv.NewUser(t, testenv.UserOptions{Verified: true})
	taken := srv.NewUser(t, testenv.UserOptions{Verified: true})

	err := core.New(srv.URL).Collection("users").RequestEmailChange(t.Context(), "x-"+u.Email)
	authStatus(t, "without a session", err, 401)

	pb := core.New(srv.URL)
	authSignIn(t, pb, u)
	users := pb.Collection("users")
	err = users.RequestEmailChange(t.Context(), taken.Email)
	authStatus(t, "taken email", err, 400)
	err = users.RequestEmailChange(t.Context(), "not-an-email")
	authStatus(t, "invalid email", err, 400)

	newEmail := "changed-" + u.Email
	if err := users.RequestEmailChange(t.Context(), newEmail); err != nil {
		t.Fatal(err)
	}
	token := srv.WaitMail(t, newEmail, "emailChange").Token
	wrong := "wrong-" + u.Password
	err = users.ConfirmEmailChange(t.Context(), token, wrong)
	authStatus(t, "wrong password", err, 400)
	if strings.Contains(err.Error(), wrong) || strings.Contains(err.Error(), token) {
		t.Errorf("error text leaks a secret: %q", err.Error())
	}
	if pb.AuthStore().Token() == "" {
		t.Error("a failed confirmation cleared the store")
	}
	err = users.ConfirmEmailChange(t.Context(), "not-a-token", u.Password)
	authStatus(t, "invalid token", err, 400)
}
