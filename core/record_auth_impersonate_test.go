//go:build !js

package core_test

import (
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/internal/testenv"
)

func TestImpersonate(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	u := srv.NewUser(t, testenv.UserOptions{Verified: true})
	admin := core.New(srv.URL, core.WithLang("de-DE"))
	su := authSuperuser(t, srv, admin)

	before := time.Now()
	imp, err := admin.Collection("users").Impersonate(t.Context(), u.ID, time.Hour)
	if err != nil {
		t.Fatalf("Impersonate: %v", err)
	}
	tok := imp.AuthStore().Token()
	c := claimsOf(t, tok)
	if c.Refreshable || c.ID != u.ID || c.Type != "auth" {
		t.Errorf("claims = %+v, want a non-refreshable auth token of the user", c)
	}
	if c.Expiry.Before(before.Add(time.Hour-5*time.Second)) || c.Expiry.After(time.Now().Add(time.Hour+5*time.Second)) {
		t.Errorf("exp = %v, want about now+1h", c.Expiry)
	}
	if imp.AuthStore().Record().ID() != u.ID || imp.AuthStore().IsSuperuser() || !imp.AuthStore().IsValid() {
		t.Errorf("impersonated store: record %q", imp.AuthStore().Record().ID())
	}
	// The original client keeps its superuser session; the new one acts as
	// the user.
	if admin.AuthStore().Token() != su.Token || !admin.AuthStore().IsSuperuser() {
		t.Error("Impersonate changed the original client's session")
	}
	if imp.AuthStore() == admin.AuthStore() || imp.BaseURL() != admin.BaseURL() {
		t.Error("the impersonated client shares the store or has another base URL")
	}
	if st := getOwnUser(t, imp, u.ID); st != 200 {
		t.Errorf("the impersonated client cannot see the user's own record: %d", st)
	}
	// Signing the new client out leaves the original alone.
	_ = imp.AuthStore().Clear()
	if admin.AuthStore().Token() != su.Token {
		t.Error("clearing the impersonated client cleared the original")
	}
}

func TestImpersonateDefaultDuration(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	u := srv.NewUser(t, testenv.UserOptions{Verified: true})
	admin := core.New(srv.URL)
	authSuperuser(t, srv, admin)
	imp, err := admin.Collection("users").Impersonate(t.Context(), u.ID, 0)
	if err != nil {
		t.Fatalf("Impersonate: %v", err)
	}
	// Zero means the collection's auth token duration.
	var coll struct {
		AuthToken struct {
			Duration int64 `json:"duration"`
		} `json:"authToken"`
	}
	if err := admin.Send(t.Context(), "GET", "/api/collections/users", nil, &coll); err != nil {
		t.Fatal(err)
	}
	want := time.Duration(coll.AuthToken.Duration) * time.Second
	if left := time.Until(claimsOf(t, imp.AuthStore().Token()).Expiry); want <= 0 || left > want || left < want-10*time.Second {
		t.Errorf("default impersonation lifetime %v, want the collection's %v", left, want)
	}
}

func TestImpersonateFailures(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	u := srv.NewUser(t, testenv.UserOptions{Verified: true})
	victim := srv.NewUser(t, testenv.UserOptions{Verified: true})

	t.Run("refused for a user", func(t *testing.T) {
		t.Parallel()
		pb := core.New(srv.URL)
		auth := authSignIn(t, pb, u)
		imp, err := pb.Collection("users").Impersonate(t.Context(), victim.ID, time.Hour)
		authStatus(t, "Impersonate as a user", err, 403)
		if imp != nil || pb.AuthStore().Token() != auth.Token {
			t.Error("a refused impersonation returned a client or touched the store")
		}
	})
	t.Run("without a session", func(t *testing.T) {
		t.Parallel()
		_, err := core.New(srv.URL).Collection("users").Impersonate(t.Context(), victim.ID, time.Hour)
		authStatus(t, "Impersonate as a guest", err, 401)
	})
	t.Run("unknown record", func(t *testing.T) {
		t.Parallel()
		admin := core.New(srv.URL)
		authSuperuser(t, srv, admin)
		_, err := admin.Collection("users").Impersonate(t.Context(), "unknownrecord12", time.Hour)
		authStatus(t, "Impersonate an unknown record", err, 404)
	})
	t.Run("negative duration", func(t *testing.T) {
		t.Parallel()
		admin := core.New(srv.URL)
		authSuperuser(t, srv, admin)
		_, err := admin.Collection("users").Impersonate(t.Context(), victim.ID, -time.Hour)
		authStatus(t, "Impersonate with a negative duration", err, 400)
	})
}
