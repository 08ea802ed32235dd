package cli_test

import (
	"testing"

	"github.com/bosgo/bosgo/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }
