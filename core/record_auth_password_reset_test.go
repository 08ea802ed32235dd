//go:build !js

package core_test

import (
	"strings"
	"testing"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/internal/testenv"
)

func TestPasswordResetEndToEnd(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	u := srv.NewUser(t, testenv.UserOptions{Verified: false})
	pb := core.New(srv.URL)
	old := authSignIn(t, pb, u)
	users := pb.Collection("users")

	if err := users.RequestPasswordReset(t.Context(), u.Email); err != nil {
		t.Fatalf("RequestPasswordReset: %v", err)
	}
	mail := srv.WaitMail(t, u.Email, "passwordReset")
	if c := claimsOf(t, mail.Token); c.Type != "passwordReset" || c.ID != u.ID {
		t.Fatalf("reset token claims = %+v", c)
	}
	newPassword := "new-" + u.Password
	if err := users.ConfirmPasswordReset(t.Context(), mail.Token, newPassword, newPassword); err != nil {
		t.Fatalf("ConfirmPasswordReset: %v", err)
	}

	// The old password and the old token are dead; the new password works
	// and the reset verified the email.
	_, err := core.New(srv.URL).Collection("users").AuthWithPassword(t.Context(), u.Email, u.Password)
	authStatus(t, "old password", err, 400)
	_, err = users.AuthRefresh(t.Context())
	authStatus(t, "refresh with the old token", err, 401)
	if pb.AuthStore().Token() != "" {
		t.Error("the 401 of the old token did not clear the store")
	}
	u.Password = newPassword
	auth := authSignIn(t, pb, u)
	if auth.Token == old.Token || !auth.Record.Bool("verified") {
		t.Errorf("after reset: same token %v, verified %v", auth.Token == old.Token, auth.Record.Bool("verified"))
	}
	// A reset token is single use.
	err = users.ConfirmPasswordReset(t.Context(), mail.Token, "another-pass-1", "another-pass-1")
	authStatus(t, "reused reset token", err, 400)
}

func TestPasswordResetFailures(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	u := srv.NewUser(t, testenv.UserOptions{Verified: true})
	users := core.New(srv.URL).Collection("users")

	// Unknown emails are answered like known ones.
	if err := users.RequestPasswordReset(t.Context(), "nobody-"+u.Email); err != nil {
		t.Errorf("unknown email: %v", err)
	}
	err := users.RequestPasswordReset(t.Context(), "not-an-email")
	authStatus(t, "invalid email", err, 400)

	if err := users.RequestPasswordReset(t.Context(), u.Email); err != nil {
		t.Fatal(err)
	}
	token := srv.WaitMail(t, u.Email, "passwordReset").Token

	err = users.ConfirmPasswordReset(t.Context(), token, "new-password-1", "different-password")
	e := authStatus(t, "mismatched confirmation", err, 400)
	if _, ok := e.Data()["passwordConfirm"]; !ok {
		t.Errorf("Data() = %v, want passwordConfirm", e.Data())
	}
	err = users.ConfirmPasswordReset(t.Context(), "not-a-token", "new-password-1", "new-password-1")
	authStatus(t, "invalid token", err, 400)
	err = users.ConfirmPasswordReset(t.Context(), token, "1", "1")
	authStatus(t, "short password", err, 400)
	if strings.Contains(err.Error(), token) {
		t.Error("the error text carries the reset token")
	}
	// The token from the users collection is refused by another collection.
	err = core.New(srv.URL).Collection("_superusers").ConfirmPasswordReset(t.Context(), token, "new-password-1", "new-password-1")
	authStatus(t, "token of another collection", err, 400)
}
