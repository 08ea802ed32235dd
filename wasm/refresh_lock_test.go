//go:build js && wasm

package main

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
	"github.com/hack-pad/safejs"
)

// TestRefreshWaitsForOtherTabsLock: an authRefresh while another tab holds
// the refresh lock fails after lockWait with code lock_timeout (it never
// hangs), and succeeds once the lock is free again.
func TestRefreshWaitsForOtherTabsLock(t *testing.T) {
	base := testEnv(t, "BOSGO_TEST_URL")
	email, password := testEnv(t, "BOSGO_TEST_EMAIL"), testEnv(t, "BOSGO_TEST_PASSWORD")
	b := bridgeValue(t)
	key := uniqueKey("bosgo_test_lock")
	t.Cleanup(func() { _, _ = global("localStorage").Call("removeItem", key) })
	opts, _ := newObject(map[string]any{"authStore": "local", "storageKey": key, "lockWait": 300})
	h, err := b.Call("newClient", base, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Call("dispose", h)
	callOK(t, b, h, "authWithPassword", map[string]any{"collection": "users", "identity": email, "password": password})

	// "Another tab" holds the lock.
	release, ok, err := webLock(testCtx(t, 10*time.Second), "bosgo-refresh:"+key, time.Second)
	if err != nil || !ok {
		t.Fatalf("holding the lock: ok=%v err=%v", ok, err)
	}
	start := time.Now()
	d := callErr(t, b, h, "authRefresh", map[string]any{"collection": "users"})
	if d["code"] != "lock_timeout" {
		t.Errorf("refresh under a held lock: %v, want code lock_timeout", d)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the refresh took %v to give up, want about lockWait (300ms)", took)
	}
	if tok := stringOf(syncOK(t, b, h, "token")); tok == "" {
		t.Error("a lock timeout signed the user out")
	}

	release()
	res := callOK(t, b, h, "authRefresh", map[string]any{"collection": "users"})
	if stringOf(get(res, "token")) == "" {
		t.Error("refresh after the lock was released returned no token")
	}
}

// TestRefreshUsesTheOtherTabsToken: when another tab refreshed while this
// one waited for the lock, the refresh is sent with the current token from
// the shared storage, not the stale one it started with.
func TestRefreshUsesTheOtherTabsToken(t *testing.T) {
	base := testEnv(t, "BOSGO_TEST_URL")
	email, password := testEnv(t, "BOSGO_TEST_EMAIL"), testEnv(t, "BOSGO_TEST_PASSWORD")
	key := uniqueKey("bosgo_test_tabs")
	t.Cleanup(func() { _, _ = global("localStorage").Call("removeItem", key) })
	b := bridgeValue(t)
	newTab := func() safejs.Value {
		opts, _ := newObject(map[string]any{"authStore": "local", "storageKey": key})
		h, err := b.Call("newClient", base, opts)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _, _ = b.Call("dispose", h) })
		return h
	}
	tab1, tab2 := newTab(), newTab()
	callOK(t, b, tab1, "authWithPassword", map[string]any{"collection": "users", "identity": email, "password": password})
	if stringOf(syncOK(t, b, tab2, "token")) != stringOf(syncOK(t, b, tab1, "token")) {
		t.Fatal("the two clients do not share the session")
	}
	// Both refresh at once; the lock orders them and both succeed with
	// one session left in the store.
	a1, _ := newObject(map[string]any{"collection": "users"})
	p1, _ := b.Call("call", tab1, "authRefresh", a1)
	p2, _ := b.Call("call", tab2, "authRefresh", a1)
	ctx := testCtx(t, 20*time.Second)
	if _, err := await(ctx, p1); err != nil {
		t.Fatalf("tab 1 refresh: %v", err)
	}
	if _, err := await(ctx, p2); err != nil {
		t.Fatalf("tab 2 refresh: %v", err)
	}
	if !boolOf(syncOK(t, b, tab1, "isValid")) || stringOf(syncOK(t, b, tab1, "token")) != stringOf(syncOK(t, b, tab2, "token")) {
		t.Error("after concurrent refreshes the tabs disagree or are signed out")
	}
}

