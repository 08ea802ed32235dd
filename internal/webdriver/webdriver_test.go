//go:build !js

package webdriver

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestStartUnknownEngine(t *testing.T) {
	if _, err := Start("Netscape", t.TempDir()); err == nil || !strings.Contains(err.Error(), "Firefox or WebKit") {
		t.Fatalf("Start(Netscape) = %v, want an error naming the engines", err)
	}
}

// TestEngines drives each engine through the commands the callers use.
// BOSGO_WEB_ENGINES=1 turns it on (web/e2e/engines runs the full scenarios).
func TestEngines(t *testing.T) {
	if os.Getenv("BOSGO_WEB_ENGINES") == "" {
		t.Skip("set BOSGO_WEB_ENGINES=1 to start Firefox and WebKit")
	}
	const page = `data:text/html,<button id="b" onclick="window.clicked = true">b</button>`
	for _, name := range []string{"Firefox", "WebKit"} {
		t.Run(name, func(t *testing.T) {
			eng, err := Start(name, t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			defer func() {
				if err := eng.Close(); err != nil {
					t.Error(err)
				}
			}()
			tab, err := eng.Open(nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := tab.Navigate(page); err != nil {
				t.Fatal(err)
			}
			if err := tab.Click("b"); err != nil {
				t.Fatal(err)
			}
			raw, err := tab.Eval(`Promise.resolve({clicked: window.clicked === true, sum: 1 + 1})`)
			var got struct {
				Clicked bool
				Sum     int
			}
			if err != nil || json.Unmarshal(raw, &got) != nil || !got.Clicked || got.Sum != 2 {
				t.Fatalf("Eval = %s, %v; want the click seen and 2", raw, err)
			}
			if ps, err := tab.Popups(); err != nil || len(ps) != 0 {
				t.Errorf("Popups = %v, %v; want none", ps, err)
			}
			if _, err := tab.Eval(`(() => { throw new Error("boom"); })()`); err == nil || !strings.Contains(err.Error(), "boom") {
				t.Errorf("a throwing Eval = %v, want the page's error", err)
			}
			if err := tab.Close(); err != nil {
				t.Error(err)
			}
		})
	}
}
