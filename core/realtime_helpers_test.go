//go:build !js

package core_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/internal/testenv"
)

// rtWaitTimeout bounds every wait for something the server sends.
const rtWaitTimeout = 20 * time.Second

// rtRecv returns the next value of ch, failing the test after rtWaitTimeout.
func rtRecv[T any](t testing.TB, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(rtWaitTimeout):
		t.Fatalf("timed out waiting for %s", what)
		panic("unreachable")
	}
}

// rtRecvFor returns the next event of ch about record id, skipping events
// about other records (parallel tests create posts too).
func rtRecvFor(t testing.TB, ch <-chan core.RecordEvent, id, what string) core.RecordEvent {
	t.Helper()
	for {
		if ev := rtRecv(t, ch, what); ev.Record.ID() == id {
			return ev
		}
	}
}

// rtSink returns a buffered channel and a function that sends to it without
// ever blocking the caller (a realtime listener must not block).
func rtSink[T any]() (chan T, func(T)) {
	ch := make(chan T, 64)
	return ch, func(v T) {
		select {
		case ch <- v:
		default:
		}
	}
}

// rtNewClient returns a client of baseURL whose realtime connections are
// closed when the test ends.
func rtNewClient(t testing.TB, baseURL string, opts ...core.Option) *core.Client {
	t.Helper()
	c := core.New(baseURL, opts...)
	t.Cleanup(func() { _ = c.Realtime.Close() })
	return c
}

// rtSignIn signs c in as u with a plain Send, so these tests depend only on
// the realtime and OAuth2 code under test.
func rtSignIn(t testing.TB, c *core.Client, u testenv.User) {
	t.Helper()
	var out core.AuthResponse
	body := map[string]any{"identity": u.Email, "password": u.Password}
	if err := c.Send(t.Context(), "POST", "/api/collections/users/auth-with-password", body, &out); err != nil {
		t.Fatalf("sign in %s: %v", u.Email, err)
	}
	if err := c.AuthStore().Save(out.Token, out.Record); err != nil {
		t.Fatalf("save session: %v", err)
	}
}

// rtSignedIn returns a client of baseURL signed in as u.
func rtSignedIn(t testing.TB, baseURL string, u testenv.User) *core.Client {
	t.Helper()
	c := rtNewClient(t, baseURL)
	rtSignIn(t, c, u)
	return c
}

// rtCreatePost creates a post owned by the signed-in user of c.
func rtCreatePost(t testing.TB, c *core.Client, title string) core.Record {
	t.Helper()
	var rec core.Record
	body := map[string]any{"title": title, "published": true, "user": c.AuthStore().Record().ID()}
	if err := c.Send(t.Context(), "POST", "/api/collections/posts/records", body, &rec); err != nil {
		t.Fatalf("create post: %v", err)
	}
	return rec
}

func rtUpdatePost(t testing.TB, c *core.Client, id, title string) {
	t.Helper()
	if err := c.Send(t.Context(), "PATCH", "/api/collections/posts/records/"+id, map[string]any{"title": title}, nil); err != nil {
		t.Fatalf("update post: %v", err)
	}
}

func rtDeletePost(t testing.TB, c *core.Client, id string) {
	t.Helper()
	if err := c.Send(t.Context(), "DELETE", "/api/collections/posts/records/"+id, nil, nil); err != nil {
		t.Fatalf("delete post: %v", err)
	}
}

