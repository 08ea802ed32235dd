package core

import (
	"context"
	"errors"
	url "github.com/bosgo/bosgo/internal/urlx"
	"strings"
	"sync"
	"time"

	"github.com/bosgo/bosgo/internal/smallsort"
)

// ErrRealtimeDisconnected is wrapped by the error of a call that needed the
// realtime connection when it went away: a Subscribe whose subscription was
// removed before the connection was ready, or an OAuth2 flow whose realtime
// connection dropped (or reconnected with a new client id) during the wait.
var ErrRealtimeDisconnected = errors.New("bosbase: realtime connection lost")

// DefaultReconnectIntervals are the delays between realtime reconnect
// attempts, as in the BosBase JS SDK; the last one repeats forever.
var DefaultReconnectIntervals = []time.Duration{
	200 * time.Millisecond, 300 * time.Millisecond, 500 * time.Millisecond,
	1000 * time.Millisecond, 1200 * time.Millisecond, 1500 * time.Millisecond,
	2000 * time.Millisecond,
}

// realtimeConnectTimeout bounds the wait for PB_CONNECT after opening the
// stream, as in the JS SDK.
const realtimeConnectTimeout = 15 * time.Second

// unsubscribeTimeout bounds the server round trip of the function that
// [RealtimeService.Subscribe] returns, which takes no context.
const unsubscribeTimeout = 30 * time.Second

// RealtimeService is the client of the server's realtime API (server-sent
// events on /api/realtime). Get it as [Client.Realtime]; it is safe for
// concurrent use.
//
// The connection opens with the first subscription and closes when the last
// one is removed, so an idle service holds no goroutine. While subscriptions
// exist it reconnects after any drop, with the delays of
// [DefaultReconnectIntervals], and submits every subscription again to the
// new connection. The server ties a connection to the auth of its first
// authenticated subscription request, so when the client's [AuthStore]
// signs in or out the service reconnects on its own.
//
// Listeners run one at a time on the connection's goroutine, in the order
// events arrive; a listener must not block for long. A listener may call
// Unsubscribe and Close.
type RealtimeService struct {
	client     *Client
	followAuth bool // reconnect on sign-in and sign-out (false for the one-off OAuth2 connection)

	submitMu sync.Mutex // serialises subscription submits, so each one sends the latest list

	mu        sync.Mutex // guards the fields below
	subs      map[string][]*rtListener
	version   uint64        // bumped on every change of the set of keys
	run       *rtRun        // the live connection goroutine, nil when disconnected
	changed   chan struct{} // closed and replaced on every connection state change
	nextID    int
	onDisc    map[int]func([]string)
	onConn    map[int]func(string)
	intervals []time.Duration
}

// rtListener is one registered callback; its pointer identifies it.
type rtListener struct{ fn func(Event) }

// newRealtimeService returns an idle service of c.
func newRealtimeService(c *Client, followAuth bool) *RealtimeService {
	return &RealtimeService{
		client:     c,
		followAuth: followAuth,
		subs:       map[string][]*rtListener{},
		changed:    make(chan struct{}),
		onDisc:     map[int]func([]string){},
		onConn:     map[int]func(string){},
		intervals:  DefaultReconnectIntervals,
	}
}

// Subscribe registers fn for topic and returns a function that removes it.
// It opens the connection if needed and returns once the server has the
// subscription, or with an error when ctx ends first or the first connect
// fails (after a connection existed once, reconnects are retried forever
// and Subscribe waits for them, bounded by ctx).
//
// topic is a record topic ("posts/*", "posts/RECORD_ID") or a special one
// such as "@oauth2". opts may carry [WithExpand], [WithFields],
// [WithFilter], [WithQuery] and [WithHeader]: they travel inside the
// subscription key as the server expects
// (topic?options=<url-encoded {"query":{…},"headers":{…}}>), one string
// value per name. Subscriptions of the same topic with different options
// are different subscriptions. fn receives each event with Name set to that
// key and Data holding the JSON message.
//
// The returned function is safe to call more than once; it talks to the
// server (bounded by 30 s) only when the last listener of the key goes, and
// it disconnects when no subscription remains.
//
// The key, options included, is visible to the application (Event.Name,
// [RealtimeService.Subscriptions], [RealtimeService.OnDisconnect]): keep
// secrets out of the options. The connection is authenticated with the
// stored token anyway.
//
// Endpoint: GET /api/realtime (server-sent events), POST /api/realtime
func (s *RealtimeService) Subscribe(ctx context.Context, topic string, fn func(Event), opts ...RequestOption) (unsubscribe func() error, err error) {
	if s == nil {
		panic(zeroClientPanic) // the zero Client has no services
	}
	if topic == "" {
		return nil, newClientError("", 0, "realtime: empty topic", nil)
	}
	if fn == nil {
		return nil, newClientError("", 0, "realtime: nil listener", nil)
	}
	if s.client.baseErr != nil {
		return nil, newClientError("", 0, "invalid base URL", s.client.baseErr)
	}
	key, err := subscriptionKey(topic, newRequestConfig(opts))
	if err != nil {
		return nil, err
	}
	l := &rtListener{fn: fn}
	s.mu.Lock()
	s.subs[key] = append(s.subs[key], l)
	if len(s.subs[key]) == 1 {
		s.version++
	}
	version := s.version
	r := s.ensureRunLocked()
	s.mu.Unlock()

	remove := func() error {
		ctx, cancel := context.WithTimeout(context.Background(), unsubscribeTimeout)
		defer cancel()
		return s.removeListeners(ctx, func(k string, x *rtListener) bool { return k == key && x == l })
	}
	if err := s.awaitSubmitted(ctx, r, version); err != nil {
		_ = remove()
		return nil, err
	}
	return remove, nil
}

// Unsubscribe removes every listener of topic: the subscription key equal
// to topic and every key of topic with options ("topic?options=…"). An
// empty topic removes all subscriptions. It tells the server the remaining
// list, or disconnects when none remains.
//
// Endpoint: POST /api/realtime
func (s *RealtimeService) Unsubscribe(ctx context.Context, topic string) error {
	return s.removeListeners(ctx, func(k string, _ *rtListener) bool {
		return topic == "" || k == topic || strings.HasPrefix(k, topic+"?")
	})
}

// UnsubscribeByPrefix removes every subscription whose key starts with
// prefix (options included in the key), as [RealtimeService.Unsubscribe]
// does for one topic.
//
// Endpoint: POST /api/realtime
func (s *RealtimeService) UnsubscribeByPrefix(ctx context.Context, prefix string) error {
	return s.removeListeners(ctx, func(k string, _ *rtListener) bool { return strings.HasPrefix(k, prefix) })
}

// IsConnected reports whether the connection is open, has a client id and
// has submitted its subscriptions.
func (s *RealtimeService) IsConnected() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.run != nil && s.run.connected && s.run.submittedGen == s.run.gen
}

// ClientID returns the server's id of the current connection, or "" when
// not connected. It changes with every reconnect.
func (s *RealtimeService) ClientID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.run == nil {
		return ""
	}
	return s.run.clientID
}

// Subscriptions returns the subscription keys, sorted.
func (s *RealtimeService) Subscriptions() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.keysLocked()
}

// OnDisconnect registers fn to run whenever a connection that had a client
// id closes, with the subscriptions active at that moment: a non-empty list
// means an unexpected drop (a reconnect follows), an empty one a
// disconnect because nothing is subscribed any more. fn runs on the
// connection goroutine. The returned function removes fn.
func (s *RealtimeService) OnDisconnect(fn func(activeSubscriptions []string)) (remove func()) {
	if fn == nil {
		return func() {}
	}
	return addHook(s, s.onDisc, fn)
}

// OnConnect registers fn to run after every connect and reconnect, once
// the subscriptions have been submitted, with the new client id (the JS
// SDK's PB_CONNECT listeners). fn runs on the connection goroutine. The
// returned function removes fn.
func (s *RealtimeService) OnConnect(fn func(clientID string)) (remove func()) {
	if fn == nil {
		return func() {}
	}
	return addHook(s, s.onConn, fn)
}

// addHook registers fn in hooks (s.onDisc or s.onConn) under a new id and
// returns the function that removes it.
func addHook[F any](s *RealtimeService, hooks map[int]F, fn F) (remove func()) {
	s.mu.Lock()
	id := s.nextID
	s.nextID++
	hooks[id] = fn
	s.mu.Unlock()
	return func() {
		s.mu.Lock()
		delete(hooks, id)
		s.mu.Unlock()
	}
}

// Close removes every subscription and closes the connection without a
// server round trip. It returns once the connection goroutine has exited
// (unless called from a listener, which cannot wait for itself). The
// service stays usable: a later Subscribe connects again. Close always
// returns nil.
func (s *RealtimeService) Close() error {
	s.mu.Lock()
	if len(s.subs) > 0 {
		s.subs = map[string][]*rtListener{}
		s.version++
	}
	r, wait := s.stopLocked()
	s.mu.Unlock()
	if r != nil && wait {
		<-r.done
	}
	return nil
}

// removeListeners removes the listeners for which match reports true, then
// submits the remaining keys or disconnects when none remains.
func (s *RealtimeService) removeListeners(ctx context.Context, match func(key string, l *rtListener) bool) error {
	s.mu.Lock()
	changed := false
	for k, ls := range s.subs {
		kept := ls[:0:0]
		for _, l := range ls {
			if !match(k, l) {
				kept = append(kept, l)
			}
		}
		switch {
		case len(kept) == 0:
			delete(s.subs, k)
			changed = true
		case len(kept) != len(ls):
			s.subs[k] = kept
		}
	}
	if !changed {
		s.mu.Unlock()
		return nil
	}
	s.version++
	if len(s.subs) == 0 {
		r, wait := s.stopLocked()
		s.mu.Unlock()
		if r != nil && wait {
			<-r.done
		}
		return nil
	}
	r := s.run
	s.mu.Unlock()
	if r == nil {
		return nil
	}
	// Not connected: the connection submits the current list when it is.
	_, err := s.submit(ctx, r, false)
	return err
}

// keysLocked returns the subscription keys, sorted.
func (s *RealtimeService) keysLocked() []string {
	keys := make([]string, 0, len(s.subs))
	for k := range s.subs {
		keys = append(keys, k)
	}
	smallsort.Sort(keys)
	return keys
}

// broadcastLocked wakes everyone waiting for a connection state change.
func (s *RealtimeService) broadcastLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// awaitSubmitted waits until run r is connected and the server has a
// subscription list at least as new as version.
func (s *RealtimeService) awaitSubmitted(ctx context.Context, r *rtRun, version uint64) error {
	for {
		s.mu.Lock()
		if s.run != r || r.ended {
			err := r.err
			s.mu.Unlock()
			if err == nil {
				err = newClientError("", 0, "realtime: the subscription was removed before the connection was ready", ErrRealtimeDisconnected)
			}
			return err
		}
		if r.connected && r.submittedGen == r.gen && r.submittedVersion >= version {
			s.mu.Unlock()
			return nil
		}
		connected, ch := r.connected, s.changed
		s.mu.Unlock()
		if connected {
			gen, err := s.submit(ctx, r, true)
			if err != nil && (ctx.Err() != nil || !s.reconnectedSince(r, gen)) {
				return err
			}
			continue
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return newTransportError(redactURL(s.client.BuildURL("/api/realtime")), ctx.Err())
		}
	}
}

// reconnectedSince reports whether connection r has gone (or is going)
// away since generation gen, which explains a failed submit: the caller
// then waits for the next connection instead of failing.
func (s *RealtimeService) reconnectedSince(r *rtRun, gen uint64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.run != r || r.ended || r.gen != gen || !r.connected
}

// submit posts the current subscription keys to the server for connection
// r and returns the connection generation it posted for. While r is not
// connected it posts nothing: with required false it returns nil (the
// connection submits on connect), with required true an error wrapping
// [ErrRealtimeDisconnected].
func (s *RealtimeService) submit(ctx context.Context, r *rtRun, required bool) (uint64, error) {
	s.submitMu.Lock()
	defer s.submitMu.Unlock()
	s.mu.Lock()
	if s.run != r || r.ended || !r.connected {
		s.mu.Unlock()
		if required {
			return 0, newClientError("", 0, "realtime: not connected", ErrRealtimeDisconnected)
		}
		return 0, nil
	}
	if r.submittedGen == r.gen && r.submittedVersion >= s.version {
		gen := r.gen // a submit that ran while this one waited sent the latest list
		s.mu.Unlock()
		return gen, nil
	}
	id, gen, version, keys := r.clientID, r.gen, s.version, s.keysLocked()
	s.mu.Unlock()
	if err := s.post(ctx, id, keys); err != nil {
		return gen, err
	}
	s.markSubmitted(r, gen, version)
	return gen, nil
}

// markSubmitted records that the server has the key list of version for
// connection generation gen, and wakes the waiters.
func (s *RealtimeService) markSubmitted(r *rtRun, gen, version uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.gen == gen && (r.submittedGen != gen || version > r.submittedVersion) {
		r.submittedVersion, r.submittedGen = version, gen
		s.broadcastLocked()
	}
}

// post sends POST /api/realtime with the full subscription list (the
// server replaces the previous one) and the client's auth.
func (s *RealtimeService) post(ctx context.Context, clientID string, keys []string) error {
	body := map[string]any{"clientId": clientID, "subscriptions": keys}
	return s.client.send(ctx, "POST", "/api/realtime", body, nil, newRequestConfig(nil))
}

// subscriptionKey returns the subscription string for topic with the
// options of rc, encoded as the server parses them:
// topic?options=<url-encoded JSON {"query":{…},"headers":{…}}>. Without
// options it is topic itself, which special topics such as "@oauth2" need.
func subscriptionKey(topic string, rc *requestConfig) (string, error) {
	query := make(map[string]string, len(rc.query))
	for k, v := range rc.query {
		if len(v) > 0 {
			query[k] = v[0]
		}
	}
	headers := make(map[string]string, len(rc.header))
	for k, v := range rc.header {
		headers[k] = v
	}
	if len(query) == 0 && len(headers) == 0 {
		return topic, nil
	}
	// {"query":…,"headers":…}, in the order the JS SDK writes them.
	b := append([]byte(`{"query":`), mustJSON(query)...)
	b = append(append(b, `,"headers":`...), mustJSON(headers)...)
	b = append(b, '}')
	sep := "?"
	if strings.Contains(topic, "?") {
		sep = "&"
	}
	return topic + sep + "options=" + url.QueryEscape(string(b)), nil
}
