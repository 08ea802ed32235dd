//go:build js && wasm

package main

import (
	"errors"
	"fmt"
)

// ErrPanic is wrapped by the error that replaces a recovered Go panic, so
// that a bug in the module rejects one Promise instead of killing the Go
// runtime (after which every call would throw "Go program has already
// exited").
var ErrPanic = errors.New("bosgo: internal error (Go panic)")

// panicError turns a recovered value into an error wrapping [ErrPanic].
func panicError(r any) error {
	if err, ok := r.(error); ok {
		return fmt.Errorf("%w: %w", ErrPanic, err)
	}
	return fmt.Errorf("%w: %v", ErrPanic, r)
}

// guard runs fn and returns its error, or an [ErrPanic] error when fn
// panics.
func guard(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = panicError(r)
		}
	}()
	return fn()
}

// goSafe runs fn on a new goroutine, logging instead of crashing when it
// panics. Every goroutine the adapters start goes through it.
func goSafe(fn func()) {
	go func() {
		if err := guard(func() error { fn(); return nil }); err != nil {
			logError("bosgo: ", err)
		}
	}()
}
