package core

import (
	"context"
	"io"
	"strings"
)

// Header is a set of HTTP header fields. Keys are stored in lower case, as
// HTTP/2 and the browser's fetch API present them; use [Header.Get] and
// [Header.Set] to stay case-insensitive.
type Header map[string]string

// Get returns the value of the named field, or "" when it is absent.
func (h Header) Get(name string) string { return h[strings.ToLower(name)] }

// Set replaces the value of the named field.
func (h Header) Set(name, value string) { h[strings.ToLower(name)] = value }

// Del removes the named field.
func (h Header) Del(name string) { delete(h, strings.ToLower(name)) }

// Clone returns a copy of h; a nil h gives an empty, non-nil Header.
func (h Header) Clone() Header {
	c := make(Header, len(h))
	for k, v := range h {
		c[k] = v
	}
	return c
}

// Request is one HTTP request as the [Transport] port sees it.
type Request struct {
	Method string // GET, POST, PATCH, DELETE
	URL    string // absolute URL
	Header Header // never nil
	Body   []byte // nil for no body
}

// Response is one HTTP response as the [Transport] port returns it. The
// caller closes Body.
type Response struct {
	StatusCode int
	Header     Header // never nil
	Body       io.ReadCloser
}

// Transport is the HTTP port: it sends one request and returns the
// response, whatever its status. A non-2xx status is not an error.
//
// Implementations must be safe for concurrent use, must not modify the
// request, and must stop when ctx is cancelled (returning an error that
// wraps ctx.Err()). The native default uses net/http; the browser build
// uses fetch.
type Transport interface {
	RoundTrip(ctx context.Context, req *Request) (*Response, error)
}

// TransportFunc adapts a function to the [Transport] interface.
type TransportFunc func(ctx context.Context, req *Request) (*Response, error)

// RoundTrip calls f(ctx, req).
func (f TransportFunc) RoundTrip(ctx context.Context, req *Request) (*Response, error) {
	return f(ctx, req)
}

// Event is one server-sent event.
type Event struct {
	ID   string // the "id:" field; BosBase puts the realtime client id here
	Name string // the "event:" field; "message" when absent
	Data string // the "data:" lines joined by "\n"
}

// EventStream is an open server-sent event stream.
type EventStream interface {
	// Next blocks until the next event arrives. It returns io.EOF when the
	// server ends the stream, and an error wrapping the ctx error once the
	// ctx given to [EventStreamer.Open] is cancelled or Close is called.
	Next() (Event, error)
	// Close ends the stream and unblocks Next. It is safe to call twice.
	Close() error
}

// EventStreamer is the server-sent events port. The native default reads
// the stream over net/http with no client timeout; the browser build uses
// EventSource (which cannot send headers, so header may be ignored).
//
// Open returns once the server has answered with a 2xx status; a non-2xx
// status is a [*ClientResponseError]. The stream lives until ctx is
// cancelled or it is closed.
type EventStreamer interface {
	Open(ctx context.Context, url string, header Header) (EventStream, error)
}

// Socket is an open WebSocket carrying text frames.
type Socket interface {
	// Read blocks until the next text frame arrives.
	Read(ctx context.Context) ([]byte, error)
	// Write sends one text frame. Calls must not overlap: the caller keeps
	// a single writer.
	Write(ctx context.Context, data []byte) error
	// Close closes the socket; it is safe to call twice.
	Close() error
}

// SocketDialer is the WebSocket port used by pub/sub. token is the current
// auth token ("" for a guest); the dialer attaches it the best way its
// platform allows: the Authorization header natively, the ?token= query
// parameter in the browser, which cannot set WebSocket headers.
type SocketDialer interface {
	Dial(ctx context.Context, url, token string) (Socket, error)
}
