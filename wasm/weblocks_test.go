//go:build js && wasm

package main

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestWebLockTimesOutAndRecovers: a lock held elsewhere (a stuck tab)
// makes the next acquire fail with ErrLockTimeout after the bounded wait,
// leaves nothing queued, and once the holder lets go the lock works again.
func TestWebLockTimesOutAndRecovers(t *testing.T) {
	name := uniqueKey("bosgo-test-lock")
	ctx := testCtx(t, 20*time.Second)
	release, ok, err := webLock(ctx, name, time.Second)
	if err != nil || !ok {
		t.Fatalf("first acquire: ok=%v err=%v (Web Locks API missing?)", ok, err)
	}

	start := time.Now()
	_, _, err = webLock(ctx, name, 300*time.Millisecond)
	if !errors.Is(err, ErrLockTimeout) {
		t.Fatalf("acquire while held: %v, want ErrLockTimeout", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("the timed-out acquire took %v", d)
	}

	release()
	release() // twice is harmless
	r2, _, err := webLock(ctx, name, 2*time.Second)
	if err != nil {
		t.Fatalf("acquire after release: %v (the timed-out request was left queued?)", err)
	}
	r2()

	cctx, cancel := context.WithCancel(ctx)
	held, _, _ := webLock(ctx, name, time.Second)
	cancel()
	if _, _, err := webLock(cctx, name, 5*time.Second); !errors.Is(err, context.Canceled) {
		t.Errorf("acquire with a cancelled ctx: %v", err)
	}
	held()
}
