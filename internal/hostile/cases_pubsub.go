package hostile

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

// wsConn is the server side of one fake pub/sub connection.
type wsConn struct {
	ctx context.Context
	c   *websocket.Conn
}

// send writes a raw text frame.
func (w *wsConn) send(raw string) { _ = w.c.Write(w.ctx, websocket.MessageText, []byte(raw)) }

// sendJSON writes v as a text frame.
func (w *wsConn) sendJSON(v any) {
	b, _ := json.Marshal(v)
	w.send(string(b))
}

// ready sends the server's greeting.
func (w *wsConn) ready(cid string) { w.sendJSON(map[string]any{"type": "ready", "clientId": cid}) }

// expect reads client frames until one of type typ arrives (answering
// pings), and returns it; nil when the connection ended.
func (w *wsConn) expect(typ string) map[string]any {
	for {
		_, b, err := w.c.Read(w.ctx)
		if err != nil {
			return nil
		}
		var f map[string]any
		if json.Unmarshal(b, &f) != nil {
			continue
		}
		if f["type"] == "ping" {
			w.sendJSON(map[string]any{"type": "pong", "requestId": f["requestId"]})
			continue
		}
		if f["type"] == typ {
			return f
		}
	}
}

// drain behaves like a correct server until the connection ends: it
// answers pings, and acknowledges subscribe, unsubscribe and publish.
func (w *wsConn) drain() {
	for {
		_, b, err := w.c.Read(w.ctx)
		if err != nil {
			return
		}
		var f map[string]any
		if json.Unmarshal(b, &f) != nil {
			continue
		}
		switch f["type"] {
		case "ping":
			w.ack(f, "pong", nil)
		case "subscribe":
			w.ack(f, "subscribed", map[string]any{"topic": f["topic"]})
		case "unsubscribe":
			w.ack(f, "unsubscribed", map[string]any{"topic": f["topic"]})
		case "publish":
			w.published(f, "drain-ack")
		}
	}
}

// ack answers the request frame f with typ and extra fields.
func (w *wsConn) ack(f map[string]any, typ string, extra map[string]any) {
	m := map[string]any{"type": typ, "requestId": f["requestId"]}
	for k, v := range extra {
		m[k] = v
	}
	w.sendJSON(m)
}

// published acknowledges a publish frame with ack id id.
func (w *wsConn) published(f map[string]any, id string) {
	w.ack(f, "published", map[string]any{"id": id, "topic": f["topic"], "created": "2026-01-01 00:00:00.000Z"})
}

// message sends a message of topic with JSON data.
func (w *wsConn) message(topic, data string) {
	w.send(`{"type":"message","topic":"` + topic + `","id":"m1","created":"2026-01-01 00:00:00.000Z","data":` + data + `}`)
}

// pubsub makes the handler of a fake /api/pubsub whose n-th connection
// (0-based) runs script; the connection closes when script returns.
func pubsub(script func(w *wsConn, n int)) func(*Env) http.Handler {
	return func(env *Env) http.Handler {
		var conns atomic.Int64
		return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			if !strings.HasSuffix(r.URL.Path, "/api/pubsub") {
				http.NotFound(rw, r)
				return
			}
			c, err := websocket.Accept(rw, r, &websocket.AcceptOptions{InsecureSkipVerify: true})
			if err != nil {
				return
			}
			defer c.CloseNow()
			ctx, cancel := context.WithCancel(r.Context())
			defer cancel()
			go func() {
				select {
				case <-env.Done:
					cancel()
				case <-ctx.Done():
				}
			}()
			script(&wsConn{ctx: ctx, c: c}, int(conns.Add(1)-1))
		})
	}
}

