package hostile

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// sseScript describes a fake realtime endpoint (/api/realtime): what the
// n-th stream (0-based) sends before and after the client submits its
// subscriptions.
type sseScript struct {
	status int    // of the stream; 0 = 200
	ctype  string // of the stream; "" = text/event-stream
	// connect returns the stream's first bytes and whether to drop the
	// connection right after them; nil = a correct PB_CONNECT.
	connect func(n int, cid string) (text string, drop bool)
	// after returns what to send once the subscriptions arrived and
	// whether to drop the connection then.
	after      func(n int) (text string, drop bool)
	postStatus int // of the subscription POST; 0 = 204
}

// event is one SSE event of the "hostile" topic with JSON data.
func event(data string) string { return "event:hostile\ndata:" + data + "\n\n" }

// pbConnect is a correct PB_CONNECT event.
func pbConnect(cid string) string {
	return "id:" + cid + "\nevent:PB_CONNECT\ndata:{\"clientId\":\"" + cid + "\"}\n\n"
}

// sse makes the handler of a realtime script.
func sse(s sseScript) func(*Env) http.Handler {
	return func(env *Env) http.Handler {
		var conns atomic.Int64
		var mu sync.Mutex
		subscribed := map[string]chan struct{}{} // clientId → closed at the subscription POST
		waiter := func(cid string) chan struct{} {
			mu.Lock()
			defer mu.Unlock()
			ch, ok := subscribed[cid]
			if !ok {
				ch = make(chan struct{})
				subscribed[cid] = ch
			}
			return ch
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !strings.HasSuffix(r.URL.Path, "/api/realtime") {
				http.NotFound(w, r)
				return
			}
			if r.Method == http.MethodPost {
				var body struct {
					ClientID      string   `json:"clientId"`
					Subscriptions []string `json:"subscriptions"`
				}
				_ = json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&body)
				if s.postStatus != 0 {
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(s.postStatus)
					fmt.Fprintf(w, `{"data":{},"message":"Missing or invalid client id.","status":%d}`, s.postStatus)
					return
				}
				if len(body.Subscriptions) > 0 {
					ch := waiter(body.ClientID)
					mu.Lock()
					select {
					case <-ch:
					default:
						close(ch)
					}
					mu.Unlock()
				}
				w.WriteHeader(http.StatusNoContent)
				return
			}
			n := int(conns.Add(1) - 1)
			cid := fmt.Sprintf("hostile-cid-%d", n)
			ctype := s.ctype
			if ctype == "" {
				ctype = "text/event-stream"
			}
			w.Header().Set("Content-Type", ctype)
			w.Header().Set("Cache-Control", "no-store")
			status := s.status
			if status == 0 {
				status = http.StatusOK
			}
			w.WriteHeader(status)
			flush := func() { w.(http.Flusher).Flush() }
			text, drop := pbConnect(cid), false
			if s.connect != nil {
				text, drop = s.connect(n, cid)
			}
			_, _ = io.WriteString(w, text)
			flush()
			if drop || status != http.StatusOK {
				return
			}
			select {
			case <-waiter(cid):
			case <-r.Context().Done():
				return
			case <-env.Done:
				return
			}
			if s.after != nil {
				text, drop := s.after(n)
				_, _ = io.WriteString(w, text)
				flush()
				if drop {
					return
				}
			}
			select {
			case <-r.Context().Done():
			case <-env.Done:
			}
		})
	}
}

// sseCases are realtime streams that break the protocol.
func sseCases() []Case {
	const g = "SSE"
	nth := func(texts ...string) func(int) (string, bool) {
		return func(n int) (string, bool) {
			if n < len(texts)-1 {
				return texts[n], true // every stream but the last drops
			}
			return texts[len(texts)-1], false
		}
	}
	return []Case{
		{Name: "sse-garbage-lines", Group: g, Op: OpRealtime,
			Proves: "comments, unknown fields, field-less lines, CRLF line ends and other topics around an event do not disturb it",
			Handler: sse(sseScript{after: nth(
				":comment\nnonsense line\nretry:abc\nid\nfoo:bar\n\ndata\n\nevent:other\ndata:{\"x\":0}\n\n" +
					"event:hostile\r\ndata:{\"n\":\r\ndata:1}\r\n\r\n")}),
			Want: Want{OK: true, Value: `{"n":1}`}},
		{Name: "sse-mid-event-drop", Group: g, Op: OpRealtime,
			Proves:  "an event cut off by a dropped connection is never delivered; the client reconnects, resubscribes and gets the next one",
			Handler: sse(sseScript{after: nth("event:hostile\ndata:{\"partial\":", event(`{"n":2}`))}),
			Want:    Want{OK: true, Value: `{"n":2}`}},
		{Name: "sse-drop-before-connect", Group: g, Op: OpRealtime,
			Proves: "a stream that closes before PB_CONNECT fails the subscribe with a typed network error (status 0)",
			Handler: sse(sseScript{
				connect: func(n int, cid string) (string, bool) {
					return map[bool]string{true: "", false: pbConnect(cid)}[n == 0], n == 0
				},
				after: nth(event(`{"n":1}`))}),
			Want: Want{Status: 0}},
		{Name: "sse-connect-bad-json", Group: g, Op: OpRealtime,
			Proves: "a PB_CONNECT whose data is not JSON fails the subscribe with a typed error, not a panic",
			Handler: sse(sseScript{
				connect: func(n int, cid string) (string, bool) {
					if n == 0 {
						return "event:PB_CONNECT\ndata:{not json\n\n", true
					}
					return pbConnect(cid), false
				},
				after: nth(event(`{"n":1}`))}),
			Want: Want{Status: 0}},
		{Name: "sse-connect-no-client-id", Group: g, Op: OpRealtime,
			Proves: "a PB_CONNECT without a client id fails the subscribe with a typed error",
			Handler: sse(sseScript{
				connect: func(n int, cid string) (string, bool) {
					if n == 0 {
						return "event:PB_CONNECT\ndata:{}\n\n", true
					}
					return pbConnect(cid), false
				},
				after: nth(event(`{"n":1}`))}),
			Want: Want{Status: 0}},
		{Name: "sse-oversized-event", Group: g, Op: OpRealtime, Deadline: 15 * time.Second,
			Proves:  "an event over the 8 MiB cap is dropped with its connection, not buffered without bound; the next connection works",
			Handler: sse(sseScript{after: nth("event:hostile\ndata:\""+strings.Repeat("x", 9<<20)+"\"\n\n", event(`{"n":2}`))}),
			Want:    Want{OK: true, Value: `{"n":2}`}},
		{Name: "sse-status-500", Group: g, Op: OpRealtime, Deadline: 2 * time.Second,
			Proves:  "a realtime endpoint that always fails ends the subscribe call at its deadline, typed",
			Handler: sse(sseScript{status: 500, connect: func(int, string) (string, bool) { return `{"message":"boom"}`, true }}),
			Want:    Want{Status: 500}},
		{Name: "sse-subscribe-refused", Group: g, Op: OpRealtime,
			Proves:  "a refused subscription POST is a typed error",
			Handler: sse(sseScript{postStatus: 404}),
			Want:    Want{Status: 404, Message: "Missing or invalid client id."}},
	}
}
