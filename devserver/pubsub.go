package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
	"github.com/pocketbase/pocketbase/tools/security"
	"github.com/pocketbase/pocketbase/tools/types"
)

// BosBase pub/sub over WebSocket at GET /api/pubsub, which PocketBase lacks.
// The protocol follows BosBase's apis/pubsub.go (see
// shared/reference/bosbase-auth-api.md §4.1): JSON text frames
// {type, topic?, data?, requestId?}; the server answers "ready" on connect,
// then pong, subscribed, unsubscribed, published or error, and broadcasts
// {type:"message", id, topic, data, created} to every subscriber of a topic,
// the publisher included. Anyone may subscribe to anything; publishing needs
// a connection authenticated at the handshake. Unlike BosBase, messages are
// neither persisted nor fanned out across nodes: one in-memory broker.

// Protocol limits, as in BosBase.
const (
	pubsubMaxPayload = 256 << 10 // largest "data" of a publish, in bytes
	pubsubSendBuffer = 64        // frames queued per connection before it is closed
	pubsubReadLimit  = 4 << 20   // largest client frame; larger ones close the connection
	pubsubWriteLimit = 10 * time.Second
)

// registerPubSub adds GET /api/pubsub and, in dev mode, the loopback-only
// POST /api/dev/pubsub/drop, which closes every pub/sub connection at once
// (so tests can check reconnects) and answers {"dropped": n}.
func registerPubSub(se *core.ServeEvent, api *router.RouterGroup[*core.RequestEvent], dev bool) {
	b := newPubSubBroker(func(token string) string {
		rec, err := se.App.FindAuthRecordByToken(token, core.TokenTypeAuth)
		if err != nil {
			return ""
		}
		return rec.Id
	})
	se.App.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		b.dropAll()
		return e.Next()
	})
	api.GET("/pubsub", func(e *core.RequestEvent) error {
		b.serve(e.Response, e.Request)
		return nil
	})
	if dev {
		api.POST("/dev/pubsub/drop", func(e *core.RequestEvent) error {
			return e.JSON(http.StatusOK, map[string]int{"dropped": b.dropAll()})
		}).BindFunc(loopbackOnly).Bind(apis.SkipSuccessActivityLog())
	}
}

// pubsubFrame is a frame in either direction.
type pubsubFrame struct {
	Type      string          `json:"type"`
	ID        string          `json:"id,omitempty"`
	Topic     string          `json:"topic,omitempty"`
	Data      json.RawMessage `json:"data,omitempty"`
	Created   string          `json:"created,omitempty"`
	RequestID string          `json:"requestId,omitempty"`
	ClientID  string          `json:"clientId,omitempty"`
	Message   string          `json:"message,omitempty"`
}

// pubsubBroker keeps the connections and their topics.
type pubsubBroker struct {
	authID func(token string) string // record id of a valid auth token, else ""

	mu     sync.Mutex                          // guards topics, peers
	topics map[string]map[*pubsubPeer]struct{} // subscribers per topic
	peers  map[*pubsubPeer]map[string]struct{} // topics per connection
}

func newPubSubBroker(authID func(string) string) *pubsubBroker {
	return &pubsubBroker{
		authID: authID,
		topics: map[string]map[*pubsubPeer]struct{}{},
		peers:  map[*pubsubPeer]map[string]struct{}{},
	}
}

// pubsubPeer is one connection.
type pubsubPeer struct {
	id     string
	authID string // "" for guests
	conn   *websocket.Conn
	send   chan []byte   // frames for the writer
	closed chan struct{} // closed by kill
	once   sync.Once
}

// kill closes the connection at once (no closing handshake), like a
// dropped network link. It is safe to call many times.
func (p *pubsubPeer) kill() {
	p.once.Do(func() {
		close(p.closed)
		_ = p.conn.CloseNow()
	})
}

// queue hands a frame to the writer; a full buffer closes the connection,
// as BosBase does with slow consumers.
func (p *pubsubPeer) queue(b []byte) {
	select {
	case <-p.closed:
		return
	default:
	}
	select {
	case p.send <- b:
	default:
		p.kill()
	}
}

func (p *pubsubPeer) reply(f pubsubFrame) {
	b, err := json.Marshal(f)
	if err != nil {
		return
	}
	p.queue(b)
}

func (p *pubsubPeer) fail(requestID, msg string) {
	p.reply(pubsubFrame{Type: "error", RequestID: requestID, Message: msg})
}

// serve upgrades the request and runs the connection until it ends. The
// auth token is read once, here: from the Authorization header (a
// "Bearer " prefix is accepted) or else the ?token= query parameter; an
// invalid token makes a guest connection.
func (b *pubsubBroker) serve(w http.ResponseWriter, r *http.Request) {
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if token == "" {
		token = r.URL.Query().Get("token")
	}
	authID := ""
	if token != "" {
		authID = b.authID(token)
	}
	// PocketBase's server read/write timeouts would cut the connection.
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Time{})
	_ = rc.SetWriteDeadline(time.Time{})
	// Any origin may connect, as with BosBase (browser tests run
	// cross-origin).
	conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{InsecureSkipVerify: true})
	if err != nil {
		return // Accept has answered the request
	}
	conn.SetReadLimit(pubsubReadLimit)
	p := &pubsubPeer{
		id:     security.RandomString(16),
		authID: authID,
		conn:   conn,
		send:   make(chan []byte, pubsubSendBuffer),
		closed: make(chan struct{}),
	}
	b.mu.Lock()
	b.peers[p] = map[string]struct{}{}
	b.mu.Unlock()
	defer b.remove(p)

	p.reply(pubsubFrame{Type: "ready", ClientID: p.id})
	written := make(chan struct{})
	go func() {
		defer close(written)
		p.writeLoop()
	}()
	b.readLoop(p)
	p.kill()
	<-written
}

