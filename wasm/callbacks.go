//go:build js && wasm

package main

import (
	"fmt"
	"sync"

	"github.com/hack-pad/safejs"
)

// callbacks is the registry behind every JavaScript callback the module
// hands out. Instead of one js.Func per callback (which must be released at
// exactly the right moment, and whose late calls log "call to released
// function"), the module creates a single js.Func, the dispatcher, once.
// A callback is the dispatcher bound to an id (Function.prototype.bind), and
// removing the id makes later calls harmless no-ops.
type callbackRegistry struct {
	mu   sync.Mutex // guards next, fns
	next float64    // ids are JS numbers; 2^53 calls is plenty
	fns  map[float64]func(args []safejs.Value) any
}

var callbacks = &callbackRegistry{fns: map[float64]func([]safejs.Value) any{}}

// dispatcher is the one js.Func of the registry; it lives as long as the
// program and is never released.
var dispatcher = mustDispatcher()

func mustDispatcher() safejs.Value {
	f, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) (result any) {
		defer func() {
			if r := recover(); r != nil {
				logError("bosgo: panic in a callback: ", panicError(r))
				result = nil
			}
		}()
		if len(args) == 0 {
			return nil
		}
		id, err := args[0].Float()
		if err != nil {
			return nil
		}
		callbacks.mu.Lock()
		fn := callbacks.fns[id]
		callbacks.mu.Unlock()
		if fn == nil {
			return nil // removed: a late call is a no-op
		}
		switch v := fn(args[1:]).(type) {
		case nil:
			return nil
		case safejs.Value, bool, string, float64, int:
			return v
		default:
			logError("bosgo: ", fmt.Errorf("a callback returned a %T, which JavaScript cannot hold", v))
			return nil
		}
	})
	if err != nil {
		panic("bosgo: cannot create the callback dispatcher: " + err.Error())
	}
	return f.Value()
}

// newCallback returns a JavaScript function that calls fn with its
// arguments, and a remove function after which calls do nothing. fn runs
// synchronously on the JavaScript event loop: it must not block (send on a
// buffered channel or start a goroutine instead). A panic in fn is
// recovered and logged; the JS caller then sees undefined. fn may return
// nil, a safejs.Value or a bool, string or number.
func newCallback(fn func(args []safejs.Value) any) (safejs.Value, func()) {
	callbacks.mu.Lock()
	callbacks.next++
	id := callbacks.next
	callbacks.fns[id] = fn
	callbacks.mu.Unlock()
	remove := func() {
		callbacks.mu.Lock()
		delete(callbacks.fns, id)
		callbacks.mu.Unlock()
	}
	bound, err := dispatcher.Call("bind", safejs.Null(), id)
	if err != nil {
		remove()
		return safejs.Undefined(), func() {}
	}
	return bound, remove
}

// liveCallbacks returns how many callbacks are registered; tests use it to
// check that nothing leaks.
func liveCallbacks() int {
	callbacks.mu.Lock()
	defer callbacks.mu.Unlock()
	return len(callbacks.fns)
}
