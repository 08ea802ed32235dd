//go:build js && wasm

package main

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the in-browser run if a test leaves goroutines behind
// (streams, sockets, watchers and refresh goroutines must all end). The
// js runtime's own idle event-handler goroutine is not a leak.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreAnyFunction("runtime.handleEvent"))
}