// writeLoop is the connection's only writer.
func (p *pubsubPeer) writeLoop() {
	for {
		select {
		case <-p.closed:
			return
		case m := <-p.send:
			ctx, cancel := context.WithTimeout(context.Background(), pubsubWriteLimit)
			err := p.conn.Write(ctx, websocket.MessageText, m)
			cancel()
			if err != nil {
				p.kill()
				return
			}
		}
	}
}

// readLoop handles client frames until the connection fails. Binary and
// empty frames are ignored.
func (b *pubsubBroker) readLoop(p *pubsubPeer) {
	for {
		typ, data, err := p.conn.Read(context.Background())
		if err != nil {
			return
		}
		if typ != websocket.MessageText || len(data) == 0 {
			continue
		}
		var f pubsubFrame
		if err := json.Unmarshal(data, &f); err != nil {
			p.fail("", "invalid message format")
			continue
		}
		b.handle(p, f)
	}
}

// handle answers one client frame.
func (b *pubsubBroker) handle(p *pubsubPeer, f pubsubFrame) {
	typ := strings.ToLower(strings.TrimSpace(f.Type))
	topic := strings.TrimSpace(f.Topic)
	switch typ {
	case "ping":
		p.reply(pubsubFrame{Type: "pong", RequestID: f.RequestID})
	case "subscribe":
		if topic == "" {
			p.fail(f.RequestID, "topic must be set")
			return
		}
		b.subscribe(p, topic)
		p.reply(pubsubFrame{Type: "subscribed", RequestID: f.RequestID})
	case "unsubscribe":
		b.unsubscribe(p, topic)
		p.reply(pubsubFrame{Type: "unsubscribed", RequestID: f.RequestID})
	case "publish":
		b.publish(p, f.RequestID, topic, f.Data)
	default:
		p.fail(f.RequestID, "unsupported pubsub message type")
	}
}

// publish checks and broadcasts a publish, after acknowledging it.
func (b *pubsubBroker) publish(p *pubsubPeer, requestID, topic string, data json.RawMessage) {
	switch {
	case topic == "":
		p.fail(requestID, "topic must be set")
		return
	case p.authID == "":
		p.fail(requestID, "authentication required to publish")
		return
	}
	if len(data) == 0 {
		data = json.RawMessage("null")
	}
	if len(data) > pubsubMaxPayload {
		p.fail(requestID, "payload too large")
		return
	}
	if !json.Valid(data) {
		p.fail(requestID, "payload must be valid JSON")
		return
	}
	id, created := security.RandomString(15), types.NowDateTime().String()
	p.reply(pubsubFrame{Type: "published", RequestID: requestID, ID: id, Topic: topic, Created: created})
	msg, err := json.Marshal(pubsubFrame{Type: "message", ID: id, Topic: topic, Data: data, Created: created})
	if err != nil {
		return
	}
	b.mu.Lock()
	targets := make([]*pubsubPeer, 0, len(b.topics[topic]))
	for t := range b.topics[topic] {
		targets = append(targets, t)
	}
	b.mu.Unlock()
	for _, t := range targets {
		t.queue(msg)
	}
}

// subscribe adds topic to p; subscribing twice is harmless.
func (b *pubsubBroker) subscribe(p *pubsubPeer, topic string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	mine, ok := b.peers[p]
	if !ok {
		return
	}
	mine[topic] = struct{}{}
	if b.topics[topic] == nil {
		b.topics[topic] = map[*pubsubPeer]struct{}{}
	}
	b.topics[topic][p] = struct{}{}
}

// unsubscribe removes topic from p, or every topic when topic is "".
func (b *pubsubBroker) unsubscribe(p *pubsubPeer, topic string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	mine := b.peers[p]
	for t := range mine {
		if topic == "" || t == topic {
			b.dropTopicLocked(p, t)
		}
	}
}

func (b *pubsubBroker) dropTopicLocked(p *pubsubPeer, topic string) {
	delete(b.peers[p], topic)
	if set := b.topics[topic]; set != nil {
		delete(set, p)
		if len(set) == 0 {
			delete(b.topics, topic)
		}
	}
}

// remove forgets a finished connection.
func (b *pubsubBroker) remove(p *pubsubPeer) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for t := range b.peers[p] {
		b.dropTopicLocked(p, t)
	}
	delete(b.peers, p)
}

// dropAll closes every connection and reports how many there were.
func (b *pubsubBroker) dropAll() int {
	b.mu.Lock()
	peers := make([]*pubsubPeer, 0, len(b.peers))
	for p := range b.peers {
		peers = append(peers, p)
	}
	b.mu.Unlock()
	for _, p := range peers {
		p.kill()
	}
	return len(peers)
}
