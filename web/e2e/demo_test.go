//go:build !js

package e2e

import (
	"strings"
	"testing"

	"github.com/bosgo/bosgo/internal/testenv"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestWeb is the browser end-to-end suite. One devserver and one Chromium
// are shared by the subtests; each subtest has its own browser context (its
// own storage) and its own users. The OAuth2 subtests change browser-wide
// request interception, so the subtests run one after the other.
func TestWeb(t *testing.T) {
	e := newEnv(t)
	// The demo.
	t.Run("LoadingShowsProgress", e.testLoading)
	t.Run("PasswordSignIn", e.testPasswordSignIn)
	t.Run("WrongPasswordIsExplained", e.testWrongPassword)
	t.Run("SecondTab", e.testSecondTab)
	t.Run("OTP", e.testOTP)
	t.Run("MFA", e.testMFA)
	t.Run("SessionStore", e.testSessionStore)
	t.Run("MemoryStore", e.testMemoryStore)
	t.Run("ExpiringTokenShowsExpiry", e.testExpiringToken)
	t.Run("CSPNeedsWasmUnsafeEval", e.testCSP)
	// OAuth2 (oauth2_test.go).
	t.Run("OAuth2Popup", e.testOAuth2Popup)
	t.Run("OAuth2PopupBlocked", e.testOAuth2PopupBlocked)
	t.Run("OAuth2PopupClosed", e.testOAuth2PopupClosed)
	t.Run("OAuth2Timeout", e.testOAuth2Timeout)
	t.Run("OAuth2COOP", e.testOAuth2COOP)
	t.Run("OAuth2RedirectRefusesUnsafeURL", e.testOAuth2RedirectUnsafeURL)
	// The BosBase JS SDK (interop_test.go).
	t.Run("JSSDKInterop", e.testJSSDKInterop)
	// Uploads, file URLs and tokens, getCount, health, linked accounts (files_test.go).
	t.Run("Files", e.testFiles)
	t.Run("FilesUploadAbort", e.testFilesUploadAbort)
	// One realtime connection for all the tabs of an origin (shared_realtime_test.go).
	t.Run("SharedRealtime", e.testSharedRealtime)
	// A drop-in for the BosBase JS SDK (dropin_test.go): the compatibility
	// tests and one app, each run with the JS SDK and with bosgo.
	t.Run("DropInCompat", e.testDropInCompat)
	t.Run("DropInApp", e.testDropInApp)
	// The README's picture (picture_test.go).
	t.Run("Picture", e.testPicture)
}

// testLoading: on a slow link the demo shows the module's download
// progress, and the reports end at the module's full size.
func (e *env) testLoading(t *testing.T) {
	tb := e.newTab(t)
	wasmURL := e.site + "/dist/bosbase.wasm"
	_, err := chromedp.Call(tb.ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		MatchedNetworkConditions: []*network.Conditions{{
			URLPattern: wasmURL, DownloadThroughput: float64(e.wasmSize) / 1.5, UploadThroughput: -1,
		}},
	})
	must(t, tb, "throttle the module download", err)
	tb.navigate("/")
	// Mid-download: the bar and the text show how far it is.
	mid := poll[string](tb, "the download to be under way", `(() => {
  const p = window.bosgoDemo && bosgoDemo.progress;
  return document.body.dataset.state === "loading" && p && p.length > 1 && p.at(-1).loaded > 0
    ? document.getElementById("load-text").textContent : "";
})()`)
	if !strings.Contains(mid, "MB") {
		t.Errorf("loading text %q does not say how much is loaded", mid)
	}
	tb.shot("01-loading")
	tb.waitState("signed-out")

	type progress struct {
		Loaded int64  `json:"loaded"`
		Total  *int64 `json:"total"`
	}
	reports := eval[[]progress](tb, `bosgoDemo.progress`)
	if len(reports) < 3 {
		t.Fatalf("%d progress reports, want several on a slow link", len(reports))
	}
	for i := 1; i < len(reports); i++ {
		if reports[i].Loaded < reports[i-1].Loaded {
			t.Fatalf("progress went back: %+v then %+v", reports[i-1], reports[i])
		}
	}
	last := reports[len(reports)-1]
	if last.Loaded != e.wasmSize {
		t.Errorf("last report loaded %d bytes, want the module's %d", last.Loaded, e.wasmSize)
	}
	if last.Total == nil || *last.Total != e.wasmSize {
		t.Errorf("total %v, want %d (the server sends Content-Length)", last.Total, e.wasmSize)
	}
}

// signInWithPassword fills the demo's password form and waits for the
// signed-in view.
func (tb *tab) signInWithPassword(email, password string) {
	tb.t.Helper()
	tb.fill("pw-email", email)
	tb.fill("pw-password", password)
	tb.click("pw-submit")
	tb.waitState("signed-in")
}

