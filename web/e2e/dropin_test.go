//go:build !js

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/bosgo/bosgo/internal/testenv"
	"github.com/chromedp/chromedp"
)

// The two SDKs a drop-in page runs with: ?sdk=js maps the import
// specifier "bosbase" to the BosBase JS SDK (npm bosbase, pinned in
// web/e2e/interop), anything else to bosgo's web/sdk.js. The pages' import
// maps are the only difference between the runs.
var dropInSDKs = []string{"js", "bosgo"}

// compatResult is one compatibility test's outcome (web/e2e/compat/run.js).
type compatResult struct {
	File  string `json:"file"`
	Name  string `json:"name"`
	OK    bool   `json:"ok"`
	Error string `json:"error"`
}

// testDropInCompat runs the compatibility test files (web/e2e/compat/*.test.js,
// one per area, each stating the JS SDK behaviour it checks) with the JS
// SDK, which shows that they describe its real behaviour, and with bosgo.
func (e *env) testDropInCompat(t *testing.T) {
	e.requireJSSDK(t)
	for _, sdk := range dropInSDKs {
		t.Run(sdk, func(t *testing.T) {
			tb := e.newTab(t)
			tb.navigate("/compat/?sdk=" + sdk)
			results, err := chromedp.Run(tb.ctx, chromedp.Poll[[]compatResult](`window.compatDone && window.compatResults`,
				chromedp.WithPollingTimeout(tabTimeout), chromedp.WithPollingInterval(pollEvery)))
			if err != nil {
				t.Fatalf("waiting for the compatibility tests: %v (so far: %s)", err, eval[string](tb, `JSON.stringify(window.compatResults || [])`))
			}
			if len(results) == 0 {
				t.Fatal("no compatibility test ran")
			}
			for _, r := range results {
				if !r.OK {
					t.Errorf("%s: %s: %s", r.File, r.Name, r.Error)
				}
			}
			t.Logf("%d compatibility tests ran with %s", len(results), sdk)
		})
	}
}

func (e *env) requireJSSDK(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(e.root, "web", "e2e", "interop", "node_modules", "bosbase", "package.json")); err != nil {
		t.Fatal("the BosBase JS SDK is not installed: run go tool task web:setup (npm ci in web/e2e/interop)")
	}
}

