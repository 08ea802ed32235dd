package core

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Defaults of [PubSubOptions].
const (
	// DefaultPubSubAckTimeout bounds the wait for the server's answer to a
	// subscribe, unsubscribe or publish (the JS SDK's value).
	DefaultPubSubAckTimeout = 10 * time.Second
	// DefaultPubSubConnectTimeout bounds dialing plus waiting for the
	// server's "ready" message (the JS SDK's value).
	DefaultPubSubConnectTimeout = 15 * time.Second
	// DefaultPubSubPingInterval is how often an idle connection sends a
	// keep-alive "ping". A connection that has not received any frame for
	// a whole interval after a ping is considered dead and is replaced.
	DefaultPubSubPingInterval = 30 * time.Second
	// DefaultPubSubQueueBytes bounds the messages waiting for the
	// listeners: 4 MiB, a dozen messages of the server's 320 KiB maximum
	// or thousands of small ones.
	DefaultPubSubQueueBytes = 4 << 20
)

// DefaultPubSubReconnectDelays are the waits before consecutive reconnect
// attempts, the same as the JS SDK's realtime and pub/sub clients; the last
// one repeats forever.
var DefaultPubSubReconnectDelays = []time.Duration{
	200 * time.Millisecond, 300 * time.Millisecond, 500 * time.Millisecond,
	1000 * time.Millisecond, 1200 * time.Millisecond, 1500 * time.Millisecond,
	2000 * time.Millisecond,
}

// PubSubOptions tunes the pub/sub client; pass them with [WithPubSub].
// Zero fields take the defaults.
type PubSubOptions struct {
	// AckTimeout bounds the wait for the answer to each request; zero
	// means [DefaultPubSubAckTimeout].
	AckTimeout time.Duration
	// ConnectTimeout bounds each connection attempt, from dialing to the
	// "ready" message; zero means [DefaultPubSubConnectTimeout].
	ConnectTimeout time.Duration
	// PingInterval is the keep-alive interval; zero means
	// [DefaultPubSubPingInterval] and a negative value turns keep-alive
	// off.
	PingInterval time.Duration
	// ReconnectDelays are the waits before consecutive reconnect attempts;
	// the last one repeats. Nil or empty means
	// [DefaultPubSubReconnectDelays].
	ReconnectDelays []time.Duration
	// QueueBytes bounds the messages received but not yet handed to the
	// listeners (each counts its data, topic and id plus 64 bytes); zero
	// means [DefaultPubSubQueueBytes]. See [PubSubService] for what
	// happens when a slow listener lets the queue fill up.
	QueueBytes int
}

// withDefaults returns a copy of o with the zero fields filled in.
func (o PubSubOptions) withDefaults() PubSubOptions {
	if o.AckTimeout <= 0 {
		o.AckTimeout = DefaultPubSubAckTimeout
	}
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = DefaultPubSubConnectTimeout
	}
	if o.PingInterval == 0 {
		o.PingInterval = DefaultPubSubPingInterval
	}
	if len(o.ReconnectDelays) == 0 {
		o.ReconnectDelays = DefaultPubSubReconnectDelays
	}
	if o.QueueBytes <= 0 {
		o.QueueBytes = DefaultPubSubQueueBytes
	}
	o.ReconnectDelays = append([]time.Duration(nil), o.ReconnectDelays...)
	return o
}

// WithPubSub tunes the pub/sub client ([Client.PubSub]). Unset, every
// field takes its default (see [PubSubOptions]).
func WithPubSub(o PubSubOptions) Option { return func(c *config) { c.pubsub = o } }

// PubSubMessage is one message published on a topic, as delivered to the
// listeners of [PubSubService.Subscribe].
type PubSubMessage struct {
	// ID is the message id given by the server.
	ID string
	// Topic is the topic the message was published on.
	Topic string
	// Data is the published JSON value, "null" when none.
	Data json.RawMessage
	// Created is the server's creation time, e.g.
	// "2026-11-22 17:04:05.123Z"; see [PubSubMessage.CreatedTime].
	Created string
}

