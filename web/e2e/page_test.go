//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// Deadlines of the waits on the page. They bound waits on the browser and
// the server; nothing sleeps.
const (
	tabTimeout  = 90 * time.Second // a whole subtest's browser work
	waitTimeout = 20 * time.Second // one condition on the page
	pollEvery   = 25 * time.Millisecond
)

// tab is one browser tab showing (usually) the demo.
type tab struct {
	t   *testing.T
	e   *env
	ctx context.Context // chromedp context of the tab, with tabTimeout
	id  target.ID
	// doc is the JavaScript expression of the demo's document: "document",
	// or the content document of a frame.
	doc string

	mu   sync.Mutex
	logs []string // console messages and exceptions of the page
}

// newTab opens a tab in a new browser context: storage of its own.
func (e *env) newTab(t *testing.T) *tab {
	t.Helper()
	return e.openTab(t, e.browser, chromedp.WithNewBrowserContext())
}

// sibling opens another tab in tb's browser context: it shares
// localStorage with tb, as a second tab of the same browser profile does.
func (tb *tab) sibling(t *testing.T) *tab {
	t.Helper()
	return tb.e.openTab(t, tb.ctx)
}

func (e *env) openTab(t *testing.T, parent context.Context, opts ...chromedp.ContextOption) *tab {
	t.Helper()
	base, cancelTab := chromedp.NewContext(parent, opts...)
	if err := chromedp.Do(base); err != nil { // opens the tab
		cancelTab()
		t.Fatalf("open a tab: %v", err)
	}
	ctx, cancel := context.WithTimeout(base, tabTimeout)
	tb := &tab{t: t, e: e, ctx: ctx, id: chromedp.FromContext(base).Target.TargetID, doc: "document"}

	var wg sync.WaitGroup
	wg.Go(func() {
		for m, err := range chromedp.Console(base) {
			if err != nil {
				return
			}
			tb.mu.Lock()
			tb.logs = append(tb.logs, m.String())
			tb.mu.Unlock()
		}
	})
	t.Cleanup(func() {
		cancel()
		cancelTab()
		wg.Wait()
		if t.Failed() {
			t.Logf("console of tab %s:\n%s", tb.id, tb.console())
		}
	})
	return tb
}

// console returns what the page logged.
func (tb *tab) console() string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return strings.Join(tb.logs, "\n")
}

// navigate navigates the tab to path on the site (the devserver, or in
// external mode the local site, see pageURL).
func (tb *tab) navigate(path string) {
	tb.t.Helper()
	tb.navigateURL(tb.e.pageURL(path))
}

// navigateURL navigates the tab to url.
func (tb *tab) navigateURL(url string) {
	tb.t.Helper()
	must(tb.t, tb, "navigate to "+url, chromedp.Do(tb.ctx, chromedp.Navigate(url)))
}

// openDemo navigates to the demo and waits until it has loaded the module
// and shows want ("signed-out" or "signed-in").
func (tb *tab) openDemo(query, want string) {
	tb.t.Helper()
	tb.navigate("/" + query)
	tb.waitState(want)
	tb.e.checkDemoAPI(tb)
}

// reload reloads the page and waits for the demo to show want.
func (tb *tab) reload(want string) {
	tb.t.Helper()
	must(tb.t, tb, "reload", chromedp.Do(tb.ctx, chromedp.Reload()))
	tb.waitState(want)
}

// pageState is what the demo shows.
type pageState struct {
	State string `json:"state"`
	Error string `json:"error"`
	Code  string `json:"code"`
}

// poll waits until the JavaScript expression is truthy and returns its
// value (JSON-decoded into T).
func poll[T any](tb *tab, what, expr string) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Poll[T](expr,
		chromedp.WithPollingTimeout(waitTimeout), chromedp.WithPollingInterval(pollEvery)))
	if err != nil {
		fatalf(tb.t, tb, "waiting for %s: %v\npage text: %s", what, err, tb.text())
	}
	return v
}

// eval runs a JavaScript expression (awaiting a promise) and returns its
// value.
func eval[T any](tb *tab, expr string) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		fatalf(tb.t, tb, "evaluate %s: %v", short(expr), err)
	}
	return v
}

