//go:build js && wasm

package main

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
)

func TestSSEStreamerConnects(t *testing.T) {
	base := testEnv(t, "BOSGO_TEST_URL")
	st, err := (&SSEStreamer{}).Open(testCtx(t, 20*time.Second), base+"/api/realtime", core.Header{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	ev, err := st.Next()
	if err != nil {
		t.Fatalf("Next: %v", err)
	}
	if ev.Name != "PB_CONNECT" || ev.ID == "" || !strings.Contains(ev.Data, ev.ID) {
		t.Errorf("first event %+v, want PB_CONNECT with the client id", ev)
	}
	done := make(chan error, 1)
	go func() { _, err := st.Next(); done <- err }()
	_ = st.Close()
	select {
	case err := <-done:
		if err == nil {
			t.Error("Next after Close returned no error")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not unblock Next")
	}
	_ = st.Close() // twice is fine
}

func TestSSEStreamerStatusError(t *testing.T) {
	base := testEnv(t, "BOSGO_TEST_URL")
	_, err := (&SSEStreamer{}).Open(testCtx(t, 20*time.Second), base+"/api/no-such-stream", core.Header{})
	var cre *core.ClientResponseError
	if !errors.As(err, &cre) || cre.Status != 404 {
		t.Errorf("Open of a 404 URL: %v, want a ClientResponseError with status 404", err)
	}
}
