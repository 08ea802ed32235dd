package reliability_test

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/internal/testenv"
)

// TestRestartRealtimeAndPubSubRecover restarts the devserver (same data
// directory, same port) under a client with a live realtime subscription and
// a live pub/sub subscription. Both must reconnect and subscribe again on
// their own: a record created after the restart reaches the realtime
// listener, and a message published after the restart reaches the pub/sub
// listener. The signed-in session survives (the server keeps its data).
func TestRestartRealtimeAndPubSubRecover(t *testing.T) {
	before := runtime.NumGoroutine()
	srv := testenv.Start(t, testenv.Options{})
	user := srv.NewUser(t, testenv.UserOptions{Verified: true})
	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	defer cancel()

	// Short reconnect delays keep the test quick; the logic is the default one.
	fast := core.WithPubSub(core.PubSubOptions{ReconnectDelays: []time.Duration{100 * time.Millisecond}})
	sub := core.New(srv.URL, fast)
	pub := core.New(srv.URL, fast)
	t.Cleanup(func() {
		_ = sub.Realtime.Close()
		_ = sub.PubSub.Close()
		_ = pub.PubSub.Close()
	})
	sub.Realtime.SetReconnectIntervals(100 * time.Millisecond)
	for _, c := range []*core.Client{sub, pub} {
		if _, err := c.Collection("users").AuthWithPassword(ctx, user.Email, user.Password); err != nil {
			t.Fatalf("sign in: %v", err)
		}
	}

	connects := make(chan string, 16)
	sub.Realtime.OnConnect(func(id string) { connects <- id })
	events := make(chan core.RecordEvent, 16)
	if _, err := sub.Collection("posts").Subscribe(ctx, "*", func(e core.RecordEvent) { events <- e }); err != nil {
		t.Fatalf("realtime subscribe: %v", err)
	}
	<-connects
	msgs := make(chan core.PubSubMessage, 64)
	topic := "restart-" + user.ID
	if _, err := sub.PubSub.Subscribe(ctx, topic, func(m core.PubSubMessage) { msgs <- m }); err != nil {
		t.Fatalf("pub/sub subscribe: %v", err)
	}

	roundTrip := func(phase string) {
		t.Helper()
		title := "restart " + phase
		if _, err := pub.Collection("posts").Create(ctx, map[string]any{"title": title, "published": true, "user": user.ID}); err != nil {
			t.Fatalf("%s: create post: %v", phase, err)
		}
		for {
			select {
			case e := <-events:
				if e.Record.String("title") != title {
					continue
				}
			case <-ctx.Done():
				t.Fatalf("%s: no realtime event for the new post", phase)
			}
			break
		}
		// The subscriber resubscribes on its own schedule after a restart:
		// publish until a message arrives (each publish is acked by the
		// server; messages sent before the resubscription are not replayed).
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			if _, err := pub.PubSub.Publish(ctx, topic, phase); err != nil {
				t.Logf("%s: publish: %v (retrying)", phase, err)
			}
			select {
			case m := <-msgs:
				if string(m.Data) == `"`+phase+`"` {
					return
				}
			case <-tick.C:
			case <-ctx.Done():
				t.Fatalf("%s: no pub/sub message", phase)
			}
		}
	}
	roundTrip("before")

	t0 := time.Now()
	srv = srv.Restart(t, testenv.Options{})
	t.Logf("devserver restarted on %s in %v", srv.URL, time.Since(t0))
	select {
	case <-connects:
		t.Logf("realtime reconnected %v after the restart began", time.Since(t0))
	case <-ctx.Done():
		t.Fatal("realtime did not reconnect after the restart")
	}
	roundTrip("after")
	t.Logf("realtime and pub/sub recovered %v after the restart began", time.Since(t0))

	if sub.AuthStore().Token() == "" {
		t.Error("the session was lost across the restart")
	}
	_ = sub.Realtime.Close()
	_ = sub.PubSub.Close()
	_ = pub.PubSub.Close()
	t.Logf("goroutines: before %d, after close %d (TestMain checks for leaks with goleak)", before, runtime.NumGoroutine())
}