// signedInAs checks the signed-in view names the user.
func (tb *tab) signedInAs(email string) {
	tb.t.Helper()
	if got := tb.textOf("who-email"); got != email {
		fatalf(tb.t, tb, "signed-in view shows %q, want %q", got, email)
	}
}

// testPasswordSignIn: sign in with a password; the view shows the record,
// the token expiry ("never": the devserver issues BosBase's static tokens;
// "in …" from an external PocketBase) and the store; a reload keeps the session;
// sign out returns to the form and survives a reload too.
func (e *env) testPasswordSignIn(t *testing.T) {
	u := e.createUser(t, "ada@example.com", "Ada Lovelace")
	tb := e.newTab(t)
	tb.openDemo("", "signed-out")
	tb.shot("02-signed-out")
	tb.signInWithPassword(u.Email, u.Password)
	tb.signedInAs(u.Email)
	if got := tb.textOf("who-name"); got != "Ada Lovelace" {
		t.Errorf("name %q, want Ada Lovelace", got)
	}
	if got := tb.textOf("fact-id"); got != u.ID {
		t.Errorf("record id %q, want %q", got, u.ID)
	}
	if got := tb.textOf("fact-collection"); got != "users" {
		t.Errorf("collection %q, want users", got)
	}
	if e.srv.TokenMode == testenv.TokenModePocketBase { // an external PocketBase
		if exp := tb.textOf("token-expiry"); !strings.HasPrefix(exp, "in ") {
			t.Errorf("token expiry %q, want a time in the future (in …): the server issues expiring tokens", exp)
		}
	} else if exp := tb.textOf("token-expiry"); !strings.HasPrefix(exp, "never") {
		t.Errorf("token expiry %q, want never (a static BosBase token)", exp)
	}
	if store := tb.textOf("store-info"); !strings.HasPrefix(store, "localStorage (key bosbase_auth)") {
		t.Errorf("store %q, want localStorage (key bosbase_auth)", store)
	}
	tb.shot("03-signed-in")

	tb.reload("signed-in")
	tb.signedInAs(u.Email)

	// The record can be used: refresh the session against the server.
	tb.click("refresh")
	poll[bool](tb, "the refresh notice", `document.getElementById("notice").textContent === "Session refreshed."`)

	tb.click("logout")
	tb.waitState("signed-out")
	if stored := eval[string](tb, `localStorage.getItem("bosbase_auth") || ""`); stored != "" {
		t.Errorf("after sign-out localStorage still holds %q", stored)
	}
	tb.reload("signed-out")
}

// testWrongPassword: a failed sign-in shows a sentence, not a dump.
func (e *env) testWrongPassword(t *testing.T) {
	u := e.srv.NewUser(t, testenv.UserOptions{Verified: true})
	tb := e.newTab(t)
	tb.openDemo("", "signed-out")
	tb.fill("pw-email", u.Email)
	tb.fill("pw-password", "not-the-password")
	tb.click("pw-submit")
	s := tb.waitError()
	if s.Error != "Wrong email or password." || s.Code != "400" {
		t.Fatalf("error %q (code %q), want \"Wrong email or password.\" (400)", s.Error, s.Code)
	}
	if s.State != "signed-out" {
		t.Errorf("state %q, want signed-out", s.State)
	}
	tb.shot("04-wrong-password")
}

// testSecondTab: a second tab of the same browser shows the session at
// once; signing out in one tab signs out the other; signing in there shows
// up here.
func (e *env) testSecondTab(t *testing.T) {
	u := e.srv.NewUser(t, testenv.UserOptions{Verified: true})
	a := e.newTab(t)
	a.openDemo("", "signed-out")
	a.signInWithPassword(u.Email, u.Password)

	b := a.sibling(t)
	b.openDemo("", "signed-in")
	b.signedInAs(u.Email)

	b.click("logout")
	b.waitState("signed-out")
	a.waitState("signed-out")
	if got := a.textOf("notice"); got != "You were signed out in another tab." {
		t.Errorf("first tab's notice %q, want it to say another tab signed out", got)
	}
	a.shot("05-signed-out-by-other-tab")

	a.signInWithPassword(u.Email, u.Password)
	b.waitState("signed-in")
	b.signedInAs(u.Email)
	if got := b.textOf("notice"); got != "You signed in in another tab." {
		t.Errorf("second tab's notice %q, want it to say another tab signed in", got)
	}
}

