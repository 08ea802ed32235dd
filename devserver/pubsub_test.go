package main

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// The broker is tested over real WebSockets on an httptest server, without
// PocketBase: tokens "good-<id>" resolve to record <id>, anything else to a
// guest. The core package's tests cover the route inside the real devserver.

func newTestBroker(t *testing.T) (*pubsubBroker, string) {
	t.Helper()
	b := newPubSubBroker(func(token string) string {
		if id, ok := strings.CutPrefix(token, "good-"); ok {
			return id
		}
		return ""
	})
	srv := httptest.NewServer(http.HandlerFunc(b.serve))
	t.Cleanup(func() {
		b.dropAll()
		srv.Close()
	})
	return b, "ws" + strings.TrimPrefix(srv.URL, "http")
}

// wsPeer is a raw protocol client.
type wsPeer struct {
	t     *testing.T
	c     *websocket.Conn
	ready pubsubFrame
}

func dialPeer(t *testing.T, url string, header http.Header) *wsPeer {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{HTTPHeader: header})
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	c.SetReadLimit(1 << 20)
	t.Cleanup(func() { _ = c.CloseNow() })
	p := &wsPeer{t: t, c: c}
	p.ready = p.next()
	if p.ready.Type != "ready" || len(p.ready.ClientID) != 16 {
		t.Fatalf("first frame = %+v, want ready with a 16-char clientId", p.ready)
	}
	return p
}

func (p *wsPeer) sendRaw(s string) {
	p.t.Helper()
	if err := p.c.Write(p.t.Context(), websocket.MessageText, []byte(s)); err != nil {
		p.t.Fatalf("write: %v", err)
	}
}

func (p *wsPeer) send(f map[string]any) {
	p.t.Helper()
	b, err := json.Marshal(f)
	if err != nil {
		p.t.Fatal(err)
	}
	p.sendRaw(string(b))
}

func (p *wsPeer) next() pubsubFrame {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.t.Context(), 10*time.Second)
	defer cancel()
	typ, b, err := p.c.Read(ctx)
	if err != nil {
		p.t.Fatalf("read: %v", err)
	}
	if typ != websocket.MessageText {
		p.t.Fatalf("frame type %v", typ)
	}
	var f pubsubFrame
	if err := json.Unmarshal(b, &f); err != nil {
		p.t.Fatalf("frame %q: %v", b, err)
	}
	return f
}

// expect reads the next frame and checks its type and request id.
func (p *wsPeer) expect(typ, requestID string) pubsubFrame {
	p.t.Helper()
	f := p.next()
	if f.Type != typ || f.RequestID != requestID {
		p.t.Fatalf("got %+v, want type %q requestId %q", f, typ, requestID)
	}
	return f
}

func authHeader(token string) http.Header { return http.Header{"Authorization": {token}} }

func TestPubSubPingSubscribeUnsubscribe(t *testing.T) {
	t.Parallel()
	_, url := newTestBroker(t)
	p := dialPeer(t, url, nil)

	p.send(map[string]any{"type": " PING ", "requestId": "r1"})
	p.expect("pong", "r1")

	p.send(map[string]any{"type": "subscribe", "requestId": "r2"})
	if f := p.expect("error", "r2"); f.Message != "topic must be set" {
		t.Fatalf("subscribe without topic: %+v", f)
	}
	p.send(map[string]any{"type": "subscribe", "topic": " news ", "requestId": "r3"})
	p.expect("subscribed", "r3")
	p.send(map[string]any{"type": "subscribe", "topic": "news", "requestId": "r4"})
	p.expect("subscribed", "r4")
	p.send(map[string]any{"type": "unsubscribe", "topic": "news", "requestId": "r5"})
	p.expect("unsubscribed", "r5")
	p.send(map[string]any{"type": "unsubscribe", "topic": "never", "requestId": "r6"})
	p.expect("unsubscribed", "r6")

	p.send(map[string]any{"type": "shout", "requestId": "r7"})
	if f := p.expect("error", "r7"); f.Message != "unsupported pubsub message type" {
		t.Fatalf("unknown type: %+v", f)
	}
	p.sendRaw("{not json")
	if f := p.expect("error", ""); f.Message != "invalid message format" {
		t.Fatalf("bad JSON: %+v", f)
	}
	// Binary and empty frames are ignored: the next answer is the pong.
	if err := p.c.Write(t.Context(), websocket.MessageBinary, []byte(`{"type":"ping","requestId":"bin"}`)); err != nil {
		t.Fatal(err)
	}
	p.sendRaw("")
	p.send(map[string]any{"type": "ping", "requestId": "r8"})
	p.expect("pong", "r8")
}

