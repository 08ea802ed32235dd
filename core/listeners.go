package core

import "sync"

// Listeners is a registry of [AuthEvent] listeners for [AuthStore]
// implementations. Its zero value is ready to use and it is safe for
// concurrent use. Emit calls the listeners without holding any lock, in
// registration order; a listener that panics is recovered, and the others
// still run.
//
// A store that can change from several goroutines at once reports its
// changes with Queue (under the lock it changed its state with) and Flush
// (after releasing it) rather than Emit, so that every listener sees the
// changes in the order the store made them.
type Listeners struct {
	mu       sync.Mutex // guards next, fns, keys, queue, draining
	next     int
	fns      map[int]func(AuthEvent)
	keys     []int
	queue    []AuthEvent // queued events not yet delivered, in store order
	draining bool        // a Flush is delivering the queue
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

// Queue appends ev to the events Flush delivers. A store calls it while it
// holds the lock it changed its state under, so the queue is in the
// store's order.
func (l *Listeners) Queue(ev AuthEvent) {
	l.mu.Lock()
	l.queue = append(l.queue, ev)
	l.mu.Unlock()
}

// Flush delivers the queued events in order, each as Emit would. When
// another Flush is already delivering (a concurrent change of the store,
// or a listener that changed it), that Flush delivers these events too,
// right after the one it is delivering, and this one returns at once: the
// listeners never see changes out of the store's order, nor a listener's
// own change before the rest of the change it is reacting to.
func (l *Listeners) Flush() {
	l.mu.Lock()
	if l.draining {
		l.mu.Unlock()
		return
	}
	l.draining = true
	for len(l.queue) > 0 {
		ev := l.queue[0]
		l.queue = l.queue[1:]
		fns := make([]func(AuthEvent), 0, len(l.keys))
		for _, k := range l.keys {
			fns = append(fns, l.fns[k])
		}
		l.mu.Unlock()
		for _, fn := range fns {
			callListener(fn, ev)
		}
		l.mu.Lock()
	}
	l.queue = nil
	l.draining = false
	l.mu.Unlock()
}

func callListener(fn func(AuthEvent), ev AuthEvent) {
	defer func() { _ = recover() }()
	ev.Record = ev.Record.Clone()
	fn(ev)
}