// Decode unmarshals the message data into v.
func (m PubSubMessage) Decode(v any) error {
	if err := decodeJSON(m.Data, v); err != nil {
		return fmt.Errorf("bosbase: decode pub/sub message %s on %q: %w", m.ID, m.Topic, err)
	}
	return nil
}

// CreatedTime parses Created; ok is false when it is not a BosBase
// datetime or RFC 3339 time.
func (m PubSubMessage) CreatedTime() (t time.Time, ok bool) { return parseServerTime(m.Created) }

// PublishAck is the server's confirmation of [PubSubService.Publish].
type PublishAck struct {
	// ID is the id of the stored message.
	ID string
	// Topic is the topic the message was published on.
	Topic string
	// Created is the server's creation time; see
	// [PublishAck.CreatedTime].
	Created string
}

// CreatedTime parses Created; ok is false when it is not a BosBase
// datetime or RFC 3339 time.
func (a *PublishAck) CreatedTime() (t time.Time, ok bool) { return parseServerTime(a.Created) }

func parseServerTime(s string) (time.Time, bool) {
	for _, layout := range []string{DateTimeLayout, time.RFC3339Nano} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// PubSubService is the client of BosBase's pub/sub WebSocket at
// /api/pubsub. Get it as [Client.PubSub]. It is safe for concurrent use.
//
// # Connection
//
// The first call opens one WebSocket through the client's [SocketDialer]
// and waits for the server's "ready" message; only then is the connection
// used. The stored auth token is presented at the handshake (the
// Authorization header natively, ?token= in the browser). The server fixes
// the identity at the handshake, so when the [AuthStore] token changes the
// connection is replaced with one carrying the new token, and every topic is
// subscribed again.
//
// While topics are subscribed, a lost connection is re-opened after the
// [PubSubOptions.ReconnectDelays] and all topics are subscribed again;
// messages published while disconnected are not replayed. A keep-alive
// "ping" runs every [PubSubOptions.PingInterval]. The connection is closed
// once the last topic is unsubscribed and no request is waiting. A
// connection opened only to publish stays open (kept alive) until it drops
// or [PubSubService.Close] is called.
//
// # Listeners
//
// Listeners run on a goroutine of the service, one at a time, in the order
// the messages arrived, and never while the service holds a lock: a
// listener may call Publish, Subscribe or the unsubscribe function. A
// listener that blocks delays the following messages (they are queued) but
// not the protocol. A panicking listener is recovered.
//
// The queue is bounded ([PubSubOptions.QueueBytes]): when messages arrive
// faster than the listeners take them and the queue is full, the oldest
// queued messages are dropped, and counted by [PubSubService.Dropped].
// Dropping, rather than disconnecting, is the policy because the server
// has no topic ACLs: any signed-in user can flood a topic, and a
// disconnect (then a reconnect into the same flood) would let them cut
// every subscriber off, while dropping keeps the connection, the newest
// messages and a bounded memory. Delivery was already best-effort:
// messages published while disconnected are not replayed either.
//
// # Errors
//
// Every failure is a [*ClientResponseError] with Status 0 (or the HTTP
// status when the handshake was refused, e.g. 404 on a server without
// pub/sub). Its cause tells what happened: a [*PubSubError] when the
// server refused the request, [ErrPubSubTimeout], [ErrPubSubDisconnected],
// [ErrPubSubClosed], [ErrPubSubProtocol], or the context's error.
//
// # Access control
//
// The server has no topic ACLs: anyone, even a guest, may subscribe to any
// topic. Publishing needs a connection authenticated as any auth record.
type PubSubService struct {
	client   *Client
	opts     PubSubOptions // with defaults
	idPrefix string        // random, makes request ids unique across clients
	ids      atomic.Uint64 // request id counter

	mu     sync.Mutex                   // guards topics, sess, live, lastDispatcher
	topics map[string][]*pubsubListener // subscribed topics and their listeners
	sess   *pubsubSession               // the current session; nil when idle
	live   map[*pubsubSession]struct{}  // sessions whose goroutines still run

	lastDispatcher chan struct{} // closed when the newest session's dispatcher has ended

	inCallback atomic.Int32 // listener calls in progress (see Close)

	dropped atomic.Uint64 // messages dropped from a full queue (see Dropped)
}

// Dropped returns how many received messages were dropped, oldest first,
// because the listeners fell behind and the queue reached
// [PubSubOptions.QueueBytes]; it only grows.
func (s *PubSubService) Dropped() uint64 { return s.dropped.Load() }

func newPubSubService(c *Client) *PubSubService {
	return &PubSubService{
		client:   c,
		opts:     c.cfg.pubsub.withDefaults(),
		idPrefix: randomID(8),
		topics:   map[string][]*pubsubListener{},
		live:     map[*pubsubSession]struct{}{},
	}
}

// Subscribe registers fn for the messages published on topic and waits for
// the server to confirm the subscription. It returns a function that
// removes fn again; when fn was the topic's last listener it also
// unsubscribes on the server (waiting at most [PubSubOptions.AckTimeout]
// for the answer). After that function returns, fn is not called again,
// except for a call already starting. Calling it twice is harmless.
//
// Every Subscribe asks the server (subscribing is idempotent there), so a
// nil error always means the server confirmed the topic on the current
// connection. fn receives the messages that arrive after that
// confirmation. On error fn is not registered and never called.
//
// Topics are trimmed of surrounding spaces, as the server does.
//
// Endpoint: GET /api/pubsub (WebSocket), message "subscribe".
func (s *PubSubService) Subscribe(ctx context.Context, topic string, fn func(PubSubMessage)) (unsubscribe func() error, err error) {
	if s == nil {
		panic(zeroClientPanic) // the zero Client has no services
	}
	topic = strings.TrimSpace(topic)
	if err := s.checkTopic("subscribe", topic); err != nil {
		return nil, err
	}
	if fn == nil {
		return nil, newClientError(s.endpoint(), 0, "pub/sub subscribe needs a listener", nil)
	}
	l := newPubSubListener(fn)
	_, err = s.request(ctx, "subscribe", pubsubFrame{Type: frameSubscribe, Topic: topic}, frameSubscribed,
		func(sess *pubsubSession, call *pubsubCall) {
			s.topics[topic] = append(s.topics[topic], l)
			sess.closeIdle = false
			call.onAck = l.activate
		})
	if err != nil {
		s.removeListener(topic, l, false)
		return nil, err
	}
	var once sync.Once
	var unsubErr error
	return func() error {
		once.Do(func() { unsubErr = s.removeListener(topic, l, true) })
		return unsubErr
	}, nil
}

// Unsubscribe removes every listener of topic, or of all topics when topic
// is "", and unsubscribes on the server, waiting for its answer when
// connected. Unsubscribing a topic that has no listeners is a no-op. Once
// no topic remains, the connection is closed.
//
// Endpoint: GET /api/pubsub (WebSocket), message "unsubscribe".
func (s *PubSubService) Unsubscribe(ctx context.Context, topic string) error {
	topic = strings.TrimSpace(topic)
	s.mu.Lock()
	var removed []*pubsubListener
	if topic == "" {
		for t, ls := range s.topics {
			removed = append(removed, ls...)
			delete(s.topics, t)
		}
	} else {
		removed = s.topics[topic]
		delete(s.topics, topic)
	}
	for _, l := range removed {
		l.deactivate()
	}
	return s.sendUnsubscribeLocked(ctx, topic, len(removed) > 0)
}

// removeListener removes l from topic. When it was the last listener and
// notify is set, the server is told; otherwise only the local state
// changes.
func (s *PubSubService) removeListener(topic string, l *pubsubListener, notify bool) error {
	l.deactivate()
	s.mu.Lock()
	ls := s.topics[topic]
	found := false
	for i, x := range ls {
		if x == l {
			ls = append(ls[:i:i], ls[i+1:]...)
			found = true
			break
		}
	}
	last := found && len(ls) == 0
	if last {
		delete(s.topics, topic)
	} else if found {
		s.topics[topic] = ls
	}
	return s.sendUnsubscribeLocked(context.Background(), topic, last && notify)
}

// sendUnsubscribeLocked is called with s.mu held and releases it. When
// send is set and a connection is ready, it unsubscribes topic ("" = all)
// on the server and waits for the answer. In every case, once no topic
// remains the session is marked to close when idle.
func (s *PubSubService) sendUnsubscribeLocked(ctx context.Context, topic string, send bool) error {
	sess := s.sess
	if sess == nil {
		s.mu.Unlock()
		return nil
	}
	if len(s.topics) == 0 {
		sess.closeIdle = true
	}
	conn := sess.conn
	if !send || conn == nil {
		// Not connected: the next connection simply won't resubscribe it.
		s.endIfIdleLocked(sess)
		s.mu.Unlock()
		return nil
	}
	id := s.nextID()
	b, err := encodeFrame(pubsubFrame{Type: frameUnsubscribe, Topic: topic, RequestID: id})
	if err != nil { // cannot happen: only strings
		s.mu.Unlock()
		return pubsubFailure(s.endpoint(), "unsubscribe", err)
	}
	call := sess.addCallLocked(id, conn, frameUnsubscribed)
	conn.enqueueLocked(b)
	s.mu.Unlock()
	if _, err := s.await(ctx, sess, id, call); err != nil {
		return pubsubFailure(s.endpoint(), "unsubscribe", err)
	}
	return nil
}

// Publish publishes data, encoded as JSON (a [json.RawMessage] is sent as
// is; nil is sent as null), on topic and waits for the server's
// confirmation. The connection must be authenticated: a guest gets a
// [*PubSubError] "authentication required to publish". The server limits
// the encoded data to 256 KiB ("payload too large"). Subscribers of topic,
// including this client, receive the message.
//
// Endpoint: GET /api/pubsub (WebSocket), message "publish".
func (s *PubSubService) Publish(ctx context.Context, topic string, data any) (*PublishAck, error) {
	if s == nil {
		panic(zeroClientPanic) // the zero Client has no services
	}
	topic = strings.TrimSpace(topic)
	if err := s.checkTopic("publish", topic); err != nil {
		return nil, err
	}
	raw, err := encodeJSON(data)
	if err != nil {
		return nil, newClientError(s.endpoint(), 0, "cannot encode the pub/sub data as JSON", err)
	}
	f, err := s.request(ctx, "publish", pubsubFrame{Type: framePublish, Topic: topic, Data: raw}, framePublished, nil)
	if err != nil {
		return nil, err
	}
	return &PublishAck{ID: f.ID, Topic: f.Topic, Created: f.Created}, nil
}

// IsConnected reports whether a connection is open and ready.
func (s *PubSubService) IsConnected() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sess != nil && s.sess.conn != nil
}

