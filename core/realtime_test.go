//go:build !js

package core_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/internal/testenv"
)

// TestRealtimeRecordEventsFollowListRule: create, update and delete of a
// post reach a signed-in subscriber of posts/* (the list rule lets any
// signed-in user see posts) and a subscriber of the record's own topic
// (view rule), while a guest subscriber gets nothing.
func TestRealtimeRecordEventsFollowListRule(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	owner := rtSignedIn(t, srv.URL, srv.NewUser(t, testenv.UserOptions{Verified: true}))
	reader := rtSignedIn(t, srv.URL, srv.NewUser(t, testenv.UserOptions{Verified: true}))
	guest := rtNewClient(t, srv.URL)
	ctx := t.Context()

	readerEvents, toReader := rtSink[core.RecordEvent]()
	if _, err := reader.Collection("posts").Subscribe(ctx, "*", toReader); err != nil {
		t.Fatalf("reader subscribe: %v", err)
	}
	guestEvents, toGuest := rtSink[core.RecordEvent]()
	if _, err := guest.Collection("posts").Subscribe(ctx, "*", toGuest); err != nil {
		t.Fatalf("guest subscribe: %v", err)
	}
	guestBarrier, toGuestBarrier := rtSink[core.Event]()
	if _, err := guest.Realtime.Subscribe(ctx, "@oauth2", toGuestBarrier); err != nil {
		t.Fatalf("guest @oauth2 subscribe: %v", err)
	}

	post := rtCreatePost(t, owner, "realtime rules")
	ev := rtRecvFor(t, readerEvents, post.ID(), "the create event")
	if ev.Action != "create" || ev.Record.ID() != post.ID() || ev.Record.String("title") != "realtime rules" {
		t.Fatalf("create event = %+v", ev)
	}

	one, toOne := rtSink[core.RecordEvent]()
	if _, err := reader.Collection("posts").Subscribe(ctx, post.ID(), toOne); err != nil {
		t.Fatalf("subscribe to the record: %v", err)
	}
	if got := reader.Realtime.Subscriptions(); !slices.Equal(got, []string{"posts/*", "posts/" + post.ID()}) {
		t.Fatalf("Subscriptions() = %q", got)
	}

	rtUpdatePost(t, owner, post.ID(), "realtime rules, edited")
	for name, ch := range map[string]chan core.RecordEvent{"posts/*": readerEvents, "posts/id": one} {
		ev = rtRecvFor(t, ch, post.ID(), "the update event on "+name)
		if ev.Action != "update" || ev.Record.String("title") != "realtime rules, edited" {
			t.Fatalf("%s: update event = %+v", name, ev)
		}
	}
	rtDeletePost(t, owner, post.ID())
	for name, ch := range map[string]chan core.RecordEvent{"posts/*": readerEvents, "posts/id": one} {
		ev = rtRecvFor(t, ch, post.ID(), "the delete event on "+name)
		if ev.Action != "delete" || ev.Record.ID() != post.ID() {
			t.Fatalf("%s: delete event = %+v", name, ev)
		}
	}

	rtBarrier(t, srv.URL, guest, guestBarrier)
	select {
	case ev := <-guestEvents:
		t.Fatalf("the guest received %+v; the list rule allows signed-in users only", ev)
	default:
	}
}

// TestRealtimeOptionsReachTheServer: expand and filter travel in the
// subscription key and the server applies them to each event. The owner
// subscribes, since expanding the user relation needs the view rule of
// users (owner only).
func TestRealtimeOptionsReachTheServer(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	ownerUser := srv.NewUser(t, testenv.UserOptions{Verified: true})
	owner := rtSignedIn(t, srv.URL, ownerUser)
	ctx := t.Context()

	events, toEvents := rtSink[core.RecordEvent]()
	_, err := owner.Collection("posts").Subscribe(ctx, "*", toEvents,
		core.WithExpand("user"), core.WithFilter(`title ~ "keep" && user = "`+ownerUser.ID+`"`))
	if err != nil {
		t.Fatalf("subscribe: %v", err)
	}
	barrier, toBarrier := rtSink[core.Event]()
	if _, err := owner.Realtime.Subscribe(ctx, "@oauth2", toBarrier); err != nil {
		t.Fatalf("subscribe @oauth2: %v", err)
	}

	rtCreatePost(t, owner, "drop me")
	kept := rtCreatePost(t, owner, "keep me")
	ev := rtRecv(t, events, "the filtered create event")
	if ev.Record.ID() != kept.ID() {
		t.Fatalf("first event is for %q (%s), want the post that matches the filter", ev.Record.String("title"), ev.Record.ID())
	}
	expand, _ := ev.Record["expand"].(map[string]any)
	user, _ := expand["user"].(map[string]any)
	if user["id"] != ownerUser.ID {
		t.Fatalf("expand.user = %v, want the owner %s", expand["user"], ownerUser.ID)
	}
	rtBarrier(t, srv.URL, owner, barrier)
	select {
	case ev := <-events:
		t.Fatalf("unexpected event %+v: the filter should have dropped it", ev)
	default:
	}
}

