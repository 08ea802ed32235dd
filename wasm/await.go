//go:build js && wasm

package main

import (
	"context"

	"github.com/hack-pad/safejs"
)

// JSError is a value a JavaScript promise rejected with, or an exception
// JavaScript threw, described as text ("TypeError: Failed to fetch").
type JSError struct {
	Name    string // the error's name, e.g. "TypeError", "AbortError"
	Message string
}

// Error returns "Name: Message".
func (e *JSError) Error() string {
	if e.Name == "" {
		return e.Message
	}
	return e.Name + ": " + e.Message
}

func newJSError(v safejs.Value) *JSError {
	name, msg := stringOf(get(v, "name")), stringOf(get(v, "message"))
	if name == "" && msg == "" {
		msg = jsErrorString(v)
	}
	return &JSError{Name: name, Message: msg}
}

type settled struct {
	value safejs.Value
	err   error
}

// await blocks until the JS thenable p settles or ctx ends, whichever comes
// first. A rejection gives a [*JSError]; ctx ending gives ctx's error (the
// promise is then left to settle on its own, harmlessly). It must not be
// called on the JavaScript event loop (from a callback); use it from
// goroutines only.
func await(ctx context.Context, p safejs.Value) (safejs.Value, error) {
	if !isFunction(get(p, "then")) {
		return p, nil // not a thenable: already a value
	}
	ch := make(chan settled, 1)
	onOK, removeOK := newCallback(func(args []safejs.Value) any {
		ch <- settled{value: arg0(args)}
		return nil
	})
	onErr, removeErr := newCallback(func(args []safejs.Value) any {
		ch <- settled{err: newJSError(arg0(args))}
		return nil
	})
	defer removeOK()
	defer removeErr()
	if _, err := p.Call("then", onOK, onErr); err != nil {
		return safejs.Undefined(), err
	}
	select {
	case s := <-ch:
		return s.value, s.err
	case <-ctx.Done():
		return safejs.Undefined(), ctx.Err()
	}
}

// arg0 returns args[0] or undefined.
func arg0(args []safejs.Value) safejs.Value {
	if len(args) == 0 {
		return safejs.Undefined()
	}
	return args[0]
}

// argN returns args[i] or undefined.
func argN(args []safejs.Value, i int) safejs.Value {
	if i >= len(args) {
		return safejs.Undefined()
	}
	return args[i]
}
