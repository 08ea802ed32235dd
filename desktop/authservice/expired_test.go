package authservice_test

import (
	"encoding/base64"
	"encoding/json"
	"maps"
	"testing"
	"time"

	"github.com/bosgo/bosgo/desktop/authservice"
	"github.com/bosgo/bosgo/internal/testenv"
)

// expiredToken is a JWT-shaped token for rec that expired an hour ago and
// cannot be refreshed (a BosBase static or impersonation token past its
// "exp"). The client checks the claims locally and never sends it, so the
// signature does not matter.
func expiredToken(t *testing.T, id, collectionID string) string {
	t.Helper()
	claims, err := json.Marshal(map[string]any{
		"id": id, "collectionId": collectionID, "type": "auth",
		"refreshable": false, "exp": time.Now().Add(-time.Hour).Unix(),
	})
	if err != nil {
		t.Fatal(err)
	}
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc(claims) + "." + enc([]byte("signature"))
}

// TestExpiredSessionIsExplained: when the client clears a session because
// its token expired (core.AuthExpired), the state keeps it as Expired, so
// the window shows "Your session has expired" rather than a bare sign-in
// form; signing out (the screen's "Sign in again") or signing in forgets it.
func TestExpiredSessionIsExplained(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	svc, ev := e.start(t)
	u := e.srv.NewUser(t, testenv.UserOptions{Verified: true})
	res := signIn(t, svc, u)

	store := authservice.StoreOf(svc)
	rec := maps.Clone(store.Record())
	rec["avatar"] = "me.png" // GetAvatar then asks for a file token: an authenticated request
	if err := store.Save(expiredToken(t, rec.ID(), res.State.Session.Record.String("collectionId")), rec); err != nil {
		t.Fatal(err)
	}
	if st := svc.State(); !st.SignedIn || st.Session.Valid || st.Expired != nil {
		t.Fatalf("with an expired token saved: signed in %v, session %+v, expired %+v", st.SignedIn, st.Session, st.Expired)
	}

	if _, err := svc.GetAvatar(); err == nil {
		t.Fatal("GetAvatar with an expired token: no error")
	}
	st := ev.lastState(t)
	if st.SignedIn || store.Token() != "" {
		t.Fatalf("the client did not clear the expired session: signed in %v", st.SignedIn)
	}
	if st.Expired == nil || st.Expired.Email != u.Email || st.Expired.Valid {
		t.Fatalf("after the client cleared it: Expired %+v, want the session of %s, not valid", st.Expired, u.Email)
	}

	if st, err := svc.SignOut(); err != nil || st.Expired != nil {
		t.Fatalf("SignOut (the screen's button): %v, Expired %+v", err, st.Expired)
	}
	signIn(t, svc, u)
	if st := svc.State(); st.Expired != nil {
		t.Errorf("signed in again, still Expired %+v", st.Expired)
	}
}
