//go:build !js

package engines

import (
	"testing"

	"github.com/bosgo/bosgo/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }
