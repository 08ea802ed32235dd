//go:build !js

package main

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/bosgo/bosgo/internal/testenv"
)

// TestWasmInBrowser runs this package's GOOS=js GOARCH=wasm tests in
// headless Chromium (through wasmbrowsertest installed as go_js_wasm_exec)
// against a devserver it starts, passing the server's URL and fresh test
// users in the environment, which wasmbrowsertest copies into the page.
//
// It only runs when BOSGO_WASM_BROWSER is set (go tool task wasm:test sets
// it and puts bin/wasmtools first on PATH); BOSGO_WASM_RUN narrows the
// in-browser tests like -run.
func TestWasmInBrowser(t *testing.T) {
	if os.Getenv("BOSGO_WASM_BROWSER") == "" {
		t.Skip("set BOSGO_WASM_BROWSER=1 to run the in-browser tests (go tool task wasm:test does)")
	}
	if _, err := exec.LookPath("go_js_wasm_exec"); err != nil {
		t.Fatal("go_js_wasm_exec is not on PATH: run `go tool task wasm:setup`, then `go tool task wasm:test`")
	}
	// PocketBase token mode: the in-browser refresh tests (two tabs, one
	// refresh; the waiting tab takes the other tab's new token) need
	// tokens that a refresh replaces, which BosBase's static ones never are.
	// An external server (BOSGO_EXTERNAL_URL) keeps its own mode: there the
	// refresh tests still check one refresh and one shared session.
	opts := testenv.Options{TokenMode: testenv.TokenModePocketBase}
	if testenv.External() {
		opts.TokenMode = ""
	}
	srv := testenv.Start(t, opts)
	user := srv.NewUser(t, testenv.UserOptions{Verified: true})
	mfa := srv.NewUser(t, testenv.UserOptions{MFA: true, Verified: true})

	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	args := []string{"test", "-count=1"}
	if testing.Verbose() {
		args = append(args, "-v")
	}
	if run := os.Getenv("BOSGO_WASM_RUN"); run != "" {
		args = append(args, "-run", run)
	}
	cmd := exec.CommandContext(ctx, "go", append(args, ".")...)
	cmd.Env = append(os.Environ(),
		"GOOS=js", "GOARCH=wasm",
		"BOSGO_WASM_REQUIRE_SERVER=1",
		"BOSGO_TEST_URL="+srv.URL, "BOSGO_TEST_DEV_URL="+srv.DevURL(),
		"BOSGO_TEST_EMAIL="+user.Email, "BOSGO_TEST_PASSWORD="+user.Password,
		"BOSGO_TEST_MFA_EMAIL="+mfa.Email, "BOSGO_TEST_MFA_PASSWORD="+mfa.Password,
		"BOSGO_TEST_SUPERUSER_EMAIL="+srv.Superuser.Email, "BOSGO_TEST_SUPERUSER_PASSWORD="+srv.Superuser.Password,
	)
	out, err := cmd.CombinedOutput()
	t.Logf("GOOS=js GOARCH=wasm go %s .\n%s", strings.Join(args, " "), out)
	if err != nil {
		t.Fatalf("in-browser tests failed: %v", err)
	}
}
