package urlx_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestBrowserDeps checks that the browser build of the package links none
// of what it exists to avoid, and that it imports only the small packages
// it is allowed.
func TestBrowserDeps(t *testing.T) {
	t.Parallel()
	gocmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command:", err)
	}
	list := func(args ...string) []string {
		t.Helper()
		cmd := exec.CommandContext(t.Context(), gocmd, append([]string{"list"}, args...)...)
		cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list %v: %v", args, err)
		}
		return strings.Fields(string(out))
	}
	for _, dep := range list("-deps", ".") {
		switch dep {
		case "net/url", "net/netip", "reflect", "fmt", "sort", "slices", "unique", "internal/godebug":
			t.Errorf("GOOS=js GOARCH=wasm build links %s", dep)
		}
	}
	for _, imp := range list("-f", `{{join .Imports " "}}`, ".") {
		switch imp {
		case "strings", "bytes", "strconv", "errors", "unicode/utf8":
		default:
			t.Errorf("package imports %s; allowed are strings, bytes, strconv, errors, unicode/utf8", imp)
		}
	}
}