// testOTP: sign in with a code sent by email (read from the devserver's
// captured mail, as a person reads the console).
func (e *env) testOTP(t *testing.T) {
	u := e.srv.NewUser(t, testenv.UserOptions{Verified: true})
	tb := e.newTab(t)
	tb.openDemo("", "signed-out")
	tb.click("tab-otp")
	tb.fill("otp-email", u.Email)
	tb.click("otp-request")
	poll[bool](tb, "the code form", `!document.getElementById("otp-form").hidden`)
	if sent := tb.textOf("otp-sent"); !strings.Contains(sent, u.Email) || !strings.Contains(sent, "console") {
		t.Errorf("code form says %q, want the email and where the devserver shows the code", sent)
	}
	tb.shot("06-otp-code")
	mail := e.srv.WaitMail(t, u.Email, "otp")
	tb.fill("otp-code", mail.Code)
	tb.click("otp-submit")
	tb.waitState("signed-in")
	tb.signedInAs(u.Email)
}

// testMFA: a password sign-in of an MFA user asks for a second step; the
// demo sends a code and signs in with it and the mfaId.
func (e *env) testMFA(t *testing.T) {
	u := e.srv.NewUser(t, testenv.UserOptions{Verified: true, MFA: true})
	tb := e.newTab(t)
	tb.openDemo("", "signed-out")
	tb.fill("pw-email", u.Email)
	tb.fill("pw-password", u.Password)
	tb.click("pw-submit")
	tb.waitState("mfa")
	poll[bool](tb, "the MFA code to be sent", `document.getElementById("mfa-text").textContent.includes("Enter the code")`)
	if text := tb.textOf("mfa-text"); !strings.Contains(text, u.Email) {
		t.Errorf("MFA step says %q, want the address the code went to", text)
	}
	tb.shot("07-mfa")
	mail := e.srv.WaitMail(t, u.Email, "otp")
	tb.fill("mfa-code", mail.Code)
	tb.click("mfa-submit")
	tb.waitState("signed-in")
	tb.signedInAs(u.Email)
}

// testSessionStore: with sessionStorage a reload keeps the session, another
// tab does not see it, and localStorage holds nothing.
func (e *env) testSessionStore(t *testing.T) {
	u := e.srv.NewUser(t, testenv.UserOptions{Verified: true})
	tb := e.newTab(t)
	tb.openDemo("?store=session", "signed-out")
	tb.signInWithPassword(u.Email, u.Password)
	if store := tb.textOf("store-info"); !strings.HasPrefix(store, "sessionStorage") {
		t.Errorf("store %q, want sessionStorage", store)
	}
	if got := eval[bool](tb, `sessionStorage.getItem("bosbase_auth") !== null && localStorage.getItem("bosbase_auth") === null`); !got {
		t.Error("the session is not in sessionStorage only")
	}
	tb.reload("signed-in")
	other := tb.sibling(t)
	other.openDemo("", "signed-out") // the store choice is remembered: session, of its own tab
}

// testMemoryStore: with the memory store nothing is stored and a reload
// signs out.
func (e *env) testMemoryStore(t *testing.T) {
	u := e.srv.NewUser(t, testenv.UserOptions{Verified: true})
	tb := e.newTab(t)
	tb.openDemo("", "signed-out")
	tb.click("store-memory")
	tb.signInWithPassword(u.Email, u.Password)
	if store := tb.textOf("store-info"); store != "memory" {
		t.Errorf("store %q, want memory", store)
	}
	if got := eval[bool](tb, `sessionStorage.getItem("bosbase_auth") === null && localStorage.getItem("bosbase_auth") === null`); !got {
		t.Error("the memory store wrote to Web Storage")
	}
	tb.reload("signed-out")
}

// testExpiringToken: a PocketBase-style expiring token (this subtest asks
// the devserver for PocketBase token mode) shows its expiry as "in …". An
// external server is used as it is: a PocketBase runs the test, a BosBase
// (static tokens only) skips it.
func (e *env) testExpiringToken(t *testing.T) {
	var srv *testenv.Server
	page := ""
	if e.srv.External {
		e.srv.RequireTokenMode(t, testenv.TokenModePocketBase, "shows an expiring token")
		srv, page = e.srv, e.pageURL("/")
	} else {
		srv = testenv.Start(t, testenv.Options{Static: e.static, TokenMode: testenv.TokenModePocketBase})
		page = srv.URL + "/"
	}
	u := srv.NewUser(t, testenv.UserOptions{Verified: true})
	tb := e.newTab(t)
	tb.navigateURL(page)
	tb.waitState("signed-out")
	tb.signInWithPassword(u.Email, u.Password)
	if exp := tb.textOf("token-expiry"); !strings.HasPrefix(exp, "in ") {
		t.Errorf("token expiry %q, want a time in the future (in …)", exp)
	}
	tb.shot("08-expiring-token")
}
