//go:build js && wasm

package main

import (
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/bosgo/bosgo/core"
)

// SSEStreamer is the browser's [core.EventStreamer]: it reads
// text/event-stream over fetch (a streamed response body) and decodes it
// with [core.SSEDecoder].
//
// Why not EventSource: an EventSource only delivers events whose names were
// registered in advance with addEventListener, and BosBase names each
// event after its subscription key ("posts/*?options=…"), which the port
// does not know; it also cannot send headers and hides the HTTP status of a
// failed connect. A streamed fetch delivers every event, sends the headers
// core asks for, reports a non-2xx status as a [*core.ClientResponseError],
// and is cancelled through the same AbortController as every request.
// Reconnecting is core's job (its realtime service), not the browser's.
//
// Transport is the fetch transport to use; nil means a zero
// [FetchTransport]. It is safe for concurrent use.
type SSEStreamer struct {
	Transport *FetchTransport
}

var _ core.EventStreamer = (*SSEStreamer)(nil)

// Open connects to url and returns once the server has answered 2xx.
func (s *SSEStreamer) Open(ctx context.Context, url string, header core.Header) (core.EventStream, error) {
	t := s.Transport
	if t == nil {
		t = &FetchTransport{}
	}
	h := header.Clone()
	h.Set("Accept", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	ctx, cancel := context.WithCancel(ctx)
	resp, err := t.RoundTrip(ctx, &core.Request{Method: "GET", URL: url, Header: h})
	if err != nil {
		cancel()
		return nil, &core.ClientResponseError{URL: redact(url), Response: map[string]any{}, IsAbort: ctx.Err() != nil, OriginalError: err}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		_ = resp.Body.Close()
		cancel()
		return nil, statusError(url, resp.StatusCode, body)
	}
	return &sseStream{dec: core.NewSSEDecoder(resp.Body, 0), body: resp.Body, ctx: ctx, cancel: cancel}, nil
}

// sseStream is one open stream.
type sseStream struct {
	dec    *core.SSEDecoder // used by Next only (one reader)
	body   io.ReadCloser
	ctx    context.Context
	cancel context.CancelFunc
	once   sync.Once
}

// Next returns the next event; see [core.EventStream].
func (s *sseStream) Next() (core.Event, error) {
	ev, err := s.dec.Next()
	if err != nil && s.ctx.Err() != nil {
		return core.Event{}, fmt.Errorf("event stream closed: %w", s.ctx.Err())
	}
	return ev, err
}

// Close ends the stream and unblocks Next; it is safe to call twice.
func (s *sseStream) Close() error {
	s.once.Do(func() {
		s.cancel()
		_ = s.body.Close()
	})
	return nil
}
