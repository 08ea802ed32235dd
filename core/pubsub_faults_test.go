//go:build !js

package core_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/bosgo/bosgo/core"
)

// Pub/sub faults that the real server cannot produce, on an httptest
// server speaking WebSocket: no "ready", silence, answers out of order or
// of the wrong type, garbage frames, a refused handshake.

// fakeConn is the server side of one connection to the fake.
type fakeConn struct {
	t *testing.T
	c *websocket.Conn
}

// send writes a raw text frame; errors are ignored (the client may be gone).
func (f *fakeConn) send(s string) {
	_ = f.c.Write(context.Background(), websocket.MessageText, []byte(s))
}

func (f *fakeConn) sendJSON(v map[string]any) {
	b, _ := json.Marshal(v)
	f.send(string(b))
}

// next reads the next client frame; ok is false once the client is gone.
func (f *fakeConn) next() (frame map[string]any, ok bool) {
	ctx, cancel := context.WithTimeout(context.Background(), pubsubWait)
	defer cancel()
	_, b, err := f.c.Read(ctx)
	if err != nil {
		return nil, false
	}
	if err := json.Unmarshal(b, &frame); err != nil {
		f.t.Errorf("client sent %q: %v", b, err)
		return nil, false
	}
	return frame, true
}

// expect reads client frames, skipping pings, until one of type typ.
func (f *fakeConn) expect(typ string) map[string]any {
	for {
		m, ok := f.next()
		if !ok {
			f.t.Errorf("client went away while the fake waited for %q", typ)
			return map[string]any{}
		}
		if m["type"] == typ {
			return m
		}
		if m["type"] != "ping" {
			f.t.Errorf("client sent %v while the fake waited for %q", m, typ)
		}
	}
}

// ack answers request m with a frame of type typ plus extra fields.
func (f *fakeConn) ack(m map[string]any, typ string, extra map[string]any) {
	out := map[string]any{"type": typ, "requestId": m["requestId"]}
	for k, v := range extra {
		out[k] = v
	}
	f.sendJSON(out)
}

// drain reads (and ignores) client frames until the client goes away.
func (f *fakeConn) drain() {
	for {
		if _, ok := f.next(); !ok {
			return
		}
	}
}

// fakePubSub serves /api/pubsub with handle, one call per connection, and
// returns a client of it with quick timeouts. The connection is closed when
// handle returns.
func fakePubSub(t *testing.T, opts core.PubSubOptions, handle func(*fakeConn)) *core.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/pubsub" {
			http.NotFound(w, r)
			return
		}
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer c.CloseNow()
		handle(&fakeConn{t: t, c: c})
	}))
	t.Cleanup(srv.Close)
	if opts.AckTimeout == 0 {
		opts.AckTimeout = 2 * time.Second
	}
	if opts.ConnectTimeout == 0 {
		opts.ConnectTimeout = 2 * time.Second
	}
	if opts.ReconnectDelays == nil {
		opts.ReconnectDelays = []time.Duration{time.Millisecond}
	}
	c := core.New(srv.URL, core.WithPubSub(opts))
	t.Cleanup(func() { _ = c.PubSub.Close() })
	return c
}

// ready is the server's greeting.
func (f *fakeConn) ready(id string) { f.sendJSON(map[string]any{"type": "ready", "clientId": id}) }

func TestPubSubFaultNoReadyTimesOut(t *testing.T) {
	t.Parallel()
	c := fakePubSub(t, core.PubSubOptions{ConnectTimeout: 100 * time.Millisecond}, func(f *fakeConn) {
		f.send(`{"type":"pong"}`) // not "ready": ignored
		f.drain()
	})
	_, err := c.PubSub.Subscribe(t.Context(), "t", func(core.PubSubMessage) {})
	if !errors.Is(err, core.ErrPubSubTimeout) || core.StatusOf(err) != 0 || core.IsAbort(err) {
		t.Fatalf("subscribe without ready: %v", err)
	}
	if c.PubSub.IsConnected() {
		t.Fatal("connected without ready")
	}
	// The caller's context wins over the connect timeout.
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := c.PubSub.Publish(ctx, "t", 1); !errors.Is(err, context.Canceled) || !core.IsAbort(err) {
		t.Fatalf("publish with a cancelled context: %v", err)
	}
}

func TestPubSubFaultHandshakeRefused(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"status":404,"message":"The requested resource wasn't found.","data":{}}`))
	}))
	defer srv.Close()
	c := core.New(srv.URL)
	defer c.PubSub.Close()
	_, err := c.PubSub.Publish(t.Context(), "t", 1)
	var cre *core.ClientResponseError
	if !errors.As(err, &cre) || cre.Status != 404 || cre.Message() != "The requested resource wasn't found." {
		t.Fatalf("refused handshake: %v", err)
	}
	if !strings.HasPrefix(cre.URL, "ws://") || !strings.HasSuffix(cre.URL, "/api/pubsub") {
		t.Fatalf("error URL %q", cre.URL)
	}
}

func TestPubSubFaultOutOfOrderUnknownAndGarbageFrames(t *testing.T) {
	t.Parallel()
	c := fakePubSub(t, core.PubSubOptions{}, func(f *fakeConn) {
		f.ready("fake")
		first, second := f.expect("publish"), f.expect("publish")
		// Noise first: none of it may settle or break a request.
		f.send(`not json`)
		f.send(`[1,2]`)
		f.send(`{"type":5}`)
		f.send(`{"type":"published","requestId":7}`)
		_ = f.c.Write(context.Background(), websocket.MessageBinary, []byte(`{"type":"published","requestId":"x"}`))
		f.sendJSON(map[string]any{"type": "published", "requestId": "unknown", "id": "nope"})
		f.sendJSON(map[string]any{"type": "message", "topic": "other", "data": 1})
		// Then the answers, in reverse order, with a trimmed, upper-case type.
		f.ack(second, " PUBLISHED ", map[string]any{"id": "id-" + second["topic"].(string), "topic": second["topic"]})
		f.ack(first, "published", map[string]any{"id": "id-" + first["topic"].(string), "topic": first["topic"]})
		f.drain()
	})
	type result struct {
		ack *core.PublishAck
		err error
	}
	results := make(chan result, 2)
	for _, topic := range []string{"a", "b"} {
		go func() {
			ack, err := c.PubSub.Publish(t.Context(), topic, topic)
			results <- result{ack, err}
		}()
	}
	for range 2 {
		r := <-results
		if r.err != nil {
			t.Fatalf("publish: %v", r.err)
		}
		if r.ack.ID != "id-"+r.ack.Topic {
			t.Fatalf("publish of %q got the ack %+v", r.ack.Topic, r.ack)
		}
	}
}

func TestPubSubFaultWrongAnswerTypeIsProtocolError(t *testing.T) {
	t.Parallel()
	c := fakePubSub(t, core.PubSubOptions{}, func(f *fakeConn) {
		f.ready("fake")
		f.ack(f.expect("publish"), "subscribed", nil)
		f.drain()
	})
	if _, err := c.PubSub.Publish(t.Context(), "t", 1); !errors.Is(err, core.ErrPubSubProtocol) {
		t.Fatalf("publish answered with subscribed: %v", err)
	}
}

func TestPubSubFaultErrorFrameRejectsSubscribe(t *testing.T) {
	t.Parallel()
	c := fakePubSub(t, core.PubSubOptions{}, func(f *fakeConn) {
		f.ready("fake")
		f.ack(f.expect("subscribe"), "error", map[string]any{"message": "no thanks"})
		f.sendJSON(map[string]any{"type": "message", "id": "m1", "topic": "t", "data": 1})
		f.drain()
	})
	called := make(chan struct{}, 1)
	_, err := c.PubSub.Subscribe(t.Context(), "t", func(core.PubSubMessage) { called <- struct{}{} })
	var pe *core.PubSubError
	if !errors.As(err, &pe) || pe.Message != "no thanks" || core.StatusOf(err) != 0 {
		t.Fatalf("refused subscribe: %v", err)
	}
	// The refused listener is not registered, and with no topic left the
	// connection is closed.
	if c.PubSub.IsConnected() {
		t.Fatal("still connected after the only subscribe failed")
	}
	select {
	case <-called:
		t.Fatal("a refused listener was called")
	default:
	}
}

func TestPubSubFaultAckTimeoutAndContext(t *testing.T) {
	t.Parallel()
	c := fakePubSub(t, core.PubSubOptions{AckTimeout: 100 * time.Millisecond}, func(f *fakeConn) {
		f.ready("fake")
		f.drain() // never answers
	})
	_, err := c.PubSub.Publish(t.Context(), "t", 1)
	if !errors.Is(err, core.ErrPubSubTimeout) || core.IsAbort(err) {
		t.Fatalf("unanswered publish: %v", err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	if _, err := c.PubSub.Publish(ctx, "t", 1); !errors.Is(err, context.DeadlineExceeded) || !core.IsAbort(err) {
		t.Fatalf("publish with a short context: %v", err)
	}
}

func TestPubSubFaultConnectionLostAndClosedWhileWaiting(t *testing.T) {
	t.Parallel()
	gotSecond := make(chan struct{})
	var conns atomic.Int32
	c := fakePubSub(t, core.PubSubOptions{}, func(f *fakeConn) {
		n := conns.Add(1)
		f.ready("fake")
		f.expect("publish")
		if n == 1 {
			return // hang up without answering
		}
		close(gotSecond)
		f.drain()
	})
	if _, err := c.PubSub.Publish(t.Context(), "t", 1); !errors.Is(err, core.ErrPubSubDisconnected) {
		t.Fatalf("publish on a dropped connection: %v", err)
	}
	errc := make(chan error, 1)
	go func() {
		_, err := c.PubSub.Publish(context.Background(), "t", 2)
		errc <- err
	}()
	<-gotSecond // the publish is out and waiting
	if err := c.PubSub.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-errc; !errors.Is(err, core.ErrPubSubClosed) {
		t.Fatalf("publish waiting during Close: %v", err)
	}
}

func TestPubSubFaultDeadConnectionIsReplacedAndResubscribed(t *testing.T) {
	t.Parallel()
	resubscribed := make(chan string, 1)
	var conns atomic.Int32
	c := fakePubSub(t, core.PubSubOptions{PingInterval: 30 * time.Millisecond}, func(f *fakeConn) {
		n := conns.Add(1)
		f.ready("fake")
		if n == 1 {
			f.ack(f.expect("subscribe"), "subscribed", nil)
			// Then silence: pings go unanswered, so the client must
			// give up on this connection and open another.
			f.drain()
			return
		}
		m := f.expect("subscribe")
		f.ack(m, "subscribed", nil)
		resubscribed <- m["topic"].(string)
		f.sendJSON(map[string]any{"type": "message", "id": "m2", "topic": "news", "data": "again", "created": "2026-11-22 10:00:00.000Z"})
		f.drain()
	})
	in := newInbox()
	subscribe(t, c, "news", in.listen)
	select {
	case topic := <-resubscribed:
		if topic != "news" {
			t.Fatalf("resubscribed %q", topic)
		}
	case <-time.After(pubsubWait):
		t.Fatal("the silent connection was never replaced")
	}
	m := in.next(t)
	if m.ID != "m2" || string(m.Data) != `"again"` {
		t.Fatalf("after reconnect got %+v", m)
	}
	if ts, ok := m.CreatedTime(); !ok || ts.Year() != 2026 {
		t.Fatalf("created %q", m.Created)
	}
}

func TestPubSubFaultCloseWhileReconnectingLeavesNoGoroutines(t *testing.T) {
	t.Parallel()
	conns := make(chan struct{}, 8)
	c := fakePubSub(t, core.PubSubOptions{ReconnectDelays: []time.Duration{time.Hour}}, func(f *fakeConn) {
		conns <- struct{}{}
		f.ready("fake")
		f.ack(f.expect("subscribe"), "subscribed", nil)
		// Hang up: the client waits an hour before reconnecting.
	})
	subscribe(t, c, "t", func(core.PubSubMessage) {})
	<-conns
	done := make(chan struct{})
	go func() {
		_ = c.PubSub.Close()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(pubsubWait):
		t.Fatal("Close hung while the service waited to reconnect")
	}
	if len(conns) != 0 {
		t.Fatal("reconnected despite the hour-long delay")
	}
	// TestMain's leak check covers the goroutines.
}

func TestPubSubFaultListenerMayClose(t *testing.T) {
	t.Parallel()
	c := fakePubSub(t, core.PubSubOptions{}, func(f *fakeConn) {
		f.ready("fake")
		f.ack(f.expect("subscribe"), "subscribed", nil)
		f.sendJSON(map[string]any{"type": "message", "id": "m1", "topic": "t", "data": 1})
		f.drain()
	})
	closed := make(chan error, 1)
	subscribe(t, c, "t", func(core.PubSubMessage) { closed <- c.PubSub.Close() })
	select {
	case err := <-closed:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(pubsubWait):
		t.Fatal("Close called from a listener hung")
	}
	if c.PubSub.IsConnected() {
		t.Fatal("connected after Close")
	}
}
