//go:build js && wasm

package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/bosgo/bosgo/core"
	"github.com/hack-pad/safejs"
)

// FetchTransport is the browser's [core.Transport]: each request is one
// call of the global fetch, with an AbortController aborted when the
// request context ends, so cancelling a call really stops the network
// request. The response body is streamed through the body's reader, and
// Close cancels it.
//
// Credentials is fetch's credentials mode; "" means the browser default
// ("same-origin"), which is what the BosBase JS SDK uses. It is safe for
// concurrent use.
type FetchTransport struct {
	Credentials string
}

var _ core.Transport = (*FetchTransport)(nil)

// RoundTrip sends req with fetch and returns once the response headers have
// arrived. Network failures (refused connections, CORS refusals, which the
// browser reports identically as "TypeError: Failed to fetch") are errors;
// any HTTP status is a response.
func (t *FetchTransport) RoundTrip(ctx context.Context, req *core.Request) (*core.Response, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	fetch := global("fetch")
	if !isFunction(fetch) {
		return nil, fmt.Errorf("fetch: %w", ErrNotBrowser)
	}
	controller, err := global("AbortController").New()
	if err != nil {
		return nil, fmt.Errorf("fetch: %w", ErrNotBrowser)
	}
	init, err := t.requestInit(req, get(controller, "signal"))
	if err != nil {
		return nil, err
	}
	abort := func() { _, _ = controller.Call("abort") }
	stop := context.AfterFunc(ctx, abort)

	p, err := fetch.Invoke(req.URL, init)
	if err != nil {
		stop()
		return nil, fmt.Errorf("fetch: %w", urlRejected(err))
	}
	resp, err := await(ctx, p)
	if err != nil {
		stop()
		abort()
		if ctx.Err() != nil {
			return nil, fmt.Errorf("fetch: %w", ctx.Err())
		}
		return nil, fmt.Errorf("fetch failed (network error, refused connection or CORS): %w", err)
	}
	status, err := get(resp, "status").Int()
	if err != nil {
		stop()
		abort()
		return nil, fmt.Errorf("fetch: bad response: %w", err)
	}
	body := newStreamBody(ctx, get(resp, "body"), func() { stop(); abort() })
	return &core.Response{StatusCode: status, Header: responseHeader(get(resp, "headers")), Body: body}, nil
}

// requestInit builds fetch's init object for req.
func (t *FetchTransport) requestInit(req *core.Request, signal safejs.Value) (safejs.Value, error) {
	headers := map[string]any{}
	for k, v := range req.Header {
		headers[k] = v
	}
	init := map[string]any{
		"method":  strings.ToUpper(req.Method),
		"headers": headers,
		"signal":  signal,
	}
	if t.Credentials != "" {
		init["credentials"] = t.Credentials
	}
	if f, ok := req.Stream.(formBody); ok { // api_files.go
		init["body"] = f.form
	} else if req.Stream != nil {
		return safejs.Undefined(), errStreamBody
	} else if req.Body != nil {
		b, err := bytesToJS(req.Body)
		if err != nil {
			return safejs.Undefined(), fmt.Errorf("fetch: body: %w", err)
		}
		init["body"] = b
	}
	return newObject(init)
}

// responseHeader copies a fetch Headers object (keys arrive lower-case).
func responseHeader(h safejs.Value) core.Header {
	out := core.Header{}
	it, err := h.Call("entries")
	if err != nil {
		return out
	}
	for range 1000 { // a response has far fewer headers; bound the loop anyway
		next, err := it.Call("next")
		if err != nil || boolOf(get(next, "done")) {
			break
		}
		pair := get(next, "value")
		k, _ := pair.Index(0)
		v, _ := pair.Index(1)
		out.Set(stringOf(k), stringOf(v))
	}
	return out
}
