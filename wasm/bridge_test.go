//go:build js && wasm

package main

import (
	"testing"
	"time"

	"github.com/hack-pad/safejs"
)

// callOK runs __bosgo.call and returns the resolved value.
func callOK(t *testing.T, b, h safejs.Value, method string, args map[string]any) safejs.Value {
	t.Helper()
	a, err := newObject(args)
	if err != nil {
		t.Fatal(err)
	}
	p, err := b.Call("call", h, method, a)
	if err != nil {
		t.Fatal(err)
	}
	v, err := await(testCtx(t, 20*time.Second), p)
	if err != nil {
		t.Fatalf("%s: %v", method, err)
	}
	return v
}

// callErr runs __bosgo.call and returns the rejection's detail.
func callErr(t *testing.T, b, h safejs.Value, method string, args map[string]any) map[string]any {
	t.Helper()
	a, _ := newObject(args)
	p, err := b.Call("call", h, method, a)
	if err != nil {
		t.Fatal(err)
	}
	return detail(t, awaitRejection(t, p))
}

func syncOK(t *testing.T, b, h safejs.Value, method string) safejs.Value {
	t.Helper()
	v, err := b.Call("sync", h, method, safejs.Null())
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := v.InstanceOf(global("Error")); ok {
		t.Fatalf("sync %s: %s", method, jsErrorString(v))
	}
	return v
}

// TestBridgePasswordSignIn signs in through the bridge exactly as
// web/bosbase.js does: the result, the store, the auth-change callback
// and the token in localStorage under the JS SDK's key.
func TestBridgePasswordSignIn(t *testing.T) {
	base := testEnv(t, "BOSGO_TEST_URL")
	email, password := testEnv(t, "BOSGO_TEST_EMAIL"), testEnv(t, "BOSGO_TEST_PASSWORD")
	b := bridgeValue(t)
	key := uniqueKey("bosgo_test_auth")
	t.Cleanup(func() { _, _ = global("localStorage").Call("removeItem", key) })
	changes := make(chan string, 8)
	onChange, remove := newCallback(func(args []safejs.Value) any {
		changes <- stringOf(arg0(args))
		return nil
	})
	defer remove()
	opts, _ := newObject(map[string]any{"authStore": "local", "storageKey": key})
	h, err := b.Call("newClient", base, opts, onChange)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Call("dispose", h)

	res := callOK(t, b, h, "authWithPassword", map[string]any{"collection": "users", "identity": email, "password": password})
	tok := stringOf(get(res, "token"))
	if tok == "" || stringOf(get(get(res, "record"), "email")) != email {
		t.Fatalf("result %s, want {token, record}", mustStringify(res))
	}
	if got := stringOf(syncOK(t, b, h, "token")); got != tok {
		t.Errorf("store token %q, want the new one", got)
	}
	if !boolOf(syncOK(t, b, h, "isValid")) {
		t.Error("isValid = false after sign-in")
	}
	select {
	case kind := <-changes:
		if kind != "signed-in" {
			t.Errorf("auth change %q, want signed-in", kind)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("onAuthChange was not called")
	}
	stored, _ := jsonParse(stringOf(must(global("localStorage").Call("getItem", key))))
	if stringOf(get(stored, "token")) != tok {
		t.Error("localStorage does not hold {token} under the storage key")
	}

	// Records need the session: the posts list rule is "signed-in users".
	list := callOK(t, b, h, "getList", map[string]any{"collection": "posts", "page": 1, "perPage": 5, "options": map[string]any{"sort": "-created"}})
	if n, _ := get(list, "perPage").Int(); n != 5 {
		t.Errorf("getList perPage %d, want 5 (%s)", n, mustStringify(list))
	}
	// The bridge's getFullList is one page of it (web/bosbase.js asks
	// for pages until one is short): batch records, without the total.
	full := callOK(t, b, h, "getFullList", map[string]any{"collection": "posts", "page": 1, "batch": 2})
	if isArray, _ := must(global("Array").Call("isArray", get(full, "items"))).Bool(); !isArray {
		t.Errorf("getFullList gave %s, want a page with items", mustStringify(full))
	}
	if n, _ := get(full, "perPage").Int(); n != 2 {
		t.Errorf("getFullList perPage %d, want the batch, 2 (%s)", n, mustStringify(full))
	}
	if n, _ := get(full, "totalItems").Int(); n != -1 {
		t.Errorf("getFullList totalItems %d, want -1 (skipTotal) (%s)", n, mustStringify(full))
	}

	refreshed := callOK(t, b, h, "authRefresh", map[string]any{"collection": "users"})
	if stringOf(get(refreshed, "token")) == "" {
		t.Error("authRefresh returned no token")
	}
	syncOK(t, b, h, "clear")
	if got := stringOf(syncOK(t, b, h, "token")); got != "" {
		t.Errorf("token after clear %q", got)
	}
}

// TestBridgeErrors: server errors arrive with status, url and the raw
// response body, so err.status === 401 && err.response.mfaId works.
func TestBridgeErrors(t *testing.T) {
	base := testEnv(t, "BOSGO_TEST_URL")
	mfaEmail, mfaPassword := testEnv(t, "BOSGO_TEST_MFA_EMAIL"), testEnv(t, "BOSGO_TEST_MFA_PASSWORD")
	b := bridgeValue(t)
	h := newMemoryClient(t, b, base)

	d := callErr(t, b, h, "authWithPassword", map[string]any{"collection": "users", "identity": mfaEmail, "password": "wrong-password"})
	if d["status"] != float64(400) || d["isAbort"] != false || d["message"] == "" {
		t.Errorf("wrong password: %v", d)
	}
	if u, _ := d["url"].(string); u == "" {
		t.Errorf("no url in %v", d)
	}

	d = callErr(t, b, h, "authWithPassword", map[string]any{"collection": "users", "identity": mfaEmail, "password": mfaPassword})
	resp, _ := d["response"].(map[string]any)
	if d["status"] != float64(401) || resp["mfaId"] == nil || resp["mfaId"] == "" {
		t.Fatalf("MFA user: %v, want 401 with response.mfaId", d)
	}

	d = callErr(t, b, h, "listAuthMethods", map[string]any{"collection": "no_such_collection"})
	if d["status"] != float64(404) {
		t.Errorf("unknown collection: %v", d)
	}
}

func must(v safejs.Value, err error) safejs.Value {
	if err != nil {
		return safejs.Undefined()
	}
	return v
}

func mustStringify(v safejs.Value) string {
	s, err := jsonStringify(v)
	if err != nil {
		return jsErrorString(v)
	}
	return s
}
