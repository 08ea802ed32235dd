//go:build !js

package engines

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bosgo/bosgo/internal/testenv"
	"github.com/bosgo/bosgo/internal/webdriver"
)

// enableEnv turns the suite on; `go tool task web:engines` sets it.
const enableEnv = "BOSGO_WEB_ENGINES"

// Deadlines of the waits on the page; nothing sleeps.
const (
	waitTimeout = 20 * time.Second // one condition on the page
	pollEvery   = 25 * time.Millisecond
)

// env is what one engine's scenarios share: the devserver and the browser.
type env struct {
	root   string
	static string // the folder the devserver serves at "/"
	srv    *testenv.Server
	eng    webdriver.Engine
}

// repoRoot is the directory of the root go.mod, three levels above.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("repository root not found from web/e2e/engines: %v", err)
	}
	return root
}

// assembleStatic returns a folder that looks like web/ with a freshly built
// dist/ and the test pages, as web/e2e's suite serves it.
func assembleStatic(t *testing.T, root string) string {
	t.Helper()
	web := filepath.Join(root, "web")
	dir := t.TempDir()
	entries, err := os.ReadDir(web)
	if err != nil {
		t.Fatal(err)
	}
	for _, de := range entries {
		switch de.Name() {
		case "dist", "e2e", "tools", "node_modules":
			continue
		}
		if err := os.Symlink(filepath.Join(web, de.Name()), filepath.Join(dir, de.Name())); err != nil {
			t.Fatal(err)
		}
	}
	for name, target := range map[string]string{
		"e2e":     filepath.Join(web, "e2e", "testdata"),
		"interop": filepath.Join(web, "e2e", "interop"),
		"compat":  filepath.Join(web, "e2e", "compat"),
		"app":     filepath.Join(web, "e2e", "app"),
	} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	dist := filepath.Join(dir, "dist")
	if err := os.Mkdir(dist, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	build := exec.CommandContext(ctx, "go", "build", "-trimpath", "-gcflags=all=-l", "-ldflags=-s -w", "-o", filepath.Join(dist, "bosbase.wasm"), "./wasm") // as tasks/wasm.yml
	build.Dir = root
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "GOEXPERIMENT=nogreenteagc")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build the wasm module: %v\n%s", err, out)
	}
	goroot, err := exec.CommandContext(ctx, "go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatalf("go env GOROOT: %v", err)
	}
	in, err := os.Open(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(filepath.Join(dist, "wasm_exec.js"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// tab is one tab of the engine under test, with the helpers the scenarios
// use (the page protocol of web/e2e's suite).
type tab struct {
	t   *testing.T
	e   *env
	drv webdriver.Tab
}

// newTab opens a tab with storage of its own.
func (e *env) newTab(t *testing.T) *tab {
	t.Helper()
	return e.openTab(t, nil)
}

// sibling opens a second tab in tb's storage.
func (tb *tab) sibling(t *testing.T) *tab {
	t.Helper()
	return tb.e.openTab(t, tb.drv)
}

func (e *env) openTab(t *testing.T, share webdriver.Tab) *tab {
	t.Helper()
	d, err := e.eng.Open(share)
	if err != nil {
		t.Fatalf("open a tab in %s: %v", e.eng.Name(), err)
	}
	tb := &tab{t: t, e: e, drv: d}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("console of the page:\n%s", d.Logs())
		}
		if err := d.Close(); err != nil {
			t.Errorf("close the tab: %v", err)
		}
	})
	return tb
}

func (tb *tab) fatalf(format string, args ...any) {
	tb.t.Helper()
	tb.t.Logf("console of the page:\n%s", tb.drv.Logs())
	tb.t.Fatalf(format, args...)
}

func (tb *tab) navigate(path string) {
	tb.t.Helper()
	tb.navigateURL(tb.e.srv.URL + path)
}

func (tb *tab) navigateURL(url string) {
	tb.t.Helper()
	if err := tb.drv.Navigate(url); err != nil {
		tb.fatalf("navigate to %s: %v", url, err)
	}
}

func (tb *tab) reload(want string) {
	tb.t.Helper()
	if err := tb.drv.Reload(); err != nil {
		tb.fatalf("reload: %v", err)
	}
	tb.waitState(want)
}

// eval evaluates expr (awaiting a promise) and decodes its value.
func eval[T any](tb *tab, expr string) T {
	tb.t.Helper()
	raw, err := tb.drv.Eval(expr)
	if err != nil {
		tb.fatalf("evaluate %s: %v", short(expr), err)
	}
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		tb.fatalf("evaluate %s: decode %s: %v", short(expr), raw, err)
	}
	return v
}

// clickRun starts expr from a real click on a button the test adds to the
// page, so that it runs during a user gesture in every engine (classic
// WebDriver gives scripts no user activation; Safari opens popups only
// from one), and returns once it has started. runResult awaits its value.
func (tb *tab) clickRun(expr string) {
	tb.t.Helper()
	eval[bool](tb, fmt.Sprintf(`(() => {
  delete window.bosgoRun;
  const b = document.createElement("button");
  b.id = "bosgo-run";
  b.textContent = "run";
  b.style = "position: fixed; top: 0; left: 0; z-index: 2147483647";
  b.onclick = () => { b.remove(); window.bosgoRun = (async () => (%s))(); };
  document.body.append(b);
  return true;
})()`, expr))
	tb.click("bosgo-run")
	poll[bool](tb, "the click to start the call", `"bosgoRun" in window`)
}

