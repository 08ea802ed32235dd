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

// ErrUnsafeRedirect means [HTTPTransport] refused to follow a 307 or 308
// redirect to another origin: following it would re-send the request body
// (a password, an OTP code) there. The error reaches the caller as the
// cause of a [*ClientResponseError].
var ErrUnsafeRedirect = errors.New("bosbase: refused to re-send a request body to another origin on a redirect")

// HTTPTransport is the native [Transport] over net/http, the default of
// [New] outside GOOS=js. It is safe for concurrent use.
//
// Redirects: a redirect is followed (at most 10), but credentials and
// bodies never leave the request's origin (scheme, host and port). On a
// hop to another origin the Authorization, Cookie and Proxy-Authorization
// headers the SDK set are dropped (an https→http or port change counts, unlike
// net/http's own rule, which only compares host names), and a 307 or 308
// that would re-send a body there fails with [ErrUnsafeRedirect]. The rule
// applies unless Client sets its own CheckRedirect, which then decides.
type HTTPTransport struct {
	// Client is the *http.Client that sends the requests; nil means a
	// client like http.DefaultClient with the redirect rule above, and no
	// overall timeout (deadlines come from the request context and
	// [WithTimeout]).
	Client *http.Client
}

var _ Transport = (*HTTPTransport)(nil)

// defaultHTTPClient is http.DefaultClient's transport with the SDK's
// redirect rule.
var defaultHTTPClient = &http.Client{CheckRedirect: sameOriginCredentials}

func (t *HTTPTransport) client() *http.Client {
	switch {
	case t.Client == nil:
		return defaultHTTPClient
	case t.Client.CheckRedirect == nil:
		c := *t.Client
		c.CheckRedirect = sameOriginCredentials
		return &c
	}
	return t.Client
}

// sameOriginCredentials is the CheckRedirect of the SDK's redirect rule
// (see [HTTPTransport]): req is the next hop, via[0] the SDK's request.
func sameOriginCredentials(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	if origin(req.URL) == origin(via[0].URL) {
		return nil
	}
	if req.Body != nil && req.Body != http.NoBody {
		return ErrUnsafeRedirect // a 307/308: the body would go along
	}
	for _, h := range []string{"Authorization", "Cookie", "Proxy-Authorization"} {
		req.Header.Del(h)
	}
	return nil
}

// origin returns u's scheme, host and port (the scheme's default when
// none is given), lower-cased.
func origin(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "80"
		if strings.EqualFold(u.Scheme, "https") {
			port = "443"
		}
	}
	return strings.ToLower(u.Scheme + "://" + u.Hostname() + ":" + port)
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
