//go:build js && wasm

package main

import (
	"strings"
	"testing"
	"time"

	"github.com/hack-pad/safejs"
)

// oauth2Call starts authWithOAuth2 through the bridge with a urlCallback.
func oauth2Call(t *testing.T, b, h safejs.Value, urlCallback, signal safejs.Value, extra map[string]any) safejs.Value {
	t.Helper()
	args := map[string]any{"collection": "users", "provider": "oidc", "timeout": 20000}
	for k, v := range extra {
		args[k] = v
	}
	a, _ := newObject(args)
	p, err := b.Call("call", h, "authWithOAuth2", a, signal, urlCallback)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestOAuth2RealtimeFlowWithURLCallback runs the whole relay flow in the
// browser: realtime over the fetch SSE adapter, the provider URL handed to
// a JS urlCallback that plays the user's browser (fetch follows mockoidc's
// redirects to the server's /api/oauth2-redirect), then the code exchange.
func TestOAuth2RealtimeFlowWithURLCallback(t *testing.T) {
	base := testEnv(t, "BOSGO_TEST_URL")
	b := bridgeValue(t)
	h := newMemoryClient(t, b, base)
	follow := jsFunc(t, "url", `return fetch(url, {mode: "no-cors", credentials: "include"}).then(() => undefined)`)
	res, err := await(testCtx(t, 30*time.Second), oauth2Call(t, b, h, follow, safejs.Null(), nil))
	if err != nil {
		t.Fatalf("authWithOAuth2: %v", err)
	}
	if stringOf(get(res, "token")) == "" || stringOf(get(get(res, "record"), "email")) == "" {
		t.Fatalf("result %s, want token and record", mustStringify(res))
	}
	if stringOf(syncOK(t, b, h, "token")) != stringOf(get(res, "token")) {
		t.Error("the OAuth2 session was not saved to the store")
	}
}

// TestOAuth2SettlesOnEveryExit: a throwing urlCallback rejects at once, an
// AbortSignal rejects with code aborted, and a timeout with code timeout.
func TestOAuth2SettlesOnEveryExit(t *testing.T) {
	base := testEnv(t, "BOSGO_TEST_URL")
	b := bridgeValue(t)
	h := newMemoryClient(t, b, base)

	d := detail(t, awaitRejection(t, oauth2Call(t, b, h, jsFunc(t, "url", `throw new Error("cannot open")`), safejs.Null(), nil)))
	if !strings.Contains(mustJSON(d), "cannot open") {
		t.Errorf("throwing urlCallback: %v, want the callback's error", d)
	}

	ctrl, _ := global("AbortController").New()
	abortLater := jsFunc(t, "ctrl", `return (url) => { setTimeout(() => ctrl.abort(), 50); }`)
	cb, _ := abortLater.Invoke(ctrl)
	start := time.Now()
	d = detail(t, awaitRejection(t, oauth2Call(t, b, h, cb, get(ctrl, "signal"), nil)))
	if d["code"] != "aborted" || d["isAbort"] != true {
		t.Errorf("aborted: %v, want code aborted", d)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("abort took %v to settle", took)
	}

	d = detail(t, awaitRejection(t, oauth2Call(t, b, h, jsFunc(t, "url", `return undefined`), safejs.Null(), map[string]any{"timeout": 300})))
	if d["code"] != "timeout" || d["isAbort"] != true {
		t.Errorf("timeout: %v, want code timeout", d)
	}
}

func mustJSON(v any) string {
	jv, err := toJS(v)
	if err != nil {
		return ""
	}
	return mustStringify(jv)
}
