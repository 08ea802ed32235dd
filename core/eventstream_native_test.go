//go:build !js

package core_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
)

// streamServer serves a text/event-stream whose body handler writes with
// send (each part flushed).
func streamServer(t *testing.T, handler func(w http.ResponseWriter, send func(string), r *http.Request)) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.WriteHeader(http.StatusOK)
		fl := w.(http.Flusher)
		fl.Flush()
		handler(w, func(s string) { _, _ = io.WriteString(w, s); fl.Flush() }, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestHTTPEventStreamerIgnoresClientTimeout: a client Timeout would cut
// the stream (the BosBase Go SDK's 30 s bug); the streamer drops it.
func TestHTTPEventStreamerIgnoresClientTimeout(t *testing.T) {
	t.Parallel()
	const timeout = 50 * time.Millisecond
	srv := streamServer(t, func(_ http.ResponseWriter, send func(string), r *http.Request) {
		send("data:one\n\n")
		select { // the stream outlives the client timeout: what is under test
		case <-time.After(6 * timeout):
		case <-r.Context().Done():
			return
		}
		send("data:two\n\n")
	})
	s := &core.HTTPEventStreamer{Client: &http.Client{Timeout: timeout}}
	stream, err := s.Open(t.Context(), srv.URL, core.Header{})
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	for _, want := range []string{"one", "two"} {
		ev, err := stream.Next()
		if err != nil || ev.Data != want {
			t.Fatalf("Next() = %+v, %v; want data %q", ev, err, want)
		}
	}
	if _, err := stream.Next(); !errors.Is(err, io.EOF) {
		t.Fatalf("Next() at the end = %v, want io.EOF", err)
	}
}

// TestHTTPEventStreamerCloseUnblocksNext: Close (from another goroutine)
// and cancelling the Open context both end a blocked Next.
func TestHTTPEventStreamerCloseUnblocksNext(t *testing.T) {
	t.Parallel()
	srv := streamServer(t, func(_ http.ResponseWriter, _ func(string), r *http.Request) { <-r.Context().Done() })
	for _, how := range []string{"Close", "cancel"} {
		t.Run(how, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			stream, err := (&core.HTTPEventStreamer{}).Open(ctx, srv.URL, nil)
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { _, err := stream.Next(); done <- err }()
			if how == "Close" {
				_ = stream.Close()
				_ = stream.Close() // twice is harmless
			} else {
				cancel()
			}
			select {
			case err := <-done:
				if !errors.Is(err, context.Canceled) {
					t.Fatalf("Next() = %v, want an error wrapping context.Canceled", err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("Next still blocked after " + how)
			}
			_ = stream.Close()
		})
	}
}

// TestHTTPEventStreamerNon2xx: an error answer is a *ClientResponseError
// with the server's status and message.
func TestHTTPEventStreamerNon2xx(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		_, _ = io.WriteString(w, `{"status":403,"message":"Nope.","data":{}}`)
	}))
	defer srv.Close()
	_, err := (&core.HTTPEventStreamer{}).Open(t.Context(), srv.URL+"/api/realtime?token=secret", nil)
	var ce *core.ClientResponseError
	if !errors.As(err, &ce) || ce.Status != http.StatusForbidden || ce.Message() != "Nope." {
		t.Fatalf("Open() error = %v, want a 403 *ClientResponseError with the server's message", err)
	}
	if got := ce.Error(); !strings.Contains(got, "REDACTED") || strings.Contains(got, "secret") {
		t.Fatalf("error %q leaks the token or is not redacted", got)
	}
}
