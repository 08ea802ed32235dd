package core_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/bosgo/bosgo/core"
)

// rawTransport answers every request with status and body as they are.
func rawTransport(status int, body string) core.Transport {
	return core.TransportFunc(func(context.Context, *core.Request) (*core.Response, error) {
		h := core.Header{}
		h.Set("Content-Type", "application/json")
		return &core.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(body))}, nil
	})
}

// TestWithRawResult: a successful body is kept as it came and not decoded
// (the method's result is its zero value); a non-2xx answer is still the
// typed error with its decoded body; a body that is not JSON is still the
// "invalid JSON response" error; a 204 keeps nothing.
func TestWithRawResult(t *testing.T) {
	t.Parallel()
	const body = `{"id":"r1","title":"caf\u00e9",  "n":1e3}`
	var raw []byte
	rec, err := core.New("http://example.test", core.WithTransport(rawTransport(200, body))).
		Collection("posts").GetOne(t.Context(), "r1", core.WithRawResult(&raw))
	if err != nil {
		t.Fatal(err)
	}
	if string(raw) != body || rec != nil {
		t.Errorf("raw = %q, record = %v; want the body as sent and no record", raw, rec)
	}

	raw = nil
	list, err := core.New("http://example.test", core.WithTransport(rawTransport(200, `{"page":1,"items":[{"id":"a"}]}`))).
		Collection("posts").GetList(t.Context(), 1, 30, core.WithRawResult(&raw))
	if err != nil || len(list.Items) != 0 || string(raw) != `{"page":1,"items":[{"id":"a"}]}` {
		t.Errorf("GetList = %+v, %v, raw %q", list, err, raw)
	}

	raw = nil
	_, err = core.New("http://example.test", core.WithTransport(rawTransport(404, `{"status":404,"message":"gone","data":{}}`))).
		Collection("posts").GetOne(t.Context(), "r1", core.WithRawResult(&raw))
	var ce *core.ClientResponseError
	if !errors.As(err, &ce) || ce.Status != 404 || ce.Response["message"] != "gone" || raw != nil {
		t.Errorf("404: err = %v, raw %q; want a 404 ClientResponseError with the body, nothing kept", err, raw)
	}

	_, err = core.New("http://example.test", core.WithTransport(rawTransport(200, `{"id":`))).
		Collection("posts").GetOne(t.Context(), "r1", core.WithRawResult(&raw))
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "invalid JSON response") || raw != nil {
		t.Errorf("bad JSON: err = %v, raw %q; want the invalid JSON error, nothing kept", err, raw)
	}

	err = core.New("http://example.test", core.WithTransport(rawTransport(204, ""))).
		Send(t.Context(), "DELETE", "/api/x", nil, nil, core.WithRawResult(&raw))
	if err != nil || raw != nil {
		t.Errorf("204: err = %v, raw %q", err, raw)
	}
}
