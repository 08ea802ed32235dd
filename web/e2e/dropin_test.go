//go:build !js

package e2e

import (
	"os"

	"github.com/chromedp/chromedp"
	"path/filepath"
	"testing"
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
