package core_test

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
)

func TestParseTokenClaims(t *testing.T) {
	t.Parallel()
	// The payload of a BosBase static user token (reference §2.1), exp in 2125.
	tok := tokenWithClaims(t, map[string]any{
		"collectionId": "_pb_users_auth_", "exp": 4920825600, "id": "abcdefghijklmno", "refreshable": false, "type": "auth",
	})
	c, err := core.ParseToken(tok)
	if err != nil {
		t.Fatalf("ParseToken: %v", err)
	}
	if c.ID != "abcdefghijklmno" || c.CollectionID != "_pb_users_auth_" || c.Type != "auth" || c.Refreshable {
		t.Errorf("claims = %+v", c)
	}
	if want := time.Date(2125, 12, 8, 0, 0, 0, 0, time.UTC); !c.Expiry.Equal(want) {
		t.Errorf("Expiry = %v, want %v", c.Expiry.UTC(), want)
	}
	if !core.TokenValid(tok, time.Now()) {
		t.Error("a token expiring in 2125 is not valid")
	}
}

func TestParseTokenPayloadLengths(t *testing.T) {
	t.Parallel()
	// The BosBase Go SDK fails for payloads whose length is not a multiple
	// of 3 (reference §6.3): every length must decode, padded or not.
	for n := 0; n < 3; n++ {
		claims := map[string]any{"id": strings.Repeat("x", 15+n), "collectionId": "pbc_3142635823", "type": "auth", "exp": 4920825600}
		tok := tokenWithClaims(t, claims)
		if _, err := core.ParseToken(tok); err != nil {
			t.Errorf("len %d: %v", n, err)
		}
		parts := strings.Split(tok, ".")
		padded := parts[0] + "." + base64.URLEncoding.EncodeToString(mustJSON(t, claims)) + "." + parts[2]
		if _, err := core.ParseToken(padded); err != nil {
			t.Errorf("padded, len %d: %v", n, err)
		}
	}
}

func TestParseTokenMalformed(t *testing.T) {
	t.Parallel()
	enc := base64.RawURLEncoding.EncodeToString
	tests := []struct{ name, token string }{
		{"empty", ""},
		{"one segment", "abc"},
		{"two segments", "a.b"},
		{"four segments", "a.b.c.d"},
		{"empty payload", "a..c"},
		{"not base64", "a.!!!.c"},
		{"not JSON", "a." + enc([]byte("nope")) + ".c"},
		{"JSON array", "a." + enc([]byte("[1]")) + ".c"},
		{"JSON null", "a." + enc([]byte("null")) + ".c"},
		{"exp string", "a." + enc([]byte(`{"exp":"4920825600"}`)) + ".c"},
		{"exp negative", "a." + enc([]byte(`{"exp":-1}`)) + ".c"},
		{"exp after 9999", "a." + enc([]byte(`{"exp":1e20}`)) + ".c"},
		{"too long", "a." + strings.Repeat("A", 20000) + ".c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := core.ParseToken(tt.token)
			if !errors.Is(err, core.ErrMalformedToken) {
				t.Fatalf("err = %v, want ErrMalformedToken", err)
			}
			if core.TokenValid(tt.token, time.Now()) {
				t.Error("TokenValid = true")
			}
		})
	}
}

func TestTokenExpiry(t *testing.T) {
	t.Parallel()
	now := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		exp   any // nil: no exp claim
		valid bool
	}{
		{"no exp never expires", nil, true},
		{"far future", now.Add(100 * 365 * 24 * time.Hour).Unix(), true},
		{"beyond the leeway", now.Add(core.ExpiryLeeway + time.Second).Unix(), true},
		{"inside the leeway", now.Add(core.ExpiryLeeway - time.Second).Unix(), false},
		{"exactly at the leeway", now.Add(core.ExpiryLeeway).Unix(), false},
		{"past", now.Add(-time.Hour).Unix(), false},
		{"fractional seconds", float64(now.Add(time.Hour).Unix()) + 0.5, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			claims := map[string]any{"id": "r1", "type": "auth"}
			if tt.exp != nil {
				claims["exp"] = tt.exp
			}
			tok := tokenWithClaims(t, claims)
			if got := core.TokenValid(tok, now); got != tt.valid {
				t.Errorf("TokenValid = %v, want %v", got, tt.valid)
			}
			store := &core.MemoryStore{Now: func() time.Time { return now }}
			_ = store.Save(tok, core.Record{"id": "r1"})
			if got := store.IsValid(); got != tt.valid {
				t.Errorf("MemoryStore.IsValid = %v, want %v", got, tt.valid)
			}
		})
	}
}

