//go:build js && wasm

package main

import (
	"sync"

	"github.com/bosgo/bosgo/core"
	"github.com/hack-pad/safejs"
)

// listenForOtherTabs subscribes to the window's "storage" event, which the
// browser fires in every other tab of the origin when one of them writes
// localStorage. A change of this store's key is classified against what
// the listeners last saw and reported as an ordinary change.
func (s *WebStorageStore) listenForOtherTabs() {
	win := global("window")
	if !isFunction(get(win, "addEventListener")) {
		return
	}
	cb, remove := newCallback(func(args []safejs.Value) any {
		ev := arg0(args)
		key := get(ev, "key")
		if !key.IsNull() && stringOf(key) != s.key {
			return nil // another key; null means storage.clear()
		}
		if area := get(ev, "storageArea"); !isNullish(area) && !area.Equal(s.area) {
			return nil
		}
		s.otherTabChanged(decodeSession(stringOf(get(ev, "newValue"))))
		return nil
	})
	if _, err := win.Call("addEventListener", "storage", cb); err != nil {
		remove()
		return
	}
	var once sync.Once
	s.removeStorage = func() {
		once.Do(func() {
			_, _ = win.Call("removeEventListener", "storage", cb)
			remove()
		})
	}
}

// otherTabChanged reports next, written by another tab, to the listeners.
// It runs on the JS event loop, so the listeners are called from the
// store's event pump goroutine, in order.
func (s *WebStorageStore) otherTabChanged(next webSession) {
	s.mu.Lock()
	if next.raw == s.seen.raw || next.token == "" && s.seen.token == "" {
		s.seen = next
		s.mu.Unlock()
		return
	}
	kind := core.ClassifyAuthChange(s.seen.token, s.seen.record, next.token, next.record)
	s.seen = next
	s.mu.Unlock()
	ev := core.AuthEvent{Kind: kind, Token: next.token, Record: next.record.Clone()}
	s.pump.push(func() { s.emit(ev, true) })
}

// eventPump runs queued functions one at a time, in order, on a goroutine
// that exists only while the queue is non-empty. Its zero value is ready.
type eventPump struct {
	mu      sync.Mutex // guards fns, running
	fns     []func()
	running bool
}

// push queues fn and has it run on the pump's goroutine.
func (p *eventPump) push(fn func()) {
	p.queue(fn)
	if p.start() {
		goSafe(p.run)
	}
}

// queue appends fn to the queue.
func (p *eventPump) queue(fn func()) {
	p.mu.Lock()
	p.fns = append(p.fns, fn)
	p.mu.Unlock()
}

// drain runs the queue on the calling goroutine, unless it is already
// running elsewhere (which then runs what was queued, in order).
func (p *eventPump) drain() {
	if p.start() {
		p.run()
	}
}

// start reports whether the caller became the one running the queue.
func (p *eventPump) start() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.running {
		return false
	}
	p.running = true
	return true
}

func (p *eventPump) run() {
	for {
		p.mu.Lock()
		if len(p.fns) == 0 {
			p.running = false
			p.mu.Unlock()
			return
		}
		fn := p.fns[0]
		p.fns = p.fns[1:]
		p.mu.Unlock()
		_ = guard(func() error { fn(); return nil })
	}
}

// detailedListener is a listener that is also told whether a change came
// from another tab.
type detailedListener func(ev core.AuthEvent, external bool)

// detailedListeners is a registry of detailedListener; its zero value is
// ready. Like core.Listeners it calls listeners outside its lock, in
// registration order, recovering panics.
type detailedListeners struct {
	mu   sync.Mutex // guards next, fns, keys
	next int
	fns  map[int]detailedListener
	keys []int
}

func (l *detailedListeners) add(fn detailedListener) (remove func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.fns == nil {
		l.fns = map[int]detailedListener{}
	}
	id := l.next
	l.next++
	l.fns[id] = fn
	l.keys = append(l.keys, id)
	return func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		delete(l.fns, id)
		for i, k := range l.keys {
			if k == id {
				l.keys = append(l.keys[:i:i], l.keys[i+1:]...)
				break
			}
		}
	}
}

func (l *detailedListeners) emit(ev core.AuthEvent, external bool) {
	l.mu.Lock()
	fns := make([]detailedListener, 0, len(l.keys))
	for _, k := range l.keys {
		fns = append(fns, l.fns[k])
	}
	l.mu.Unlock()
	for _, fn := range fns {
		ev := ev
		ev.Record = ev.Record.Clone()
		_ = guard(func() error { fn(ev, external); return nil })
	}
}

// onChangeDetailed registers fn like OnChange, passing external = true for
// changes made by other tabs. The bridge uses it to tell the JS API. These
// listeners run after the OnChange ones.
func (s *WebStorageStore) onChangeDetailed(fn detailedListener) (remove func()) {
	return s.detailed.add(fn)
}

// emit tells every listener about ev.
func (s *WebStorageStore) emit(ev core.AuthEvent, external bool) {
	s.listeners.Emit(ev)
	s.detailed.emit(ev, external)
}
