//go:build !js

package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// oidcEmail is a fresh identity for the mock provider.
func oidcEmail(t *testing.T) string {
	return fmt.Sprintf("oidc-%s-%d@example.com", strings.ToLower(strings.NewReplacer("/", "-", "_", "-").Replace(t.Name())), time.Now().UnixNano())
}

// testOAuth2Popup: "Continue with Demo OIDC" opens a popup, the mock
// provider approves at once and redirects to /api/oauth2-redirect, the
// realtime relay hands the code over, and the demo shows the user; the
// popup is gone afterwards.
func (e *env) testOAuth2Popup(t *testing.T) {
	email := oidcEmail(t)
	e.srv.QueueOIDCUser(t, email, "Grace Hopper")
	tb := e.newTab(t)
	tb.openDemo("", "signed-out")
	poll[bool](tb, "the provider button", `!!document.getElementById("oauth2-oidc")`)
	if got := tb.textOf("oauth2-oidc"); got != "Continue with Demo OIDC" {
		t.Errorf("provider button %q, want \"Continue with Demo OIDC\"", got)
	}
	tb.click("oauth2-oidc")
	tb.waitState("signed-in")
	tb.signedInAs(email)
	if got := tb.textOf("who-name"); got != "Grace Hopper" {
		t.Errorf("name %q, want Grace Hopper (from the provider)", got)
	}
	if got := tb.textOf("notice"); got != "Signed in with Demo OIDC." {
		t.Errorf("notice %q", got)
	}
	tb.waitNoPopup()
	tb.shot("09-oauth2-signed-in")
}

// testOAuth2PopupBlocked: in a frame sandboxed without allow-popups the
// browser refuses window.open (headless Chromium does not block popups for
// a missing user gesture, so this is the deterministic way to get a real
// refusal). The sign-in rejects at once with popup_blocked, the demo says
// so and offers the redirect flow, which then signs in inside the frame.
func (e *env) testOAuth2PopupBlocked(t *testing.T) {
	email := oidcEmail(t)
	e.srv.QueueOIDCUser(t, email, "Blocked Popup")
	tb := e.newTab(t)
	tb.navigate("/e2e/sandboxed.html")
	tb.doc = `document.getElementById("app").contentDocument`
	tb.waitState("signed-out")
	poll[bool](tb, "the provider button", tb.doc+`.getElementById("oauth2-oidc") !== null`)

	start := time.Now()
	evalGesture[chromedp.Void](tb, tb.doc+`.getElementById("oauth2-oidc").click()`)
	s := tb.waitError()
	if took := time.Since(start); took > time.Second {
		t.Errorf("the blocked popup was reported after %v, want at once", took)
	}
	if s.Code != "popup_blocked" || !strings.Contains(s.Error, "blocked the sign-in window") {
		t.Fatalf("error %q (code %q), want the popup_blocked explanation", s.Error, s.Code)
	}
	if popups := tb.popups(); len(popups) != 0 {
		t.Errorf("a popup window exists: %v", popups)
	}
	if got := tb.textOf("error-action"); got != "Continue in this tab" {
		t.Fatalf("fallback button %q, want \"Continue in this tab\"", got)
	}
	tb.shot("10-popup-blocked")

	// The fallback: a full-page redirect to the provider and back.
	evalGesture[chromedp.Void](tb, tb.doc+`.getElementById("error-action").click()`)
	tb.waitState("signed-in")
	tb.signedInAs(email)
	if url := eval[string](tb, `document.getElementById("app").contentWindow.location.href`); strings.Contains(url, "code=") || strings.Contains(url, "state=") {
		t.Errorf("the return page still shows the code in its address: %s", url)
	}
}

// testOAuth2PopupClosed: the user closes the popup while the provider's
// page is up; the sign-in rejects within a second and the demo says why.
func (e *env) testOAuth2PopupClosed(t *testing.T) {
	tb := e.newTab(t)
	tb.openDemo("", "signed-out")
	poll[bool](tb, "the provider button", `!!document.getElementById("oauth2-oidc")`)
	atProvider := e.holdProvider(t)
	tb.click("oauth2-oidc")
	atProvider(tb)
	popups := tb.popups()
	if len(popups) != 1 {
		t.Fatalf("%d popups, want 1", len(popups))
	}
	closed := time.Now()
	_, err := chromedp.CallBrowser(e.browser, target.CloseTarget, target.CloseTargetParams{TargetID: popups[0]})
	must(t, tb, "close the popup", err)
	s := tb.waitError()
	took := time.Since(closed)
	if s.Code != "popup_closed" || s.Error != "The sign-in window was closed before the sign-in finished." {
		t.Fatalf("error %q (code %q), want popup_closed", s.Error, s.Code)
	}
	// The SDK polls every 200 ms and allows 400 ms of grace; the rest is
	// slack for a loaded 2-core machine.
	if took > 2*time.Second {
		t.Errorf("the closed popup was noticed after %v, want about a second", took)
	}
	t.Logf("closed popup noticed after %v", took)
	if s.State != "signed-out" {
		t.Errorf("state %q, want signed-out", s.State)
	}
	tb.shot("11-popup-closed")
}

