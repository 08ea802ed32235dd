package core

import "sync"

// pubsubListener is one callback registered with [PubSubService.Subscribe].
type pubsubListener struct {
	fn     func(PubSubMessage)
	mu     sync.Mutex // guards active
	active bool
}

// newPubSubListener returns an inactive listener: it is activated when the
// server confirms its subscription, by the reader, before any later frame
// is handled.
func newPubSubListener(fn func(PubSubMessage)) *pubsubListener {
	return &pubsubListener{fn: fn}
}

// activate starts the calls of the listener.
func (l *pubsubListener) activate() {
	l.mu.Lock()
	l.active = true
	l.mu.Unlock()
}

// deactivate stops further calls of the listener.
func (l *pubsubListener) deactivate() {
	l.mu.Lock()
	l.active = false
	l.mu.Unlock()
}

// isActive reports whether the listener still wants messages.
func (l *pubsubListener) isActive() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.active
}

// pubsubQueue is the unbounded FIFO between a session's reader and its
// dispatcher. The reader never blocks on it, so a slow listener delays
// later messages but never acks, pongs or the keep-alive.
type pubsubQueue struct {
	mu     sync.Mutex // guards items, closed
	items  []PubSubMessage
	closed bool
	wake   chan struct{} // cap 1: items were added or the queue was closed
}

func newPubSubQueue() *pubsubQueue { return &pubsubQueue{wake: make(chan struct{}, 1)} }

// push appends m; it is a no-op after close.
func (q *pubsubQueue) push(m PubSubMessage) {
	q.mu.Lock()
	if !q.closed {
		q.items = append(q.items, m)
	}
	q.mu.Unlock()
	q.signal()
}

// close makes take report the end once the queue is drained.
func (q *pubsubQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.signal()
}

func (q *pubsubQueue) signal() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// take blocks until messages are queued and returns all of them; ok is
// false once the queue is closed and empty.
func (q *pubsubQueue) take() (items []PubSubMessage, ok bool) {
	for {
		q.mu.Lock()
		items, closed := q.items, q.closed
		q.items = nil
		q.mu.Unlock()
		if len(items) > 0 {
			return items, true
		}
		if closed {
			return nil, false
		}
		<-q.wake
	}
}

// dispatch runs the listeners of each queued message, in arrival order and
// one at a time, on the session's dispatcher goroutine, without holding any
// lock of the service. It returns when the queue is closed and drained.
func (s *PubSubService) dispatch(q *pubsubQueue, done chan<- struct{}) {
	defer close(done)
	for {
		items, ok := q.take()
		if !ok {
			return
		}
		for _, m := range items {
			s.mu.Lock()
			ls := append([]*pubsubListener(nil), s.topics[m.Topic]...)
			s.mu.Unlock()
			for _, l := range ls {
				if l.isActive() {
					s.callListener(l, m)
				}
			}
		}
	}
}

// callListener calls one listener; a panic in it is swallowed so that the
// other listeners and later messages are still delivered.
func (s *PubSubService) callListener(l *pubsubListener, m PubSubMessage) {
	s.inCallback.Add(1)
	defer s.inCallback.Add(-1)
	defer func() { _ = recover() }()
	m.Data = append([]byte(nil), m.Data...) // each listener gets its own copy
	l.fn(m)
}
