//go:build desktope2e

package e2e

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/bosgo/bosgo/internal/testenv"
)

// TestMain doubles as the fake xdg-open: the test puts a symlink named
// xdg-open to its own binary first on the app's PATH.
func TestMain(m *testing.M) {
	if filepath.Base(os.Args[0]) == "xdg-open" {
		os.Exit(fakeXDGOpen(os.Args[1:]))
	}
	if os.Getenv(childEnv) != "" {
		// The window test's child writes a session with the real keyring,
		// whose D-Bus connection keeps goroutines for the life of the
		// process; the child exits right after the test.
		os.Exit(m.Run())
	}
	testenv.Main(m)
}
