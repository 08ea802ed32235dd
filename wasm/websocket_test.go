//go:build js && wasm

package main

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestWebSocketDialerPubSub(t *testing.T) {
	base := testEnv(t, "BOSGO_TEST_URL")
	ctx := testCtx(t, 20*time.Second)
	s, err := WebSocketDialer{}.Dial(ctx, base+"/api/pubsub", "")
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	defer s.Close()
	ready, err := s.Read(ctx)
	if err != nil || !strings.Contains(string(ready), `"ready"`) {
		t.Fatalf("first frame %q %v, want ready", ready, err)
	}
	if err := s.Write(ctx, []byte(`{"type":"ping","requestId":"r1"}`)); err != nil {
		t.Fatal(err)
	}
	pong, err := s.Read(ctx)
	if err != nil || !strings.Contains(string(pong), `"pong"`) || !strings.Contains(string(pong), "r1") {
		t.Fatalf("answer %q %v, want pong r1", pong, err)
	}
	_ = s.Close()
	if _, err := s.Read(ctx); !errors.Is(err, ErrSocketClosed) {
		t.Errorf("Read after Close: %v, want ErrSocketClosed", err)
	}
	if err := s.Write(ctx, []byte("x")); !errors.Is(err, ErrSocketClosed) {
		t.Errorf("Write after Close: %v, want ErrSocketClosed", err)
	}
}

func TestWebSocketDialerRefused(t *testing.T) {
	testEnv(t, "BOSGO_TEST_URL")
	_, err := WebSocketDialer{}.Dial(testCtx(t, 10*time.Second), "ws://127.0.0.1:9/api/pubsub", "secret-token")
	if err == nil {
		t.Fatal("Dial to a closed port succeeded")
	}
	if strings.Contains(err.Error(), "secret-token") {
		t.Errorf("the error leaks the token: %v", err)
	}
}