// rtBarrier makes the server send an @oauth2 message to the realtime client
// of c, the way a provider redirect does, and waits for it. c must be
// subscribed to "@oauth2" with a listener feeding got. Messages queued for
// c before it are (in practice) delivered first, so a test can assert that
// something did not arrive.
func rtBarrier(t testing.TB, baseURL string, c *core.Client, got <-chan core.Event) {
	t.Helper()
	u := baseURL + "/api/oauth2-redirect?state=" + url.QueryEscape(c.Realtime.ClientID()) + "&code=rtBarrier"
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequestWithContext(t.Context(), "GET", u, nil)
	resp, err := noFollow.Do(req)
	if err != nil {
		t.Fatalf("rtBarrier redirect: %v", err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); !strings.Contains(loc, "oauth2-redirect-success") {
		t.Fatalf("rtBarrier redirect went to %q, want the success page", loc)
	}
	rtRecv(t, got, "the rtBarrier message")
}

// sseProxy is a reverse proxy in front of a server whose realtime streams
// a test can cut, refuse, or rewrite: faults the real server cannot be
// told to produce.
type sseProxy struct {
	srv *httptest.Server

	mu      sync.Mutex // guards the fields below
	cuts    []context.CancelFunc
	refuse  int                      // answer the next n stream requests with 503
	opens   int                      // stream requests seen
	rewrite func(line string) string // applied to every stream line, when set
}

// newSSEProxy starts a proxy to target; it is closed when the test ends.
func newSSEProxy(t testing.TB, target string) *sseProxy {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	p := &sseProxy{}
	tr := &http.Transport{}
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.Transport = tr
	rp.FlushInterval = -1
	rp.ErrorLog = log.New(io.Discard, "", 0) // cut streams are expected
	rp.ModifyResponse = func(resp *http.Response) error {
		p.mu.Lock()
		fn := p.rewrite
		p.mu.Unlock()
		if fn != nil && strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
			resp.Body = &lineRewriter{r: bufio.NewReader(resp.Body), c: resp.Body, fn: fn}
		}
		return nil
	}
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == "/api/realtime" {
			p.mu.Lock()
			p.opens++
			if p.refuse > 0 {
				p.refuse--
				p.mu.Unlock()
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusServiceUnavailable)
				_, _ = io.WriteString(w, `{"status":503,"message":"proxy: refused","data":{}}`)
				return
			}
			ctx, cancel := context.WithCancel(r.Context())
			p.cuts = append(p.cuts, cancel)
			p.mu.Unlock()
			r = r.WithContext(ctx)
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(func() {
		p.cut()
		p.srv.Close()
		tr.CloseIdleConnections()
	})
	return p
}

// URL returns the proxy's base URL.
func (p *sseProxy) URL() string { return p.srv.URL }

// cut drops every open realtime stream.
func (p *sseProxy) cut() {
	p.mu.Lock()
	cuts := p.cuts
	p.cuts = nil
	p.mu.Unlock()
	for _, c := range cuts {
		c()
	}
}

// refuseNext makes the next n stream requests fail with 503.
func (p *sseProxy) refuseNext(n int) {
	p.mu.Lock()
	p.refuse = n
	p.mu.Unlock()
}

// streamOpens returns how many stream requests the proxy has seen.
func (p *sseProxy) streamOpens() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.opens
}

// setRewrite installs fn to rewrite the lines of streams opened from now on.
func (p *sseProxy) setRewrite(fn func(string) string) {
	p.mu.Lock()
	p.rewrite = fn
	p.mu.Unlock()
}

// lineRewriter applies fn to each line of a stream.
type lineRewriter struct {
	r   *bufio.Reader
	c   io.Closer
	fn  func(string) string
	buf []byte
}

func (l *lineRewriter) Read(p []byte) (int, error) {
	for len(l.buf) == 0 {
		line, err := l.r.ReadString('\n')
		if line != "" {
			l.buf = []byte(l.fn(line))
		}
		if err != nil && len(l.buf) == 0 {
			return 0, err
		}
	}
	n := copy(p, l.buf)
	l.buf = l.buf[n:]
	return n, nil
}

func (l *lineRewriter) Close() error { return l.c.Close() }

// fakeRealtime is a minimal in-process realtime server for faults: it
// streams what the test sends and records subscription submits.
type fakeRealtime struct {
	srv     *httptest.Server
	events  chan string   // raw wire text to write to the open stream
	submits chan []string // subscription lists posted
	status  int           // status of stream requests; 0 means 200
	silent  bool          // never send PB_CONNECT
}

// newFakeRealtime starts the fake; it is closed when the test ends.
func newFakeRealtime(t testing.TB, status int, silent bool) *fakeRealtime {
	t.Helper()
	f := &fakeRealtime{events: make(chan string, 16), submits: make(chan []string, 16), status: status, silent: silent}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/realtime" {
			http.NotFound(w, r)
			return
		}
		if r.Method == http.MethodPost {
			var body struct {
				ClientID      string   `json:"clientId"`
				Subscriptions []string `json:"subscriptions"`
			}
			_ = rtJSONDecode(r.Body, &body)
			f.submits <- body.Subscriptions
			w.WriteHeader(http.StatusNoContent)
			return
		}
		if f.status != 0 {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(f.status)
			fmt.Fprintf(w, `{"status":%d,"message":"fake: unavailable","data":{}}`, f.status)
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		w.WriteHeader(http.StatusOK)
		fl := w.(http.Flusher)
		if !f.silent {
			_, _ = io.WriteString(w, "id:fake-client\nevent:PB_CONNECT\ndata:{\"clientId\":\"fake-client\"}\n\n")
		}
		fl.Flush()
		for {
			select {
			case s := <-f.events:
				_, _ = io.WriteString(w, s)
				fl.Flush()
			case <-r.Context().Done():
				return
			}
		}
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func rtJSONDecode(r io.Reader, v any) error { return json.NewDecoder(r).Decode(v) }
