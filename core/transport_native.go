//go:build !js

package core

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// HTTPTransport is the native [Transport] over net/http, the default of
// [New] outside GOOS=js. It is safe for concurrent use.
type HTTPTransport struct {
	// Client is the *http.Client that sends the requests; nil means
	// http.DefaultClient, which has no overall timeout (deadlines come
	// from the request context and [WithTimeout]).
	Client *http.Client
}

var _ Transport = (*HTTPTransport)(nil)

func (t *HTTPTransport) client() *http.Client {
	if t.Client != nil {
		return t.Client
	}
	return http.DefaultClient
}

// RoundTrip sends req with net/http. Its errors never quote the request
// URL, which may carry secrets in its query.
func (t *HTTPTransport) RoundTrip(ctx context.Context, req *Request) (*Response, error) {
	var body io.Reader
	if req.Body != nil {
		body = bytes.NewReader(req.Body)
	}
	if req.Stream != nil {
		body = req.Stream
	}
	hr, err := http.NewRequestWithContext(ctx, req.Method, req.URL, body)
	if err != nil {
		return nil, fmt.Errorf("build request: %w", unwrapURLError(err))
	}
	for k, v := range req.Header {
		hr.Header.Set(k, v)
	}
	resp, err := t.client().Do(hr)
	if err != nil {
		return nil, unwrapURLError(err)
	}
	return &Response{StatusCode: resp.StatusCode, Header: headerOf(resp.Header), Body: resp.Body}, nil
}

// headerOf converts a net/http header to a [Header], joining repeated
// fields with ", ".
func headerOf(hh http.Header) Header {
	h := make(Header, len(hh))
	for k, v := range hh {
		h[strings.ToLower(k)] = strings.Join(v, ", ")
	}
	return h
}

// unwrapURLError drops net/http's *url.Error wrapper, whose message repeats
// the full request URL (which may carry tokens in its query), keeping the
// cause chain intact.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		return ue.Err
	}
	return err
}

func defaultTransport() Transport { return &HTTPTransport{} }