// stateExpr reads the demo's state and any error it shows.
func (tb *tab) stateExpr() string {
	return fmt.Sprintf(`(() => {
  const doc = %s;
  if (!doc || !doc.body) return null;
  const e = doc.getElementById("error");
  const shown = e && !e.hidden;
  return {state: doc.body.dataset.state || "", error: shown ? e.textContent.trim() : "", code: shown ? (e.dataset.code || "") : ""};
})()`, tb.doc)
}

// waitState waits until the demo shows state want; an error shown on the
// way fails the test at once with the error's text.
func (tb *tab) waitState(want string) pageState {
	tb.t.Helper()
	expr := fmt.Sprintf(`(() => { const s = %s; return s && (s.state === %q || s.error) ? s : null; })()`, tb.stateExpr(), want)
	s := poll[pageState](tb, "the demo to show "+want, expr)
	if s.State != want {
		fatalf(tb.t, tb, "the demo shows %q with the error %q (code %q), want state %q", s.State, s.Error, s.Code, want)
	}
	return s
}

// waitError waits until the demo shows an error and returns it.
func (tb *tab) waitError() pageState {
	tb.t.Helper()
	expr := fmt.Sprintf(`(() => { const s = %s; return s && s.error ? s : null; })()`, tb.stateExpr())
	return poll[pageState](tb, "the demo to show an error", expr)
}

// text is the demo's visible text (for failure messages).
func (tb *tab) text() string {
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[string](fmt.Sprintf(`(%s && %[1]s.body) ? %[1]s.body.innerText : ""`, tb.doc)))
	if err != nil {
		return "(unreadable: " + err.Error() + ")"
	}
	return v
}

// textOf is the text of the element with id.
func (tb *tab) textOf(id string) string {
	tb.t.Helper()
	return eval[string](tb, fmt.Sprintf(`(%s.getElementById(%q) || {}).textContent || ""`, tb.doc, id))
}

// fill types value into the (empty) input with id, as a user would. It
// waits for the input to be enabled first: the demo disables a form's
// controls while its call runs, and keys sent to a disabled input are lost.
func (tb *tab) fill(id, value string) {
	tb.t.Helper()
	tb.waitEnabled(id)
	eval[bool](tb, fmt.Sprintf(`(%s.getElementById(%q).value = "", true)`, tb.doc, id))
	must(tb.t, tb, "type into #"+id, chromedp.Do(tb.ctx, chromedp.SendKeys(chromedp.ID(id), value)))
}

// waitEnabled waits until the element with id exists and is not disabled.
func (tb *tab) waitEnabled(id string) {
	tb.t.Helper()
	poll[bool](tb, "#"+id+" to be enabled", fmt.Sprintf(`(() => { const el = %s.getElementById(%q); return !!el && !el.disabled; })()`, tb.doc, id))
}

// click clicks the element with id with the mouse (a user gesture). It
// waits for the element to be enabled first: the demo disables a button
// while its call runs (busy in demo.js), and a click on a disabled button
// is dropped. The demo also re-renders parts of itself on auth changes
// (the provider buttons among them), so a node found a moment before the
// click may be gone when it lands: then the element is looked up again,
// for up to 15 s.
func (tb *tab) click(id string) {
	tb.t.Helper()
	tb.waitEnabled(id)
	ctx, cancel := context.WithTimeout(tb.ctx, 15*time.Second)
	defer cancel()
	for {
		err := chromedp.Do(ctx, chromedp.Click(chromedp.ID(id)))
		if err == nil || ctx.Err() != nil || !strings.Contains(err.Error(), "Could not find node with given id") {
			must(tb.t, tb, "click #"+id, err)
			return
		}
	}
}

// shot saves a screenshot of the tab as artifacts/web/<name>.png and
// returns the PNG.
func (tb *tab) shot(name string) []byte {
	tb.t.Helper()
	png, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		tb.t.Logf("screenshot %s: %v", name, err)
		return nil
	}
	dir := filepath.Join(tb.e.root, "artifacts", "web")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		tb.t.Fatal(err)
	}
	tb.e.mu.Lock()
	tb.e.shots[name] = png
	tb.e.mu.Unlock()
	return png
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func short(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}
