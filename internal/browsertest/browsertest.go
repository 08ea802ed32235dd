//go:build !js

// Package browsertest starts headless Chromium (Debian's /usr/bin/chromium)
// for tests and benchmarks that drive a real browser with chromedp, with the
// flags the toolchain notes settled on.
package browsertest

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// ExecPath is the Chromium binary.
const ExecPath = "/usr/bin/chromium"

// Available reports whether Chromium is installed.
func Available() bool {
	_, err := os.Stat(ExecPath)
	return err == nil
}

// New starts Chromium for t and returns the chromedp context of its first
// tab; t.Cleanup closes the browser. It skips the test when Chromium is
// missing, unless BOSGO_REQUIRE_BROWSER is set (the task runner sets it),
// in which case it fails.
func New(t testing.TB) context.Context {
	t.Helper()
	if !Available() {
		if os.Getenv("BOSGO_REQUIRE_BROWSER") != "" {
			t.Fatalf("%s is missing: run go tool task wasm:setup", ExecPath)
		}
		t.Skipf("%s is missing (go tool task wasm:setup installs it)", ExecPath)
	}
	ctx, cancel, err := Start(t.TempDir())
	if err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	t.Cleanup(cancel)
	return ctx
}

// Start starts Chromium with its profile in dir and returns the context of
// its first tab and the function that closes the browser. The first action
// has already run, so callers may put timeouts on derived contexts.
func Start(dir string) (context.Context, context.CancelFunc, error) {
	actx, cancelA := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(ExecPath), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.UserDataDir(dir), chromedp.WindowSize(1000, 800),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true))
	ctx, cancel := chromedp.NewContext(actx)
	stop := func() { cancel(); cancelA() }
	// The first Run starts the browser; it must not carry a timeout.
	if err := chromedp.Do(ctx); err != nil {
		stop()
		return nil, nil, err
	}
	return ctx, stop, nil
}

// Console collects the page's console messages and uncaught exceptions of
// the tab of ctx until ctx ends.
type Console struct {
	mu    sync.Mutex
	lines []string
}

// WatchConsole starts collecting the console of the tab of ctx.
func WatchConsole(ctx context.Context) *Console {
	c := &Console{}
	go func() {
		for m, err := range chromedp.Console(ctx) {
			if err != nil {
				return
			}
			c.mu.Lock()
			c.lines = append(c.lines, string(m.Type)+": "+m.Text)
			c.mu.Unlock()
		}
	}()
	return c
}

// Since returns the lines collected after the first n, and the new count.
func (c *Console) Since(n int) ([]string, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if n > len(c.lines) {
		n = len(c.lines)
	}
	return append([]string(nil), c.lines[n:]...), len(c.lines)
}

// Fatal returns the first line that shows the Go program died (a panic or
// fatal error, or calls into an exited program), or "".
func Fatal(lines []string) string {
	for _, l := range lines {
		for _, k := range []string{"panic:", "fatal error:", "Go program has already exited"} {
			if strings.Contains(l, k) {
				return l
			}
		}
	}
	return ""
}
