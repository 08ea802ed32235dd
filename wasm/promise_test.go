//go:build js && wasm

package main

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/hack-pad/safejs"
)

// TestAsyncPanicRejects: a Go panic inside async work rejects its Promise
// with an internal error instead of killing the Go runtime, and the module
// keeps working afterwards.
func TestAsyncPanicRejects(t *testing.T) {
	p := async(func() (safejs.Value, error) { panic("boom") })
	if ok, _ := p.InstanceOf(global("Promise")); !ok {
		t.Fatal("async did not return a Promise")
	}
	e := awaitRejection(t, p)
	d := detail(t, e)
	if d["code"] != "internal" || !strings.Contains(stringOf(get(e, "message")), "boom") {
		t.Errorf("rejection %s code %v, want code internal mentioning the panic", jsErrorString(e), d["code"])
	}
	// Still alive: a later call resolves.
	v, err := await(testCtx(t, 5e9), async(func() (safejs.Value, error) { return safejs.ValueOf("ok") }))
	if err != nil || stringOf(v) != "ok" {
		t.Fatalf("after a panic: %v %v", v, err)
	}
}

// TestBridgeCallPanicRejects: a panicking bridge method rejects the
// Promise __bosgo.call returned; a panicking sync method returns an Error.
func TestBridgeCallPanicRejects(t *testing.T) {
	asyncMethods["test.panic"] = asyncMethod{run: func(context.Context, *clientEntry, *call) (any, error) { panic("async method panic") }}
	syncMethods["test.panic"] = func(*clientEntry, safejs.Value) (any, error) { panic("sync method panic") }
	defer delete(asyncMethods, "test.panic")
	defer delete(syncMethods, "test.panic")

	b := bridgeValue(t)
	h := newMemoryClient(t, b, "http://127.0.0.1:9")

	p, err := b.Call("call", h, "test.panic", safejs.Null())
	if err != nil {
		t.Fatalf("call threw into JS: %v", err)
	}
	if d := detail(t, awaitRejection(t, p)); d["code"] != "internal" {
		t.Errorf("code %v, want internal", d["code"])
	}

	v, err := b.Call("sync", h, "test.panic", safejs.Null())
	if err != nil {
		t.Fatalf("sync threw into JS: %v", err)
	}
	if ok, _ := v.InstanceOf(global("Error")); !ok {
		t.Fatalf("sync returned %s, want an Error value", jsErrorString(v))
	}
}

// TestBridgeRejectsBadCalls: unknown methods, disposed clients and an
// already-aborted signal reject at once; nothing throws.
func TestBridgeRejectsBadCalls(t *testing.T) {
	b := bridgeValue(t)
	h := newMemoryClient(t, b, "http://127.0.0.1:9")

	p, _ := b.Call("call", h, "noSuchMethod", safejs.Null())
	if e := awaitRejection(t, p); !strings.Contains(stringOf(get(e, "message")), "noSuchMethod") {
		t.Errorf("unknown method: %s", jsErrorString(e))
	}

	ctrl, _ := global("AbortController").New()
	_, _ = ctrl.Call("abort")
	p, _ = b.Call("call", h, "getOne", safejs.Null(), get(ctrl, "signal"))
	if d := detail(t, awaitRejection(t, p)); d["code"] != "aborted" || d["isAbort"] != true {
		t.Errorf("aborted signal: %v", d)
	}

	_, _ = b.Call("dispose", h)
	p, _ = b.Call("call", h, "getOne", safejs.Null())
	if e := awaitRejection(t, p); !strings.Contains(stringOf(get(e, "message")), "disposed") {
		t.Errorf("disposed client: %s", jsErrorString(e))
	}
}

// newMemoryClient creates a bridge client with a memory store.
func newMemoryClient(t *testing.T, b safejs.Value, url string) safejs.Value {
	t.Helper()
	opts, _ := newObject(map[string]any{"authStore": "memory"})
	h, err := b.Call("newClient", url, opts)
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := h.InstanceOf(global("Error")); ok {
		t.Fatalf("newClient: %s", jsErrorString(h))
	}
	t.Cleanup(func() { _, _ = b.Call("dispose", h) })
	return h
}

// TestGuardConvertsPanics covers the recover helper itself.
func TestGuardConvertsPanics(t *testing.T) {
	err := guard(func() error {
		var m map[string]int
		//lint:ignore SA5000 the nil-map panic is the point: guard must turn it into an error
		m["x"] = 1
		return nil
	})
	if !errors.Is(err, ErrPanic) {
		t.Fatalf("guard = %v, want ErrPanic", err)
	}
}
