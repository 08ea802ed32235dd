//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
	"github.com/hack-pad/safejs"
)

// fakePopup stubs window.open with a function returning a window-like
// object the test controls: {closed, close(), location: {href}}; it counts
// calls in window.__bosgoOpenCalls, and each navigation is sent on the
// returned channel.
func fakePopup(t *testing.T) (safejs.Value, <-chan string) {
	t.Helper()
	navigated := make(chan string, 4)
	cb, remove := newCallback(func(args []safejs.Value) any {
		navigated <- stringOf(arg0(args))
		return nil
	})
	t.Cleanup(remove)
	_ = global("window").Set("__bosgoNavigated", cb)
	win, err := jsFunc(t, `
		const w = { closed: false, close() { this.closed = true; }, location: {
			_href: "",
			get href() { return this._href; },
			set href(v) { this._href = v; window.__bosgoNavigated(v); },
		} };
		window.__bosgoOpenCalls = 0;
		window.__bosgoFakeOpen = () => { window.__bosgoOpenCalls++; return w; };
		return w;`).Invoke()
	if err != nil {
		t.Fatal(err)
	}
	withWindowOpen(t, get(global("window"), "__bosgoFakeOpen"))
	return win, navigated
}

// TestOAuth2PopupIsNavigatedAndClosedOnTimeout: the popup is opened during
// the call (before it returns), sent to the provider's authorization URL
// once known, and closed when the sign-in times out.
func TestOAuth2PopupIsNavigatedAndClosedOnTimeout(t *testing.T) {
	base := testEnv(t, "BOSGO_TEST_URL")
	win, _ := fakePopup(t)
	b := bridgeValue(t)
	h := newMemoryClient(t, b, base)
	a, _ := newObject(map[string]any{"collection": "users", "provider": "oidc", "timeout": 1500})
	p, err := b.Call("call", h, "authWithOAuth2", a)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := get(global("window"), "__bosgoOpenCalls").Int(); n != 1 {
		t.Fatalf("window.open called %d times before the call returned, want 1 (synchronously)", n)
	}
	d := detail(t, awaitRejection(t, p))
	if d["code"] != "timeout" {
		t.Errorf("code %v, want timeout", d["code"])
	}
	href := stringOf(get(get(win, "location"), "href"))
	if !strings.Contains(href, "/oidc") || !strings.Contains(href, "redirect_uri=") || !strings.Contains(href, "state=") {
		t.Errorf("popup was sent to %q, want the provider's authorization URL", href)
	}
	if !boolOf(get(win, "closed")) {
		t.Error("the popup was left open after the sign-in failed")
	}
}

// TestOAuth2PopupClosedByUser: closing the popup rejects with code
// popup_closed (isAbort) within about a second.
func TestOAuth2PopupClosedByUser(t *testing.T) {
	base := testEnv(t, "BOSGO_TEST_URL")
	win, navigated := fakePopup(t)
	b := bridgeValue(t)
	h := newMemoryClient(t, b, base)
	a, _ := newObject(map[string]any{"collection": "users", "provider": "oidc", "timeout": 20000})
	p, err := b.Call("call", h, "authWithOAuth2", a)
	if err != nil {
		t.Fatal(err)
	}
	// Once the popup is sent to the provider, "the user" closes it.
	select {
	case <-navigated:
	case <-time.After(10 * time.Second):
		t.Fatal("the popup was never navigated")
	}
	closedAt := time.Now()
	_ = win.Set("closed", true)
	d := detail(t, awaitRejection(t, p))
	if d["code"] != "popup_closed" || d["isAbort"] != true {
		t.Errorf("detail %v, want code popup_closed with isAbort", d)
	}
	if took := time.Since(closedAt); took > 1500*time.Millisecond {
		t.Errorf("rejected %v after the popup closed, want about a second at most", took)
	}
}

// TestErrorCodesOfCoreErrors: core's typed failures reach JS with their
// code, status 0 and a human message; server errors have no code.
func TestErrorCodesOfCoreErrors(t *testing.T) {
	wrap := func(sentinel error) error {
		return &core.ClientResponseError{Response: map[string]any{}, OriginalError: fmt.Errorf("%w: detail", sentinel)}
	}
	cases := []struct {
		err  error
		code string
	}{
		{wrap(core.ErrOAuth2Cancelled), "oauth2_cancelled"},
		{wrap(core.ErrOAuth2StateMismatch), "oauth2_state_mismatch"},
		{wrap(core.ErrOAuth2Timeout), "timeout"},
		{wrap(core.ErrRealtimeDisconnected), "realtime_disconnected"},
		{wrap(core.ErrPubSubTimeout), "pubsub_timeout"},
		{fmt.Errorf("auth-refresh: %w", ErrLockTimeout), "lock_timeout"},
		{ErrPopupBlocked, "popup_blocked"},
		{fmt.Errorf("%w: %w", ErrPopupClosed, errors.New("context canceled")), "popup_closed"},
		{&core.ClientResponseError{Status: 400, Response: map[string]any{"message": "Failed to authenticate."}}, ""},
	}
	for _, tc := range cases {
		d := detailOf(tc.err)
		if d.Code != tc.code {
			t.Errorf("%v: code %q, want %q", tc.err, d.Code, tc.code)
		}
		if d.Message == "" {
			t.Errorf("%v: empty message", tc.err)
		}
	}
	if d := detailOf(cases[len(cases)-1].err); d.Status != 400 || d.Message != "Failed to authenticate." {
		t.Errorf("server error detail %+v", d)
	}
}