func TestIsSuperuserToken(t *testing.T) {
	t.Parallel()
	exp := time.Now().Add(time.Hour)
	su := fakeAuthToken(t, "s1", "pbc_3142635823", false, exp)
	user := fakeAuthToken(t, "u1", "_pb_users_auth_", false, exp)
	file := tokenWithClaims(t, map[string]any{"id": "s1", "collectionId": "pbc_3142635823", "type": "file", "exp": exp.Unix()})
	tests := []struct {
		name  string
		token string
		rec   core.Record
		want  bool
	}{
		{"superuser token, no record", su, nil, true},
		{"superuser record", su, core.Record{"collectionName": "_superusers"}, true},
		{"user record wins over the id", su, core.Record{"collectionName": "users"}, false},
		{"user token", user, nil, false},
		{"file token", file, nil, false},
		{"garbage", "x", nil, false},
	}
	for _, tt := range tests {
		if got := core.IsSuperuserToken(tt.token, tt.rec); got != tt.want {
			t.Errorf("%s: IsSuperuserToken = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func FuzzParseToken(f *testing.F) {
	for _, s := range []string{
		"", ".", "..", "a.b.c",
		"eyJhbGciOiJIUzI1NiJ9.eyJjb2xsZWN0aW9uSWQiOiJfcGJfdXNlcnNfYXV0aF8iLCJleHAiOjQ5MjA4MjU2MDAsImlkIjoiYWJjIiwicmVmcmVzaGFibGUiOmZhbHNlLCJ0eXBlIjoiYXV0aCJ9.c2ln",
		"eyJhbGciOiJIUzI1NiJ9.eyJleHAiOi0xfQ.c2ln",
		"eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjFlMzA4fQ==.c2ln",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, token string) {
		c, err := core.ParseToken(token)
		valid := core.TokenValid(token, time.Now())
		if err != nil {
			if !errors.Is(err, core.ErrMalformedToken) {
				t.Fatalf("error %v does not wrap ErrMalformedToken", err)
			}
			if valid {
				t.Fatal("TokenValid = true for a malformed token")
			}
			return
		}
		if c.Raw == nil {
			t.Fatal("Raw is nil for a parsed token")
		}
		if _, has := c.Raw["exp"]; has == c.Expiry.IsZero() {
			t.Fatalf("exp claim present = %v but Expiry = %v", has, c.Expiry)
		}
		if !c.Expiry.IsZero() && (c.Expiry.Before(time.Unix(0, 0)) || c.Expiry.Year() > 9999) {
			t.Fatalf("Expiry %v out of range", c.Expiry)
		}
		// Round trip: re-encoding the decoded claims gives the same claims.
		again, err := core.ParseToken("h." + base64.RawURLEncoding.EncodeToString(mustJSON(t, c.Raw)) + ".s")
		if err != nil {
			t.Fatalf("re-encoded claims do not parse: %v", err)
		}
		if again.ID != c.ID || again.CollectionID != c.CollectionID || again.Type != c.Type ||
			again.Refreshable != c.Refreshable || !again.Expiry.Equal(c.Expiry) ||
			string(mustJSON(t, again.Raw)) != string(mustJSON(t, c.Raw)) {
			t.Fatalf("round trip changed the claims: %+v vs %+v", again, c)
		}
	})
}

func FuzzTokenRoundTrip(f *testing.F) {
	f.Add("abcdefghijklmno", "_pb_users_auth_", "auth", false, int64(4920825600))
	f.Add("s", "pbc_3142635823", "auth", true, int64(1))
	f.Add("", "", "", false, int64(0))
	f.Add("é\x00\"", "\\", "passwordReset", true, int64(253402300799))
	f.Fuzz(func(t *testing.T, id, collID, typ string, refreshable bool, exp int64) {
		if exp < 0 || exp > 253402300799 {
			exp &= 0x7fffffff
		}
		tok := tokenWithClaims(t, map[string]any{"id": id, "collectionId": collID, "type": typ, "refreshable": refreshable, "exp": exp})
		c, err := core.ParseToken(tok)
		if len(tok) > 16<<10 {
			// ParseToken bounds its input at 16 KiB (BosBase tokens are a
			// few hundred bytes); longer well-formed tokens are refused.
			if !errors.Is(err, core.ErrMalformedToken) {
				t.Fatalf("ParseToken of a %d-byte token: err = %v, want ErrMalformedToken", len(tok), err)
			}
			return
		}
		if err != nil {
			t.Fatalf("ParseToken of a well-formed token: %v", err)
		}
		if c.ID != jsonString(t, id) || c.CollectionID != jsonString(t, collID) ||
			c.Type != jsonString(t, typ) || c.Refreshable != refreshable || c.Expiry.Unix() != exp {
			t.Fatalf("claims %+v do not match the input", c)
		}
	})
}

// jsonString returns s as it comes back from JSON (invalid UTF-8 replaced).
func jsonString(t testing.TB, s string) string {
	t.Helper()
	var out string
	if err := json.Unmarshal(mustJSON(t, s), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
