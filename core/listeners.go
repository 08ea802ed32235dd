package core

import "sync"

// Listeners is a registry of [AuthEvent] listeners for [AuthStore]
// implementations. Its zero value is ready to use and it is safe for
// concurrent use. Emit calls the listeners without holding any lock, in
// registration order; a listener that panics is recovered, and the others
// still run.
type Listeners struct {
	mu   sync.Mutex // guards next, fns
	next int
	fns  map[int]func(AuthEvent)
	keys []int
}

// Add registers fn and returns a function that removes it; removing twice
// is harmless. A nil fn is ignored.
func (l *Listeners) Add(fn func(AuthEvent)) (remove func()) {
	if fn == nil {
		return func() {}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.fns == nil {
		l.fns = map[int]func(AuthEvent){}
	}
	id := l.next
	l.next++
	l.fns[id] = fn
	l.keys = append(l.keys, id)
	return func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		if _, ok := l.fns[id]; !ok {
			return
		}
		delete(l.fns, id)
		for i, k := range l.keys {
			if k == id {
				l.keys = append(l.keys[:i:i], l.keys[i+1:]...)
				break
			}
		}
	}
}

// Emit calls every registered listener with ev, each with its own copy of
// ev.Record.
func (l *Listeners) Emit(ev AuthEvent) {
	l.mu.Lock()
	fns := make([]func(AuthEvent), 0, len(l.keys))
	for _, k := range l.keys {
		fns = append(fns, l.fns[k])
	}
	l.mu.Unlock()
	for _, fn := range fns {
		callListener(fn, ev)
	}
}

func callListener(fn func(AuthEvent), ev AuthEvent) {
	defer func() { _ = recover() }()
	ev.Record = ev.Record.Clone()
	fn(ev)
}
