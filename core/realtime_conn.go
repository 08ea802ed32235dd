package core

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"github.com/bosgo/bosgo/internal/jsonv"

	"github.com/bosgo/bosgo/internal/smallsort"
)

// rtRun is the life of one connection goroutine: from the first
// subscription to the last unsubscribe or Close, through any number of
// reconnects.
type rtRun struct {
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{} // closed when the goroutine has exited

	// Guarded by RealtimeService.mu.
	clientID         string
	connected        bool   // PB_CONNECT arrived on the current stream
	gen              uint64 // bumped on every connect and disconnect
	submittedGen     uint64 // gen of the last successful submit
	submittedVersion uint64 // key-set version of the last successful submit
	ended            bool   // stopped, or the first connect failed
	err              error  // why the first connect failed
	forced           bool   // the current stream was cut to reconnect at once
	dispatching      bool   // a listener or hook is running on the goroutine
	cut              context.CancelFunc
}

// SetReconnectIntervals sets the delays between reconnect attempts; the
// last one repeats forever. No argument restores
// [DefaultReconnectIntervals]. Tests use it to reconnect fast.
func (s *RealtimeService) SetReconnectIntervals(d ...time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(d) == 0 {
		s.intervals = DefaultReconnectIntervals
		return
	}
	s.intervals = append([]time.Duration(nil), d...)
}

// ensureRunLocked returns the live run, starting the connection goroutine
// when there is none.
func (s *RealtimeService) ensureRunLocked() *rtRun {
	if s.run != nil {
		return s.run
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &rtRun{ctx: ctx, cancel: cancel, done: make(chan struct{})}
	s.run = r
	go s.loop(r)
	return r
}

// stopLocked ends the live run. It returns the run and whether the caller
// may wait for its goroutine: not while a listener runs, since the caller
// may be that listener.
func (s *RealtimeService) stopLocked() (*rtRun, bool) {
	r := s.run
	if r == nil {
		return nil, false
	}
	s.run = nil
	r.ended = true
	r.connected = false
	r.cancel()
	s.broadcastLocked()
	return r, !r.dispatching
}

// reconnect cuts the current stream of r so that the loop reconnects at
// once (auth changes).
func (s *RealtimeService) reconnect(r *rtRun) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.run != r || r.ended || r.cut == nil {
		return
	}
	r.forced = true
	r.connected = false
	r.gen++
	s.broadcastLocked()
	r.cut()
}

// loop is the connection goroutine: connect, submit, dispatch, and after a
// drop fire the disconnect hooks and reconnect with backoff, until stopped.
// A first connect that fails ends the run with its error.
func (s *RealtimeService) loop(r *rtRun) {
	defer close(r.done)
	if s.followAuth {
		defer s.client.store.OnChange(func(ev AuthEvent) {
			if ev.Kind == AuthSignedIn || ev.Kind.SignedOut() {
				s.reconnect(r)
			}
		})()
	}
	attempt, everConnected := 0, false
	for {
		connected, err := s.session(r)
		if connected {
			everConnected, attempt = true, 0
		}

		s.mu.Lock()
		hadID := r.clientID != ""
		forced, stopped := r.forced, r.ended
		r.clientID, r.connected, r.forced, r.cut = "", false, false, nil
		r.gen++
		var active []string
		if !stopped {
			active = s.keysLocked()
		}
		failed := !stopped && !forced && !everConnected
		if failed {
			r.ended, r.err = true, err
			if s.run == r {
				s.run = nil
				s.subs = map[string][]*rtListener{}
				s.version++
			}
		}
		s.broadcastLocked()
		s.mu.Unlock()

		if hadID {
			s.fireDisconnect(r, active)
		}
		if stopped || failed {
			return
		}
		if !forced {
			// Stopped during the wait: the next session ends at once.
			s.sleep(r.ctx, s.interval(attempt))
			attempt++
		}
	}
}

// sleep waits for d or until ctx ends.
func (s *RealtimeService) sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// interval returns the delay before reconnect attempt n (from 0).
func (s *RealtimeService) interval(n int) time.Duration {
	s.mu.Lock()
	iv := s.intervals
	s.mu.Unlock()
	if len(iv) == 0 {
		iv = DefaultReconnectIntervals
	}
	if n >= len(iv) {
		return iv[len(iv)-1]
	}
	return iv[n]
}

