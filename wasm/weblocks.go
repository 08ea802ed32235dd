//go:build js && wasm

package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/hack-pad/safejs"
)

// webLock acquires the Web Locks API lock name (navigator.locks), shared by
// every tab of the origin, waiting at most wait. It returns a release
// function, which must be called exactly once the work is done.
//
// A lock another tab holds for longer than wait gives an error wrapping
// [ErrLockTimeout] and leaves no request queued behind it, so a stuck tab
// never hangs this one; the next call simply tries again. ctx ending gives
// ctx's error. Without the Web Locks API (an insecure http:// origin other
// than localhost, an old browser) the lock is a no-op and ok is false.
func webLock(ctx context.Context, name string, wait time.Duration) (release func(), ok bool, err error) {
	locks := get(get(global("navigator"), "locks"), "request")
	if !isFunction(locks) {
		return func() {}, false, nil
	}
	controller, err := global("AbortController").New()
	if err != nil {
		return func() {}, false, nil
	}
	hold, resolveHold, _, err := newPromise()
	if err != nil {
		return nil, true, err
	}

	var (
		mu      sync.Mutex // guards state
		state   = lockWaiting
		granted = make(chan struct{})
	)
	cb, removeCB := newCallback(func([]safejs.Value) any {
		mu.Lock()
		defer mu.Unlock()
		if state == lockGaveUp {
			return nil // granted after we stopped waiting: release at once
		}
		state = lockHeld
		close(granted)
		return hold // the lock is held until hold resolves
	})
	opts, _ := newObject(map[string]any{"signal": get(controller, "signal")})
	p, err := get(global("navigator"), "locks").Call("request", name, opts, cb)
	if err != nil {
		removeCB()
		return nil, true, fmt.Errorf("web lock %q: %w", name, err)
	}
	swallowRejection(p) // an aborted request rejects with AbortError

	var once sync.Once
	release = func() {
		once.Do(func() {
			_, _ = resolveHold.Invoke()
			removeCB()
		})
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case <-granted:
		return release, true, nil
	case <-timer.C:
		err = fmt.Errorf("web lock %q not granted within %v: %w", name, wait, ErrLockTimeout)
	case <-ctx.Done():
		err = ctx.Err()
	}
	mu.Lock()
	held := state == lockHeld
	state = lockGaveUp
	mu.Unlock()
	if held {
		return release, true, nil // granted in the meantime: use it
	}
	_, _ = controller.Call("abort")
	release() // removes the callback; resolving hold is harmless
	return nil, true, err
}

const (
	lockWaiting = iota
	lockHeld
	lockGaveUp
)

// noopCallback is a callback that is never removed, used to swallow
// promise rejections nobody waits for.
var noopCallback, _ = newCallback(func([]safejs.Value) any { return nil })

// swallowRejection marks p's rejection as handled.
func swallowRejection(p safejs.Value) {
	if isFunction(get(p, "catch")) {
		_, _ = p.Call("catch", noopCallback)
	}
}
