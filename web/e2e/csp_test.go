//go:build !js

package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bosgo/bosgo/internal/testenv"
)

// testCSP: under a strict Content Security Policy, the module needs exactly
// 'wasm-unsafe-eval' in script-src (no 'unsafe-eval', no inline scripts),
// and connect-src 'self' is enough for a same-origin API (docs/browser.md
// gives this policy). Without 'wasm-unsafe-eval', load() rejects with an
// error that names WebAssembly.
func (e *env) testCSP(t *testing.T) {
	type result struct {
		Loaded  bool   `json:"loaded"`
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	tb := e.newTab(t)

	tb.navigate("/e2e/csp-no-wasm.html")
	r := poll[result](tb, "load() to settle", `window.cspResult`)
	if r.Loaded {
		t.Fatal("the module loaded without 'wasm-unsafe-eval' in script-src")
	}
	if !strings.Contains(r.Message, "WebAssembly") {
		t.Errorf("load() rejected with %q, want a message that names WebAssembly", r.Message)
	}
	t.Logf("without 'wasm-unsafe-eval': %s", r.Message)

	u := e.srv.NewUser(t, testenv.UserOptions{Verified: true})
	tb.navigate("/e2e/csp-ok.html")
	r = poll[result](tb, "load() to settle", `window.cspResult`)
	if !r.Loaded {
		t.Fatalf("the module did not load under script-src 'self' 'wasm-unsafe-eval': %s", r.Message)
	}
	email := eval[string](tb, fmt.Sprintf(`pb.collection("users").authWithPassword(%s, %s).then((r) => r.record.email)`,
		jsString(u.Email), jsString(u.Password)))
	if email != u.Email {
		t.Fatalf("signed in as %q under the CSP, want %s", email, u.Email)
	}
}