func TestPubSubPublishBroadcastsToSubscribersIncludingPublisher(t *testing.T) {
	t.Parallel()
	_, url := newTestBroker(t)
	pub := dialPeer(t, url, authHeader("good-alice"))
	sub := dialPeer(t, url, nil)
	other := dialPeer(t, url, nil)

	pub.send(map[string]any{"type": "subscribe", "topic": "chat", "requestId": "s1"})
	pub.expect("subscribed", "s1")
	sub.send(map[string]any{"type": "subscribe", "topic": "chat", "requestId": "s2"})
	sub.expect("subscribed", "s2")
	other.send(map[string]any{"type": "subscribe", "topic": "elsewhere", "requestId": "s3"})
	other.expect("subscribed", "s3")

	pub.send(map[string]any{"type": "publish", "topic": "chat", "data": map[string]any{"text": "hi"}, "requestId": "p1"})
	ack := pub.expect("published", "p1")
	if ack.ID == "" || ack.Topic != "chat" {
		t.Fatalf("ack: %+v", ack)
	}
	if _, err := time.Parse("2006-01-02 15:04:05.000Z", ack.Created); err != nil {
		t.Fatalf("created %q: %v", ack.Created, err)
	}
	for name, p := range map[string]*wsPeer{"publisher": pub, "subscriber": sub} {
		m := p.expect("message", "")
		if m.ID != ack.ID || m.Topic != "chat" || string(m.Data) != `{"text":"hi"}` || m.Created != ack.Created {
			t.Fatalf("%s got %+v", name, m)
		}
	}

	// No data means null; "other" got nothing: its next frame is its pong.
	pub.send(map[string]any{"type": "publish", "topic": "chat", "requestId": "p2"})
	pub.expect("published", "p2")
	if m := sub.expect("message", ""); string(m.Data) != "null" {
		t.Fatalf("publish without data delivered %s", m.Data)
	}
	other.send(map[string]any{"type": "ping", "requestId": "o1"})
	other.expect("pong", "o1")
}

func TestPubSubPublishRules(t *testing.T) {
	t.Parallel()
	_, url := newTestBroker(t)
	guest := dialPeer(t, url, authHeader("bad-token"))
	guest.send(map[string]any{"type": "publish", "topic": "x", "data": 1, "requestId": "g1"})
	if f := guest.expect("error", "g1"); f.Message != "authentication required to publish" {
		t.Fatalf("guest publish: %+v", f)
	}

	// ?token= works where headers are impossible; "Bearer " is accepted.
	for _, p := range []*wsPeer{dialPeer(t, url+"?token=good-bob", nil), dialPeer(t, url, authHeader("Bearer good-bob"))} {
		p.send(map[string]any{"type": "publish", "topic": "", "requestId": "t1"})
		if f := p.expect("error", "t1"); f.Message != "topic must be set" {
			t.Fatalf("publish without topic: %+v", f)
		}
		big := `"` + strings.Repeat("a", pubsubMaxPayload-1) + `"` // 256 KiB + 1
		p.sendRaw(`{"type":"publish","topic":"x","requestId":"t2","data":` + big + `}`)
		if f := p.expect("error", "t2"); f.Message != "payload too large" {
			t.Fatalf("oversized publish: %+v", f)
		}
		fits := `"` + strings.Repeat("a", pubsubMaxPayload-2) + `"` // exactly 256 KiB
		p.sendRaw(`{"type":"publish","topic":"x","requestId":"t3","data":` + fits + `}`)
		p.expect("published", "t3")
	}
}

func TestPubSubSlowConsumerIsClosed(t *testing.T) {
	t.Parallel()
	// A peer whose writer never runs: the 65th queued frame closes it.
	srvConn := make(chan *websocket.Conn, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		srvConn <- c
		<-r.Context().Done()
	}))
	defer srv.Close()
	c, _, err := websocket.Dial(t.Context(), srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	p := &pubsubPeer{conn: <-srvConn, send: make(chan []byte, pubsubSendBuffer), closed: make(chan struct{})}
	for range pubsubSendBuffer {
		p.queue([]byte(`{}`))
	}
	select {
	case <-p.closed:
		t.Fatal("closed with a buffer that is only full")
	default:
	}
	p.queue([]byte(`{}`))
	select {
	case <-p.closed:
	default:
		t.Fatal("a full buffer did not close the connection")
	}
	if _, _, err := c.Read(t.Context()); err == nil {
		t.Fatal("client can still read from a closed slow consumer")
	}
}

func TestPubSubDropAllClosesEveryConnection(t *testing.T) {
	t.Parallel()
	b, url := newTestBroker(t)
	a := dialPeer(t, url, nil)
	c := dialPeer(t, url, nil)
	a.send(map[string]any{"type": "subscribe", "topic": "t", "requestId": "1"})
	a.expect("subscribed", "1")
	if n := b.dropAll(); n != 2 {
		t.Fatalf("dropAll = %d, want 2", n)
	}
	for _, p := range []*wsPeer{a, c} {
		if _, _, err := p.c.Read(t.Context()); err == nil || errors.Is(err, context.Canceled) {
			t.Fatalf("read after drop: %v", err)
		}
	}
}
