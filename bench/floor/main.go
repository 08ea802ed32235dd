//go:build js && wasm

// Command floor is the smallest useful Go WebAssembly module: it touches
// only syscall/js, registering one function and calling the page's ready
// callback. bosgo's benchmarks use it as the floor that any Go module pays
// (runtime, GC, wasm_exec.js glue) when comparing transfer size and time to
// ready.
package main

import "syscall/js"

func main() {
	echo := js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) == 0 {
			return js.Undefined()
		}
		return args[0]
	})
	g := js.Global()
	g.Set("floorEcho", echo)
	if cb := g.Get("__floorReady"); cb.Type() == js.TypeFunction {
		cb.Invoke()
	}
	select {}
}
