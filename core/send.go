package core

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/bosgo/bosgo/internal/jsonv"
)

// maxResponseSize bounds how much of a response body the client reads.
const maxResponseSize = 32 << 20

// Send sends a request to path (relative to the base URL, e.g.
// "/api/health") and decodes the JSON response into out (skipped when out
// is nil). body, when non-nil, is sent as JSON; [WithBody] fields are
// merged into it when it is a map[string]any or nil. Use it for endpoints
// the SDK has no method for.
//
// Any non-2xx status gives a [*ClientResponseError].
//
// Like every call of the client, Send attaches the stored token as the
// Authorization header (unless [WithoutAuth] or an explicit Authorization
// header is given), auto-refreshes it first when it is about to expire (see
// [WithAutoRefresh]), and applies the 401 rule: a 401 answer to a request
// that carried the stored token clears the store, but only while the store
// still holds that token, and never for the MFA challenge (a 401 whose body
// carries "mfaId").
//
// The expiry rule: a stored token that is not refreshable (an
// impersonation or static token) and is past its "exp" by more than
// [ExpiryLeeway] is not sent. The call fails with an error wrapping
// [ErrTokenExpired] before anything is sent, and the store is cleared
// (listeners get [AuthExpired]), since the server would ignore the token
// and answer as for a guest. [WithoutAuth] and an explicit Authorization
// header opt out. See docs/sessions.md.
func (c *Client) Send(ctx context.Context, method, path string, body any, out any, opts ...RequestOption) error {
	c.mustBeNew()
	return c.send(ctx, method, path, body, out, newRequestConfig(opts))
}

func (c *Client) send(ctx context.Context, method, path string, body any, out any, rc *requestConfig) error {
	if c.baseErr != nil {
		return newClientError("", 0, "invalid base URL", c.baseErr)
	}
	if strings.HasPrefix(path, emptyCollectionPath) {
		return errEmptyCollection()
	}
	req, err := c.newRequest(method, path, body, rc)
	if err != nil {
		return err
	}
	if c.cfg.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.cfg.timeout)
		defer cancel()
	}
	sent := "" // the stored token this request carries, for the 401 rule
	if !rc.noAuth && req.Header.Get("Authorization") == "" {
		if !rc.noRetry {
			if err := c.autoRefresh(ctx); err != nil { // refresh.go
				return newTransportError(redactURL(req.URL), withCtxErr(ctx, err))
			}
		}
		if tok := c.store.Token(); tok != "" {
			if c.expired(tok) {
				_, _ = c.store.CompareAndSave(tok, AuthEvent{Kind: AuthExpired})
				return newClientError(redactURL(req.URL), 0, "the session expired and cannot be refreshed (signed out)", ErrTokenExpired)
			}
			req.Header.Set("Authorization", tok)
			sent, rc.sent = tok, tok
		}
	}
	resp, err := c.transport.RoundTrip(ctx, req)
	if err != nil {
		return newTransportError(redactURL(req.URL), withCtxErr(ctx, err))
	}
	defer resp.Body.Close()
	if rc.raw != nil {
		out = rawResult{rc.raw}
	}
	err = c.checkResponse(ctx, req, resp, out)
	c.clearOnUnauthorized(sent, err) // unauthorized.go
	return err
}

// expired reports whether tok falls under the expiry rule (see
// [Client.Send]): an auth token that cannot be refreshed, past its "exp"
// by more than [ExpiryLeeway] on the client's clock.
func (c *Client) expired(tok string) bool {
	claims, ok := c.refresh.claims(tok)
	return ok && !claims.Refreshable && !claims.Expiry.IsZero() && c.now().After(claims.Expiry.Add(ExpiryLeeway))
}

// newRequest builds the request: URL with query, JSON body and the
// client's default headers.
func (c *Client) newRequest(method, path string, body any, rc *requestConfig) (*Request, error) {
	u := c.BuildURL(path)
	if len(rc.query) > 0 {
		sep := "?"
		if strings.Contains(u, "?") {
			sep = "&"
		}
		u += sep + rc.query.Encode()
	}
	req := &Request{Method: method, URL: u, Header: rc.header.Clone()}
	if len(rc.body) > 0 {
		switch b := body.(type) {
		case nil:
			body = rc.body
		case map[string]any:
			merged := make(map[string]any, len(b)+len(rc.body))
			for k, v := range b {
				merged[k] = v
			}
			for k, v := range rc.body {
				merged[k] = v
			}
			body = merged
		}
	}
	body, err := uploadBody(body) // record_upload.go
	if err != nil {
		return nil, newClientError(redactURL(u), 0, "cannot encode the request body", err)
	}
	if raw, ok := body.(*RawBody); ok {
		req.Stream = raw.Reader
		if raw.ContentType != "" && req.Header.Get("Content-Type") == "" {
			req.Header.Set("Content-Type", raw.ContentType)
		}
	} else if body != nil {
		data, err := encodeJSON(body)
		if err != nil {
			return nil, newClientError(redactURL(u), 0, "cannot encode the request body", err)
		}
		req.Body = data
		if req.Header.Get("Content-Type") == "" {
			req.Header.Set("Content-Type", "application/json")
		}
	}
	if req.Header.Get("Accept-Language") == "" && c.cfg.lang != "" {
		req.Header.Set("Accept-Language", c.cfg.lang)
	}
	if req.Header.Get("User-Agent") == "" && c.cfg.userAgent != "" {
		req.Header.Set("User-Agent", c.cfg.userAgent)
	}
	return req, nil
}

// checkResponse turns resp into out or into a *ClientResponseError.
func (c *Client) checkResponse(ctx context.Context, req *Request, resp *Response, out any) error {
	u := redactURL(req.URL)
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseSize+1))
	if err != nil {
		e := newTransportError(u, withCtxErr(ctx, err))
		e.Status = resp.StatusCode
		e.message = "reading the response failed"
		return e
	}
	if len(data) > maxResponseSize {
		return newClientError(u, resp.StatusCode, fmt.Sprintf("response larger than %d bytes", maxResponseSize), nil)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return responseError(u, resp, data)
	}
	if out == nil || resp.StatusCode == 204 {
		return nil
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return newClientError(u, resp.StatusCode, "empty response body", nil)
	}
	if err := decodeJSON(data, out); err != nil {
		return newClientError(u, resp.StatusCode, "invalid JSON response ("+contentType(resp)+")", err)
	}
	return nil
}

// responseError decodes a non-2xx response.
func responseError(u string, resp *Response, data []byte) *ClientResponseError {
	e := &ClientResponseError{URL: u, Status: resp.StatusCode, Response: map[string]any{}}
	if body, err := jsonv.Object(data); err == nil && body != nil {
		e.Response = body
		return e
	}
	e.message = statusText(resp.StatusCode) + " (non-JSON response, " + contentType(resp) + ")"
	return e
}

func contentType(resp *Response) string {
	ct := resp.Header.Get("Content-Type")
	if ct == "" {
		return "no content type"
	}
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	return ct
}

// withCtxErr makes sure a failure caused by ctx matches ctx.Err() with
// errors.Is, whatever the transport wrapped it in.
func withCtxErr(ctx context.Context, err error) error {
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		return fmt.Errorf("%w: %w", cerr, err)
	}
	return err
}
