//go:build !js

package core_test

import (
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
)

// Helpers shared by the pub/sub tests.

// pubsubWait bounds every wait for a message in these tests.
const pubsubWait = 15 * time.Second

// inbox collects the messages of a listener.
type inbox chan core.PubSubMessage

func newInbox() inbox { return make(inbox, 64) }

func (in inbox) listen(m core.PubSubMessage) { in <- m }

// next returns the next message, failing the test after pubsubWait.
func (in inbox) next(t *testing.T) core.PubSubMessage {
	t.Helper()
	select {
	case m := <-in:
		return m
	case <-time.After(pubsubWait):
		t.Fatal("no pub/sub message within", pubsubWait)
		return core.PubSubMessage{}
	}
}

// empty fails if a message is already queued.
func (in inbox) empty(t *testing.T) {
	t.Helper()
	select {
	case m := <-in:
		t.Fatalf("unexpected message %+v", m)
	default:
	}
}

func subscribe(t *testing.T, c *core.Client, topic string, fn func(core.PubSubMessage)) func() error {
	t.Helper()
	unsub, err := c.PubSub.Subscribe(t.Context(), topic, fn)
	if err != nil {
		t.Fatalf("subscribe %s: %v", topic, err)
	}
	return unsub
}
