package core

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"
)

// A pub/sub session is the life of the service between its first call and
// the moment it goes idle (or is closed). It owns two goroutines:
//
//   - the run loop, which dials, waits for "ready", reads frames, and
//     reconnects with backoff; while a connection is up it also runs that
//     connection's single writer goroutine;
//   - the dispatcher, which calls listeners (see pubsub_dispatch.go).
//
// Callers never write to the socket: they queue frames on the connection
// under the service lock and wait for the answer on their own channel, so
// no lock is held while waiting and wire order equals state order.

// pubsubSession is one run of the service; see above.
type pubsubSession struct {
	ctx        context.Context    // cancelled when the session ends
	cancel     context.CancelFunc //
	kick       chan struct{}      // cap 1: reconnect now, skipping the backoff
	queue      *pubsubQueue       // messages for the dispatcher
	done       chan struct{}      // closed when the run loop has returned
	dispatched chan struct{}      // closed when the dispatcher has returned

	// Guarded by PubSubService.mu.
	conn      *pubsubConn            // the ready connection; nil while (re)connecting
	attempt   *pubsubAttempt         // the connection attempt callers wait for
	pending   map[string]*pubsubCall // requests waiting for their answer, by id
	closeIdle bool                   // the last topic went away: end once nothing waits
	running   int                    // goroutines of the session still running
	authToken string                 // the token of the last auth event, when authSeen
	authSeen  bool                   // an auth event arrived during the session
}

// pubsubAttempt is one connection attempt as waiting callers see it.
type pubsubAttempt struct {
	done    chan struct{} // closed once settled
	settled bool
	err     error // nil when the attempt produced a ready connection
	waiters int   // callers waiting on done
}

func newPubSubAttempt() *pubsubAttempt { return &pubsubAttempt{done: make(chan struct{})} }

// settle records the outcome once; later calls are ignored. Called with
// the service lock held.
func (a *pubsubAttempt) settle(err error) {
	if a.settled {
		return
	}
	a.settled, a.err = true, err
	close(a.done)
}

// pubsubConn is one ready WebSocket connection.
type pubsubConn struct {
	sock     Socket
	token    string             // the auth token presented at the handshake
	clientID string             // from the "ready" message
	ctx      context.Context    // cancelled to tear the connection down
	cancel   context.CancelFunc //
	readCtx  context.Context    // cancelled once the socket is closed, to unblock Read
	readStop context.CancelFunc //
	reads    atomic.Uint64      // frames received, for the keep-alive check

	// Guarded by PubSubService.mu.
	out  [][]byte      // frames queued for the writer
	wake chan struct{} // cap 1: out has frames
}

// enqueueLocked queues one frame for the writer; it never blocks.
func (c *pubsubConn) enqueueLocked(b []byte) {
	c.out = append(c.out, b)
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// pubsubCall is one request waiting for its answer.
type pubsubCall struct {
	conn  *pubsubConn      // the connection the request went out on
	want  string           // the expected answer type
	reply chan pubsubReply // cap 1; exactly one send, by whoever removes the call from pending
	onAck func()           // when set, run by the reader on a successful answer, before it reads on
}

type pubsubReply struct {
	frame pubsubFrame
	err   error
}

// addCallLocked registers request id as waiting for an answer of type want.
func (sess *pubsubSession) addCallLocked(id string, conn *pubsubConn, want string) *pubsubCall {
	c := &pubsubCall{conn: conn, want: want, reply: make(chan pubsubReply, 1)}
	sess.pending[id] = c
	return c
}

// failConnLocked fails the requests sent on conn (all when conn is nil).
func (sess *pubsubSession) failConnLocked(conn *pubsubConn, err error) {
	for id, c := range sess.pending {
		if conn == nil || c.conn == conn {
			delete(sess.pending, id)
			c.reply <- pubsubReply{err: err}
		}
	}
}

// failAllLocked fails every waiting request and caller.
func (sess *pubsubSession) failAllLocked(err error) {
	sess.failConnLocked(nil, err)
	sess.attempt.settle(err)
}

// lockReady returns a ready connection with s.mu held, starting a session
// or waiting for the current connection attempt when needed. On error the
// lock is not held.
func (s *PubSubService) lockReady(ctx context.Context) (*pubsubSession, *pubsubConn, error) {
	if s.client.baseErr != nil {
		return nil, nil, s.client.baseErr
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	s.mu.Lock()
	for {
		sess := s.sess
		if sess == nil {
			sess = s.startLocked()
		}
		if sess.conn != nil {
			return sess, sess.conn, nil
		}
		att := sess.attempt
		att.waiters++
		s.mu.Unlock()
		select {
		case <-att.done:
		case <-ctx.Done():
		}
		s.mu.Lock()
		att.waiters--
		if err := ctx.Err(); err != nil {
			s.mu.Unlock()
			return nil, nil, err
		}
		if att.err != nil {
			s.mu.Unlock()
			return nil, nil, att.err
		}
		// The attempt succeeded, but that connection may already be gone
		// again: look at the current state once more.
	}
}

// startLocked starts a new session with its run loop and dispatcher.
func (s *PubSubService) startLocked() *pubsubSession {
	ctx, cancel := context.WithCancel(context.Background())
	sess := &pubsubSession{
		ctx:        ctx,
		cancel:     cancel,
		kick:       make(chan struct{}, 1),
		queue:      newPubSubQueue(s.opts.QueueBytes, &s.dropped),
		done:       make(chan struct{}),
		dispatched: make(chan struct{}),
		attempt:    newPubSubAttempt(),
		pending:    map[string]*pubsubCall{},
		running:    2,
	}
	s.sess = sess
	s.live[sess] = struct{}{}
	// Listeners run one at a time across sessions too: the new dispatcher
	// starts once the previous one has finished.
	prev := s.lastDispatcher
	s.lastDispatcher = sess.dispatched
	go s.run(sess)
	go func() {
		if prev != nil {
			<-prev
		}
		s.dispatch(sess.queue, sess.dispatched)
		s.retire(sess)
	}()
	return sess
}

// retire records the end of one of the session's goroutines.
func (s *PubSubService) retire(sess *pubsubSession) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sess.running--; sess.running == 0 {
		delete(s.live, sess)
	}
}

// endIfIdleLocked ends sess once its last topic is gone and nothing waits
// on it.
func (s *PubSubService) endIfIdleLocked(sess *pubsubSession) {
	if !sess.closeIdle || len(s.topics) > 0 || len(sess.pending) > 0 || sess.attempt.waiters > 0 {
		return
	}
	if s.sess == sess {
		s.sess = nil
	}
	sess.cancel()
}

// wantsConnection reports whether sess should reconnect: it is still the
// current session and has topics or callers waiting.
func (s *PubSubService) wantsConnection(sess *pubsubSession) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return sess.ctx.Err() == nil && s.sess == sess && (len(s.topics) > 0 || sess.attempt.waiters > 0)
}

