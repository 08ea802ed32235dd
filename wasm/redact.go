//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/bosgo/bosgo/core"

	"github.com/bosgo/bosgo/internal/jsonv"
)

// redact returns u without its query string, which may hold a token (the
// pub/sub ?token=); it is used for every URL the adapters put in an error.
func redact(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		return u[:i] + "?REDACTED"
	}
	return u
}

// statusError is the error for a non-2xx answer the adapters receive
// outside core's request pipeline (the event stream's connect).
func statusError(url string, status int, body []byte) *core.ClientResponseError {
	e := &core.ClientResponseError{URL: redact(url), Status: status, Response: map[string]any{}}
	if m, err := jsonv.Object(body); err == nil && m != nil {
		e.Response = m
	}
	return e
}

// errURLRejected stands in for the browser's exception when it refuses a
// URL: Chromium quotes the whole URL, query included, in those messages,
// and the WebSocket URL carries ?token=.
var errURLRejected = errors.New("the browser rejected the URL")

// urlRejected returns an error that keeps the kind of a URL failure (the
// JS error's name when there is one) but none of its message.
func urlRejected(err error) error {
	var je *JSError
	if errors.As(err, &je) && je.Name != "" {
		return fmt.Errorf("%s: %w", je.Name, errURLRejected)
	}
	return errURLRejected
}
