package testenv_test

import (
	"math"
	"net/http"
	"testing"
	"time"

	"github.com/bosgo/bosgo/internal/testenv"
)

// year2100 is 2100-01-01T00:00:00Z.
var year2100 = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)

func expClaim(t *testing.T, token string) time.Time {
	t.Helper()
	exp, ok := claims(t, token)["exp"].(float64)
	if !ok {
		t.Fatalf("token has no numeric exp: %v", claims(t, token))
	}
	return time.Unix(int64(exp), 0)
}

// TestBosBaseTokenMode: the default devserver issues BosBase's static
// tokens.
func TestBosBaseTokenMode(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	if srv.TokenMode != testenv.TokenModeBosBase {
		t.Fatalf("READY tokenMode %q", srv.TokenMode)
	}

	for _, who := range []struct{ collection, email, password string }{
		{"users", "demo@example.com", "secret123"},
		{"_superusers", srv.Superuser.Email, srv.Superuser.Password},
	} {
		a := login(t, srv, who.collection, who.email, who.password)
		if c := claims(t, a.Token); c["refreshable"] != false {
			t.Fatalf("%s: refreshable = %v, want false", who.email, c["refreshable"])
		}
		if exp := expClaim(t, a.Token); !exp.After(year2100) {
			t.Fatalf("%s: exp %s is not past 2100", who.email, exp)
		}

		// auth-refresh echoes a static token instead of rotating it.
		r := call(t, http.MethodPost, srv.URL+"/api/collections/"+who.collection+"/auth-refresh", a.Token, nil)
		expect(t, "auth-refresh", r, http.StatusOK, "")
		if decodeAuth(t, r).Token != a.Token {
			t.Fatalf("%s: auth-refresh changed a static token", who.email)
		}
	}

	// Custom-token logins get static tokens too.
	user := srv.NewUser(t, testenv.UserOptions{Verified: true})
	api := srv.URL + "/api/collections/users/"
	expect(t, "bind", call(t, http.MethodPost, api+"bind-token", "",
		map[string]string{"email": user.Email, "password": user.Password, "token": "static-device-" + user.ID}), http.StatusNoContent, "")
	r := call(t, http.MethodPost, api+"auth-with-token", "", map[string]string{"token": "static-device-" + user.ID})
	expect(t, "auth-with-token", r, http.StatusOK, "")
	if tok := decodeAuth(t, r).Token; claims(t, tok)["refreshable"] != false || !expClaim(t, tok).After(year2100) {
		t.Fatalf("auth-with-token token is not static: %v", claims(t, tok))
	}

	// Impersonation keeps its own duration.
	r = call(t, http.MethodPost, api+"impersonate/"+user.ID, srv.SuperuserToken(t), map[string]int{"duration": 60})
	expect(t, "impersonate", r, http.StatusOK, "")
	if exp := expClaim(t, decodeAuth(t, r).Token); time.Until(exp) > 2*time.Minute {
		t.Fatalf("impersonate token exp %s, want about a minute from now", exp)
	}

	// Duration 0 means the collection's authToken.duration: 7 days for
	// users, as on BosBase.
	r = call(t, http.MethodPost, api+"impersonate/"+user.ID, srv.SuperuserToken(t), map[string]int{"duration": 0})
	expect(t, "impersonate 0", r, http.StatusOK, "")
	tok := decodeAuth(t, r).Token
	if c := claims(t, tok); c["refreshable"] != false {
		t.Fatalf("impersonate 0: refreshable = %v, want false", c["refreshable"])
	}
	if d := time.Until(expClaim(t, tok)); math.Abs(d.Hours()-7*24) > 0.1 {
		t.Fatalf("impersonate 0: token lives %s, want 7 days", d)
	}
}

// TestSharedPocketBase: tests of refresh and expiry ask for PocketBase
// token mode explicitly and get refreshable, expiring tokens.
func TestSharedPocketBase(t *testing.T) {
	t.Parallel()
	srv := testenv.SharedPocketBase(t)
	if srv.TokenMode != testenv.TokenModePocketBase || srv == testenv.Shared(t) {
		t.Fatalf("SharedPocketBase: token mode %q", srv.TokenMode)
	}
	a := login(t, srv, "users", "demo@example.com", "secret123")
	if c := claims(t, a.Token); c["refreshable"] != true || expClaim(t, a.Token).After(year2100) {
		t.Fatalf("claims %v, want a refreshable, expiring token", c)
	}
}

func TestTokenTTL(t *testing.T) {
	t.Parallel()
	srv := testenv.Start(t, testenv.Options{TokenMode: testenv.TokenModePocketBase, TokenTTL: 10 * time.Second})

	issued := time.Now()
	a := login(t, srv, "users", "demo@example.com", "secret123")
	if c := claims(t, a.Token); c["refreshable"] != true {
		t.Fatalf("refreshable = %v, want true in pocketbase mode", c["refreshable"])
	}
	// exp has one-second resolution; allow for that and a slow machine.
	if d := expClaim(t, a.Token).Sub(issued).Seconds(); math.Abs(d-10) > 3 {
		t.Fatalf("token lifetime %.1fs, want about 10s", d)
	}
}