// testDropInApp drives web/e2e/app, an app written for the BosBase JS SDK's
// API, through its page, once with the JS SDK and once with bosgo (only
// its import map differs): password sign-in through a custom store
// subclass, CRUD with realtime, an auto-cancelled search with the
// beforeSend header reaching a custom fetch, a validation error, OTP,
// MFA and the OAuth2 popup.
func (e *env) testDropInApp(t *testing.T) {
	e.requireJSSDK(t)
	for _, sdk := range dropInSDKs {
		t.Run(sdk, func(t *testing.T) {
			tb := e.newTab(t)
			state := func(want string) {
				t.Helper()
				poll[bool](tb, "the app to show "+want, fmt.Sprintf(`document.body.dataset.state === %s`, jsString(want)))
			}
			signOut := func() {
				t.Helper()
				tb.click("signout")
				state("signed-out")
			}
			tb.navigate("/app/?sdk=" + sdk)
			state("signed-out")

			// Password, through the UIStore subclass (a LocalAuthStore).
			u := e.srv.NewUser(t, testenv.UserOptions{Verified: true})
			tb.fill("email", u.Email)
			tb.fill("password", u.Password)
			tb.click("signin")
			state("signed-in")
			if got := tb.textOf("who"); got != u.Email {
				t.Fatalf("signed in as %q, want %s", got, u.Email)
			}
			if !eval[bool](tb, `JSON.parse(localStorage.getItem("posts_app_auth") || "{}").token?.length > 0`) {
				t.Error("the custom store did not persist the session under its key")
			}
			// The app shows signed-in when its store saves, before it
			// subscribes to realtime; its first list fetch (through the
			// custom fetch that notes X-App) comes once subscribe resolved.
			// A post created earlier may miss its create event.
			poll[bool](tb, "the subscription and the first list", `document.getElementById("x-app").textContent === "posts-app"`)

			// CRUD, seen live through realtime.
			for _, title := range []string{"alpha", "beta"} {
				tb.fill("title", title)
				tb.click("create")
				// The app clears the field once the post is saved; wait for
				// that before typing the next title.
				poll[bool](tb, "the post "+title, fmt.Sprintf(`document.getElementById("title").value === "" && [...document.querySelectorAll("#posts li")].some((li) => li.textContent === %s)`, jsString(title)))
			}
			poll[bool](tb, "the realtime feed", `[...document.querySelectorAll("#feed li")].map((li) => li.textContent).join() === "create:alpha,create:beta"`)
			poll[bool](tb, "the list", `[...document.querySelectorAll("#posts li")].map((li) => li.textContent).join() === "alpha,beta"`)
			eval[bool](tb, `app.rename("beta", "gamma").then(() => app.remove("alpha")).then(() => true)`)
			poll[bool](tb, "update and delete in the feed", `[...document.querySelectorAll("#feed li")].map((li) => li.textContent).slice(2).join() === "update:gamma,delete:alpha"`)

			// Two searches at once: the JS SDK's auto-cancellation drops the
			// first; the second shows its result.
			eval[bool](tb, `(app.search("gam"), app.search("gamma"), true)`)
			poll[bool](tb, "the cancelled search", `document.getElementById("cancelled").textContent === "1" && [...document.querySelectorAll("#posts li")].map((li) => li.textContent).join() === "gamma"`)
			if got := tb.textOf("x-app"); got != "posts-app" {
				t.Errorf("the custom fetch saw X-App %q, want the beforeSend header", got)
			}

			// A validation error, shown as the seeds do.
			tb.fill("title", "")
			tb.click("create")
			poll[bool](tb, "the validation error", `document.getElementById("error").textContent.includes("title: ")`)
			signOut()

			// OTP.
			u2 := e.srv.NewUser(t, testenv.UserOptions{Verified: true})
			tb.fill("otp-email", u2.Email)
			tb.click("otp-request")
			// The mail can arrive before requestOTP's answer: submit once
			// the app holds the otpId.
			poll[bool](tb, "the app to ask for the code", `document.getElementById("otp-code").placeholder !== ""`)
			mail := e.srv.WaitMail(t, u2.Email, "otp")
			tb.fill("otp-code", mail.Code)
			tb.click("otp-submit")
			state("signed-in")
			if got := tb.textOf("who"); got != u2.Email {
				t.Fatalf("OTP: signed in as %q, want %s", got, u2.Email)
			}
			signOut()

			// MFA: password, then an emailed code with the mfaId.
			u3 := e.srv.NewUser(t, testenv.UserOptions{Verified: true, MFA: true})
			tb.fill("email", u3.Email)
			tb.fill("password", u3.Password)
			tb.click("signin")
			state("mfa")
			mail = e.srv.WaitMail(t, u3.Email, "otp")
			tb.fill("mfa-code", mail.Code)
			tb.click("mfa-submit")
			state("signed-in")
			if got := tb.textOf("who"); got != u3.Email {
				t.Fatalf("MFA: signed in as %q, want %s", got, u3.Email)
			}
			signOut()

			// OAuth2 in a popup.
			email := oidcEmail(t)
			e.srv.QueueOIDCUser(t, email, "Drop In")
			tb.click("oauth2")
			state("signed-in")
			if got := tb.textOf("who"); got != email {
				t.Fatalf("OAuth2: signed in as %q, want %s", got, email)
			}
			if errText := tb.textOf("error"); errText != "" {
				t.Errorf("the app shows an error: %s", errText)
			}
		})
	}
}
