//go:build !js

package core_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/internal/testenv"
)

// Pub/sub against the real devserver (devserver/pubsub.go implements the
// BosBase protocol). Faults the server cannot produce are in
// pubsub_faults_test.go.

// fastPubSub keeps reconnects quick; everything else is the default.
var fastPubSub = core.WithPubSub(core.PubSubOptions{ReconnectDelays: []time.Duration{10 * time.Millisecond, 50 * time.Millisecond}})

// newPubSubClient returns a client of srv whose pub/sub is closed at the end
// of the test.
func newPubSubClient(t *testing.T, srv *testenv.Server) *core.Client {
	t.Helper()
	c := core.New(srv.URL, fastPubSub)
	t.Cleanup(func() { _ = c.PubSub.Close() })
	return c
}

// signIn signs c in as a fresh user of srv.
func signIn(t *testing.T, srv *testenv.Server, c *core.Client) {
	t.Helper()
	u := srv.NewUser(t, testenv.UserOptions{Verified: true})
	var out core.AuthResponse
	err := c.Send(t.Context(), http.MethodPost, "/api/collections/users/auth-with-password",
		map[string]any{"identity": u.Email, "password": u.Password}, &out)
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
	if err := c.AuthStore().Save(out.Token, out.Record); err != nil {
		t.Fatalf("save session: %v", err)
	}
}

// pubsubTopic returns a topic unique to the test.
func pubsubTopic(t *testing.T, name string) string {
	return strings.NewReplacer("/", ".", " ", "_").Replace(t.Name()) + "." + name
}

func TestPubSubTwoClientsSubscribePublishAck(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	pub, sub := newPubSubClient(t, srv), newPubSubClient(t, srv)
	signIn(t, srv, pub)
	topic := pubsubTopic(t, "chat")

	pubIn, subIn, otherIn := newInbox(), newInbox(), newInbox()
	subscribe(t, pub, topic, pubIn.listen)
	subscribe(t, sub, topic, subIn.listen)
	subscribe(t, sub, topic+".other", otherIn.listen)
	if !pub.PubSub.IsConnected() || sub.PubSub.ClientID() == "" {
		t.Fatal("subscribed but not connected")
	}

	ack, err := pub.PubSub.Publish(t.Context(), topic, map[string]any{"text": "hello", "n": 1})
	if err != nil {
		t.Fatalf("publish: %v", err)
	}
	if ack.ID == "" || ack.Topic != topic {
		t.Fatalf("ack = %+v", ack)
	}
	if _, ok := ack.CreatedTime(); !ok {
		t.Fatalf("ack created %q is not a server datetime", ack.Created)
	}
	// The subscriber and the publisher itself both get it.
	for name, in := range map[string]inbox{"subscriber": subIn, "publisher": pubIn} {
		m := in.next(t)
		var body struct {
			Text string `json:"text"`
			N    int    `json:"n"`
		}
		if err := m.Decode(&body); err != nil {
			t.Fatal(err)
		}
		if m.ID != ack.ID || m.Topic != topic || m.Created != ack.Created || body.Text != "hello" || body.N != 1 {
			t.Fatalf("%s got %+v (%s)", name, m, m.Data)
		}
	}

	// Raw JSON passes through; nil is null.
	if _, err := pub.PubSub.Publish(t.Context(), topic, json.RawMessage(`[1, 2, 3]`)); err != nil {
		t.Fatal(err)
	}
	if m := subIn.next(t); string(m.Data) != `[1,2,3]` {
		t.Fatalf("raw JSON delivered as %s", m.Data)
	}
	if _, err := pub.PubSub.Publish(t.Context(), topic, nil); err != nil {
		t.Fatal(err)
	}
	if m := subIn.next(t); string(m.Data) != "null" {
		t.Fatalf("nil delivered as %s", m.Data)
	}
	otherIn.empty(t)
}

func TestPubSubPublishRefusedWithoutAuth(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	guest := newPubSubClient(t, srv)
	topic := pubsubTopic(t, "t")

	// Guests may subscribe (no ACLs) but not publish.
	in := newInbox()
	subscribe(t, guest, topic, in.listen)
	_, err := guest.PubSub.Publish(t.Context(), topic, "hi")
	var pe *core.PubSubError
	if !errors.As(err, &pe) || pe.Message != "authentication required to publish" || pe.RequestID == "" {
		t.Fatalf("guest publish: %v", err)
	}
	var cre *core.ClientResponseError
	if !errors.As(err, &cre) || core.StatusOf(err) != 0 || core.IsAbort(err) {
		t.Fatalf("guest publish error is not a status-0 *ClientResponseError: %#v", err)
	}
	if !strings.Contains(err.Error(), "authentication required to publish") {
		t.Fatalf("error text %q lacks the server's message", err)
	}
	if strings.Count(err.Error(), "authentication required to publish") != 1 {
		t.Errorf("error text %q repeats the server's message", err)
	}
	if got := cre.Message(); got != "authentication required to publish" {
		t.Errorf("Message() = %q, want the server's message", got)
	}
	// The connection survives a refused request.
	if !guest.PubSub.IsConnected() {
		t.Fatal("refused publish dropped the connection")
	}
	in.empty(t)
}

