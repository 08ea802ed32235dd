//go:build !js

package core_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
)

// Fault fakes: answers a real BosBase never gives but a proxy, a crash or a
// network can. Each must give a typed *ClientResponseError, never a panic,
// never a saved session, and never the password in the error text.

const faultPassword = "s3cret-Pa55word"

// fakeServer starts an httptest server answering with h and returns a
// client for it whose connections close with the server.
func faultServer(t *testing.T, h http.HandlerFunc, opts ...core.Option) *core.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	opts = append([]core.Option{core.WithTransport(&core.HTTPTransport{Client: srv.Client()})}, opts...)
	return core.New(srv.URL, opts...)
}

func TestFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		handler    http.HandlerFunc
		wantStatus int
		wantMsg    string // substring of Message()
	}{
		{
			name: "HTML error page from a proxy",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.WriteHeader(http.StatusBadGateway)
				_, _ = w.Write([]byte("<html><body><h1>502 Bad Gateway</h1></body></html>"))
			},
			wantStatus: 502, wantMsg: "Bad Gateway (non-JSON response, text/html)",
		},
		{
			name: "truncated JSON with 200",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(`{"token":"eyJhbGciOiJIUzI1NiJ9.e30.c2ln","record":{"id":`))
			},
			wantStatus: 200, wantMsg: "invalid JSON response (application/json)",
		},
		{
			name:       "empty body with 200",
			handler:    func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) },
			wantStatus: 200, wantMsg: "empty response body",
		},
		{
			name: "200 without a token",
			handler: func(w http.ResponseWriter, r *http.Request) {
				_, _ = w.Write([]byte(`{"record":{"id":"r1"}}`))
			},
			wantStatus: 200, wantMsg: "carries no token",
		},
		{
			name: "500 with the BosBase error body",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusInternalServerError)
				_, _ = w.Write([]byte(`{"data":{},"message":"Something went wrong while processing your request.","status":500}`))
			},
			wantStatus: 500, wantMsg: "Something went wrong while processing your request.",
		},
		{
			name:       "502 with an empty body",
			handler:    func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusBadGateway) },
			wantStatus: 502, wantMsg: "Bad Gateway (non-JSON response, no content type)",
		},
		{
			name: "503 plain text",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/plain")
				w.WriteHeader(http.StatusServiceUnavailable)
				_, _ = w.Write([]byte("upstream overloaded"))
			},
			wantStatus: 503, wantMsg: "Service Unavailable (non-JSON response, text/plain)",
		},
		{
			name: "JSON array error body",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusBadRequest)
				_, _ = w.Write([]byte(`["not","an","object"]`))
			},
			wantStatus: 400, wantMsg: "Bad Request (non-JSON response",
		},
		{
			name: "body cut short",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Length", "1000")
				_, _ = w.Write([]byte(`{"token":"abc",`))
			},
			wantStatus: 200, wantMsg: "reading the response failed",
		},
		{
			name: "connection reset",
			handler: func(w http.ResponseWriter, r *http.Request) {
				conn, _, err := w.(http.Hijacker).Hijack()
				if err != nil {
					panic(err)
				}
				if tcp, ok := conn.(*net.TCPConn); ok {
					_ = tcp.SetLinger(0) // RST instead of FIN
				}
				_ = conn.Close()
			},
			wantStatus: 0, wantMsg: "the request failed",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			pb := faultServer(t, tt.handler)
			auth, err := pb.Collection("users").AuthWithPassword(t.Context(), "demo@example.com", faultPassword)
			if auth != nil {
				t.Errorf("auth = %+v, want nil", auth)
			}
			var e *core.ClientResponseError
			if !errors.As(err, &e) {
				t.Fatalf("err = %T %v, want *ClientResponseError", err, err)
			}
			if e.Status != tt.wantStatus {
				t.Errorf("Status = %d, want %d", e.Status, tt.wantStatus)
			}
			if !strings.Contains(e.Message(), tt.wantMsg) {
				t.Errorf("Message = %q, want it to contain %q", e.Message(), tt.wantMsg)
			}
			if e.Response == nil {
				t.Error("Response is nil")
			}
			if e.IsAbort {
				t.Error("IsAbort = true")
			}
			if strings.Contains(err.Error(), faultPassword) {
				t.Errorf("error text leaks the password: %q", err.Error())
			}
			if !strings.Contains(e.URL, "/api/collections/users/auth-with-password") {
				t.Errorf("URL = %q", e.URL)
			}
			if pb.AuthStore().Token() != "" {
				t.Error("a failed sign-in saved a session")
			}
		})
	}
}

// stallHandler sends no headers until the client gives up. It reads the
// body first: net/http notices a client hang-up (and cancels r.Context())
// only once the request body was consumed.
func stallHandler(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	<-r.Context().Done()
}

func TestFaultSlowHeadersContextTimeout(t *testing.T) {
	t.Parallel()
	pb := faultServer(t, stallHandler)
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	_, err := pb.Collection("users").AuthWithPassword(ctx, "demo@example.com", faultPassword)
	var e *core.ClientResponseError
	if !errors.As(err, &e) {
		t.Fatalf("err = %T %v, want *ClientResponseError", err, err)
	}
	if !errors.Is(err, context.DeadlineExceeded) || !e.IsAbort || !core.IsAbort(err) || e.Status != 0 {
		t.Errorf("err = %v (IsAbort %v, Status %d), want a deadline abort", err, e.IsAbort, e.Status)
	}
	if strings.Contains(err.Error(), faultPassword) {
		t.Errorf("error text leaks the password: %q", err.Error())
	}
}

func TestFaultSlowHeadersClientTimeout(t *testing.T) {
	t.Parallel()
	pb := faultServer(t, stallHandler, core.WithTimeout(100*time.Millisecond))
	_, err := pb.Collection("users").AuthWithPassword(t.Context(), "demo@example.com", faultPassword)
	if !errors.Is(err, context.DeadlineExceeded) || !core.IsAbort(err) {
		t.Fatalf("err = %v, want a deadline abort", err)
	}
}

func TestFaultCancelled(t *testing.T) {
	t.Parallel()
	started := make(chan struct{})
	pb := faultServer(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		close(started)
		<-r.Context().Done()
	})
	ctx, cancel := context.WithCancel(t.Context())
	go func() { <-started; cancel() }()
	_, err := pb.Collection("users").AuthWithPassword(ctx, "demo@example.com", faultPassword)
	if !errors.Is(err, context.Canceled) || !core.IsAbort(err) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestFaultUnreachableServer(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close() // nothing listens there now
	pb := core.New("http://" + addr)
	err = pb.Collection("users").RequestPasswordReset(t.Context(), "demo@example.com")
	var e *core.ClientResponseError
	if !errors.As(err, &e) || e.Status != 0 || e.OriginalError == nil || e.IsAbort {
		t.Fatalf("err = %#v, want a transport error", err)
	}
}

func TestFaultInvalidBaseURL(t *testing.T) {
	t.Parallel()
	pb := core.New("not a url")
	_, err := pb.Collection("users").AuthWithPassword(t.Context(), "demo@example.com", faultPassword)
	if !errors.Is(err, core.ErrInvalidBaseURL) || core.StatusOf(err) != 0 {
		t.Fatalf("err = %v, want ErrInvalidBaseURL", err)
	}
}
