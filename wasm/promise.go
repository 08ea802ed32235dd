//go:build js && wasm

package main

import (
	"errors"

	"github.com/hack-pad/safejs"
)

// errNoPromise is returned when the JS Promise constructor is unusable.
var errNoPromise = errors.New("bosgo: cannot create a Promise")

// newPromise returns a new pending JS Promise and its resolve and reject
// functions. It uses no js.Func of its own: the executor is a registry
// callback removed as soon as the constructor has called it.
func newPromise() (promise, resolve, reject safejs.Value, err error) {
	var res, rej safejs.Value
	executor, remove := newCallback(func(args []safejs.Value) any {
		if len(args) >= 2 {
			res, rej = args[0], args[1]
		}
		return nil
	})
	defer remove()
	p, err := global("Promise").New(executor)
	if err != nil || !isFunction(res) || !isFunction(rej) {
		return safejs.Undefined(), safejs.Undefined(), safejs.Undefined(), errNoPromise
	}
	return p, res, rej, nil
}

// async starts work on its own goroutine and returns a Promise of its
// result. work runs outside the JS event loop, so it may block (fetch,
// timers, awaiting other promises). The Promise resolves with the JS value
// work returns, or rejects with toJSError(err); a panic in work rejects
// with an [ErrPanic] error. It never leaves the Promise pending unless work
// itself never returns.
func async(work func() (safejs.Value, error)) safejs.Value {
	p, resolve, reject, err := newPromise()
	if err != nil {
		return safejs.Undefined()
	}
	go func() {
		var v safejs.Value
		err := guard(func() error {
			var err error
			v, err = work()
			return err
		})
		if err != nil {
			_, _ = reject.Invoke(toJSError(err))
			return
		}
		if _, ierr := resolve.Invoke(v); ierr != nil {
			_, _ = reject.Invoke(toJSError(ierr))
		}
	}()
	return p
}

// rejected returns a Promise already rejected with toJSError(err).
func rejected(err error) safejs.Value {
	p, _, reject, perr := newPromise()
	if perr != nil {
		return safejs.Undefined()
	}
	_, _ = reject.Invoke(toJSError(err))
	return p
}
