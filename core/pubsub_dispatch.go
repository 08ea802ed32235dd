package core

import (
	"sync"
	"sync/atomic"
)

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

// pubsubQueue is the bounded FIFO between a session's reader and its
// dispatcher. The reader never blocks on it, so a slow listener delays
// later messages but never acks, pongs or the keep-alive. When the queued
// messages would take more than limit bytes (see [queuedSize]), the
// oldest are dropped and counted in dropped: the server has no topic
// ACLs, so any signed-in user can flood a topic.
type pubsubQueue struct {
	mu      sync.Mutex // guards items, size, closed
	items   []PubSubMessage
	size    int // sum of queuedSize over items
	closed  bool
	limit   int
	dropped *atomic.Uint64 // the service's count of dropped messages
	wake    chan struct{}  // cap 1: items were added or the queue was closed
}

func newPubSubQueue(limit int, dropped *atomic.Uint64) *pubsubQueue {
	return &pubsubQueue{limit: limit, dropped: dropped, wake: make(chan struct{}, 1)}
}

// queuedSize is what a queued message counts against the limit: its
// bytes plus a fixed overhead, so that a flood of empty messages is
// bounded too.
func queuedSize(m PubSubMessage) int { return len(m.Data) + len(m.Topic) + len(m.ID) + 64 }

// push appends m, dropping the oldest messages while the queue is over
// its limit (the newest message always stays); it is a no-op after close.
func (q *pubsubQueue) push(m PubSubMessage) {
	q.mu.Lock()
	if !q.closed {
		q.items = append(q.items, m)
		q.size += queuedSize(m)
		for q.size > q.limit && len(q.items) > 1 {
			q.size -= queuedSize(q.items[0])
			q.items[0] = PubSubMessage{} // let the data go
			q.items = q.items[1:]
			q.dropped.Add(1)
		}
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

// take blocks until a message is queued and returns the oldest; ok is
// false once the queue is closed and empty. A message stays counted
// against the limit until taken, one at a time.
func (q *pubsubQueue) take() (m PubSubMessage, ok bool) {
	for {
		q.mu.Lock()
		n, closed := len(q.items), q.closed
		if n > 0 {
			m = q.items[0]
			q.items[0] = PubSubMessage{}
			q.items = q.items[1:]
			q.size -= queuedSize(m)
		}
		q.mu.Unlock()
		if n > 0 {
			return m, true
		}
		if closed {
			return m, false
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
		m, ok := q.take()
		if !ok {
			return
		}
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

// callListener calls one listener; a panic in it is swallowed so that the
// other listeners and later messages are still delivered.
func (s *PubSubService) callListener(l *pubsubListener, m PubSubMessage) {
	s.inCallback.Add(1)
	defer s.inCallback.Add(-1)
	defer func() { _ = recover() }()
	m.Data = append([]byte(nil), m.Data...) // each listener gets its own copy
	l.fn(m)
}
