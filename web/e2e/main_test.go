//go:build !js

package e2e

import (
	"testing"

	"github.com/bosgo/bosgo/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }
