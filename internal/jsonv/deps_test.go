package jsonv_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestBrowserBuildDeps checks that the js/wasm build of the package links
// none of the packages it exists to avoid.
func TestBrowserBuildDeps(t *testing.T) {
	t.Parallel()
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not installed")
	}
	cmd := exec.CommandContext(t.Context(), goCmd, "list", "-deps", ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	banned := map[string]bool{
		"reflect": true, "fmt": true, "sort": true, "unicode": true,
		"slices": true, "strings": true, "bytes": true, "encoding/json": true,
	}
	for _, pkg := range strings.Fields(string(out)) {
		if banned[pkg] {
			t.Errorf("the js/wasm build of jsonv depends on %s", pkg)
		}
	}
}
