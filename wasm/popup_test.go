//go:build js && wasm

package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hack-pad/safejs"
)

// withWindowOpen replaces window.open for the test.
func withWindowOpen(t *testing.T, fn safejs.Value) {
	t.Helper()
	orig := get(global("window"), "open")
	if err := global("window").Set("open", fn); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = global("window").Set("open", orig) })
}

// TestOAuth2PopupBlockedRejectsAtOnce: when window.open returns null (what
// browsers do for a blocked popup) authWithOAuth2 rejects immediately with
// code popup_blocked and a message naming the fix, without any request.
func TestOAuth2PopupBlockedRejectsAtOnce(t *testing.T) {
	withWindowOpen(t, jsFunc(t, "return null"))
	b := bridgeValue(t)
	h := newMemoryClient(t, b, "http://127.0.0.1:9") // nothing listens: no request may be needed
	args, _ := newObject(map[string]any{"collection": "users", "provider": "oidc"})
	start := time.Now()
	p, err := b.Call("call", h, "authWithOAuth2", args)
	if err != nil {
		t.Fatal(err)
	}
	e := awaitRejection(t, p)
	d := detail(t, e)
	if d["code"] != "popup_blocked" {
		t.Fatalf("code %v (%s), want popup_blocked", d["code"], jsErrorString(e))
	}
	if msg := stringOf(get(e, "message")); !containsAll(msg, "click handler", "authWithOAuth2Redirect") {
		t.Errorf("message %q does not name the fix", msg)
	}
	if time.Since(start) > time.Second {
		t.Errorf("took %v, want at once", time.Since(start))
	}
}

// TestPopupWatchSeesClose: a popup the user closes is noticed within a
// second, and not at all once the sign-in is exchanging the code.
func TestPopupWatchSeesClose(t *testing.T) {
	fake, _ := newObject(map[string]any{"closed": false})
	p := &Popup{win: fake}
	ctx := testCtx(t, 10*time.Second)
	closed := make(chan time.Time, 1)
	go PopupWatch{}.Watch(ctx, p, func() { closed <- time.Now() })
	start := time.Now()
	_ = fake.Set("closed", true)
	select {
	case at := <-closed:
		if d := at.Sub(start); d > time.Second {
			t.Errorf("noticed after %v, want under a second", d)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("a closed popup was not noticed")
	}

	// Done: the code is being exchanged, so the redirect page closing the
	// popup is not an abort.
	_ = fake.Set("closed", false)
	var exchanging = true
	wctx, cancel := context.WithTimeout(ctx, 1500*time.Millisecond)
	defer cancel()
	fired := false
	_ = fake.Set("closed", true)
	PopupWatch{Done: func() bool { return exchanging }}.Watch(wctx, p, func() { fired = true })
	if fired {
		t.Error("a close after the exchange started counted as abandoned")
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