// TestRealtimeReconnectResubscribes: when the connection drops (cut by a
// proxy, the only way to make the real server drop one stream), the
// service reports the drop, retries through refused attempts, reconnects
// with a new client id and resubmits its subscriptions, so events flow
// again.
func TestRealtimeReconnectResubscribes(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	proxy := newSSEProxy(t, srv.URL)
	owner := rtSignedIn(t, srv.URL, srv.NewUser(t, testenv.UserOptions{Verified: true}))
	c := rtSignedIn(t, proxy.URL(), srv.NewUser(t, testenv.UserOptions{Verified: true}))
	c.Realtime.SetReconnectIntervals(time.Millisecond, 5*time.Millisecond)
	connects, toConnects := rtSink[string]()
	c.Realtime.OnConnect(toConnects)
	drops, toDrops := rtSink[[]string]()
	c.Realtime.OnDisconnect(toDrops)
	ctx := t.Context()

	events, toEvents := rtSink[core.RecordEvent]()
	unsubscribe, err := c.Collection("posts").Subscribe(ctx, "*", toEvents)
	if err != nil {
		t.Fatalf("subscribe: %v", err)
	}
	first := rtRecv(t, connects, "the first connect")
	if !c.Realtime.IsConnected() || c.Realtime.ClientID() != first {
		t.Fatalf("IsConnected() = %v, ClientID() = %q, want true, %q", c.Realtime.IsConnected(), c.Realtime.ClientID(), first)
	}

	proxy.refuseNext(2)
	proxy.cut()
	if active := rtRecv(t, drops, "the disconnect"); !slices.Equal(active, []string{"posts/*"}) {
		t.Fatalf("OnDisconnect active = %q, want [posts/*]", active)
	}
	second := rtRecv(t, connects, "the reconnect")
	if second == first || second == "" {
		t.Fatalf("reconnected with client id %q, want a new one (was %q)", second, first)
	}
	if n := proxy.streamOpens(); n != 4 {
		t.Fatalf("stream requests = %d, want 4 (connect, 2 refused, reconnect)", n)
	}

	post := rtCreatePost(t, owner, "after the reconnect")
	rtRecvFor(t, events, post.ID(), "an event after the reconnect")

	if err := unsubscribe(); err != nil {
		t.Fatalf("unsubscribe: %v", err)
	}
	if active := rtRecv(t, drops, "the final disconnect"); len(active) != 0 {
		t.Fatalf("OnDisconnect after the last unsubscribe = %q, want empty", active)
	}
	if c.Realtime.IsConnected() || c.Realtime.ClientID() != "" {
		t.Fatal("still connected after the last unsubscribe")
	}
}

