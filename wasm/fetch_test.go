//go:build js && wasm

package main

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
)

func TestFetchTransportAgainstDevserver(t *testing.T) {
	base := testEnv(t, "BOSGO_TEST_URL")
	tr := &FetchTransport{}
	ctx := testCtx(t, 20*time.Second)

	resp, err := tr.RoundTrip(ctx, &core.Request{Method: "GET", URL: base + "/api/health", Header: core.Header{}})
	if err != nil {
		t.Fatalf("GET /api/health: %v", err)
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil || resp.StatusCode != 200 || !strings.Contains(string(body), "message") {
		t.Fatalf("health: %d %q %v", resp.StatusCode, body, err)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.Contains(ct, "application/json") {
		t.Errorf("Content-Type = %q", ct)
	}

	// A JSON POST with a body: wrong credentials give a 400 response, not an error.
	resp, err = tr.RoundTrip(ctx, &core.Request{Method: "POST", URL: base + "/api/collections/users/auth-with-password",
		Header: core.Header{"content-type": "application/json"}, Body: []byte(`{"identity":"nobody@example.com","password":"wrong-password"}`)})
	if err != nil {
		t.Fatalf("POST: %v", err)
	}
	body, _ = io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(string(body), "Failed to authenticate") {
		t.Errorf("wrong password: %d %s", resp.StatusCode, body)
	}
}

func TestFetchTransportCancel(t *testing.T) {
	base := testEnv(t, "BOSGO_TEST_URL")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := (&FetchTransport{}).RoundTrip(ctx, &core.Request{Method: "GET", URL: base + "/api/health", Header: core.Header{}})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled ctx: %v, want context.Canceled", err)
	}

	// Cancelled while the request runs: the realtime stream never ends, so
	// only the AbortController can stop it.
	ctx, cancel = context.WithCancel(context.Background())
	resp, err := (&FetchTransport{}).RoundTrip(ctx, &core.Request{Method: "GET", URL: base + "/api/realtime", Header: core.Header{}})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { _, err := io.ReadAll(resp.Body); done <- err }()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("read after cancel: %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("cancelling the context did not stop the streamed body")
	}
	_ = resp.Body.Close()
}

func TestFetchTransportNetworkError(t *testing.T) {
	testEnv(t, "BOSGO_TEST_URL")
	// Port 1 is blocked by Chromium (ERR_UNSAFE_PORT): a network error.
	_, err := (&FetchTransport{}).RoundTrip(testCtx(t, 10*time.Second), &core.Request{Method: "GET", URL: "http://127.0.0.1:1/", Header: core.Header{}})
	var je *JSError
	if !errors.As(err, &je) || je.Name != "TypeError" {
		t.Errorf("unreachable URL: %v, want a wrapped TypeError", err)
	}
}
