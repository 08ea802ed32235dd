//go:build js && wasm

package main

import "github.com/hack-pad/safejs"

// namespace is the one global the module defines. web/bosbase.js sets it
// to {onReady(bridge)} before starting the module; main replaces it with
// the bridge and calls onReady.
const namespace = "__bosgo"

func main() {
	b, err := newBridge()
	if err != nil {
		logError("bosgo: cannot start: ", err)
		return // go.run resolves: the loader reports the failure
	}
	pre := global(namespace)
	if err := safejs.Global().Set(namespace, b); err != nil {
		logError("bosgo: cannot register the module: ", err)
		return
	}
	if ready := get(pre, "onReady"); isFunction(ready) {
		_, _ = ready.Invoke(b)
	}
	select {} // keep the runtime alive; go.run never resolves
}
