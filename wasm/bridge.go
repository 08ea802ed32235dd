//go:build js && wasm

package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/hack-pad/safejs"

	"github.com/bosgo/bosgo/internal/jsonv"
)

// Version is the module's version, reported to JavaScript as
// __bosgo.version.
const Version = "0.1.0"

// The bridge is the module's whole JavaScript surface: one object,
// registered as the global __bosgo, with a handful of functions. It is
// low-level on purpose; web/bosbase.js builds the BosBase JS SDK-shaped API
// on it. The contract:
//
//	version: string
//	newClient(baseURL, options, onAuthChange) → handle | Error
//	    options: {authStore: "local"|"session"|"memory"|"js", storageKey, lang,
//	    timeout (ms), autoRefreshThreshold (ms, 0 = off), lockWait (ms),
//	    port (the name of a global {fetch, getItem, setItem, removeItem}:
//	    see clientOptions.Port)}.
//	    onAuthChange(kind, token, record, external) runs after every change
//	    of the client's auth store ("signed-in", "refreshed",
//	    "record-updated", "signed-out", "expired"; external = made by another tab).
//	dispose(handle)                      closes the client's streams and listeners
//	sync(handle, method, args) → value | Error
//	    store reads and writes and other calls that never block
//	call(handle, method, args, signal?, fn?) → Promise
//	    everything that does I/O; fn is the method's JS callback (a
//	    subscription listener, an OAuth2 urlCallback)
//
// Arguments and results are plain JSON data (records, options); errors are
// Error objects carrying the errorDetail as .bosgo. No bridge function
// panics into JavaScript and no Promise is left pending by the bridge.
func newBridge() (safejs.Value, error) {
	b := map[string]any{"version": Version}
	for name, fn := range map[string]func([]safejs.Value) any{
		"newClient": syncExport(bridgeNewClient),
		"dispose":   syncExport(bridgeDispose),
		"sync":      syncExport(bridgeSync),
		"call":      bridgeCall,
	} {
		f, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any { return fn(args) })
		if err != nil {
			return safejs.Undefined(), err
		}
		b[name] = f // lives as long as the program: never released
	}
	return newObject(b)
}

// syncExport wraps a non-blocking export: its error, or a panic, is
// returned to JavaScript as an Error value instead of being thrown.
func syncExport(fn func(args []safejs.Value) (any, error)) func([]safejs.Value) any {
	return func(args []safejs.Value) (result any) {
		defer func() {
			if r := recover(); r != nil {
				result = toJSError(panicError(r))
			}
		}()
		v, err := fn(args)
		if err != nil {
			return toJSError(err)
		}
		if jv, ok := v.(safejs.Value); ok {
			return jv
		}
		jv, err := toJS(v)
		if err != nil {
			return toJSError(err)
		}
		return jv
	}
}

// errBadCall is wrapped by errors about how the bridge was called.
var errBadCall = errors.New("bosgo: bad call")

// syncMethod is a bridge method that never blocks.
type syncMethod func(e *clientEntry, args safejs.Value) (any, error)

// asyncMethod is a bridge method run on its own goroutine.
type asyncMethod struct {
	// prepare, when set, runs synchronously inside the JS call, before
	// any goroutine starts (the OAuth2 popup must open there). Its result
	// is passed to run as call.prepared; its error rejects at once.
	prepare func(e *clientEntry, c *call) error
	run     func(ctx context.Context, e *clientEntry, c *call) (any, error)
}

// call is one invocation of an async method.
type call struct {
	args     safejs.Value // the method's argument object
	fn       safejs.Value // the optional JS callback
	prepared any          // what prepare left for run
	cleanup  []func()     // run after run returns, in reverse order
}

// decode reads the argument object with read (see [fromJS]).
func (c *call) decode(read func(*jsonv.Fields)) error {
	if err := fromJS(c.args, read); err != nil {
		return fmt.Errorf("%w: %w", errBadCall, err)
	}
	return nil
}

func bridgeSync(args []safejs.Value) (any, error) {
	e, err := entryOf(arg0(args))
	if err != nil {
		return nil, err
	}
	name := stringOf(argN(args, 1))
	m, ok := syncMethods[name]
	if !ok {
		return nil, fmt.Errorf("%w: no sync method %q", errBadCall, name)
	}
	return m(e, argN(args, 2))
}

// bridgeCall runs an async method: (handle, method, args, signal?, fn?).
func bridgeCall(args []safejs.Value) (result any) {
	defer func() {
		if r := recover(); r != nil {
			result = rejected(panicError(r))
		}
	}()
	e, err := entryOf(arg0(args))
	if err != nil {
		return rejected(err)
	}
	name := stringOf(argN(args, 1))
	m, ok := asyncMethods[name]
	if !ok {
		return rejected(fmt.Errorf("%w: no method %q", errBadCall, name))
	}
	c := &call{args: argN(args, 2), fn: argN(args, 4)}
	signal := argN(args, 3)
	if !isNullish(signal) && boolOf(get(signal, "aborted")) {
		return rejected(ErrAborted)
	}
	if m.prepare != nil {
		if err := m.prepare(e, c); err != nil {
			runCleanup(c)
			return rejected(err)
		}
	}
	ctx, cancel := context.WithCancelCause(e.ctx)
	if !isNullish(signal) {
		removeAbort := onAbort(signal, func() { cancel(ErrAborted) })
		c.cleanup = append(c.cleanup, removeAbort)
	}
	return async(func() (safejs.Value, error) {
		defer cancel(nil)
		defer runCleanup(c)
		v, err := m.run(ctx, e, c)
		if err != nil {
			return safejs.Undefined(), withCause(ctx, err)
		}
		if jv, ok := v.(safejs.Value); ok {
			return jv, nil
		}
		return toJS(v)
	})
}

func runCleanup(c *call) {
	for i := len(c.cleanup) - 1; i >= 0; i-- {
		c.cleanup[i]()
	}
	c.cleanup = nil
}

// withCause adds the reason ctx was cancelled (ErrAborted, ErrPopupClosed,
// …) to err when err came from that cancellation, so that errorCode and
// the message name the reason rather than "context canceled".
func withCause(ctx context.Context, err error) error {
	cause := context.Cause(ctx)
	if cause == nil || cause == ctx.Err() || errors.Is(err, cause) {
		return err
	}
	return fmt.Errorf("%w: %w", cause, err)
}

// onAbort runs fn when the AbortSignal fires; the returned function stops
// listening.
func onAbort(signal safejs.Value, fn func()) (remove func()) {
	cb, removeCB := newCallback(func([]safejs.Value) any { fn(); return nil })
	opts, _ := safejs.ValueOf(map[string]any{"once": true})
	if _, err := signal.Call("addEventListener", "abort", cb, opts); err != nil {
		removeCB()
		return func() {}
	}
	return func() {
		_, _ = signal.Call("removeEventListener", "abort", cb)
		removeCB()
	}
}