// TestCallbacksAreReleased: after calls settle, no per-call callback is
// left in the registry (the bridge creates no js.Func per call at all).
func TestCallbacksAreReleased(t *testing.T) {
	base := testEnv(t, "BOSGO_TEST_URL")
	b := bridgeValue(t)
	h := newMemoryClient(t, b, base)
	callOK(t, b, h, "listAuthMethods", map[string]any{"collection": "users"}) // warm up lazily created state
	before := liveCallbacks()
	for range 5 {
		callOK(t, b, h, "listAuthMethods", map[string]any{"collection": "users"})
		callErr(t, b, h, "getOne", map[string]any{"collection": "posts", "id": "missing"})
	}
	ctrl, _ := global("AbortController").New()
	a, _ := newObject(map[string]any{"collection": "users"})
	p, _ := b.Call("call", h, "listAuthMethods", a, get(ctrl, "signal"))
	_, _ = ctrl.Call("abort")
	_, _ = await(testCtx(t, 10*time.Second), p)
	// A call's cleanup runs before its promise settles, and await removes
	// its own callbacks before returning: nothing to wait for.
	if n := liveCallbacks(); n > before {
		t.Errorf("%d callbacks left registered after the calls settled (before: %d)", n, before)
	}
}

// TestTwoTabsRefreshOnce: two tabs sharing one localStorage session that
// refresh at the same moment send one auth-refresh between them; the tab
// that waited for the lock takes the other tab's answer from the shared
// store (the refresh storm of docs/BENCHMARKS.md).
func TestTwoTabsRefreshOnce(t *testing.T) {
	base := testEnv(t, "BOSGO_TEST_URL")
	email, password := testEnv(t, "BOSGO_TEST_EMAIL"), testEnv(t, "BOSGO_TEST_PASSWORD")
	key := uniqueKey("bosgo_test_storm")
	t.Cleanup(func() {
		_, _ = global("localStorage").Call("removeItem", key)
		_, _ = global("localStorage").Call("removeItem", "bosgo-refresh:"+key+":generation")
	})
	var refreshes atomic.Int32
	count := func(next core.Transport) core.Transport {
		return core.TransportFunc(func(ctx context.Context, req *core.Request) (*core.Response, error) {
			if isPath(req, "POST", "/auth-refresh") {
				refreshes.Add(1)
			}
			return next.RoundTrip(ctx, req)
		})
	}
	newTab := func() *core.Client {
		store := NewWebStorageStore(LocalStorage, key, nil)
		t.Cleanup(func() { _ = store.Close() })
		lock := &RefreshLock{Key: key, Store: store}
		// The lock sits outside the counter, as the bridge puts it outside
		// the transport: only refreshes that reach the network count.
		return core.New(base, core.WithAuthStore(store), core.WithTransport(&FetchTransport{}),
			core.WithMiddleware(lock.Middleware(), count))
	}
	tab1, tab2 := newTab(), newTab()
	ctx := testCtx(t, 20*time.Second)
	if _, err := tab1.Collection("users").AuthWithPassword(ctx, email, password); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 2)
	for _, c := range []*core.Client{tab1, tab2} {
		go func() {
			_, err := c.Collection("users").AuthRefresh(ctx)
			errs <- err
		}()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatalf("refresh: %v", err)
		}
	}
	if n := refreshes.Load(); n != 1 {
		t.Errorf("two tabs refreshing at once sent %d auth-refresh requests, want 1", n)
	}
	if tab1.AuthStore().Token() == "" || tab1.AuthStore().Token() != tab2.AuthStore().Token() {
		t.Error("after the refreshes the tabs disagree or are signed out")
	}
}