// runResult awaits the value of clickRun's expression.
func runResult[T any](tb *tab) T {
	tb.t.Helper()
	return eval[T](tb, `window.bosgoRun`)
}

// poll waits until expr is truthy and returns its value. The waiting runs
// in the page (one round trip), again after a navigation.
func poll[T any](tb *tab, what, expr string) T {
	tb.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		left := time.Until(deadline).Milliseconds()
		if left <= 0 {
			tb.fatalf("waiting for %s: timed out after %v\npage text: %s", what, waitTimeout, tb.text())
		}
		raw, err := tb.drv.Eval(fmt.Sprintf(`new Promise((resolve) => {
  const end = performance.now() + %d;
  const check = () => {
    let v = null;
    try { v = (%s); } catch (e) { v = null; }
    if (v || performance.now() > end) resolve(v || null); else setTimeout(check, %d);
  };
  check();
})`, left, expr, pollEvery.Milliseconds()))
		if errors.Is(err, webdriver.ErrStale) {
			continue
		}
		if err != nil {
			tb.fatalf("waiting for %s: %v", what, err)
		}
		if string(raw) == "null" {
			continue // the deadline check above ends it
		}
		var v T
		if err := json.Unmarshal(raw, &v); err != nil {
			tb.fatalf("waiting for %s: decode %s: %v", what, raw, err)
		}
		return v
	}
}

// waitEnabled waits until the element with id exists and is not disabled.
func (tb *tab) waitEnabled(id string) {
	tb.t.Helper()
	poll[bool](tb, "#"+id+" to be enabled", fmt.Sprintf(`(() => { const el = document.getElementById(%q); return !!el && !el.disabled; })()`, id))
}

// click clicks the element with id (a user gesture) once it exists and is
// enabled: the demo re-renders some buttons on auth changes, and disables
// a button while its call runs (busy in demo.js); a click on a disabled
// button is dropped.
func (tb *tab) click(id string) {
	tb.t.Helper()
	tb.waitEnabled(id)
	if err := tb.drv.Click(id); err != nil {
		tb.fatalf("click #%s: %v", id, err)
	}
}

// fill sets the input's value as typing does (input and change events),
// once the input is enabled (as a user can type only then).
func (tb *tab) fill(id, value string) {
	tb.t.Helper()
	tb.waitEnabled(id)
	eval[bool](tb, fmt.Sprintf(`(() => {
  const el = document.getElementById(%q);
  el.focus();
  el.value = %s;
  el.dispatchEvent(new Event("input", {bubbles: true}));
  el.dispatchEvent(new Event("change", {bubbles: true}));
  return true;
})()`, id, jsString(value)))
}

func (tb *tab) textOf(id string) string {
	tb.t.Helper()
	return eval[string](tb, fmt.Sprintf(`(document.getElementById(%q) || {}).textContent || ""`, id))
}

func (tb *tab) text() string {
	raw, err := tb.drv.Eval(`document.body ? document.body.innerText : ""`)
	if err != nil {
		return "(unreadable: " + err.Error() + ")"
	}
	var s string
	_ = json.Unmarshal(raw, &s)
	return s
}

// pageState is what the demo shows.
type pageState struct {
	State string `json:"state"`
	Error string `json:"error"`
	Code  string `json:"code"`
}

const stateExpr = `(() => {
  if (!document.body) return null;
  const e = document.getElementById("error");
  const shown = e && !e.hidden;
  return {state: document.body.dataset.state || "", error: shown ? e.textContent.trim() : "", code: shown ? (e.dataset.code || "") : ""};
})()`

// waitState waits until the demo shows want; an error shown on the way
// fails at once.
func (tb *tab) waitState(want string) pageState {
	tb.t.Helper()
	s := poll[pageState](tb, "the demo to show "+want,
		fmt.Sprintf(`(() => { const s = %s; return s && (s.state === %q || s.error) ? s : null; })()`, stateExpr, want))
	if s.State != want {
		tb.fatalf("the demo shows %q with the error %q (code %q), want state %q", s.State, s.Error, s.Code, want)
	}
	return s
}

func (tb *tab) waitError() pageState {
	tb.t.Helper()
	return poll[pageState](tb, "the demo to show an error",
		fmt.Sprintf(`(() => { const s = %s; return s && s.error ? s : null; })()`, stateExpr))
}

func (tb *tab) openDemo(query, want string) {
	tb.t.Helper()
	tb.navigate("/" + query)
	tb.waitState(want)
}

// waitNoPopup waits until the tab's popups are gone.
func (tb *tab) waitNoPopup() {
	tb.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	for {
		ps, err := tb.drv.Popups()
		if err != nil {
			tb.fatalf("list popups: %v", err)
		}
		if len(ps) == 0 {
			return
		}
		if time.Now().After(deadline) {
			tb.fatalf("popup %v still open after %v", ps, waitTimeout)
		}
		<-tick.C
	}
}

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
