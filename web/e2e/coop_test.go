//go:build !js

package e2e

import (
	"context"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// siteWithHeaders serves the web folder from another origin than the API
// (as an app hosted apart from BosBase), adding the response header named
// by the query parameters coop (Cross-Origin-Opener-Policy). The devserver
// cannot set such headers; this is a plain static file host, not a fake of
// the server under test.
func (e *env) siteWithHeaders(t *testing.T) string {
	t.Helper()
	files := http.FileServer(http.Dir(e.static))
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if v := r.URL.Query().Get("coop"); v != "" {
			w.Header().Set("Cross-Origin-Opener-Policy", v)
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(site.Close)
	return site.URL
}

// providerPage makes the browser answer the mock provider's authorize
// requests with a "sign in" page of its own, carrying the given headers
// (CDP Fetch interception on the browser, so it covers popups): a real
// provider's login page that waits for the user. The page's "Allow" link
// (id approve) repeats the request with approved=1, which goes through to
// the mock provider, which approves. It returns a function that waits until
// a popup has been shown the page (once per page shown).
func (e *env) providerPage(t *testing.T, headers map[string]string) func(*tab) {
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
	entries := []*fetch.HeaderEntry{{Name: "Content-Type", Value: "text/html; charset=utf-8"}}
	for k, v := range headers {
		entries = append(entries, &fetch.HeaderEntry{Name: k, Value: v})
	}
	shown := make(chan struct{}, 16)
	var wg sync.WaitGroup
	wg.Go(func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			if strings.Contains(ev.Request.URL, "approved=1") {
				_, _ = chromedp.CallBrowser(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
				continue
			}
			page := `<!doctype html><title>Demo OIDC</title><h1>Sign in to Demo OIDC</h1>` +
				`<p><a id="approve" href="` + html.EscapeString(ev.Request.URL+"&approved=1") + `">Allow</a></p>`
			_, err := chromedp.CallBrowser(ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{
				RequestID: ev.RequestID, ResponseCode: 200, ResponseHeaders: entries, Body: []byte(page),
			})
			if err == nil {
				select {
				case shown <- struct{}{}:
				default:
				}
			}
		}
	})
	t.Cleanup(func() {
		cancel()
		wg.Wait()
		if _, err := chromedp.CallBrowser(e.browser, fetch.Disable, cdp.Empty{}); err != nil {
			t.Errorf("stop intercepting: %v", err)
		}
	})
	return func(tb *tab) {
		tb.t.Helper()
		select {
		case <-shown:
		case <-tb.ctx.Done():
			fatalf(tb.t, tb, "waiting for the popup to show the provider's page: %v", tb.ctx.Err())
		}
	}
}

// approveInPopup clicks "Allow" on the provider page in tb's popup, as the
// user would.
func (tb *tab) approveInPopup() {
	tb.t.Helper()
	popups := tb.popups()
	if len(popups) != 1 {
		fatalf(tb.t, tb, "%d popups, want 1", len(popups))
	}
	ctx, cancel := chromedp.NewContext(tb.e.browser, chromedp.WithTargetID(popups[0]), chromedp.WithDetachOnCancel())
	defer cancel()
	ctx, cancelWait := context.WithTimeout(ctx, waitTimeout)
	defer cancelWait()
	must(tb.t, tb, "click Allow in the popup", chromedp.Do(ctx, chromedp.Click(chromedp.ID("approve"))))
}

// testOAuth2COOP: Cross-Origin-Opener-Policy and the popup. The app is
// served from its own origin (the API is the devserver, over CORS).
//
//   - same-origin-allow-popups on the app's page: the sign-in works.
//   - same-origin on the app's page: the page loses its handle to the popup
//     once the provider's page is shown, so the popup looks closed and the
//     sign-in fails with popup_closed although the window is open.
//   - a provider page that sends COOP (same-origin-allow-popups here) cuts
//     the handle the same way; with detectPopupClose: false the sign-in
//     completes once the user approves.
//
// docs/browser.md states these rules.
func (e *env) testOAuth2COOP(t *testing.T) {
	site := e.siteWithHeaders(t)
	api := "&api=" + e.srv.URL

	t.Run("SameOriginAllowPopupsWorks", func(t *testing.T) {
		email := oidcEmail(t)
		e.srv.QueueOIDCUser(t, email, "Allow Popups")
		tb := e.newTab(t)
		tb.navigateURL(site + "/?coop=same-origin-allow-popups" + api)
		tb.waitState("signed-out")
		poll[bool](tb, "the provider button", `!!document.getElementById("oauth2-oidc")`)
		tb.click("oauth2-oidc")
		tb.waitState("signed-in")
		tb.signedInAs(email)
	})

	t.Run("SameOriginLosesThePopup", func(t *testing.T) {
		tb := e.newTab(t)
		tb.navigateURL(site + "/?coop=same-origin" + api)
		tb.waitState("signed-out")
		poll[bool](tb, "the provider button", `!!document.getElementById("oauth2-oidc")`)
		shown := e.providerPage(t, nil)
		tb.click("oauth2-oidc")
		shown(tb)
		s := tb.waitError()
		if s.Code != "popup_closed" {
			t.Fatalf("error %q (code %q), want popup_closed: the cut-off popup looks closed", s.Error, s.Code)
		}
		if len(tb.popups()) != 1 {
			t.Errorf("the popup is gone; this case is about a popup that is open but cut off")
		}
	})

	t.Run("ProviderCOOPNeedsDetectPopupCloseOff", func(t *testing.T) {
		email := oidcEmail(t)
		e.srv.QueueOIDCUser(t, email, "Provider COOP")
		tb := e.newTab(t)
		tb.navigateURL(site + "/?coop=unsafe-none" + api)
		tb.waitState("signed-out")
		shown := e.providerPage(t, map[string]string{"Cross-Origin-Opener-Policy": "same-origin-allow-popups"})

		// The default: the popup looks closed once the provider's page is up.
		res := evalGesture[outcome](tb, `bosgoDemo.pb.collection("users").authWithOAuth2({provider: "oidc"}).then(
  (r) => ({ok: true, email: r.record.email}), (e) => ({ok: false, code: e.code, message: e.message}))`)
		shown(tb)
		if res.OK || res.Code != "popup_closed" {
			t.Fatalf("outcome %+v, want popup_closed (the provider's COOP cuts the popup off)", res)
		}

		// The cut-off popup cannot be closed by the page (the user would
		// close it); close it here.
		for _, id := range tb.popups() {
			_, err := chromedp.CallBrowser(e.browser, target.CloseTarget, target.CloseTargetParams{TargetID: id})
			must(t, tb, "close the cut-off popup", err)
		}
		tb.waitNoPopup()

		// detectPopupClose: false: the user approves and the sign-in
		// completes over the realtime relay.
		evalGesture[bool](tb, `(window.pending = bosgoDemo.pb.collection("users").authWithOAuth2({provider: "oidc", detectPopupClose: false, timeout: 20000}).then(
  (r) => ({ok: true, email: r.record.email}), (e) => ({ok: false, code: e.code, message: e.message})), true)`)
		shown(tb)
		tb.approveInPopup()
		res = eval[outcome](tb, `window.pending`)
		if !res.OK || res.Email != email {
			t.Fatalf("outcome %+v, want a sign-in as %s", res, email)
		}
		tb.waitState("signed-in")
		tb.waitNoPopup() // BosBase's redirect page closes the popup itself
	})
}
