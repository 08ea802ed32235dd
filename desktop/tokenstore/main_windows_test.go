package tokenstore

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

// TestMain dispatches the re-executed children of the crash test and fails
// the package on leaked goroutines. (The Unix one also serves the Secret
// Service test's child; Windows has no Secret Service.)
func TestMain(m *testing.M) {
	if os.Getenv(crashChildEnv) != "" {
		crashChild() // never returns
	}
	goleak.VerifyTestMain(m)
}
