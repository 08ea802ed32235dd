//go:build js && wasm

package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/bosgo/bosgo/core"
	"github.com/hack-pad/safejs"
)

// FetchTransport is the browser's [core.Transport]: each request is one
// call of the global fetch, with an AbortController aborted when the
// request context ends, so cancelling a call really stops the network
// request. The response body is streamed through the body's reader, and
// Close cancels it; with Buffer it is read whole before RoundTrip returns.
//
// Credentials is fetch's credentials mode; "" means the browser default
// ("same-origin"), which is what the BosBase JS SDK uses. It is safe for
// concurrent use.
type FetchTransport struct {
	Credentials string
	// Port, when set, names a global object whose fetch method is used
	// instead of the global fetch (see clientOptions.Port).
	Port string
	// Buffer reads each response whole in the same JavaScript promise as
	// the fetch, when the port has a fetchAll(url, init) method (which
	// resolves to {status, headers: "name: value" lines, body: Uint8Array,
	// error: the body read's failure or null}; web/bosbase.js defines it):
	// each JavaScript promise Go awaits is a trip through the event loop,
	// and a streamed body costs one per chunk. For requests whose body is
	// read whole anyway (core's calls), not for event streams. Without
	// fetchAll the body streams.
	Buffer bool
}

var _ core.Transport = (*FetchTransport)(nil)

// RoundTrip sends req with fetch and returns once the response headers have
// arrived (with Buffer and the port's fetchAll, once the whole body has).
// Network failures (refused connections, CORS refusals, which the browser
// reports identically as "TypeError: Failed to fetch") are errors; any HTTP
// status is a response.
func (t *FetchTransport) RoundTrip(ctx context.Context, req *core.Request) (*core.Response, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var fetch safejs.Value
	all := false
	if t.Port == "" {
		fetch = global("fetch")
	} else if port := global(t.Port); t.Buffer && isFunction(get(port, "fetchAll")) {
		fetch, all = get(port, "fetchAll"), true
	} else {
		fetch = get(port, "fetch")
	}
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
	if all {
		stop()
		return bufferedResponse(ctx, status, resp), nil
	}
	body := newStreamBody(ctx, get(resp, "body"), func() { stop(); abort() })
	return &core.Response{StatusCode: status, Header: responseHeader(get(resp, "headers")), Body: body}, nil
}

// bufferedResponse is the response fetchAll resolved to (see Buffer). A
// body read that failed fails the body's Read, as a streamed body's would.
func bufferedResponse(ctx context.Context, status int, res safejs.Value) *core.Response {
	out := &core.Response{StatusCode: status, Header: core.Header{}}
	for h := stringOf(get(res, "headers")); h != ""; {
		var line string
		line, h, _ = strings.Cut(h, "\n")
		if k, v, ok := strings.Cut(line, ": "); ok {
			out.Header.Set(k, v)
		}
	}
	var data []byte
	err := error(nil)
	if e := get(res, "error"); !isNullish(e) {
		err = newJSError(e)
	} else if b := get(res, "body"); !isNullish(b) {
		data, err = bytesFromJS(b)
	}
	if cerr := ctx.Err(); err != nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		out.Body = io.NopCloser(errReader{fmt.Errorf("read body: %w", err)})
	} else {
		out.Body = io.NopCloser(bytes.NewReader(data))
	}
	return out
}

// errReader fails every Read with err.
type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

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
