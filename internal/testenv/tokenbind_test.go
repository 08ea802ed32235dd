package testenv_test

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"testing"

	"github.com/bosgo/bosgo/internal/testenv"
)

func TestTokenBinding(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	user := srv.NewUser(t, testenv.UserOptions{Verified: true})
	other := srv.NewUser(t, testenv.UserOptions{Verified: true})
	token := "device-" + user.Email
	api := srv.URL + "/api/collections/users/"

	bindBody := func(u testenv.User, password, token string) map[string]string {
		return map[string]string{"email": u.Email, "password": password, "token": token}
	}
	authWithToken := func(token string) response {
		return call(t, http.MethodPost, api+"auth-with-token", "", map[string]string{"token": token})
	}

	// Failure cases first.
	expect(t, "bind with a wrong password",
		call(t, http.MethodPost, api+"bind-token", "", bindBody(user, "wrong", token)),
		http.StatusBadRequest, "Failed to bind token.")
	expect(t, "bind for an unknown email",
		call(t, http.MethodPost, api+"bind-token", "", map[string]string{"email": "nobody@example.com", "password": "x", "token": token}),
		http.StatusBadRequest, "Failed to bind token.")
	invalid := call(t, http.MethodPost, api+"bind-token", "", map[string]string{"email": "not-an-email"})
	expect(t, "bind with an invalid body", invalid, http.StatusBadRequest, "An error occurred while validating the submitted data.")
	if data, _ := invalid.json(t)["data"].(map[string]any); data["email"] == nil || data["password"] == nil || data["token"] == nil {
		t.Fatalf("validation data should name email, password and token: %s", invalid.body)
	}
	expect(t, "auth with an unknown token", authWithToken("never-bound"), http.StatusBadRequest, "Failed to authenticate.")
	expect(t, "auth-with-token with an empty token", authWithToken(""), http.StatusBadRequest, "An error occurred while validating the submitted data.")
	for _, path := range []string{"bind-token", "unbind-token", "auth-with-token"} {
		expect(t, path+" on an unknown collection",
			call(t, http.MethodPost, srv.URL+"/api/collections/nope/"+path, "", bindBody(user, user.Password, token)),
			http.StatusNotFound, "Missing or invalid collection context.")
		expect(t, path+" on a base collection",
			call(t, http.MethodPost, srv.URL+"/api/collections/posts/"+path, "", bindBody(user, user.Password, token)),
			http.StatusNotFound, "Missing or invalid auth collection context.")
	}

	// Bind, sign in with the token, unbind.
	expect(t, "bind", call(t, http.MethodPost, api+"bind-token", "", bindBody(user, user.Password, token)), http.StatusNoContent, "")
	r := authWithToken(token)
	expect(t, "auth-with-token", r, http.StatusOK, "")
	if a := decodeAuth(t, r); a.Record["id"] != user.ID {
		t.Fatalf("auth-with-token signed in %v, want %s", a.Record["id"], user.ID)
	}
	expect(t, "unbind with a wrong password",
		call(t, http.MethodPost, api+"unbind-token", "", bindBody(user, "wrong", token)),
		http.StatusBadRequest, "Failed to unbind token.")
	expect(t, "unbind", call(t, http.MethodPost, api+"unbind-token", "", bindBody(user, user.Password, token)), http.StatusNoContent, "")
	expect(t, "auth after unbind", authWithToken(token), http.StatusBadRequest, "Failed to authenticate.")
	expect(t, "unbind of an unbound token", call(t, http.MethodPost, api+"unbind-token", "", bindBody(user, user.Password, token)), http.StatusNoContent, "")

	// A conflicting bind re-points the token to the newer record.
	shared := "shared-" + user.Email
	expect(t, "bind for user", call(t, http.MethodPost, api+"bind-token", "", bindBody(user, user.Password, shared)), http.StatusNoContent, "")
	expect(t, "bind for other", call(t, http.MethodPost, api+"bind-token", "", bindBody(other, other.Password, shared)), http.StatusNoContent, "")
	if a := decodeAuth(t, authWithToken(shared)); a.Record["id"] != other.ID {
		t.Fatalf("re-pointed token signed in %v, want %s", a.Record["id"], other.ID)
	}

	// Deleting the record deletes its bindings.
	expect(t, "delete other", call(t, http.MethodDelete, api+"records/"+other.ID, srv.SuperuserToken(t), nil), http.StatusNoContent, "")
	expect(t, "auth after record delete", authWithToken(shared), http.StatusBadRequest, "Failed to authenticate.")
}

func TestTokenBindingMFA(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	user := srv.NewUser(t, testenv.UserOptions{Verified: true, MFA: true})
	api := srv.URL + "/api/collections/users/"
	token := "mfa-device-" + user.Email

	expect(t, "bind", call(t, http.MethodPost, api+"bind-token", "",
		map[string]string{"email": user.Email, "password": user.Password, "token": token}), http.StatusNoContent, "")
	r := call(t, http.MethodPost, api+"auth-with-token", "", map[string]string{"token": token})
	if body := r.json(t); r.status != http.StatusUnauthorized || len(body) != 1 || body["mfaId"] == nil {
		t.Fatalf("auth-with-token for an MFA user: want 401 {mfaId}, got %d %s", r.status, r.body)
	}
	mfaID := r.json(t)["mfaId"].(string)

	// The password is a different method, so it completes the MFA.
	second := call(t, http.MethodPost, api+"auth-with-password?mfaId="+mfaID, "",
		map[string]string{"identity": user.Email, "password": user.Password})
	expect(t, "second factor", second, http.StatusOK, "")
}

func TestTokenBindingNeedsPasswordAuth(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	admin := srv.SuperuserToken(t)

	// A fresh auth collection with password auth off (a new collection, so
	// the shared server's users collection is untouched).
	name := "nopw_" + randomSuffix(t)
	r := call(t, http.MethodPost, srv.URL+"/api/collections", admin, map[string]any{
		"name": name, "type": "auth", "passwordAuth": map[string]any{"enabled": false},
	})
	expect(t, "create collection", r, http.StatusOK, "")
	t.Cleanup(func() {
		call(t, http.MethodDelete, srv.URL+"/api/collections/"+name, admin, nil)
	})

	body := map[string]string{"email": "a@example.com", "password": "x", "token": "t"}
	for _, path := range []string{"bind-token", "unbind-token"} {
		expect(t, path, call(t, http.MethodPost, srv.URL+"/api/collections/"+name+"/"+path, "", body),
			http.StatusForbidden, "The collection is not configured to allow password authentication.")
	}
	// auth-with-token does not check password auth, as in BosBase.
	expect(t, "auth-with-token", call(t, http.MethodPost, srv.URL+"/api/collections/"+name+"/auth-with-token", "",
		map[string]string{"token": "t"}), http.StatusBadRequest, "Failed to authenticate.")
}

// randomSuffix returns 12 random hex digits for unique names.
func randomSuffix(t *testing.T) string {
	t.Helper()
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}