// run is the session's run loop.
func (s *PubSubService) run(sess *pubsubSession) {
	removeAuth := s.client.store.OnChange(func(ev AuthEvent) { s.authChanged(sess, ev.Token) })
	defer s.finish(sess, removeAuth)
	failures := 0
	for {
		select {
		case <-sess.kick:
		default:
		}
		conn, err := s.connect(sess)
		if err != nil {
			s.mu.Lock()
			sess.attempt.settle(err)
			sess.attempt = newPubSubAttempt()
			s.mu.Unlock()
		} else {
			switch s.goLive(sess, conn) {
			case liveStale:
				conn.close()
				continue // the token changed while connecting: again, at once
			case liveEnded:
				conn.close()
				return
			}
			failures = 0
			s.serve(sess, conn)
		}
		if !s.wantsConnection(sess) {
			return
		}
		d := s.opts.ReconnectDelays[min(failures, len(s.opts.ReconnectDelays)-1)]
		failures++
		timer := time.NewTimer(d)
		select {
		case <-sess.ctx.Done():
			timer.Stop()
			return
		case <-sess.kick:
			timer.Stop()
		case <-timer.C:
		}
	}
}

// finish ends the session: callers still waiting fail with ErrPubSubClosed.
func (s *PubSubService) finish(sess *pubsubSession, removeAuth func()) {
	removeAuth()
	sess.cancel()
	s.mu.Lock()
	if s.sess == sess {
		s.sess = nil
	}
	sess.failAllLocked(ErrPubSubClosed)
	s.mu.Unlock()
	sess.queue.close()
	close(sess.done)
	s.retire(sess)
}

// connect dials and waits for the "ready" message, within
// [PubSubOptions.ConnectTimeout].
func (s *PubSubService) connect(sess *pubsubSession) (*pubsubConn, error) {
	u, err := s.socketURL()
	if err != nil {
		return nil, err
	}
	token := s.client.store.Token()
	ctx, cancel := context.WithTimeout(sess.ctx, s.opts.ConnectTimeout)
	defer cancel()
	sock, err := s.client.sockets.Dial(ctx, u, token)
	if err != nil {
		return nil, s.connectError(sess, ctx, err)
	}
	clientID := ""
	for {
		b, err := sock.Read(ctx)
		if err != nil {
			_ = sock.Close()
			return nil, s.connectError(sess, ctx, err)
		}
		// Frames before "ready" (none are expected) are skipped.
		if f, err := decodeFrame(b); err == nil && f.Type == frameReady {
			clientID = f.ClientID
			break
		}
	}
	conn := &pubsubConn{sock: sock, token: token, clientID: clientID, wake: make(chan struct{}, 1)}
	conn.ctx, conn.cancel = context.WithCancel(sess.ctx)
	conn.readCtx, conn.readStop = context.WithCancel(context.Background())
	return conn, nil
}

// connectError says why a connection attempt failed.
func (s *PubSubService) connectError(sess *pubsubSession, ctx context.Context, err error) error {
	switch {
	case sess.ctx.Err() != nil:
		return ErrPubSubClosed
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return fmt.Errorf("%w: no ready message within %s", ErrPubSubTimeout, s.opts.ConnectTimeout)
	}
	return err
}

