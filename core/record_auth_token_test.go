//go:build !js

package core_test

import (
	"strings"
	"testing"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/internal/testenv"
)

func TestTokenBindingEndToEnd(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	u := srv.NewUser(t, testenv.UserOptions{Verified: true})
	pb := core.New(srv.URL)
	users := pb.Collection("users")
	device := "device-" + u.ID + "-Ω"

	if err := users.BindToken(t.Context(), u.Email, u.Password, device); err != nil {
		t.Fatalf("BindToken: %v", err)
	}
	if pb.AuthStore().Token() != "" {
		t.Error("BindToken signed the client in")
	}
	auth, err := users.AuthWithToken(t.Context(), device)
	if err != nil {
		t.Fatalf("AuthWithToken: %v", err)
	}
	if auth.Record.ID() != u.ID || pb.AuthStore().Token() != auth.Token || claimsOf(t, auth.Token).Type != "auth" {
		t.Errorf("auth record %q, saved %v", auth.Record.ID(), pb.AuthStore().Token() == auth.Token)
	}
	// Bindings survive a password change.
	changePassword(t, srv, &u)
	if _, err := core.New(srv.URL).Collection("users").AuthWithToken(t.Context(), device); err != nil {
		t.Errorf("AuthWithToken after a password change: %v", err)
	}

	if err := users.UnbindToken(t.Context(), u.Email, u.Password, device); err != nil {
		t.Fatalf("UnbindToken: %v", err)
	}
	_, err = core.New(srv.URL).Collection("users").AuthWithToken(t.Context(), device)
	e := authStatus(t, "AuthWithToken after unbind", err, 400)
	if e.Message() != "Failed to authenticate." || strings.Contains(err.Error(), device) {
		t.Errorf("error = %q", err.Error())
	}
	// Unbinding again is fine.
	if err := users.UnbindToken(t.Context(), u.Email, u.Password, device); err != nil {
		t.Errorf("second UnbindToken: %v", err)
	}
}

func TestTokenBindingFailures(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	u := srv.NewUser(t, testenv.UserOptions{Verified: true})
	users := core.New(srv.URL).Collection("users")
	device := "device-" + u.ID

	tests := []struct {
		name    string
		call    func() error
		status  int
		message string
	}{
		{"bind with a wrong password", func() error { return users.BindToken(t.Context(), u.Email, "wrong", device) }, 400, "Failed to bind token."},
		{"bind for an unknown email", func() error { return users.BindToken(t.Context(), "x-"+u.Email, u.Password, device) }, 400, "Failed to bind token."},
		{"bind an empty token", func() error { return users.BindToken(t.Context(), u.Email, u.Password, "") }, 400, "An error occurred while validating the submitted data."},
		{"bind a token over 1024 chars", func() error { return users.BindToken(t.Context(), u.Email, u.Password, strings.Repeat("x", 1025)) }, 400, "An error occurred while validating the submitted data."},
		{"unbind with a wrong password", func() error { return users.UnbindToken(t.Context(), u.Email, "wrong", device) }, 400, "Failed to unbind token."},
		{"auth with an unbound token", func() error { _, err := users.AuthWithToken(t.Context(), "never-bound-"+device); return err }, 400, "Failed to authenticate."},
		{"bind in an unknown collection", func() error {
			return core.New(srv.URL).Collection("nope").BindToken(t.Context(), u.Email, u.Password, device)
		}, 404, ""},
	}
	for _, tt := range tests {
		e := authStatus(t, tt.name, tt.call(), tt.status)
		if tt.message != "" && e.Message() != tt.message {
			t.Errorf("%s: message = %q, want %q", tt.name, e.Message(), tt.message)
		}
	}
}

func TestAuthWithTokenMFA(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	u := srv.NewUser(t, testenv.UserOptions{Verified: true, MFA: true})
	pb := core.New(srv.URL)
	users := pb.Collection("users")
	device := "device-" + u.ID
	if err := users.BindToken(t.Context(), u.Email, u.Password, device); err != nil {
		t.Fatalf("BindToken: %v", err)
	}
	_, err := users.AuthWithToken(t.Context(), device)
	mfaID, ok := core.MFAID(err)
	if !ok {
		t.Fatalf("AuthWithToken for an MFA user: %v, want the MFA challenge", err)
	}
	// The password is the different second method.
	if _, err := users.AuthWithPassword(t.Context(), u.Email, u.Password, core.WithMFA(mfaID)); err != nil {
		t.Fatalf("second factor: %v", err)
	}
	if pb.AuthStore().Record().ID() != u.ID {
		t.Error("the second factor did not save the session")
	}
}