func TestPubSubPayloadErrors(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	c := newPubSubClient(t, srv)
	signIn(t, srv, c)
	topic := pubsubTopic(t, "t")

	var pe *core.PubSubError
	tooBig := strings.Repeat("a", 256<<10-1) // 256 KiB + 1 once quoted
	if _, err := c.PubSub.Publish(t.Context(), topic, tooBig); !errors.As(err, &pe) || pe.Message != "payload too large" {
		t.Fatalf("oversized publish: %v", err)
	}
	if _, err := c.PubSub.Publish(t.Context(), topic, tooBig[1:]); err != nil {
		t.Fatalf("publish of exactly 256 KiB: %v", err)
	}

	// Data that is not JSON never reaches the server.
	for name, data := range map[string]any{
		"invalid raw JSON": json.RawMessage(`{"a":`),
		"channel":          make(chan int),
	} {
		_, err := c.PubSub.Publish(t.Context(), topic, data)
		if err == nil || errors.As(err, &pe) || core.StatusOf(err) != 0 {
			t.Fatalf("%s: %v", name, err)
		}
	}
	// So does an empty topic.
	if _, err := c.PubSub.Publish(t.Context(), " ", 1); err == nil || !strings.Contains(err.Error(), "topic must be set") {
		t.Fatalf("empty topic: %v", err)
	}
	if _, err := c.PubSub.Subscribe(t.Context(), "", func(core.PubSubMessage) {}); err == nil {
		t.Fatal("subscribe to an empty topic succeeded")
	}
	if _, err := c.PubSub.Subscribe(t.Context(), topic, nil); err == nil {
		t.Fatal("subscribe without a listener succeeded")
	}
}

func TestPubSubUnsubscribeAndDisconnectWhenIdle(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	pub, sub := newPubSubClient(t, srv), newPubSubClient(t, srv)
	signIn(t, srv, pub)
	a, b := pubsubTopic(t, "a"), pubsubTopic(t, "b")

	in1, in2, inB := newInbox(), newInbox(), newInbox()
	unsub1 := subscribe(t, sub, a, in1.listen)
	unsub2 := subscribe(t, sub, a, in2.listen)
	subscribe(t, sub, b, inB.listen)

	// Removing one of two listeners keeps the topic.
	if err := unsub1(); err != nil {
		t.Fatal(err)
	}
	if err := unsub1(); err != nil {
		t.Fatalf("second unsubscribe: %v", err)
	}
	if _, err := pub.PubSub.Publish(t.Context(), a, 1); err != nil {
		t.Fatal(err)
	}
	in2.next(t)
	in1.empty(t)

	// Removing the last listener unsubscribes on the server: a message on
	// a, then one on b, arrive in order, so b's proves a's is not coming.
	if err := unsub2(); err != nil {
		t.Fatal(err)
	}
	if _, err := pub.PubSub.Publish(t.Context(), a, 2); err != nil {
		t.Fatal(err)
	}
	if _, err := pub.PubSub.Publish(t.Context(), b, 3); err != nil {
		t.Fatal(err)
	}
	if m := inB.next(t); string(m.Data) != "3" {
		t.Fatalf("b got %s", m.Data)
	}
	in2.empty(t)

	// Unsubscribe("") drops everything and, with nothing left, the
	// connection.
	if err := sub.PubSub.Unsubscribe(t.Context(), ""); err != nil {
		t.Fatal(err)
	}
	if sub.PubSub.IsConnected() {
		t.Fatal("still connected with no topic left")
	}
	// A publish-only connection stays up.
	if !pub.PubSub.IsConnected() {
		t.Fatal("publisher disconnected")
	}
	// And the service is reusable.
	in3 := newInbox()
	subscribe(t, sub, b, in3.listen)
	if _, err := pub.PubSub.Publish(t.Context(), b, 4); err != nil {
		t.Fatal(err)
	}
	if m := in3.next(t); string(m.Data) != "4" {
		t.Fatalf("after resubscribing got %s", m.Data)
	}
}

// dropAll makes the devserver close every pub/sub connection.
func dropAll(t *testing.T, srv *testenv.Server) {
	t.Helper()
	srv.RequireDevserver(t, "drops every pub/sub connection through the devserver hook /api/dev/pubsub/drop")
	resp, err := http.Post(srv.URL+"/api/dev/pubsub/drop", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("drop: %s", resp.Status)
	}
}

// publishRetry publishes, retrying while the request is lost to a
// connection being replaced (the request may have gone out on it).
func publishRetry(t *testing.T, c *core.Client, topic string, data any) *core.PublishAck {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), pubsubWait)
	defer cancel()
	for {
		ack, err := c.PubSub.Publish(ctx, topic, data)
		if errors.Is(err, core.ErrPubSubDisconnected) {
			continue
		}
		if err != nil {
			t.Fatalf("publish: %v", err)
		}
		return ack
	}
}

