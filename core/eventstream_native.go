//go:build !js

package core

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
)

// maxStreamErrorBody bounds how much of a non-2xx stream answer is read.
const maxStreamErrorBody = 64 << 10

// HTTPEventStreamer is the native [EventStreamer], the default of [New]
// outside GOOS=js: it reads the stream over net/http and decodes it with
// [SSEDecoder]. A stream lives until its context is cancelled or it is
// closed. It is safe for concurrent use.
type HTTPEventStreamer struct {
	// Client is the *http.Client that opens the streams; nil means one on
	// http.DefaultTransport. Its Timeout is ignored: an http.Client
	// timeout covers reading the body and would cut a long-lived stream
	// (the BosBase Go SDK's 30 s cut).
	Client *http.Client
}

var _ EventStreamer = (*HTTPEventStreamer)(nil)

// Open sends GET url with header and returns the stream once the server
// answered with a 2xx status. A non-2xx answer is a [*ClientResponseError]
// with the decoded body.
func (s *HTTPEventStreamer) Open(ctx context.Context, url string, header Header) (EventStream, error) {
	sctx, cancel := context.WithCancel(ctx)
	req, err := http.NewRequestWithContext(sctx, http.MethodGet, url, nil)
	if err != nil {
		cancel()
		return nil, newClientError(redactURL(url), 0, "invalid event stream URL", unwrapURLError(err))
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Cache-Control", "no-store")

	resp, err := s.client().Do(req)
	if err != nil {
		cancel()
		return nil, newTransportError(redactURL(url), withCtxErr(ctx, unwrapURLError(err)))
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer cancel()
		defer resp.Body.Close()
		data, _ := io.ReadAll(io.LimitReader(resp.Body, maxStreamErrorBody))
		return nil, responseError(redactURL(url), &Response{StatusCode: resp.StatusCode, Header: headerOf(resp.Header)}, data)
	}
	return &httpEventStream{ctx: sctx, cancel: cancel, body: resp.Body, dec: NewSSEDecoder(resp.Body, 0)}, nil
}

// client returns a copy of the configured client without a timeout.
func (s *HTTPEventStreamer) client() *http.Client {
	if s.Client == nil {
		return &http.Client{}
	}
	c := *s.Client
	c.Timeout = 0
	return &c
}

// httpEventStream is one open stream. Next runs on one goroutine at a time;
// Close may be called from any goroutine.
type httpEventStream struct {
	ctx    context.Context
	cancel context.CancelFunc
	body   io.ReadCloser
	dec    *SSEDecoder
	once   sync.Once
}

// Next returns the next event, io.EOF when the server ended the stream, or
// an error wrapping context.Canceled once the stream was closed or its
// context cancelled.
func (st *httpEventStream) Next() (Event, error) {
	ev, err := st.dec.Next()
	if err != nil {
		if cerr := st.ctx.Err(); cerr != nil {
			return Event{}, fmt.Errorf("bosbase: event stream closed: %w", cerr)
		}
		return Event{}, err
	}
	return ev, nil
}

// Close cancels the request, which closes the connection and unblocks a
// pending Next. It is safe to call more than once.
func (st *httpEventStream) Close() error {
	st.once.Do(func() {
		st.cancel()
		st.body.Close()
	})
	return nil
}

func defaultEventStreamer() EventStreamer { return &HTTPEventStreamer{} }