// TestRealtimeReconnectsOnAuthChange: the server binds a connection to the
// first auth it sees and answers 403 to another one, so signing in and
// out must reconnect; after each, subscriptions work with the new auth.
func TestRealtimeReconnectsOnAuthChange(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	owner := rtSignedIn(t, srv.URL, srv.NewUser(t, testenv.UserOptions{Verified: true}))
	c := rtNewClient(t, srv.URL)
	connects, toConnects := rtSink[string]()
	c.Realtime.OnConnect(toConnects)
	ctx := t.Context()

	events, toEvents := rtSink[core.RecordEvent]()
	if _, err := c.Collection("posts").Subscribe(ctx, "*", toEvents); err != nil {
		t.Fatalf("guest subscribe: %v", err)
	}
	guestID := rtRecv(t, connects, "the guest connect")

	rtSignIn(t, c, srv.NewUser(t, testenv.UserOptions{Verified: true}))
	userID := rtRecv(t, connects, "the reconnect after sign-in")
	if userID == guestID {
		t.Fatal("sign-in did not reconnect")
	}
	post := rtCreatePost(t, owner, "seen once signed in")
	rtRecvFor(t, events, post.ID(), "the event after sign-in")

	if err := c.AuthStore().Clear(); err != nil {
		t.Fatal(err)
	}
	if id := rtRecv(t, connects, "the reconnect after sign-out"); id == userID {
		t.Fatal("sign-out did not reconnect")
	}
	// Without the reconnect the server would refuse this submit with 403
	// (the connection's auth was the user's; now it is a guest's).
	if _, err := c.Collection("posts").Subscribe(ctx, post.ID(), func(core.RecordEvent) {}); err != nil {
		t.Fatalf("subscribe after sign-out: %v", err)
	}
}

// TestRealtimeUnsubscribeVariants: by topic (with any options), by prefix,
// by record service, and the returned function; the connection closes
// with the last one.
func TestRealtimeUnsubscribeVariants(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	c := rtSignedIn(t, srv.URL, srv.NewUser(t, testenv.UserOptions{Verified: true}))
	ctx := t.Context()
	nop := func(core.RecordEvent) {}
	posts := c.Collection("posts")

	unsub, err := posts.Subscribe(ctx, "*", nop)
	if err != nil {
		t.Fatal(err)
	}
	for _, opts := range [][]core.RequestOption{nil, {core.WithExpand("user")}, {core.WithFields("id")}} {
		if _, err := posts.Subscribe(ctx, "abc", nop, opts...); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.Realtime.Subscribe(ctx, "users/*", func(core.Event) {}); err != nil {
		t.Fatal(err)
	}
	if n := len(c.Realtime.Subscriptions()); n != 5 {
		t.Fatalf("%d subscriptions, want 5: %q", n, c.Realtime.Subscriptions())
	}
	if err := c.Realtime.Unsubscribe(ctx, "posts/abc"); err != nil { // the three keys of posts/abc
		t.Fatal(err)
	}
	if got := c.Realtime.Subscriptions(); !slices.Equal(got, []string{"posts/*", "users/*"}) {
		t.Fatalf("after Unsubscribe(posts/abc): %q", got)
	}
	if err := unsub(); err != nil {
		t.Fatal(err)
	}
	if err := unsub(); err != nil { // harmless twice
		t.Fatal(err)
	}
	if _, err := posts.Subscribe(ctx, "xyz", nop); err != nil {
		t.Fatal(err)
	}
	if err := posts.Unsubscribe(ctx); err != nil {
		t.Fatal(err)
	}
	if got := c.Realtime.Subscriptions(); !slices.Equal(got, []string{"users/*"}) || !c.Realtime.IsConnected() {
		t.Fatalf("after posts.Unsubscribe(): %q, connected %v", got, c.Realtime.IsConnected())
	}
	if err := c.Realtime.UnsubscribeByPrefix(ctx, "users/"); err != nil {
		t.Fatal(err)
	}
	if c.Realtime.IsConnected() || len(c.Realtime.Subscriptions()) != 0 {
		t.Fatal("still connected without subscriptions")
	}
}

// TestRealtimeNoGoroutineLeft: the connection goroutine and the stream are
// gone after unsubscribe-all, after Close, and after a Close called from a
// listener. Not parallel: it compares the process's goroutines.
func TestRealtimeNoGoroutineLeft(t *testing.T) {
	srv := testenv.Shared(t)
	u := srv.NewUser(t, testenv.UserOptions{Verified: true})
	ctx := t.Context()
	closeIdle()
	before := goleak.IgnoreCurrent() // snapshot now, not when the deferred check runs
	defer func() {
		closeIdle()
		goleak.VerifyNone(t, before)
	}()

	c := core.New(srv.URL)
	rtSignIn(t, c, u)
	a, err := c.Collection("posts").Subscribe(ctx, "*", func(core.RecordEvent) {})
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.Realtime.Subscribe(ctx, "users/*", func(core.Event) {})
	if err != nil {
		t.Fatal(err)
	}
	if err := a(); err != nil {
		t.Fatal(err)
	}
	if err := b(); err != nil {
		t.Fatal(err)
	}
	if c.Realtime.IsConnected() {
		t.Fatal("connected after unsubscribe-all")
	}
	closeIdle()
	goleak.VerifyNone(t, before) // after unsubscribe-all

	if _, err := c.Collection("posts").Subscribe(ctx, "*", func(core.RecordEvent) {}); err != nil {
		t.Fatal(err)
	}
	if err := c.Realtime.Close(); err != nil {
		t.Fatal(err)
	}
	closeIdle()
	goleak.VerifyNone(t, before) // after Close

	closed := make(chan struct{})
	if _, err := c.Collection("posts").Subscribe(ctx, "*", func(core.RecordEvent) {
		_ = c.Realtime.Close() // must not deadlock on itself
		close(closed)
	}); err != nil {
		t.Fatal(err)
	}
	rtCreatePost(t, c, "close from a listener")
	rtRecv(t, closed, "Close from the listener")
	if c.Realtime.IsConnected() {
		t.Fatal("connected after Close")
	}
}

// closeIdle closes the keep-alive connections of the default transport
// (used by the SDK's requests), whose goroutines are not leaks.
func closeIdle() {
	if tr, ok := http.DefaultTransport.(*http.Transport); ok {
		tr.CloseIdleConnections()
	}
}

// TestRealtimeFirstConnectFailure: when the very first connect fails,
// Subscribe returns the server's error and nothing stays behind.
func TestRealtimeFirstConnectFailure(t *testing.T) {
	t.Parallel()
	fake := newFakeRealtime(t, http.StatusServiceUnavailable, false)
	c := rtNewClient(t, fake.srv.URL)
	_, err := c.Realtime.Subscribe(t.Context(), "posts/*", func(core.Event) {})
	if core.StatusOf(err) != http.StatusServiceUnavailable {
		t.Fatalf("Subscribe error = %v, want a 503 *ClientResponseError", err)
	}
	if c.Realtime.IsConnected() || len(c.Realtime.Subscriptions()) != 0 {
		t.Fatal("state left after a failed first connect")
	}
}

// TestRealtimeSubscribeContextEnds: a server that never sends PB_CONNECT
// cannot hold Subscribe beyond its context.
func TestRealtimeSubscribeContextEnds(t *testing.T) {
	t.Parallel()
	fake := newFakeRealtime(t, 0, true)
	c := rtNewClient(t, fake.srv.URL)
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	_, err := c.Realtime.Subscribe(ctx, "posts/*", func(core.Event) {})
	if !core.IsAbort(err) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Subscribe error = %v, want an abort wrapping DeadlineExceeded", err)
	}
	if len(c.Realtime.Subscriptions()) != 0 {
		t.Fatalf("subscriptions left: %q", c.Realtime.Subscriptions())
	}
}