func TestPubSubReconnectResubscribesAfterServerDrop(t *testing.T) {
	// Not parallel: the drop closes every connection of the shared server.
	srv := testenv.Shared(t)
	a, b := newPubSubClient(t, srv), newPubSubClient(t, srv)
	signIn(t, srv, a)
	signIn(t, srv, b)
	t1, t2 := pubsubTopic(t, "one"), pubsubTopic(t, "two")
	in1, in2 := newInbox(), newInbox()
	subscribe(t, a, t1, in1.listen)
	subscribe(t, a, t2, in2.listen)
	before := a.PubSub.ClientID()

	dropAll(t, srv)

	// Calls wait for the new connection, which subscribed both topics
	// again before anything else was sent on it.
	ack := publishRetry(t, a, t1, "own")
	if m := in1.next(t); m.ID != ack.ID {
		t.Fatalf("after reconnect got %+v, want %s", m, ack.ID)
	}
	if after := a.PubSub.ClientID(); after == "" || after == before {
		t.Fatalf("client id %q → %q: not a new connection", before, after)
	}
	ack = publishRetry(t, b, t2, "from b")
	if m := in2.next(t); m.ID != ack.ID {
		t.Fatalf("from b got %+v, want %s", m, ack.ID)
	}
}

func TestPubSubAuthChangeReconnectsWithNewAuth(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	c := newPubSubClient(t, srv)
	topic := pubsubTopic(t, "t")
	in := newInbox()
	subscribe(t, c, topic, in.listen)
	guestID := c.PubSub.ClientID()
	var pe *core.PubSubError
	if _, err := c.PubSub.Publish(t.Context(), topic, 1); !errors.As(err, &pe) {
		t.Fatalf("guest publish: %v", err)
	}

	// Signing in replaces the connection (auth is fixed at the handshake)
	// and subscribes again: the publisher gets its own message.
	signIn(t, srv, c)
	ack, err := c.PubSub.Publish(t.Context(), topic, 2)
	if err != nil {
		t.Fatalf("publish after sign-in: %v", err)
	}
	if m := in.next(t); m.ID != ack.ID {
		t.Fatalf("got %+v, want %s", m, ack.ID)
	}
	if id := c.PubSub.ClientID(); id == guestID {
		t.Fatal("sign-in kept the guest connection")
	}

	// Signing out makes it a guest again.
	if err := c.AuthStore().Clear(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PubSub.Publish(t.Context(), topic, 3); !errors.As(err, &pe) || pe.Message != "authentication required to publish" {
		t.Fatalf("publish after sign-out: %v", err)
	}
}

func TestPubSubListenerMayCallTheService(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	c := newPubSubClient(t, srv)
	signIn(t, srv, c)
	ping, pong := pubsubTopic(t, "ping"), pubsubTopic(t, "pong")
	pongs := newInbox()
	subscribe(t, c, pong, pongs.listen)

	// The listener publishes (waiting for the ack), panics, and removes
	// itself: none of it may block the connection.
	var (
		mu    sync.Mutex // guards unsub
		unsub func() error
	)
	errc := make(chan error, 2)
	u := subscribe(t, c, ping, func(m core.PubSubMessage) {
		_, err := c.PubSub.Publish(context.Background(), pong, m.Data)
		errc <- err
		mu.Lock()
		remove := unsub
		mu.Unlock()
		errc <- remove()
		panic("listeners may panic")
	})
	mu.Lock()
	unsub = u
	mu.Unlock()
	if _, err := c.PubSub.Publish(t.Context(), ping, "x"); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		select {
		case err := <-errc:
			if err != nil {
				t.Fatalf("call from listener: %v", err)
			}
		case <-time.After(pubsubWait):
			t.Fatal("listener blocked")
		}
	}
	if m := pongs.next(t); string(m.Data) != `"x"` {
		t.Fatalf("pong got %s", m.Data)
	}
	// The panic did not stop delivery.
	if _, err := c.PubSub.Publish(t.Context(), pong, "y"); err != nil {
		t.Fatal(err)
	}
	if m := pongs.next(t); string(m.Data) != `"y"` {
		t.Fatalf("pong got %s", m.Data)
	}
}

func TestPubSubCloseLeavesNoGoroutines(t *testing.T) {
	// Not parallel, so the goroutine snapshot is this test's alone.
	srv := testenv.Shared(t)
	c := core.New(srv.URL, fastPubSub)
	signIn(t, srv, c)
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
	ignore := goleak.IgnoreCurrent()

	topic := pubsubTopic(t, "t")
	in := newInbox()
	subscribe(t, c, topic, in.listen)
	subscribe(t, c, topic+"2", in.listen)
	if _, err := c.PubSub.Publish(t.Context(), topic, 1); err != nil {
		t.Fatal(err)
	}
	in.next(t)

	if err := c.PubSub.Close(); err != nil {
		t.Fatal(err)
	}
	if c.PubSub.IsConnected() {
		t.Fatal("connected after Close")
	}
	_ = c.PubSub.Close() // twice is fine
	goleak.VerifyNone(t, ignore)
}