// session runs one stream: open it, wait for PB_CONNECT, submit the
// subscriptions, then dispatch events until the stream fails. connected
// reports whether it got as far as a successful submit.
func (s *RealtimeService) session(r *rtRun) (connected bool, err error) {
	sctx, cut := context.WithCancel(r.ctx)
	defer cut()
	s.mu.Lock()
	if r.ended {
		s.mu.Unlock()
		return false, r.ctx.Err()
	}
	r.cut = cut
	s.mu.Unlock()

	u := s.client.BuildURL("/api/realtime")
	var timedOut atomic.Bool
	timer := time.AfterFunc(realtimeConnectTimeout, func() { timedOut.Store(true); cut() })
	stream, err := s.client.events.Open(sctx, u, Header{})
	if err == nil {
		defer stream.Close()
		var id string
		if id, err = awaitConnect(stream); err == nil && !timer.Stop() {
			err = context.DeadlineExceeded
		}
		if err == nil {
			s.mu.Lock()
			r.clientID, r.connected = id, true
			r.gen++
			s.broadcastLocked()
			s.mu.Unlock()
		}
	}
	timer.Stop()
	if timedOut.Load() {
		return false, newClientError(redactURL(u), 0, "realtime: no PB_CONNECT from the server within "+realtimeConnectTimeout.String(), nil)
	}
	if err != nil {
		return false, asClientError(u, err)
	}
	if _, err := s.submit(sctx, r, true); err != nil {
		return false, err
	}
	s.fireConnect(r)
	for {
		ev, err := stream.Next()
		if err != nil {
			return true, asClientError(u, err)
		}
		s.dispatch(r, ev)
	}
}

// awaitConnect reads the stream until PB_CONNECT and returns the client id,
// taken from the event id or, failing that, from the data.
func awaitConnect(stream EventStream) (string, error) {
	for {
		ev, err := stream.Next()
		if err != nil {
			return "", err
		}
		if ev.Name != "PB_CONNECT" {
			continue
		}
		id := ev.ID
		if id == "" {
			data, _ := jsonv.Object([]byte(ev.Data))
			id, _ = data["clientId"].(string)
		}
		if id == "" {
			return "", errors.New("realtime: PB_CONNECT without a client id")
		}
		return id, nil
	}
}

// asClientError returns err as a [*ClientResponseError], wrapping it when
// it is not one.
func asClientError(u string, err error) error {
	var ce *ClientResponseError
	if errors.As(err, &ce) {
		return err
	}
	return newTransportError(redactURL(u), err)
}

// dispatch calls the listeners of the event's subscription key.
func (s *RealtimeService) dispatch(r *rtRun, ev Event) {
	s.mu.Lock()
	if s.run != r {
		s.mu.Unlock()
		return
	}
	ls := append([]*rtListener(nil), s.subs[ev.Name]...)
	if len(ls) == 0 {
		s.mu.Unlock()
		return
	}
	r.dispatching = true
	s.mu.Unlock()
	defer s.doneDispatching(r)
	for _, l := range ls {
		callSafely(func() { l.fn(ev) })
	}
}

// fireDisconnect calls the OnDisconnect hooks with active.
func (s *RealtimeService) fireDisconnect(r *rtRun, active []string) {
	s.mu.Lock()
	fns := inOrder(s.onDisc)
	r.dispatching = true
	s.mu.Unlock()
	defer s.doneDispatching(r)
	for _, fn := range fns {
		callSafely(func() { fn(append([]string(nil), active...)) })
	}
}

// fireConnect calls the OnConnect hooks with r's client id.
func (s *RealtimeService) fireConnect(r *rtRun) {
	s.mu.Lock()
	if s.run != r || !r.connected {
		s.mu.Unlock()
		return
	}
	id, fns := r.clientID, inOrder(s.onConn)
	r.dispatching = true
	s.mu.Unlock()
	defer s.doneDispatching(r)
	for _, fn := range fns {
		callSafely(func() { fn(id) })
	}
}

// inOrder returns the hooks of m in registration order.
func inOrder[F any](m map[int]F) []F {
	ids := make([]int, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	smallsort.Sort(ids)
	fns := make([]F, 0, len(ids))
	for _, id := range ids {
		fns = append(fns, m[id])
	}
	return fns
}

func (s *RealtimeService) doneDispatching(r *rtRun) {
	s.mu.Lock()
	r.dispatching = false
	s.mu.Unlock()
}

// callSafely runs fn, swallowing a panic so that one bad listener does not
// kill the connection.
func callSafely(fn func()) {
	defer func() { _ = recover() }()
	fn()
}
