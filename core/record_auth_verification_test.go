//go:build !js

package core_test

import (
	"slices"
	"testing"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/internal/testenv"
)

func TestVerificationEndToEnd(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	u := srv.NewUser(t, testenv.UserOptions{Verified: false})
	other := srv.NewUser(t, testenv.UserOptions{Verified: true})

	pb := core.New(srv.URL)
	auth := authSignIn(t, pb, u)
	if auth.Record.Bool("verified") {
		t.Fatal("the new user is already verified")
	}
	bystander := core.New(srv.URL)
	authSignIn(t, bystander, other)
	events := watchStore(t, pb.AuthStore())

	users := pb.Collection("users")
	if err := users.RequestVerification(t.Context(), u.Email); err != nil {
		t.Fatalf("RequestVerification: %v", err)
	}
	token := srv.WaitMail(t, u.Email, "verification").Token
	if c := claimsOf(t, token); c.Type != "verification" || c.ID != u.ID {
		t.Fatalf("verification token claims = %+v", c)
	}
	// Confirming on a client signed in as someone else leaves its store alone.
	if err := bystander.Collection("users").ConfirmVerification(t.Context(), token); err != nil {
		t.Fatalf("ConfirmVerification: %v", err)
	}
	if bystander.AuthStore().Record().ID() != other.ID {
		t.Error("the bystander's store changed")
	}
	// The server verified the record; confirming again on the owner's
	// client is accepted and updates its stored record locally.
	if err := users.ConfirmVerification(t.Context(), token); err != nil {
		t.Fatalf("ConfirmVerification on the owner's client: %v", err)
	}
	if rec := pb.AuthStore().Record(); !rec.Bool("verified") || pb.AuthStore().Token() != auth.Token {
		t.Errorf("stored record verified = %v, token kept %v", rec.Bool("verified"), pb.AuthStore().Token() == auth.Token)
	}
	if got := events.kinds(); !slices.Equal(got, []core.AuthEventKind{core.AuthRecordUpdated}) {
		t.Errorf("events = %v, want [record-updated]", got)
	}
	fresh, err := users.AuthRefresh(t.Context())
	if err != nil || !fresh.Record.Bool("verified") {
		t.Errorf("server record verified: %v, %v", fresh != nil && fresh.Record.Bool("verified"), err)
	}
}

func TestVerificationFailures(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	pb := core.New(srv.URL)
	err := pb.Collection("users").ConfirmVerification(t.Context(), "not-a-token")
	authStatus(t, "invalid token", err, 400)
	err = pb.Collection("users").RequestVerification(t.Context(), "not-an-email")
	authStatus(t, "invalid email", err, 400)
	err = pb.Collection("_superusers").RequestVerification(t.Context(), srv.Superuser.Email)
	e := authStatus(t, "superusers", err, 400)
	if e.Message() != "All superusers are verified by default." {
		t.Errorf("message = %q", e.Message())
	}
	// Unknown and already verified emails are answered like the others.
	if err := pb.Collection("users").RequestVerification(t.Context(), "nobody@example.com"); err != nil {
		t.Errorf("unknown email: %v", err)
	}
}
