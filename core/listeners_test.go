package core_test

import (
	"slices"
	"sync"
	"testing"

	"github.com/bosgo/bosgo/core"
)

func TestListenersOrderAndRemove(t *testing.T) {
	t.Parallel()
	var l core.Listeners // the zero value is ready
	var got []string
	add := func(name string) func() {
		return l.Add(func(ev core.AuthEvent) { got = append(got, name+":"+ev.Kind.String()) })
	}
	removeA := add("a")
	removeB := add("b")
	add("c")
	l.Emit(core.AuthEvent{Kind: core.AuthSignedIn})
	removeB()
	removeB() // harmless
	l.Emit(core.AuthEvent{Kind: core.AuthSignedOut})
	removeA()
	l.Emit(core.AuthEvent{Kind: core.AuthRefreshed})
	want := []string{"a:signed-in", "b:signed-in", "c:signed-in", "a:signed-out", "c:signed-out", "c:refreshed"}
	if !slices.Equal(got, want) {
		t.Errorf("calls = %v, want %v", got, want)
	}
	noop := l.Add(nil)
	noop()
	l.Emit(core.AuthEvent{Kind: core.AuthSignedIn}) // a nil listener is never called
}

func TestListenersPanicAndReentrancy(t *testing.T) {
	t.Parallel()
	var l core.Listeners
	var got []string
	var removeSelf func()
	removeSelf = l.Add(func(core.AuthEvent) {
		got = append(got, "self")
		removeSelf() // removing itself while being emitted
		l.Add(func(core.AuthEvent) { got = append(got, "late") })
	})
	l.Add(func(core.AuthEvent) { panic("boom") })
	l.Add(func(core.AuthEvent) { got = append(got, "after-panic") })
	l.Emit(core.AuthEvent{Kind: core.AuthSignedIn})
	l.Emit(core.AuthEvent{Kind: core.AuthSignedIn})
	// "late" is added during the first emission: it only sees the second.
	want := []string{"self", "after-panic", "after-panic", "late"}
	if !slices.Equal(got, want) {
		t.Errorf("calls = %v, want %v", got, want)
	}
}

func TestListenersEventCopies(t *testing.T) {
	t.Parallel()
	var l core.Listeners
	rec := core.Record{"id": "u1", "expand": map[string]any{"x": map[string]any{"n": 1.0}}}
	var seen []core.Record
	for range 2 {
		l.Add(func(ev core.AuthEvent) {
			seen = append(seen, ev.Record)
			ev.Record["id"] = "mutated"
			ev.Record["expand"].(map[string]any)["x"].(map[string]any)["n"] = 2.0
		})
	}
	l.Emit(core.AuthEvent{Kind: core.AuthSignedIn, Record: rec})
	if rec.ID() != "u1" || rec["expand"].(map[string]any)["x"].(map[string]any)["n"] != 1.0 {
		t.Errorf("a listener changed the emitted record: %v", rec)
	}
	if len(seen) != 2 || &seen[0] == &seen[1] {
		t.Fatal("listeners did not run")
	}
	l.Emit(core.AuthEvent{Kind: core.AuthSignedOut}) // nil record stays nil
}

func TestListenersConcurrent(t *testing.T) {
	t.Parallel()
	var l core.Listeners
	var mu sync.Mutex
	count := 0
	defer l.Add(func(core.AuthEvent) { mu.Lock(); count++; mu.Unlock() })()
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				remove := l.Add(func(core.AuthEvent) {})
				l.Emit(core.AuthEvent{Kind: core.AuthRefreshed})
				remove()
			}
		}()
	}
	wg.Wait()
	if count != 800 {
		t.Errorf("the permanent listener ran %d times, want 800", count)
	}
}
