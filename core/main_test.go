package core_test

import (
	"testing"

	"github.com/bosgo/bosgo/internal/testenv"
)

// TestMain runs the package's tests with the shared devserver and fails
// the run on leaked goroutines (testenv.Main uses go.uber.org/goleak).
func TestMain(m *testing.M) { testenv.Main(m) }
