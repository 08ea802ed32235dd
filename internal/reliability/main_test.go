package reliability_test

import (
	"testing"

	"github.com/bosgo/bosgo/internal/testenv"
)

// TestMain stops the devservers and then fails the run if goroutines leaked.
func TestMain(m *testing.M) { testenv.Main(m) }
