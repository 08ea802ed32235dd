//go:build !js

package core_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/bosgo/bosgo/core"
)

// seen is what the other-origin server received.
type seen struct {
	mu   sync.Mutex
	hits []string // "METHOD auth=<Authorization> cookie=<Cookie> body=<body>"
}

func (s *seen) record(r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hits = append(s.hits, r.Method+" auth="+r.Header.Get("Authorization")+" cookie="+r.Header.Get("Cookie")+" body="+string(b))
}

func (s *seen) all() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.hits...)
}

// TestHTTPTransportRedirectsKeepCredentialsInOrigin checks the default
// transport's redirect rule with two servers on two ports (two origins):
// a hop to the other origin carries no Authorization, no Cookie and no
// body, a 307/308 that would re-send a body there fails with
// ErrUnsafeRedirect, and a same-origin hop keeps the credentials.
func TestHTTPTransportRedirectsKeepCredentialsInOrigin(t *testing.T) {
	t.Parallel()
	var other seen
	b := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		other.record(r)
		_, _ = w.Write([]byte(`{}`))
	}))
	t.Cleanup(b.Close)
	var same seen
	a := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/found":
			http.Redirect(w, r, b.URL+"/sink", http.StatusFound)
		case "/temporary":
			http.Redirect(w, r, b.URL+"/sink", http.StatusTemporaryRedirect)
		case "/permanent":
			http.Redirect(w, r, b.URL+"/sink", http.StatusPermanentRedirect)
		case "/here":
			http.Redirect(w, r, "/sink", http.StatusTemporaryRedirect)
		case "/sink":
			same.record(r)
			_, _ = w.Write([]byte(`{}`))
		}
	}))
	t.Cleanup(a.Close)

	c := core.New(a.URL) // the default transport
	ctx := context.Background()
	creds := []core.RequestOption{core.WithHeader("Authorization", "TOKEN-A"), core.WithHeader("Cookie", "sid=COOKIE-A")}
	body := map[string]any{"password": "s3cret-Pa55word"}

	// 302 to the other origin: followed as a GET, without credentials.
	if err := c.Send(ctx, "POST", "/found", body, nil, creds...); err != nil {
		t.Fatalf("302: %v", err)
	}
	// 307 and 308 to the other origin with a body: refused.
	for _, path := range []string{"/temporary", "/permanent"} {
		err := c.Send(ctx, "POST", path, body, nil, creds...)
		if !errors.Is(err, core.ErrUnsafeRedirect) {
			t.Errorf("%s: err = %v, want ErrUnsafeRedirect", path, err)
		}
		var ce *core.ClientResponseError
		if !errors.As(err, &ce) {
			t.Errorf("%s: err = %T, want a *ClientResponseError", path, err)
		}
	}
	// 307 to the other origin without a body: followed, without credentials.
	if err := c.Send(ctx, "GET", "/temporary", nil, nil, creds...); err != nil {
		t.Fatalf("307 GET: %v", err)
	}
	want := []string{"GET auth= cookie= body=", "GET auth= cookie= body="}
	if got := other.all(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the other origin received\n%q\nwant\n%q", got, want)
	}
	// 307 within the origin: credentials and body follow.
	if err := c.Send(ctx, "POST", "/here", body, nil, creds...); err != nil {
		t.Fatalf("same-origin 307: %v", err)
	}
	if got := same.all(); len(got) != 1 || !strings.HasPrefix(got[0], "POST auth=TOKEN-A cookie=sid=COOKIE-A body={") {
		t.Errorf("the same origin received %q, want the POST with its credentials and body", got)
	}
}

// TestHTTPTransportRedirectSchemeOrPortChange checks that an https→http hop
// to the same host, or a hop to another port of the same host, counts as
// another origin (net/http alone keeps Authorization on both).
func TestHTTPTransportRedirectSchemeOrPortChange(t *testing.T) {
	t.Parallel()
	var plain seen
	p := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		plain.record(r)
		_, _ = w.Write([]byte(`{}`))
	}))
	t.Cleanup(p.Close)
	s := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Same host (127.0.0.1), other scheme and port.
		http.Redirect(w, r, p.URL+"/sink", http.StatusFound)
	}))
	t.Cleanup(s.Close)
	tls := s.Client() // trusts the test certificate; no CheckRedirect of its own
	c := core.New(s.URL, core.WithTransport(&core.HTTPTransport{Client: tls}))
	if err := c.Send(context.Background(), "GET", "/go", nil, nil, core.WithHeader("Authorization", "TOKEN-A")); err != nil {
		t.Fatal(err)
	}
	if got := plain.all(); len(got) != 1 || got[0] != "GET auth= cookie= body=" {
		t.Errorf("the http origin received %q, want a GET without Authorization", got)
	}
}
