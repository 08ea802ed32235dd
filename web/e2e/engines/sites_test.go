//go:build !js

package engines

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bosgo/bosgo/internal/testenv"
)

// slowLink is how long the module's download takes from site's slow link.
const slowLink = 1500 * time.Millisecond

// site serves the web folder from another origin than the API (as an app
// hosted apart from BosBase, talking to the devserver over CORS): a plain
// static file host, not a fake of the server under test. The query
// parameter coop sets the page's Cross-Origin-Opener-Policy; with slow,
// dist/bosbase.wasm comes over a slow link (about slowLink for the whole
// module), which the browser's own throttling does in Chromium's suite.
func (e *env) site(t *testing.T, slow bool) string {
	t.Helper()
	files := http.FileServer(http.Dir(e.static))
	wasm := filepath.Join(e.static, "dist", "bosbase.wasm")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if v := r.URL.Query().Get("coop"); v != "" {
			w.Header().Set("Cross-Origin-Opener-Policy", v)
		}
		if slow && r.URL.Path == "/dist/bosbase.wasm" {
			serveSlowly(w, r, wasm)
			return
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// serveSlowly sends the file in chunks paced to take about slowLink, with
// its Content-Length.
func serveSlowly(w http.ResponseWriter, r *http.Request, name string) {
	b, err := os.ReadFile(name)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	const chunks = 50
	w.Header().Set("Content-Type", "application/wasm")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.Header().Set("Cache-Control", "no-store")
	tick := time.NewTicker(slowLink / chunks)
	defer tick.Stop()
	size := (len(b) + chunks - 1) / chunks
	rc := http.NewResponseController(w)
	for len(b) > 0 {
		n := min(size, len(b))
		if _, err := w.Write(b[:n]); err != nil {
			return
		}
		if err := rc.Flush(); err != nil {
			return
		}
		b = b[n:]
		select {
		case <-tick.C:
		case <-r.Context().Done():
			return
		}
	}
}

// testLoading: on a slow link the demo shows the module's download
// progress, and the reports end at the module's full size (as
// TestWeb/LoadingShowsProgress, whose slow link is Chromium's throttling).
func (e *env) testLoading(t *testing.T) {
	fi, err := os.Stat(filepath.Join(e.static, "dist", "bosbase.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	size := fi.Size()
	site := e.site(t, true)
	tb := e.newTab(t)
	// The navigation returns once the page has loaded; the module comes
	// after, over the slow link.
	tb.navigateURL(site + "/?api=" + e.srv.URL)
	mid := poll[string](tb, "the download to be under way", `(() => {
  const p = window.bosgoDemo && bosgoDemo.progress;
  return document.body.dataset.state === "loading" && p && p.length > 1 && p.at(-1).loaded > 0
    ? document.getElementById("load-text").textContent : "";
})()`)
	if !strings.Contains(mid, "MB") {
		t.Errorf("loading text %q does not say how much is loaded", mid)
	}
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
	if last.Loaded != size {
		t.Errorf("last report loaded %d bytes, want the module's %d", last.Loaded, size)
	}
	if last.Total == nil || *last.Total != size {
		t.Errorf("total %v, want %d (the server sends Content-Length)", last.Total, size)
	}
	t.Logf("%d progress reports", len(reports))
}

// testOAuth2COOP: Cross-Origin-Opener-Policy and the popup, the app served
// from its own origin (as TestWeb/OAuth2COOP; docs/browser.md states the
// rules).
func (e *env) testOAuth2COOP(t *testing.T) {
	site := e.site(t, false)
	api := "&api=" + e.srv.URL
	openSite := func(tb *tab, coop string) {
		tb.t.Helper()
		tb.navigateURL(site + "/?coop=" + coop + api)
		tb.waitState("signed-out")
	}

	// same-origin-allow-popups on the app's page: the sign-in works.
	t.Run("SameOriginAllowPopupsWorks", func(t *testing.T) {
		email := oidcEmail(t)
		e.srv.QueueOIDCUser(t, email, "Allow Popups")
		tb := e.newTab(t)
		openSite(tb, "same-origin-allow-popups")
		tb.click("oauth2-oidc")
		tb.waitState("signed-in")
		tb.signedInAs(email)
		tb.waitNoPopup()
	})

	// same-origin on the app's page: the page loses its handle to the
	// popup once the provider's page is shown, so the popup looks closed
	// and the sign-in fails with popup_closed although the window is open.
	t.Run("SameOriginLosesThePopup", func(t *testing.T) {
		tb := e.newTab(t)
		openSite(tb, "same-origin")
		atProvider := tb.holdProvider("")
		tb.click("oauth2-oidc")
		atProvider()
		s := tb.waitError()
		if s.Code != "popup_closed" {
			t.Fatalf("error %q (code %q), want popup_closed: the cut-off popup looks closed", s.Error, s.Code)
		}
		if ps, err := tb.drv.Popups(); err != nil || len(ps) != 1 {
			t.Errorf("popups %v (%v): this case is about a popup that is open but cut off", ps, err)
		}
	})

	// A provider page that sends COOP cuts the handle the same way; with
	// detectPopupClose: false the sign-in completes once the user approves.
	t.Run("ProviderCOOPNeedsDetectPopupCloseOff", func(t *testing.T) {
		email := oidcEmail(t)
		e.srv.QueueOIDCUser(t, email, "Provider COOP")
		tb := e.newTab(t)
		openSite(tb, "unsafe-none")
		atProvider := tb.holdProvider("same-origin-allow-popups")

		tb.clickRun(`bosgoDemo.pb.collection("users").authWithOAuth2({provider: "oidc"}).then(
  (r) => ({ok: true, email: r.record.email}), (e) => ({ok: false, code: e.code, message: e.message}))`)
		atProvider()
		if res := runResult[outcome](tb); res.OK || res.Code != "popup_closed" {
			t.Fatalf("outcome %+v, want popup_closed (the provider's COOP cuts the popup off)", res)
		}
		// The page cannot close the cut-off popup (the user would).
		ps, err := tb.drv.Popups()
		if err != nil {
			tb.fatalf("list popups: %v", err)
		}
		for _, id := range ps {
			if err := tb.drv.ClosePopup(id); err != nil {
				tb.fatalf("close the cut-off popup: %v", err)
			}
		}
		tb.waitNoPopup()

		tb.clickRun(`bosgoDemo.pb.collection("users").authWithOAuth2({provider: "oidc", detectPopupClose: false, timeout: 20000}).then(
  (r) => ({ok: true, email: r.record.email}), (e) => ({ok: false, code: e.code, message: e.message}))`)
		atProvider()
		ps, err = tb.drv.Popups()
		if err != nil || len(ps) != 1 {
			tb.fatalf("popups %v (%v), want 1", ps, err)
		}
		popup := &tab{t: t, e: e, drv: tb.drv.Popup(ps[0])}
		popup.click("approve")
		if res := runResult[outcome](tb); !res.OK || res.Email != email {
			t.Fatalf("outcome %+v, want a sign-in as %s", res, email)
		}
		tb.waitState("signed-in")
		tb.waitNoPopup() // BosBase's redirect page closes the popup itself
	})
}

type filesResult struct {
	Steps []string `json:"steps"`
	Error string   `json:"error"`
}

// testFiles runs web/e2e/testdata/files.js, TestWeb/Files's scenario:
// uploads of Blobs built in the page, file URLs and tokens, getCount,
// health and linked accounts.
func (e *env) testFiles(t *testing.T) {
	u := e.srv.NewUser(t, testenv.UserOptions{Verified: true})
	e.srv.QueueOIDCUser(t, u.Email, "Browser Linked")
	tb := e.newTab(t)
	tb.navigate("/")
	res := eval[filesResult](tb, fmt.Sprintf(`import("/e2e/files.js").then((m) => m.run(%s, %s))`, jsString(u.Email), jsString(u.Password)))
	if res.Error != "" || len(res.Steps) != 6 {
		t.Fatalf("files: done %v, error %s", res.Steps, res.Error)
	}
}
