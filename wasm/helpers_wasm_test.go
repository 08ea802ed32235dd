//go:build js && wasm

package main

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/hack-pad/safejs"

	"github.com/bosgo/bosgo/internal/jsonv"
)

// testEnv returns the named environment variable set by TestWasmInBrowser.
// Without it the test is skipped, unless BOSGO_WASM_REQUIRE_SERVER is set,
// in which case the harness is broken and the test fails.
func testEnv(t *testing.T, name string) string {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		if os.Getenv("BOSGO_WASM_REQUIRE_SERVER") != "" {
			t.Fatalf("%s is not set", name)
		}
		t.Skipf("%s is not set: run `go tool task wasm:test`, which starts a devserver", name)
	}
	return v
}

// testCtx returns a context bounded well under the test timeout.
func testCtx(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// jsFunc builds a JS function from source, e.g. jsFunc(t, "a", "return a+1").
func jsFunc(t *testing.T, params ...string) safejs.Value {
	t.Helper()
	args := make([]any, len(params))
	for i, p := range params {
		args[i] = p
	}
	f, err := global("Function").New(args...)
	if err != nil {
		t.Fatalf("new Function: %v", err)
	}
	return f
}

// bridgeValue returns the module's bridge object as main registers it.
func bridgeValue(t *testing.T) safejs.Value {
	t.Helper()
	b, err := newBridge()
	if err != nil {
		t.Fatalf("newBridge: %v", err)
	}
	return b
}

// awaitRejection awaits p and returns the JS value it rejected with.
func awaitRejection(t *testing.T, p safejs.Value) safejs.Value {
	t.Helper()
	ch := make(chan safejs.Value, 1)
	onOK, rmOK := newCallback(func(args []safejs.Value) any {
		ch <- safejs.Undefined()
		return nil
	})
	onErr, rmErr := newCallback(func(args []safejs.Value) any { ch <- arg0(args); return nil })
	defer rmOK()
	defer rmErr()
	if _, err := p.Call("then", onOK, onErr); err != nil {
		t.Fatalf("then: %v", err)
	}
	select {
	case v := <-ch:
		if v.IsUndefined() {
			t.Fatal("the promise resolved, want a rejection")
		}
		return v
	case <-time.After(20 * time.Second):
		t.Fatal("the promise is still pending after 20s")
	}
	return safejs.Undefined()
}

// detail returns the .bosgo detail of a rejection as a Go map.
func detail(t *testing.T, e safejs.Value) map[string]any {
	t.Helper()
	s, err := jsonStringify(get(e, "bosgo"))
	var d map[string]any
	if err == nil {
		d, err = jsonv.Object([]byte(s))
	}
	if err != nil || d == nil {
		t.Fatalf("rejection %s has no bosgo detail (%v)", jsErrorString(e), err)
	}
	return d
}

func uniqueKey(prefix string) string {
	return fmt.Sprintf("%s_%d", prefix, time.Now().UnixNano())
}

var timeZero = time.Time{}
