//go:build !js

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bosgo/bosgo/internal/testenv"
	"github.com/chromedp/chromedp"
)

// enableEnv turns the suite on; `go tool task web:e2e` sets it.
const enableEnv = "BOSGO_WEB_E2E"

// env is what the subtests share: one devserver serving the web folder (in
// external mode: the external server and a local site serving the folder,
// external_test.go) and one browser. Each subtest opens its own browser context (own storage), so
// subtests do not see each other's sessions.
type env struct {
	root     string // the repository root
	static   string // the folder the devserver serves at "/"
	site     string // the origin of the pages: the devserver, or the local site in external mode
	wasmSize int64  // bytes of the built bosbase.wasm
	srv      *testenv.Server
	browser  context.Context // the browser's chromedp context (never with a timeout)

	mu    sync.Mutex
	shots map[string][]byte // screenshots by name, for the README picture
}

// newEnv builds the module, starts the devserver and the browser. Everything
// is stopped by t.Cleanup.
func newEnv(t *testing.T) *env {
	t.Helper()
	if os.Getenv(enableEnv) == "" {
		t.Skipf("set %s=1 to run the browser end-to-end tests (go tool task web:e2e does)", enableEnv)
	}
	e := &env{root: repoRoot(t), shots: map[string][]byte{}}
	e.static, e.wasmSize = assembleStatic(t, e.root)
	e.connect(t)
	e.browser = startBrowser(t)
	return e
}

// repoRoot is the directory of the root go.mod, two levels above web/e2e.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("repository root not found from web/e2e: %v", err)
	}
	return root
}

// assembleStatic returns a folder that looks like web/ with a freshly built
// dist/: links to every entry of web/ except dist (and the folders that are
// not part of the site), dist/ with bosbase.wasm built from the current
// sources and wasm_exec.js from this Go's GOROOT, plus the test pages:
// /e2e/ (testdata) and /interop/ (the BosBase JS SDK page and its
// node_modules).
func assembleStatic(t *testing.T, root string) (string, int64) {
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
	links := map[string]string{
		"e2e":     filepath.Join(web, "e2e", "testdata"),
		"interop": filepath.Join(web, "e2e", "interop"),
		"compat":  filepath.Join(web, "e2e", "compat"),
		"app":     filepath.Join(web, "e2e", "app"),
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}

	dist := filepath.Join(dir, "dist")
	if err := os.Mkdir(dist, 0o755); err != nil {
		t.Fatal(err)
	}
	wasm := filepath.Join(dist, "bosbase.wasm")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	build := exec.CommandContext(ctx, "go", "build", "-trimpath", "-gcflags=all=-l", "-ldflags=-s -w", "-o", wasm, "./wasm") // as tasks/wasm.yml
	build.Dir = root
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "GOEXPERIMENT=nogreenteagc")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build the wasm module: %v\n%s", err, out)
	}
	goroot, err := exec.CommandContext(ctx, "go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatalf("go env GOROOT: %v", err)
	}
	copyFile(t, filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"), filepath.Join(dist, "wasm_exec.js"))
	fi, err := os.Stat(wasm)
	if err != nil {
		t.Fatal(err)
	}
	return dir, fi.Size()
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// chromiumPath is BOSGO_CHROMIUM, Debian's /usr/bin/chromium, or chromium
// on PATH.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("BOSGO_CHROMIUM"); p != "" {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	p, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatal("chromium not found: install it (go tool task web:setup) or set BOSGO_CHROMIUM")
	}
	return p
}

// startBrowser starts headless Chromium with the flags of toolchain.md.
// Popup blocking is left as the browser has it: headless Chromium does not
// block window.open outside a user gesture (checked in
// TestWeb/OAuth2PopupBlocked's notes), so the blocked case uses a sandboxed
// frame instead.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(560, 900),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter"),
		// Several windows run at once (second tab, popups): keep their
		// timers at full speed, or the Go scheduler in a background tab
		// crawls.
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.Flag("password-store", "basic"),
	)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	// The first Do starts the browser; no timeout on this context, or the
	// timeout would stop the browser.
	if err := chromedp.Do(bctx); err != nil {
		cancelBrowser()
		cancelAlloc()
		t.Fatalf("start chromium: %v", err)
	}
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
	})
	return bctx
}

// fatalf reports a failed browser step with the page's console output.
func fatalf(t *testing.T, tab *tab, format string, args ...any) {
	t.Helper()
	if tab != nil {
		t.Logf("console of the page:\n%s", tab.console())
	}
	t.Fatalf(format, args...)
}

// must fails the test on err.
func must(t *testing.T, tab *tab, what string, err error) {
	t.Helper()
	if err != nil {
		fatalf(t, tab, "%s: %v", what, err)
	}
}

// createUser creates a verified user with a chosen email and name through
// the superuser API (testenv's NewUser picks the email itself); for the
// pictures, where a readable name matters. The email must be new on the
// server.
func (e *env) createUser(t *testing.T, email, name string) testenv.User {
	t.Helper()
	u := testenv.User{Email: email, Password: "pw-" + strconv.FormatInt(time.Now().UnixNano(), 36), Name: name}
	body, _ := json.Marshal(map[string]any{
		"email": email, "password": u.Password, "passwordConfirm": u.Password, "verified": true, "name": name,
	})
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.srv.URL+"/api/collections/users/records", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", e.srv.SuperuserToken(t))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("create user %s: %v", email, err)
	}
	defer res.Body.Close()
	var rec struct {
		ID string `json:"id"`
	}
	if err := json.NewDecoder(res.Body).Decode(&rec); err != nil || res.StatusCode != http.StatusOK || rec.ID == "" {
		t.Fatalf("create user %s: status %d, %v", email, res.StatusCode, err)
	}
	u.ID = rec.ID
	e.srv.TrackUser(u.ID) // deleted after an external run
	return u
}
