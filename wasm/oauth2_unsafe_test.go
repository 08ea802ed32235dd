//go:build js && wasm

package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/bosgo/bosgo/core"
	"github.com/hack-pad/safejs"
)

// TestPopupRefusesNonWebURL: the popup is a same-origin about:blank, so a
// javascript: URL would run with the app's origin; Navigate refuses every
// scheme but http and https, before touching the window.
func TestPopupRefusesNonWebURL(t *testing.T) {
	win, navigated := fakePopup(t)
	p := &Popup{win: win}
	for _, u := range []string{"javascript:alert(document.domain)", " JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>", "blob:https://a/b"} {
		if err := p.Navigate(u); !errors.Is(err, core.ErrOAuth2UnsafeURL) {
			t.Errorf("Navigate(%q) = %v, want ErrOAuth2UnsafeURL", u, err)
		}
	}
	select {
	case u := <-navigated:
		t.Fatalf("the popup was navigated to %q", u)
	default:
	}
	if err := p.Navigate("https://id.example/authorize"); err != nil {
		t.Fatalf("https URL: %v", err)
	}
}

// withFakeAuthMethods makes fetch answer auth-methods requests with one
// OAuth2 provider "evil" whose authURL is authURL; other requests go to
// the real fetch.
func withFakeAuthMethods(t *testing.T, authURL string) {
	t.Helper()
	orig := global("fetch")
	fake, err := jsFunc(t, "orig", "authURL", `return (url, init) => {
		if (!String(url).includes("/auth-methods")) return orig(url, init);
		const body = JSON.stringify({
			password: { enabled: true, identityFields: ["email"] },
			oauth2: { enabled: true, providers: [{ name: "evil", displayName: "Evil", state: "st4te",
				authURL, codeVerifier: "v", codeChallenge: "c", codeChallengeMethod: "S256" }] },
			mfa: { enabled: false, duration: 0 }, otp: { enabled: false, duration: 0 },
		});
		return Promise.resolve(new Response(body, { status: 200, headers: { "Content-Type": "application/json" } }));
	}`).Invoke(orig, authURL)
	if err != nil {
		t.Fatal(err)
	}
	if err := global("window").Set("fetch", fake); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = global("window").Set("fetch", orig) })
}

// TestOAuth2UnsafeProviderURLIsNotOpened: a provider whose authURL is a
// javascript: URL (it is admin-configurable and travels in the
// auth-methods answer) makes authWithOAuth2 reject with code
// oauth2_unsafe_url; the popup is never navigated and is closed.
func TestOAuth2UnsafeProviderURLIsNotOpened(t *testing.T) {
	withFakeAuthMethods(t, "javascript://id.example/%0Aalert(document.domain)//?client_id=x&redirect_uri=")
	win, navigated := fakePopup(t)
	b := bridgeValue(t)
	h := newMemoryClient(t, b, "http://127.0.0.1:9") // every request is answered by the fake
	a, _ := newObject(map[string]any{"collection": "users", "provider": "evil", "timeout": 5000})
	p, err := b.Call("call", h, "authWithOAuth2", a)
	if err != nil {
		t.Fatal(err)
	}
	d := detail(t, awaitRejection(t, p))
	if d["code"] != "oauth2_unsafe_url" {
		t.Errorf("detail %v, want code oauth2_unsafe_url", d)
	}
	select {
	case u := <-navigated:
		t.Errorf("the popup was navigated to %q", u)
	default:
	}
	if !boolOf(get(win, "closed")) {
		t.Error("the popup was left open")
	}
}

// TestOAuth2OriginalErrorHidesState: a urlCallback whose error quotes the
// provider URL (state included) rejects with an error in which no field a
// JS caller can read — message, originalError.message, the whole detail —
// holds the state: core redacts it, and the bridge must not reach around
// the redaction to the raw JS message.
func TestOAuth2OriginalErrorHidesState(t *testing.T) {
	base := testEnv(t, "BOSGO_TEST_URL")
	b := bridgeValue(t)
	h := newMemoryClient(t, b, base)
	for _, body := range []string{
		`window.__bosgoLastOAuth2URL = url; return Promise.reject(new TypeError("cannot open " + url))`,
		`window.__bosgoLastOAuth2URL = url; throw new TypeError("cannot open " + url)`,
	} {
		e := awaitRejection(t, oauth2Call(t, b, h, jsFunc(t, "url", body), safejs.Null(), nil))
		state, err := jsFunc(t, `return new URL(window.__bosgoLastOAuth2URL).searchParams.get("state") || ""`).Invoke()
		if err != nil || stringOf(state) == "" {
			t.Fatalf("no state in the provider URL (%v)", err)
		}
		d := detail(t, e)
		all := mustJSON(d) + " " + stringOf(get(e, "message")) + " " + jsErrorString(e)
		if strings.Contains(all, stringOf(state)) {
			t.Errorf("%s: the state %q reaches JS: %s", body, stringOf(state), all)
		}
		if !strings.Contains(mustJSON(d), "cannot open REDACTED") {
			t.Errorf("%s: detail %s lost the callback's error", body, mustJSON(d))
		}
	}
}
