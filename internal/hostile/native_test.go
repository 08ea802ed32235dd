package hostile_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/internal/hostile"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// TestHostileNative runs every case of the hostile-server matrix through
// core, natively. Each case gets a fresh client with a memory store; the
// whole suite must leave no goroutine behind (TestMain checks with goleak,
// and the test logs the counts before and after).
func TestHostileNative(t *testing.T) {
	before := runtime.NumGoroutine()
	cases := hostile.Cases()
	srv, err := hostile.Start(cases, "")
	if err != nil {
		t.Fatal(err)
	}
	results := make([]hostile.Outcome, len(cases))
	t.Run("cases", func(t *testing.T) {
		for i, c := range cases {
			t.Run(c.Name, func(t *testing.T) {
				t.Parallel()
				o := runNative(srv, c)
				results[i] = o
				if err := hostile.Check(c, o); err != nil {
					t.Errorf("%s (%s): %v", c.Name, c.Proves, err)
				}
			})
		}
	})
	srv.Close()
	if path := os.Getenv("BOSGO_HOSTILE_REPORT"); path != "" {
		writeReport(t, path, "native", cases, results)
	}
	after := waitGoroutines(before, 5*time.Second)
	t.Logf("%d cases; goroutines before %d, after %d", len(cases), before, after)
}

// waitGoroutines waits (polling with a deadline: connections wind down in
// the background) until at most n goroutines run, and returns the count.
func waitGoroutines(n int, d time.Duration) int {
	deadline := time.Now().Add(d)
	for {
		g := runtime.NumGoroutine()
		if g <= n || time.Now().After(deadline) {
			return g
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// runNative runs case c against srv and reports what happened; it never
// waits longer than the case's deadline plus hostile.HangGrace.
func runNative(srv *hostile.Server, c hostile.Case) hostile.Outcome {
	store := core.NewMemoryStore()
	if c.Session != "" {
		_ = store.Save(c.Session, core.Record{"id": "u1", "collectionId": "_pb_users_auth_", "collectionName": "users"})
	}
	client := core.New(srv.BaseURL(c.Name), core.WithAuthStore(store))
	done := make(chan hostile.Outcome, 1)
	start := time.Now()
	go func() {
		var o hostile.Outcome
		defer func() {
			if p := recover(); p != nil {
				o.Panic = fmt.Sprint(p)
			}
			_ = client.Realtime.Close()
			_ = client.PubSub.Close()
			o.Token = store.Token()
			o.Elapsed = time.Since(start)
			done <- o
		}()
		ctx, cancel := context.WithTimeout(context.Background(), c.Timeout())
		defer cancel()
		value, err := runOp(ctx, client, c.Op)
		if err != nil {
			o = errorOutcome(err)
			return
		}
		o.OK, o.Value = true, value
	}()
	select {
	case o := <-done:
		return o
	case <-time.After(c.Timeout() + hostile.HangGrace):
		if os.Getenv("BOSGO_HOSTILE_DUMP") != "" {
			_ = pprof.Lookup("goroutine").WriteTo(os.Stderr, 1)
		}
		return hostile.Outcome{Hung: true, Elapsed: time.Since(start)}
	}
}

// errNoEvent is the failure of a subscription that got no event in time.
var errNoEvent = errors.New("subscribed, but nothing arrived before the deadline")

// runOp performs op and returns its Value.
func runOp(ctx context.Context, pb *core.Client, op hostile.Op) (string, error) {
	switch op {
	case hostile.OpAuthPassword:
		a, err := pb.Collection("users").AuthWithPassword(ctx, hostile.Identity, hostile.Password)
		if err != nil {
			return "", err
		}
		return a.Token, nil
	case hostile.OpAuthRefresh:
		a, err := pb.Collection("users").AuthRefresh(ctx)
		if err != nil {
			return "", err
		}
		return a.Token, nil
	case hostile.OpGetOne:
		r, err := pb.Collection("posts").GetOne(ctx, "p1")
		if err != nil {
			return "", err
		}
		return r.ID(), nil
	case hostile.OpGetList:
		l, err := pb.Collection("posts").GetList(ctx, 1, 10)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("items=%d total=%d", len(l.Items), l.TotalItems), nil
	case hostile.OpRealtime:
		got := make(chan string, 1)
		unsub, err := pb.Realtime.Subscribe(ctx, "hostile", func(ev core.Event) {
			select {
			case got <- compact(ev.Data):
			default:
			}
		})
		if err != nil {
			return "", err
		}
		defer func() { _ = unsub() }()
		return wait(ctx, got)
	case hostile.OpPublish:
		ack, err := pb.PubSub.Publish(ctx, "hostile", map[string]int{"n": 1})
		if err != nil {
			return "", err
		}
		return ack.ID, nil
	case hostile.OpPubSubMessage:
		got := make(chan string, 1)
		unsub, err := pb.PubSub.Subscribe(ctx, "hostile", func(m core.PubSubMessage) {
			select {
			case got <- compact(string(m.Data)):
			default:
			}
		})
		if err != nil {
			return "", err
		}
		defer func() { _ = unsub() }()
		return wait(ctx, got)
	}
	return "", fmt.Errorf("unknown op %q", op)
}

// wait returns the first value of got, or errNoEvent at the deadline.
func wait(ctx context.Context, got <-chan string) (string, error) {
	select {
	case v := <-got:
		return v, nil
	case <-ctx.Done():
		return "", errNoEvent
	}
}

// compact re-encodes JSON text compactly (as JSON.stringify would).
func compact(s string) string {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// errorOutcome describes a failed operation.
func errorOutcome(err error) hostile.Outcome {
	o := hostile.Outcome{ErrorText: err.Error(), Message: err.Error()}
	var e *core.ClientResponseError
	if errors.As(err, &e) {
		o.Typed, o.Status, o.Abort, o.Message = true, e.Status, e.IsAbort, e.Message()
		o.MFAID, _ = core.MFAID(err)
	}
	return o
}
