//go:build !js

package core_test

import (
	"crypto/rand"
	"encoding/hex"
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/internal/testenv"
)

// uuidV7 returns a random 36-character UUIDv7, as BosBase gives records
// (PocketBase's ids are 15 characters).
func uuidV7() string {
	var b [16]byte
	ms := uint64(time.Now().UnixMilli())
	for i := range 6 {
		b[i] = byte(ms >> (40 - 8*i))
	}
	_, _ = rand.Read(b[6:])
	b[6] = 0x70 | b[6]&0x0f // version 7
	b[8] = 0x80 | b[8]&0x3f // RFC 9562 variant
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// TestRecordsWithUUIDv7IDs: nothing in the SDK assumes PocketBase's
// 15-character ids. A post with a 36-character UUIDv7 id (the devserver's
// posts accept them; BosBase issues them) goes through CRUD, a bound
// filter and a realtime subscription to that record.
func TestRecordsWithUUIDv7IDs(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	pb, u := recordsSignIn(t, srv)
	defer func() { _ = pb.Realtime.Close() }()
	posts := pb.Collection("posts")
	ctx := t.Context()

	id := uuidV7()
	rec, err := posts.Create(ctx, map[string]any{"id": id, "title": "uuid post", "user": u.ID})
	if err != nil && srv.External && core.StatusOf(err) == 400 {
		// A server that does not take client ids: its own (UUIDv7 on
		// BosBase) are what this test is about anyway.
		rec, err = posts.Create(ctx, map[string]any{"title": "uuid post", "user": u.ID})
		id = rec.ID()
	}
	if err != nil || rec.ID() != id {
		t.Fatalf("Create with id %q = %v, %v", id, rec, err)
	}

	events := make(chan core.RecordEvent, 4)
	unsubscribe, err := posts.Subscribe(ctx, id, func(ev core.RecordEvent) { events <- ev })
	if err != nil {
		t.Fatalf("Subscribe(%q): %v", id, err)
	}
	defer func() { _ = unsubscribe() }()

	if got, err := posts.GetOne(ctx, id); err != nil || got.ID() != id {
		t.Fatalf("GetOne(%q) = %v, %v", id, got, err)
	}
	if got, err := posts.GetFirstListItem(ctx, pb.Filter("id = {:id}", map[string]any{"id": id})); err != nil || got.ID() != id {
		t.Fatalf("GetFirstListItem by id = %v, %v", got, err)
	}
	if _, err := posts.Update(ctx, id, map[string]any{"title": "uuid post, edited"}); err != nil {
		t.Fatalf("Update(%q): %v", id, err)
	}
	select {
	case ev := <-events:
		if ev.Action != "update" || ev.Record.ID() != id {
			t.Errorf("realtime event %s %q, want update %q", ev.Action, ev.Record.ID(), id)
		}
	case <-time.After(15 * time.Second):
		t.Error("no realtime event for the record with a 36-character id")
	}
	if err := posts.Delete(ctx, id); err != nil {
		t.Fatalf("Delete(%q): %v", id, err)
	}
	_, err = posts.GetOne(ctx, id)
	statusErr(t, "GetOne after Delete", err, 404)
}
