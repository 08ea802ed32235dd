//go:build unix

package tokenstore

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

// TestMain dispatches the re-executed children of the crash and Secret
// Service tests, and fails the package on leaked goroutines.
func TestMain(m *testing.M) {
	if os.Getenv(crashChildEnv) != "" {
		crashChild() // never returns
	}
	if os.Getenv(secretServiceChildEnv) != "" {
		// The D-Bus connection of the real keyring keeps goroutines for the
		// life of the process; this child exits right after the test.
		os.Exit(m.Run())
	}
	goleak.VerifyTestMain(m)
}
