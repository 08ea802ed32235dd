//go:build js && wasm

package main

import (
	"encoding/json"
	"io"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/core/storetest"
	"github.com/hack-pad/safejs"
)

// devMailCode reads the newest OTP code mailed to email from the
// devserver's captured mail (GET /api/dev/mails), polling until it arrives.
func devMailCode(t *testing.T, base, email, otpID string) string {
	t.Helper()
	ctx := testCtx(t, 20*time.Second)
	for {
		var mails []struct {
			Kind  string `json:"kind"`
			OTPID string `json:"otpId"`
			Code  string `json:"code"`
		}
		dev := base
		if d := os.Getenv("BOSGO_TEST_DEV_URL"); d != "" {
			dev = d // the conformance harness's sidecar, for an external server
		}
		resp, err := (&FetchTransport{}).RoundTrip(ctx, &core.Request{Method: "GET", URL: dev + "/api/dev/mails?to=" + url.QueryEscape(email), Header: core.Header{}})
		if err != nil {
			t.Fatalf("dev mails: %v", err)
		}
		body, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if err := json.Unmarshal(body, &mails); err != nil {
			t.Fatalf("dev mails %d: %q: %v", resp.StatusCode, body, err)
		}
		for _, m := range mails {
			if m.Kind == "otp" && m.OTPID == otpID && m.Code != "" {
				return m.Code
			}
		}
		select { // polling an external process (the server's mailer)
		case <-ctx.Done():
			t.Fatalf("no OTP mail for %s", email)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// TestBridgeMFAWithOTP: the seeds' MFA flow through the bridge — password
// gives 401 {mfaId}; requestOTP; authWithOTP with {mfaId} signs in.
func TestBridgeMFAWithOTP(t *testing.T) {
	base := testEnv(t, "BOSGO_TEST_URL")
	email, password := testEnv(t, "BOSGO_TEST_MFA_EMAIL"), testEnv(t, "BOSGO_TEST_MFA_PASSWORD")
	b := bridgeValue(t)
	h := newMemoryClient(t, b, base)

	d := callErr(t, b, h, "authWithPassword", map[string]any{"collection": "users", "identity": email, "password": password})
	mfaID, _ := d["response"].(map[string]any)["mfaId"].(string)
	if d["status"] != float64(401) || mfaID == "" {
		t.Fatalf("first factor: %v, want 401 {mfaId}", d)
	}
	otp := callOK(t, b, h, "requestOTP", map[string]any{"collection": "users", "email": email})
	otpID := stringOf(get(otp, "otpId"))
	if otpID == "" {
		t.Fatalf("requestOTP: %s", mustStringify(otp))
	}
	code := devMailCode(t, base, email, otpID)
	res := callOK(t, b, h, "authWithOTP", map[string]any{"collection": "users", "otpId": otpID, "code": code, "options": map[string]any{"mfaId": mfaID}})
	if stringOf(get(get(res, "record"), "email")) != email || !boolOf(syncOK(t, b, h, "isValid")) {
		t.Fatalf("second factor: %s", mustStringify(res))
	}
}

// TestBridgeImpersonate: a superuser's impersonate gives a new client
// handle with its own memory store, leaving the superuser signed in.
func TestBridgeImpersonate(t *testing.T) {
	base := testEnv(t, "BOSGO_TEST_URL")
	suEmail, suPassword := testEnv(t, "BOSGO_TEST_SUPERUSER_EMAIL"), testEnv(t, "BOSGO_TEST_SUPERUSER_PASSWORD")
	email, password := testEnv(t, "BOSGO_TEST_EMAIL"), testEnv(t, "BOSGO_TEST_PASSWORD")
	b := bridgeValue(t)

	user := newMemoryClient(t, b, base)
	uid := stringOf(get(get(callOK(t, b, user, "authWithPassword", map[string]any{"collection": "users", "identity": email, "password": password}), "record"), "id"))

	su := newMemoryClient(t, b, base)
	callOK(t, b, su, "authWithPassword", map[string]any{"collection": "_superusers", "identity": suEmail, "password": suPassword})
	if !boolOf(syncOK(t, b, su, "isSuperuser")) {
		t.Fatal("superuser sign-in: isSuperuser = false")
	}
	res := callOK(t, b, su, "impersonate", map[string]any{"collection": "users", "id": uid, "duration": 600})
	h := get(res, "handle")
	defer b.Call("dispose", h)
	if rec := syncOK(t, b, h, "record"); stringOf(get(rec, "id")) != uid {
		t.Errorf("impersonated record %s, want %s", mustStringify(rec), uid)
	}
	if info := syncOK(t, b, h, "storeInfo"); stringOf(get(info, "kind")) != "memory" {
		t.Errorf("impersonated store %s, want memory", mustStringify(info))
	}
	if !boolOf(syncOK(t, b, su, "isSuperuser")) {
		t.Error("impersonating changed the superuser's own session")
	}
	// A user may not impersonate.
	d := callErr(t, b, user, "impersonate", map[string]any{"collection": "users", "id": uid})
	if d["status"] != float64(403) && d["status"] != float64(401) {
		t.Errorf("user impersonating: %v, want 401/403", d)
	}
}

// TestBridgeExpiredSession: the expiry rule seen from JS. A stored token
// that cannot be refreshed and is past its exp is not sent: the call
// rejects with code token_expired, the store is empty and onAuthChange is
// told "expired".
func TestBridgeExpiredSession(t *testing.T) {
	base := testEnv(t, "BOSGO_TEST_URL")
	b := bridgeValue(t)
	kinds := make(chan string, 8)
	onChange, remove := newCallback(func(args []safejs.Value) any {
		kinds <- stringOf(arg0(args))
		return nil
	})
	defer remove()
	opts, _ := newObject(map[string]any{"authStore": "memory"})
	h, err := b.Call("newClient", base, opts, onChange)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Call("dispose", h)
	expired := storetest.UnsignedToken(map[string]any{
		"id": "u1", "collectionId": "_pb_users_auth_", "type": "auth", "refreshable": false,
		"exp": time.Now().Add(-time.Hour).Unix(),
	})
	args, _ := newObject(map[string]any{"token": expired, "record": map[string]any{"id": "u1", "collectionName": "users"}})
	if _, err := b.Call("sync", h, "save", args); err != nil {
		t.Fatal(err)
	}
	d := callErr(t, b, h, "getList", map[string]any{"collection": "posts", "page": 1, "perPage": 5})
	if d["code"] != "token_expired" {
		t.Errorf("a call with an expired impersonation token: %v, want code token_expired", d)
	}
	if tok := stringOf(syncOK(t, b, h, "token")); tok != "" {
		t.Error("the expired session is still in the store")
	}
	var got []string
	for len(got) < 2 {
		select {
		case k := <-kinds:
			got = append(got, k)
		case <-time.After(5 * time.Second):
			t.Fatalf("onAuthChange got %v, want [signed-in expired]", got)
		}
	}
	if got[0] != "signed-in" || got[1] != "expired" {
		t.Errorf("onAuthChange got %v, want [signed-in expired]", got)
	}
}