// testOAuth2Timeout: a sign-in that does not finish within its timeout
// rejects with code timeout and closes its popup.
func (e *env) testOAuth2Timeout(t *testing.T) {
	tb := e.newTab(t)
	tb.openDemo("", "signed-out")
	atProvider := e.holdProvider(t)
	res := evalGesture[outcome](tb, `(() => {
  const t0 = performance.now();
  return bosgoDemo.pb.collection("users").authWithOAuth2({provider: "oidc", timeout: 1500}).then(
    () => ({ok: true}),
    (e) => ({ok: false, code: e.code, message: e.message, status: e.status, ms: Math.round(performance.now() - t0)}));
})()`)
	atProvider(tb) // the popup did reach the provider's page (held there)
	if res.OK || res.Code != "timeout" {
		t.Fatalf("outcome %+v, want a rejection with code timeout", res)
	}
	if res.MS < 1400 || res.MS > 5000 {
		t.Errorf("rejected after %d ms, want about the 1500 ms timeout", res.MS)
	}
	tb.waitNoPopup()
	if tok := eval[string](tb, `bosgoDemo.pb.authStore.token`); tok != "" {
		t.Error("a timed-out sign-in left a token")
	}
}

// outcome is how an authWithOAuth2 call settled, as the test pages report
// it.
type outcome struct {
	OK      bool   `json:"ok"`
	Email   string `json:"email"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Status  int    `json:"status"`
	MS      int64  `json:"ms"`
}

// holdProvider makes the browser hold every request to the mock provider's
// authorize endpoint (CDP Fetch interception on the browser, so it covers
// popups), as if the user were looking at the provider's sign-in page. It
// returns a function that waits (until the test's deadline) for a popup to
// reach that page.
// Interception ends with the test.
func (e *env) holdProvider(t *testing.T) func(*tab) {
	t.Helper()
	ctx, cancel := context.WithTimeout(e.browser, tabTimeout)
	paused := chromedp.BrowserEvents(ctx, fetch.RequestPaused)
	_, err := chromedp.CallBrowser(e.browser, fetch.Enable, fetch.EnableParams{
		Patterns: []*fetch.RequestPattern{{URLPattern: e.srv.OIDC.Issuer + "/authorize*"}},
	})
	if err != nil {
		cancel()
		t.Fatalf("intercept the provider: %v", err)
	}
	t.Cleanup(func() {
		cancel()
		if _, err := chromedp.CallBrowser(e.browser, fetch.Disable, cdp.Empty{}); err != nil {
			t.Errorf("stop intercepting: %v", err)
		}
	})
	return func(tb *tab) {
		tb.t.Helper()
		for ev, err := range paused {
			if err != nil {
				fatalf(tb.t, tb, "waiting for the popup to reach the provider: %v", err)
			}
			if strings.HasPrefix(ev.Request.URL, e.srv.OIDC.Issuer+"/authorize") {
				return
			}
		}
	}
}

// popups lists the open windows whose opener is this tab.
func (tb *tab) popups() []target.ID {
	tb.t.Helper()
	infos, err := chromedp.Targets(tb.e.browser)
	must(tb.t, tb, "list targets", err)
	var ids []target.ID
	for _, in := range infos {
		if in.Type == "page" && in.OpenerID == tb.id {
			ids = append(ids, in.TargetID)
		}
	}
	return ids
}

// waitNoPopup waits until this tab's popups are gone (the browser closes
// them on its own schedule, so this polls with a deadline).
func (tb *tab) waitNoPopup() {
	tb.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	for {
		popups := tb.popups()
		if len(popups) == 0 {
			return
		}
		if time.Now().After(deadline) {
			fatalf(tb.t, tb, "popup %v still open after %v", popups, waitTimeout)
		}
		select {
		case <-tick.C:
		case <-tb.ctx.Done():
			fatalf(tb.t, tb, "waiting for the popup to close: %v", tb.ctx.Err())
		}
	}
}

// evalGesture evaluates expr as if during a user gesture (a click), awaiting
// a promise result.
func evalGesture[T any](tb *tab, expr string) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise,
		func(p *runtime.EvaluateParams) { p.UserGesture = new(true) }))
	if err != nil {
		fatalf(tb.t, tb, "evaluate %s: %v", short(expr), err)
	}
	return v
}

// testOAuth2RedirectUnsafeURL: authWithOAuth2Redirect never navigates the
// page to a provider URL that is not http or https (the URL is
// admin-configurable; location.assign of a javascript: URL would run it in
// the app's page): it rejects with code oauth2_unsafe_url, runs nothing and
// keeps nothing in sessionStorage.
func (e *env) testOAuth2RedirectUnsafeURL(t *testing.T) {
	tb := e.newTab(t)
	tb.openDemo("", "signed-out")
	got := eval[string](tb, `(async () => {
  const c = bosgoDemo.pb.collection("users");
  c.listAuthMethods = async () => ({ oauth2: { enabled: true, providers: [{
    name: "evil", state: "s", codeVerifier: "v",
    authURL: "javascript:document.title='pwned'//?client_id=x&redirect_uri=" }] } });
  let code = "resolved";
  try { await c.authWithOAuth2Redirect({ provider: "evil" }); } catch (err) { code = err.code || String(err); }
  await new Promise((r) => setTimeout(r, 100)); // a javascript: navigation runs on a later task
  return code + "|" + document.title + "|" + sessionStorage.length;
})()`)
	parts := strings.Split(got, "|")
	if len(parts) != 3 || parts[0] != "oauth2_unsafe_url" || parts[1] == "pwned" || parts[2] != "0" {
		t.Fatalf("code|title|sessionStorage items = %q, want oauth2_unsafe_url, the page's title, 0", got)
	}
}