// ClientID returns the id the server gave the current connection in its
// "ready" message, or "" when not connected.
func (s *PubSubService) ClientID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sess == nil || s.sess.conn == nil {
		return ""
	}
	return s.sess.conn.clientID
}

// Close drops every subscription, fails the waiting requests with
// [ErrPubSubClosed], closes the connection and waits for the service's
// goroutines to end. The service stays usable: a later call connects
// again. Close does not wait for a listener call in progress (so a
// listener may call Close). It always returns nil.
func (s *PubSubService) Close() error {
	s.mu.Lock()
	for t, ls := range s.topics {
		for _, l := range ls {
			l.deactivate()
		}
		delete(s.topics, t)
	}
	if sess := s.sess; sess != nil {
		s.sess = nil
		sess.failAllLocked(ErrPubSubClosed)
	}
	live := make([]*pubsubSession, 0, len(s.live))
	for sess := range s.live {
		live = append(live, sess)
	}
	s.mu.Unlock()
	for _, sess := range live {
		sess.cancel()
	}
	for _, sess := range live {
		<-sess.done
		if s.inCallback.Load() == 0 {
			<-sess.dispatched
		}
	}
	return nil
}

// request sends one request frame on a ready connection (connecting first
// when needed) and waits for the answer of type want. before, when not
// nil, runs under the service lock right before the frame is queued, so
// that state changes and the wire keep the same order; it may set the
// call's onAck.
func (s *PubSubService) request(ctx context.Context, op string, f pubsubFrame, want string, before func(*pubsubSession, *pubsubCall)) (pubsubFrame, error) {
	f.RequestID = s.nextID()
	b, err := encodeFrame(f)
	if err != nil {
		return pubsubFrame{}, newClientError(s.endpoint(), 0, "cannot encode the pub/sub "+op, err)
	}
	sess, conn, err := s.lockReady(ctx)
	if err != nil {
		return pubsubFrame{}, pubsubFailure(s.endpoint(), op, err)
	}
	call := sess.addCallLocked(f.RequestID, conn, want)
	if before != nil {
		before(sess, call)
	}
	conn.enqueueLocked(b)
	s.mu.Unlock()
	reply, err := s.await(ctx, sess, f.RequestID, call)
	if err != nil {
		return pubsubFrame{}, pubsubFailure(s.endpoint(), op, err)
	}
	return reply, nil
}