// TestImpersonationNeverTakesTheSharedSession: an impersonation client made
// from a localStorage client whose auth-refresh waits for the cross-tab
// lock while another tab refreshes (the generation moves) keeps its own
// session: it neither inherits the lock bound to the parent's store nor
// receives the parent's (superuser's) session from it.
func TestImpersonationNeverTakesTheSharedSession(t *testing.T) {
	base := testEnv(t, "BOSGO_TEST_URL")
	suEmail, suPassword := testEnv(t, "BOSGO_TEST_SUPERUSER_EMAIL"), testEnv(t, "BOSGO_TEST_SUPERUSER_PASSWORD")
	email, password := testEnv(t, "BOSGO_TEST_EMAIL"), testEnv(t, "BOSGO_TEST_PASSWORD")
	b := bridgeValue(t)
	key := uniqueKey("bosgo_test_imp")
	name := "bosgo-refresh:" + key
	t.Cleanup(func() {
		_, _ = global("localStorage").Call("removeItem", key)
		_, _ = global("localStorage").Call("removeItem", name+":generation")
	})
	user := newMemoryClient(t, b, base)
	uid := stringOf(get(get(callOK(t, b, user, "authWithPassword", map[string]any{"collection": "users", "identity": email, "password": password}), "record"), "id"))

	opts, _ := newObject(map[string]any{"authStore": "local", "storageKey": key, "lockWait": 5000})
	su, err := b.Call("newClient", base, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Call("dispose", su)
	callOK(t, b, su, "authWithPassword", map[string]any{"collection": "_superusers", "identity": suEmail, "password": suPassword})
	superToken := stringOf(syncOK(t, b, su, "token"))
	h := get(callOK(t, b, su, "impersonate", map[string]any{"collection": "users", "id": uid, "duration": 600}), "handle")
	defer b.Call("dispose", h)
	impToken := stringOf(syncOK(t, b, h, "token"))

	// "Another tab" holds the refresh lock while the impersonation client
	// refreshes, then refreshes the shared session (the generation moves).
	release, ok, err := webLock(testCtx(t, 10*time.Second), name, time.Second)
	if err != nil || !ok {
		t.Fatalf("holding the lock: ok=%v err=%v", ok, err)
	}
	a, _ := newObject(map[string]any{"collection": "users"})
	p, err := b.Call("call", h, "authRefresh", a)
	if err != nil {
		release()
		t.Fatal(err)
	}
	var (
		res      safejs.Value
		resErr   error
		finished = make(chan struct{})
	)
	go func() {
		defer close(finished)
		res, resErr = await(testCtx(t, 20*time.Second), p)
	}()
	// The refresh either finishes on its own (no lock in its way) or
	// queues for the lock; then the other tab's refresh lands.
	for !lockPending(t, name) {
		select {
		case <-finished:
		default:
			continue
		}
		break
	}
	writeGeneration(name, readGeneration(name)+1)
	release()
	<-finished
	if resErr != nil {
		t.Fatalf("impersonation authRefresh: %v", resErr)
	}
	if got := stringOf(syncOK(t, b, h, "token")); got == superToken || stringOf(get(res, "token")) == superToken {
		t.Fatal("the impersonation client received the superuser's session from the parent's refresh lock")
	} else if got != impToken {
		t.Errorf("the impersonation client's token changed to an unknown one")
	}
	if rec := syncOK(t, b, h, "record"); stringOf(get(rec, "id")) != uid {
		t.Errorf("impersonation record %s, want %s", mustStringify(rec), uid)
	}
	if got := stringOf(syncOK(t, b, su, "token")); got != superToken {
		t.Error("the superuser's shared session changed")
	}
}

// lockPending reports whether a request for the Web Lock name is queued.
func lockPending(t *testing.T, name string) bool {
	t.Helper()
	p, err := get(global("navigator"), "locks").Call("query")
	if err != nil {
		t.Fatal(err)
	}
	st, err := await(testCtx(t, 5*time.Second), p)
	if err != nil {
		t.Fatal(err)
	}
	pending := get(st, "pending")
	n, _ := get(pending, "length").Int()
	for i := range n {
		if v, _ := pending.Index(i); stringOf(get(v, "name")) == name {
			return true
		}
	}
	return false
}

// TestRefreshKeepsOtherTabsSignOut: tab 1's authRefresh (a page load) is
// in flight — here waiting for the refresh lock — when the user signs out
// in tab 2. The refresh's answer must not sign every tab in again: the
// call rejects with code session_changed and the storage stays empty.
func TestRefreshKeepsOtherTabsSignOut(t *testing.T) {
	base := testEnv(t, "BOSGO_TEST_URL")
	email, password := testEnv(t, "BOSGO_TEST_EMAIL"), testEnv(t, "BOSGO_TEST_PASSWORD")
	b := bridgeValue(t)
	key := uniqueKey("bosgo_test_signout")
	name := "bosgo-refresh:" + key
	t.Cleanup(func() {
		_, _ = global("localStorage").Call("removeItem", key)
		_, _ = global("localStorage").Call("removeItem", name+":generation")
	})
	newTab := func() safejs.Value {
		opts, _ := newObject(map[string]any{"authStore": "local", "storageKey": key, "lockWait": 5000})
		h, err := b.Call("newClient", base, opts)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _, _ = b.Call("dispose", h) })
		return h
	}
	tab1, tab2 := newTab(), newTab()
	callOK(t, b, tab1, "authWithPassword", map[string]any{"collection": "users", "identity": email, "password": password})

	release, ok, err := webLock(testCtx(t, 10*time.Second), name, time.Second)
	if err != nil || !ok {
		t.Fatalf("holding the lock: ok=%v err=%v", ok, err)
	}
	a, _ := newObject(map[string]any{"collection": "users"})
	p, err := b.Call("call", tab1, "authRefresh", a)
	if err != nil {
		release()
		t.Fatal(err)
	}
	for !lockPending(t, name) {
	}
	syncOK(t, b, tab2, "clear") // the user signs out in tab 2
	release()
	d := detail(t, awaitRejection(t, p))
	if tok := stringOf(syncOK(t, b, tab2, "token")); tok != "" {
		t.Fatal("tab 1's refresh answer signed the user in again after the sign-out in tab 2")
	}
	if d["code"] != "session_changed" {
		t.Errorf("authRefresh across a sign-out: %v, want code session_changed", d)
	}
}