// pubsubCases are pub/sub servers that break the protocol.
func pubsubCases() []Case {
	const g = "Pub/sub"
	return []Case{
		{Name: "pubsub-garbage-before-ack", Group: g, Op: OpPublish, Session: sessionToken,
			Proves: "garbage, binary, unknown and foreign frames before the ack neither settle nor break the publish",
			Handler: pubsub(func(w *wsConn, _ int) {
				w.ready("h1")
				f := w.expect("publish")
				w.send(`not json`)
				w.send(`[1,2]`)
				w.send(`{"type":5}`)
				w.send(`{"type":"published","requestId":7}`)
				_ = w.c.Write(w.ctx, websocket.MessageBinary, []byte(`{"type":"published","requestId":"x"}`))
				w.sendJSON(map[string]any{"type": "published", "requestId": "unknown", "id": "nope"})
				w.message("other", `1`)
				w.published(f, "ack-1")
				w.drain()
			}),
			Want: Want{OK: true, Value: "ack-1"}},
		{Name: "pubsub-duplicate-ack", Group: g, Op: OpPublish, Session: sessionToken,
			Proves: "a duplicated ack settles the publish once",
			Handler: pubsub(func(w *wsConn, _ int) {
				w.ready("h1")
				f := w.expect("publish")
				w.published(f, "ack-1")
				w.published(f, "ack-2")
				w.drain()
			}),
			Want: Want{OK: true, Value: "ack-1"}},
		{Name: "pubsub-upper-case-type", Group: g, Op: OpPublish, Session: sessionToken,
			Proves: "frame types are matched like the server does (trimmed, case-insensitive)",
			Handler: pubsub(func(w *wsConn, _ int) {
				w.send(`{"type":" READY ","clientId":"h1"}`)
				f := w.expect("publish")
				w.ack(f, "Published", map[string]any{"id": "ack-1", "topic": "hostile"})
				w.drain()
			}),
			Want: Want{OK: true, Value: "ack-1"}},
		{Name: "pubsub-error-frame", Group: g, Op: OpPublish, Session: sessionToken,
			Proves: "an error frame for the request rejects it, the server's message in the error",
			Handler: pubsub(func(w *wsConn, _ int) {
				w.ready("h1")
				f := w.expect("publish")
				w.ack(f, "error", map[string]any{"message": "topic is closed"})
				w.drain()
			}),
			Want: Want{Status: 0, Text: "topic is closed"}},
		{Name: "pubsub-wrong-ack-type", Group: g, Op: OpPublish, Session: sessionToken,
			Proves: "an answer of the wrong type is a protocol error, not a false success",
			Handler: pubsub(func(w *wsConn, _ int) {
				w.ready("h1")
				f := w.expect("publish")
				w.ack(f, "subscribed", nil)
				w.drain()
			}),
			Want: Want{Status: 0}},
		{Name: "pubsub-no-ready", Group: g, Op: OpPublish, Session: sessionToken, Deadline: time.Second,
			Proves:  "a server that never says ready ends the publish at the caller's deadline",
			Handler: pubsub(func(w *wsConn, _ int) { w.drain() }),
			Want:    Want{Status: 0, Abort: true}},
		{Name: "pubsub-handshake-403", Group: g, Op: OpPublish, Session: sessionToken,
			Proves:  "a refused WebSocket handshake is a typed error",
			Handler: replyJSON(403, `{"data":{},"message":"Forbidden.","status":403}`),
			Want:    Want{Status: 403},
			Browser: &Want{Status: 0},
			BrowserNote: "the browser's WebSocket API does not expose the HTTP status of a refused handshake, " +
				"so the module can only report a failed connection (status 0)"},
		{Name: "pubsub-message-noise", Group: g, Op: OpPubSubMessage, Session: sessionToken,
			Proves: "garbage and other topics' messages around a message do not disturb its delivery",
			Handler: pubsub(func(w *wsConn, _ int) {
				w.ready("h1")
				f := w.expect("subscribe")
				w.ack(f, "subscribed", map[string]any{"topic": "hostile"})
				w.send(`{"type":"message"`)
				w.send(`{"type":"message","topic":7}`)
				w.message("other", `{"n":0}`)
				w.message("hostile", `{"n":1}`)
				w.drain()
			}),
			Want: Want{OK: true, Value: `{"n":1}`}},
		{Name: "pubsub-message-before-ack", Group: g, Op: OpPubSubMessage, Session: sessionToken,
			Proves: "a message that overtakes the subscribe ack is handled (delivered or dropped), never a crash",
			Handler: pubsub(func(w *wsConn, _ int) {
				w.ready("h1")
				f := w.expect("subscribe")
				w.message("hostile", `{"n":1}`)
				w.ack(f, "subscribed", map[string]any{"topic": "hostile"})
				w.message("hostile", `{"n":1}`)
				w.drain()
			}),
			Want: Want{OK: true, Value: `{"n":1}`}},
		{Name: "pubsub-drop-and-resubscribe", Group: g, Op: OpPubSubMessage, Session: sessionToken, Deadline: 8 * time.Second,
			Proves: "a dropped socket is re-opened and the topic subscribed again, so later messages arrive",
			Handler: pubsub(func(w *wsConn, n int) {
				w.ready("h1")
				f := w.expect("subscribe")
				w.ack(f, "subscribed", map[string]any{"topic": "hostile"})
				if n == 0 {
					return // drop
				}
				w.message("hostile", `{"n":2}`)
				w.drain()
			}),
			Want: Want{OK: true, Value: `{"n":2}`}},
	}
}
