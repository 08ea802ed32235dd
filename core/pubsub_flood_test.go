//go:build !js

package core_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
)

// TestPubSubFloodIsBounded: a flood on a topic whose listener is stuck
// keeps at most QueueBytes queued; the oldest messages are dropped and
// counted by Dropped, the newest are delivered in order once the listener
// moves again, and the connection (acks included) keeps working.
func TestPubSubFloodIsBounded(t *testing.T) {
	t.Parallel()
	const (
		flood     = 300
		dataBytes = 8 << 10
		limit     = 64 << 10 // room for 7 messages of the flood
	)
	payload := `"` + strings.Repeat("x", dataBytes-2) + `"`
	c := fakePubSub(t, core.PubSubOptions{QueueBytes: limit, AckTimeout: pubsubWait}, func(f *fakeConn) {
		f.ready("fake")
		f.ack(f.expect("subscribe"), "subscribed", map[string]any{"topic": "flood"})
		f.sendJSON(map[string]any{"type": "message", "id": "first", "topic": "flood", "data": 0})
		pub := f.expect("publish")
		// The flood, then the publish's ack: when Publish returns, the
		// client's reader has queued every message of the flood.
		for i := range flood {
			f.send(fmt.Sprintf(`{"type":"message","id":"m%d","topic":"flood","data":%s}`, i, payload))
		}
		f.ack(pub, "published", map[string]any{"id": "p1", "topic": "flood"})
		f.drain()
	})
	stuck, release := make(chan struct{}), make(chan struct{})
	got := make(chan string, flood+1)
	subscribe(t, c, "flood", func(m core.PubSubMessage) {
		if m.ID == "first" {
			close(stuck)
			<-release // the slow listener
		}
		if m.ID != "first" && len(m.Data) != dataBytes {
			t.Errorf("message %s has %d bytes of data", m.ID, len(m.Data))
		}
		got <- m.ID
	})
	<-stuck
	if _, err := c.PubSub.Publish(t.Context(), "flood", 1); err != nil {
		t.Fatalf("publish during the flood: %v", err)
	}
	dropped := c.PubSub.Dropped()
	close(release)

	// What is left arrives: the newest messages, in order, ending with the last.
	if id := <-got; id != "first" {
		t.Fatalf("first delivery %q", id)
	}
	kept := flood - int(dropped)
	perMessage := dataBytes + len("flood") + len("m299") + 64
	if dropped == 0 || kept < 1 || kept > limit/perMessage+1 {
		t.Fatalf("dropped %d of %d: %d kept, want at most %d (QueueBytes %d)", dropped, flood, kept, limit/perMessage+1, limit)
	}
	for i := flood - kept; i < flood; i++ {
		select {
		case id := <-got:
			if want := fmt.Sprintf("m%d", i); id != want {
				t.Fatalf("delivered %s, want %s (the newest messages, in order)", id, want)
			}
		case <-time.After(pubsubWait):
			t.Fatalf("message m%d never delivered", i)
		}
	}
	select {
	case id := <-got:
		t.Fatalf("extra delivery %s", id)
	default:
	}
	if c.PubSub.Dropped() != dropped {
		t.Fatal("Dropped changed after the flood")
	}
}