// TestRealtimeListenerPanicAndGarbage: a panicking listener, malformed
// record events and events for unknown keys do not stop delivery.
func TestRealtimeListenerPanicAndGarbage(t *testing.T) {
	t.Parallel()
	fake := newFakeRealtime(t, 0, false)
	c := rtNewClient(t, fake.srv.URL)
	got, toGot := rtSink[core.RecordEvent]()
	calls := 0
	if _, err := c.Collection("posts").Subscribe(t.Context(), "*", func(ev core.RecordEvent) {
		calls++
		if calls == 1 {
			panic("listener bug")
		}
		toGot(ev)
	}); err != nil {
		t.Fatal(err)
	}
	if subs := rtRecv(t, fake.submits, "the submit"); !slices.Equal(subs, []string{"posts/*"}) {
		t.Fatalf("submitted %q", subs)
	}
	fake.events <- "event:posts/*\ndata:{\"action\":\"create\",\"record\":{\"id\":\"p1\"}}\n\n"
	fake.events <- "event:posts/*\ndata:not json\n\n"
	fake.events <- "event:other\ndata:{\"action\":\"create\",\"record\":{\"id\":\"x\"}}\n\n"
	fake.events <- ": comment\r\nevent: posts/*\r\ndata: {\"action\":\"update\",\r\ndata: \"record\":{\"id\":\"p2\"}}\r\n\r\n"
	if ev := rtRecv(t, got, "the event after a panic"); ev.Action != "update" || ev.Record.ID() != "p2" {
		t.Fatalf("event = %+v, want the update of p2", ev)
	}
}
