//go:build js && wasm

package main

import (
	"encoding/json"
	"strings"

	"github.com/bosgo/bosgo/core"
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
	var m map[string]any
	if json.Unmarshal(body, &m) == nil && m != nil {
		e.Response = m
	}
	return e
}