// await waits for the answer to request id, the ack timeout, or ctx, then
// checks the answer's type.
func (s *PubSubService) await(ctx context.Context, sess *pubsubSession, id string, call *pubsubCall) (pubsubFrame, error) {
	timer := time.NewTimer(s.opts.AckTimeout)
	defer timer.Stop()
	var r pubsubReply
	select {
	case r = <-call.reply:
	case <-timer.C:
		r.err = fmt.Errorf("%w: no answer within %s", ErrPubSubTimeout, s.opts.AckTimeout)
	case <-ctx.Done():
		r.err = ctx.Err()
	}
	s.mu.Lock()
	delete(sess.pending, id)
	s.endIfIdleLocked(sess)
	s.mu.Unlock()
	switch {
	case r.err != nil:
		return pubsubFrame{}, r.err
	case r.frame.Type == frameError:
		return pubsubFrame{}, &PubSubError{Message: r.frame.Message, RequestID: id}
	case r.frame.Type != call.want:
		return pubsubFrame{}, fmt.Errorf("%w: %q instead of %q", ErrPubSubProtocol, r.frame.Type, call.want)
	}
	return r.frame, nil
}

// checkTopic rejects an empty topic before anything is sent, with the
// server's wording.
func (s *PubSubService) checkTopic(op, topic string) error {
	if strings.TrimSpace(topic) == "" {
		return newClientError(s.endpoint(), 0, "pub/sub "+op+" failed: topic must be set", nil)
	}
	return nil
}

// endpoint returns the redacted WebSocket URL, for errors.
func (s *PubSubService) endpoint() string {
	u, err := s.socketURL()
	if err != nil {
		return ""
	}
	return redactURL(u)
}

// socketURL returns ws(s)://<base>/api/pubsub.
func (s *PubSubService) socketURL() (string, error) {
	if s.client.baseErr != nil {
		return "", s.client.baseErr
	}
	u := s.client.BuildURL("/api/pubsub")
	switch {
	case strings.HasPrefix(u, "https://"):
		u = "wss://" + strings.TrimPrefix(u, "https://")
	case strings.HasPrefix(u, "http://"):
		u = "ws://" + strings.TrimPrefix(u, "http://")
	}
	return u, nil
}

// nextID returns a request id unique to this service.
func (s *PubSubService) nextID() string {
	return s.idPrefix + "-" + strconv.FormatUint(s.ids.Add(1), 36)
}

// randomID returns n random characters of [a-z0-9].
func randomID(n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	randomBytes(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