// Outcomes of goLive.
const (
	liveOK    = iota // the connection is the session's ready connection
	liveStale        // the auth token changed while connecting
	liveEnded        // the session ended while connecting
)

// goLive makes conn the session's ready connection, queues a subscribe for
// every topic and wakes the waiting callers. The store is not called under
// the lock: an auth event since connect began is known from authChanged.
func (s *PubSubService) goLive(sess *pubsubSession, conn *pubsubConn) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case sess.ctx.Err() != nil:
		return liveEnded
	case sess.authSeen && sess.authToken != conn.token:
		return liveStale
	}
	sess.conn = conn
	for topic := range s.topics {
		// Fire and forget: the answer matches no pending request.
		if b, err := encodeFrame(pubsubFrame{Type: frameSubscribe, Topic: topic, RequestID: s.nextID()}); err == nil {
			conn.enqueueLocked(b)
		}
	}
	sess.attempt.settle(nil)
	sess.attempt = newPubSubAttempt()
	return liveOK
}

// authChanged replaces the connection when the token it was opened with is
// no longer the stored one.
func (s *PubSubService) authChanged(sess *pubsubSession, token string) {
	s.mu.Lock()
	sess.authToken, sess.authSeen = token, true
	conn := sess.conn
	stale := conn != nil && conn.token != token
	if stale {
		sess.conn = nil
		conn.cancel()
	}
	s.mu.Unlock()
	if stale || conn == nil {
		select {
		case sess.kick <- struct{}{}:
		default:
		}
	}
}

// serve runs a ready connection until it ends: this goroutine reads, a
// second one writes. Requests still waiting on it then fail with
// ErrPubSubDisconnected.
func (s *PubSubService) serve(sess *pubsubSession, conn *pubsubConn) {
	written := make(chan struct{})
	go func() {
		defer close(written)
		s.write(conn)
	}()
	s.read(sess, conn)
	conn.cancel()
	<-written
	s.mu.Lock()
	if sess.conn == conn {
		sess.conn = nil
	}
	sess.failConnLocked(conn, ErrPubSubDisconnected)
	s.mu.Unlock()
}

// read delivers answers to the waiting requests and messages to the
// dispatcher until the socket fails. Unknown, malformed and unmatched
// frames are ignored.
func (s *PubSubService) read(sess *pubsubSession, conn *pubsubConn) {
	for {
		b, err := conn.sock.Read(conn.readCtx)
		if err != nil {
			return
		}
		conn.reads.Add(1)
		f, err := decodeFrame(b)
		if err != nil {
			continue
		}
		switch {
		case f.Type == frameMessage:
			sess.queue.push(PubSubMessage{ID: f.ID, Topic: f.Topic, Data: f.Data, Created: f.Created})
		case f.RequestID != "":
			s.mu.Lock()
			call := sess.pending[f.RequestID]
			if call != nil && call.conn == conn {
				delete(sess.pending, f.RequestID)
			} else {
				call = nil
			}
			s.mu.Unlock()
			if call != nil {
				if call.onAck != nil && f.Type == call.want {
					call.onAck()
				}
				call.reply <- pubsubReply{frame: f}
			}
		}
	}
}

// write is the connection's only writer: it sends the queued frames and
// the keep-alive pings. It closes the socket when the connection ends, is
// found dead, or a write fails.
func (s *PubSubService) write(conn *pubsubConn) {
	defer func() {
		conn.cancel()
		_ = conn.sock.Close()
		conn.readStop()
	}()
	var tick <-chan time.Time
	if s.opts.PingInterval > 0 {
		t := time.NewTicker(s.opts.PingInterval)
		defer t.Stop()
		tick = t.C
	}
	pinged, readsAtPing := false, uint64(0)
	for {
		s.mu.Lock()
		batch := conn.out
		conn.out = nil
		s.mu.Unlock()
		for _, b := range batch {
			if !s.writeFrame(conn, b) {
				return
			}
		}
		select {
		case <-conn.ctx.Done():
			return
		case <-conn.wake:
		case <-tick:
			n := conn.reads.Load()
			if pinged && n == readsAtPing {
				return // not even a pong for a whole interval: dead
			}
			b, err := encodeFrame(pubsubFrame{Type: framePing, RequestID: s.nextID()})
			if err != nil || !s.writeFrame(conn, b) {
				return
			}
			pinged, readsAtPing = true, n
		}
	}
}

// writeFrame writes one frame, giving up after the ack timeout.
func (s *PubSubService) writeFrame(conn *pubsubConn, b []byte) bool {
	ctx, cancel := context.WithTimeout(conn.ctx, s.opts.AckTimeout)
	defer cancel()
	return conn.sock.Write(ctx, b) == nil
}

// close tears down a connection that never went live.
func (c *pubsubConn) close() {
	c.cancel()
	_ = c.sock.Close()
	c.readStop()
}
