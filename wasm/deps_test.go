//go:build !js

package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// forbiddenDeps must never be linked into the browser module: net/http
// alone adds about 1.4 MB brotli (its js transport keeps the whole HTTP/1,
// HTTP/2 and TLS client reachable), and the browser already speaks HTTP.
var forbiddenDeps = []string{"net/http", "crypto/tls", "net/http/httptest", "github.com/coder/websocket"}

// TestNoNetHTTPInWasm runs `GOOS=js GOARCH=wasm go list -deps` on this
// package and fails if a forbidden package appears, naming who imports it.
func TestNoNetHTTPInWasm(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}: {{join .Imports \" \"}}", ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	importers := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, ": ")
		importers[pkg] = append(importers[pkg], pkg) // present
		for _, imp := range strings.Fields(imports) {
			importers[imp] = append(importers[imp], pkg)
		}
	}
	if _, ok := importers["github.com/bosgo/bosgo/core"]; !ok {
		t.Fatalf("go list output does not mention core; the check is broken:\n%s", out)
	}
	for _, bad := range forbiddenDeps {
		if who, ok := importers[bad]; ok && contains(who, bad) {
			t.Errorf("%s is in the wasm dependency graph (imported by %v); the browser build must use fetch/WebSocket through safejs", bad, without(who, bad))
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func without(list []string, s string) []string {
	var out []string
	for _, v := range list {
		if v != s {
			out = append(out, v)
		}
	}
	return out
}
