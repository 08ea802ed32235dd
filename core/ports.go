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
	// Method is the HTTP method: GET, POST, PATCH or DELETE.
	Method string
	// URL is the absolute request URL, query included.
	URL string
	// Header holds the request's header fields; it is never nil.
	Header Header
	// Body is the request body, nil for none.
	Body []byte
	// Stream, when non-nil, is the request body instead of Body: a
	// [RawBody]'s reader (a streamed multipart upload natively), read once
	// while the request is sent. A transport may also recognise its own
	// reader types (the browser's sends a FormData it wraps as it is).
	Stream io.Reader
}

// Response is one HTTP response as the [Transport] port returns it. The
// caller closes Body.
type Response struct {
	// StatusCode is the HTTP status code, e.g. 200.
	StatusCode int
	// Header holds the response's header fields; it is never nil.
	Header Header
	// Body is the response body, which a [Transport] never leaves nil; the
	// caller closes it.
	Body io.ReadCloser
}

// Transport is the HTTP port: it sends one request and returns the
// response, whatever its status. A non-2xx status is not an error.
//
// Implementations must be safe for concurrent use, must not modify the
// request, and must stop when ctx is cancelled (returning an error that
// wraps ctx.Err()). The native default uses net/http; the browser build
// uses fetch.
type Transport interface {
	// RoundTrip sends req and returns the response, or an error when no
	// response arrived.
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
	// ID is the "id:" field, the last one sent on the stream; BosBase puts
	// the realtime client id here.
	ID string
	// Name is the "event:" field, "message" when absent. For realtime
	// events it is the subscription key.
	Name string
	// Data is the event's "data:" lines joined by "\n".
	Data string
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

// EventStreamer is the server-sent events port used by realtime. The
// native default ([HTTPEventStreamer]) reads the stream over net/http with
// no client timeout; the browser build reads it over fetch. Implementations
// must be safe for concurrent use.
type EventStreamer interface {
	// Open sends GET url with header and returns once the server has
	// answered with a 2xx status; a non-2xx status is a
	// [*ClientResponseError]. The stream lives until ctx is cancelled or
	// it is closed.
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

// SocketDialer is the WebSocket port used by pub/sub. Implementations must
// be safe for concurrent use.
type SocketDialer interface {
	// Dial opens a WebSocket to url and returns once it is open. token is
	// the current auth token ("" for a guest); the dialer attaches it the
	// best way its platform allows: the Authorization header natively, the
	// ?token= query parameter in the browser, which cannot set WebSocket
	// headers. A URL that carries the token must not appear in an error.
	Dial(ctx context.Context, url, token string) (Socket, error)
}
