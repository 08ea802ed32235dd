package core_test

import (
	"encoding/base64"
	"encoding/json"
	"testing"
	"time"
)

// tokenWithClaims returns an unsigned JWT-shaped token carrying claims, as the
// client only decodes the payload.
func tokenWithClaims(t testing.TB, claims map[string]any) string {
	t.Helper()
	payload, err := json.Marshal(claims)
	if err != nil {
		t.Fatalf("marshal claims: %v", err)
	}
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc.EncodeToString(payload) + ".c2lnbmF0dXJl"
}

// fakeAuthToken returns an auth token for record id of collection collID,
// expiring at exp.
func fakeAuthToken(t testing.TB, id, collID string, refreshable bool, exp time.Time) string {
	t.Helper()
	return tokenWithClaims(t, map[string]any{
		"id": id, "collectionId": collID, "type": "auth", "refreshable": refreshable, "exp": exp.Unix(),
	})
}
