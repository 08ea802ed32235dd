//go:build desktope2e

package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// stepTimeout bounds each UI wait.
const stepTimeout = 30 * time.Second

// browser is headless Chromium pointed at the app's dev server.
type browser struct {
	t    *testing.T
	ctx  context.Context
	dir  string // screenshots
	shot int
}

func newBrowser(t *testing.T, shots string) *browser {
	t.Helper()
	actx, cancelA := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath("/usr/bin/chromium"), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(960, 720),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true))
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelA() })
	// The first Run starts the browser; it must not carry a timeout.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return &browser{t: t, ctx: ctx, dir: shots}
}

// open loads the app page and waits until its script has read the state.
func (b *browser) open(url string) {
	b.t.Helper()
	b.do("open "+url, chromedp.Navigate(url))
	b.waitJS(`document.body.dataset.ready === "1"`)
}

func (b *browser) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v\nerror banner: %q", what, err, b.errorText())
	}
}

// waitJS waits until the expression is truthy.
func (b *browser) waitJS(expr string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		b.t.Fatalf("waiting for %s: %v\nscreen %q, error banner %q", expr, err, b.eval(`document.body.dataset.screen`), b.errorText())
	}
}

// waitScreen waits until the UI shows the named screen.
func (b *browser) waitScreen(name string) {
	b.t.Helper()
	b.waitJS(fmt.Sprintf(`document.body.dataset.screen === %q`, name))
}

func (b *browser) eval(expr string) string {
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		return "<" + err.Error() + ">"
	}
	return v
}

func (b *browser) text(id string) string {
	b.t.Helper()
	return b.eval(fmt.Sprintf(`document.getElementById(%q).textContent`, id))
}

func (b *browser) errorText() string {
	return b.eval(`(function(){const e=document.getElementById("error");return e&&!e.hidden?e.textContent:""})()`)
}

func (b *browser) fill(id, value string) {
	b.t.Helper()
	b.do("fill "+id, chromedp.SetValue(chromedp.ID(id), value))
}

// click clicks element id like a user. The page re-renders parts of
// itself on every auth change (the provider buttons among them), so a node
// found a moment before the click may be gone when it lands: then the
// element is looked up again, until the step's deadline. Like a user, it
// waits for the button to be enabled first: the app disables every button
// while a call is in flight (the methods reload after a sign-out among
// them), and a click on a disabled button is silently dropped.
func (b *browser) click(id string) {
	b.t.Helper()
	b.waitJS(fmt.Sprintf(`(e => e !== null && !e.disabled)(document.getElementById(%q))`, id))
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	for {
		err := chromedp.Do(ctx, chromedp.Click(chromedp.ID(id)))
		if err == nil {
			return
		}
		if ctx.Err() != nil || !strings.Contains(err.Error(), "Could not find node with given id") {
			b.t.Fatalf("click %s: %v\nerror banner: %q", id, err, b.errorText())
		}
	}
}

// center returns the viewport coordinates of the middle of element id.
func (b *browser) center(id string) (x, y int) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	xy, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](fmt.Sprintf(
		`(function(){const r=document.getElementById(%q).getBoundingClientRect();return [r.x+r.width/2,r.y+r.height/2]})()`, id)))
	if err != nil || len(xy) != 2 {
		b.t.Fatalf("locating %s: %v", id, err)
	}
	return int(xy[0]), int(xy[1])
}

// screenshot saves the page as artifacts/desktop/NN-name.png.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	b.shot++
	writeFile(b.t, filepath.Join(b.dir, fmt.Sprintf("%02d-%s.png", b.shot, name)), png)
	if os.Getenv(docImgEnv) != "" && docStates[name] {
		writeFile(b.t, filepath.Join("..", "..", "docs", "img", "desktop-"+name+".png"), png)
	}
}

// docImgEnv, set by `go tool task screenshots:desktop`, makes the run
// rewrite the README's pictures of each window state (docStates) in
// docs/img/desktop-<state>.png.
const docImgEnv = "BOSGO_DESKTOP_DOC_IMG"

var docStates = map[string]bool{
	"signin": true, "signed-in": true, "mfa-second-step": true, "oauth2-copy-link": true, "unreachable-server": true,
	"expired-session": true, "no-keyring-choice": true, "locked-passphrase": true,
}
