//go:build !js

package main

import (
	"bufio"
	"go/build/constraint"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAllFilesHaveWasmTags checks that every file of the module is built
// only for js && wasm, except the native tests (//go:build !js) that check
// the module from the host: this file, the dependency check and the
// in-browser test driver.
func TestAllFilesHaveWasmTags(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no Go files found: %v", err)
	}
	for _, name := range files {
		expr := buildConstraint(t, name)
		switch {
		case expr == nil:
			t.Errorf("%s has no //go:build line; want //go:build js && wasm", name)
		case isJSWasm(expr):
		case strings.HasSuffix(name, "_test.go") && expr.String() == "!js":
			// a native test
		default:
			t.Errorf("%s has //go:build %s; want js && wasm (or !js for a native _test.go)", name, expr)
		}
	}
}

// buildConstraint returns the //go:build expression of a file, or nil.
func buildConstraint(t *testing.T, name string) constraint.Expr {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if !strings.HasPrefix(line, "//") {
			return nil // reached code: constraints must come before it
		}
		if constraint.IsGoBuild(line) {
			expr, err := constraint.Parse(line)
			if err != nil {
				t.Errorf("%s: bad build line %q: %v", name, line, err)
				return nil
			}
			return expr
		}
	}
	return nil
}

func isJSWasm(expr constraint.Expr) bool {
	and, ok := expr.(*constraint.AndExpr)
	if !ok {
		return false
	}
	x, y := and.X.String(), and.Y.String()
	return x == "js" && y == "wasm" || x == "wasm" && y == "js"
}
