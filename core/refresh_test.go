//go:build !js

package core_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/internal/testenv"
)

// shiftClock is a clock that runs shift ahead of real time, so tests move
// time forward without sleeping.
type shiftClock struct{ shift atomic.Int64 }

func (c *shiftClock) now() time.Time      { return time.Now().Add(time.Duration(c.shift.Load())) }
func (c *shiftClock) set(d time.Duration) { c.shift.Store(int64(d)) }

// listPosts sends a request that needs a session (posts are listed for
// signed-in users) and returns the error.
func listPosts(ctx context.Context, pb *core.Client) error {
	var out map[string]any
	return pb.Send(ctx, "GET", "/api/collections/posts/records", nil, &out, core.WithQuery("perPage", 1))
}

// TestAutoRefresh runs against a devserver whose users tokens live 10 s:
// PocketBase token mode, asked for explicitly (the default issues static
// tokens, as BosBase does).
func TestAutoRefresh(t *testing.T) {
	t.Parallel()
	srv := testenv.Start(t, testenv.Options{TokenMode: testenv.TokenModePocketBase, TokenTTL: 10 * time.Second})

	t.Run("token lifetime", func(t *testing.T) {
		t.Parallel()
		u := srv.NewUser(t, testenv.UserOptions{Verified: true})
		before := time.Now()
		auth := authSignIn(t, core.New(srv.URL), u)
		c := claimsOf(t, auth.Token)
		if !c.Refreshable || c.Expiry.Before(before.Add(8*time.Second)) || c.Expiry.After(time.Now().Add(11*time.Second)) {
			t.Errorf("claims = %+v, want a refreshable token expiring in about 10 s", c)
		}
	})

	t.Run("single flight", func(t *testing.T) {
		t.Parallel()
		const n = 100
		u := srv.NewUser(t, testenv.UserOptions{Verified: true})
		var clock shiftClock
		var log reqLog
		pb := core.New(srv.URL, core.WithClock(clock.now), core.WithAutoRefresh(5*time.Second),
			core.WithMiddleware(log.middleware()))
		old := authSignIn(t, pb, u)

		var started sync.WaitGroup
		started.Add(n)
		log.onRequest = func(path string) {
			if strings.HasSuffix(path, "/auth-refresh") {
				started.Wait() // hold the refresh until all n calls are under way
				nextSecond()
			}
		}
		// Once the new token is saved, time is real again, so the new token
		// is fresh (it lives 10 s, beyond the 5 s threshold).
		defer pb.AuthStore().OnChange(func(core.AuthEvent) { clock.set(0) })()
		clock.set(6 * time.Second) // the token now expires within 5 s

		errs := make(chan error, n)
		for range n {
			go func() {
				started.Done()
				errs <- listPosts(t.Context(), pb)
			}()
		}
		for range n {
			if err := <-errs; err != nil {
				t.Errorf("request: %v", err)
			}
		}
		if got := log.count("/auth-refresh"); got != 1 {
			t.Fatalf("%d concurrent requests sent %d auth-refresh, want exactly 1", n, got)
		}
		newTok := pb.AuthStore().Token()
		if newTok == old.Token || newTok == "" {
			t.Fatal("the refresh did not save a new token")
		}
		for _, r := range log.all() {
			switch {
			case strings.HasSuffix(r.Path, "/auth-refresh"):
				if r.Path != "/api/collections/users/auth-refresh" || r.Auth != old.Token {
					t.Errorf("refresh sent to %s with the old token %v", r.Path, r.Auth == old.Token)
				}
			case strings.HasSuffix(r.Path, "/posts/records"):
				if r.Auth != newTok {
					t.Errorf("a request went out with %s token, want the refreshed one", tokenName(r.Auth, old.Token))
				}
			}
		}
	})

	t.Run("waiters honour their context", func(t *testing.T) {
		t.Parallel()
		u := srv.NewUser(t, testenv.UserOptions{Verified: true})
		var clock shiftClock
		var log reqLog
		pb := core.New(srv.URL, core.WithClock(clock.now), core.WithAutoRefresh(5*time.Second),
			core.WithMiddleware(log.middleware()))
		old := authSignIn(t, pb, u)

		refreshing, release := make(chan struct{}), make(chan struct{})
		log.onRequest = func(path string) {
			if strings.HasSuffix(path, "/auth-refresh") {
				close(refreshing)
				<-release
				nextSecond()
			}
		}
		refreshed := make(chan struct{})
		remove := pb.AuthStore().OnChange(func(ev core.AuthEvent) {
			if ev.Kind == core.AuthRefreshed {
				clock.set(0)
				close(refreshed)
			}
		})
		defer remove()
		clock.set(6 * time.Second)

		// The first caller starts the refresh, then gives up: it returns at
		// once although the refresh is still held.
		ctx, cancel := context.WithCancel(t.Context())
		first := make(chan error, 1)
		go func() { first <- listPosts(ctx, pb) }()
		<-refreshing
		cancel()
		if err := <-first; !errors.Is(err, context.Canceled) || !core.IsAbort(err) {
			t.Fatalf("cancelled waiter: err = %v, want context.Canceled", err)
		}
		// A second caller waits for the same refresh, which carries on.
		second := make(chan error, 1)
		go func() { second <- listPosts(t.Context(), pb) }()
		close(release)
		if err := <-second; err != nil {
			t.Fatalf("second caller: %v", err)
		}
		<-refreshed
		if got := log.count("/auth-refresh"); got != 1 {
			t.Errorf("auth-refresh sent %d times, want 1", got)
		}
		if pb.AuthStore().Token() == old.Token {
			t.Error("the refresh was abandoned with its first caller")
		}
	})

	t.Run("outside the threshold no refresh", func(t *testing.T) {
		t.Parallel()
		u := srv.NewUser(t, testenv.UserOptions{Verified: true})
		var log reqLog
		pb := core.New(srv.URL, core.WithAutoRefresh(2*time.Second), core.WithMiddleware(log.middleware()))
		authSignIn(t, pb, u)
		if err := listPosts(t.Context(), pb); err != nil {
			t.Fatal(err)
		}
		off := core.New(srv.URL, core.WithAutoRefresh(0), core.WithMiddleware(log.middleware()))
		authSignIn(t, off, u)
		if err := listPosts(t.Context(), off); err != nil {
			t.Fatal(err)
		}
		if got := log.count("/auth-refresh"); got != 0 {
			t.Errorf("auth-refresh sent %d times, want 0", got)
		}
	})

	t.Run("uses the stored record's collection", func(t *testing.T) {
		t.Parallel()
		var clock shiftClock
		var log reqLog
		pb := core.New(srv.URL, core.WithClock(clock.now), core.WithMiddleware(log.middleware()))
		su := authSuperuser(t, srv, pb)
		exp := claimsOf(t, su.Token).Expiry
		clock.set(time.Until(exp) - time.Minute) // within the default 2 min
		if err := listPosts(t.Context(), pb); err != nil {
			t.Fatal(err)
		}
		if got := log.count("/api/collections/_superusers/auth-refresh"); got != 1 {
			t.Errorf("_superusers auth-refresh sent %d times, want 1 (requests: %+v)", got, log.all())
		}
	})

	t.Run("impersonation tokens are never refreshed", func(t *testing.T) {
		t.Parallel()
		u := srv.NewUser(t, testenv.UserOptions{Verified: true})
		var log reqLog
		admin := core.New(srv.URL, core.WithMiddleware(log.middleware()))
		authSuperuser(t, srv, admin)
		imp, err := admin.Collection("users").Impersonate(t.Context(), u.ID, 30*time.Second)
		if err != nil {
			t.Fatalf("Impersonate: %v", err)
		}
		// 30 s left is within the 2 min default threshold, but the token
		// is not refreshable.
		if err := listPosts(t.Context(), imp); err != nil {
			t.Fatal(err)
		}
		if got := log.count("/auth-refresh"); got != 0 {
			t.Errorf("auth-refresh sent %d times for an impersonation token", got)
		}
	})

	t.Run("AuthRefresh does not auto-refresh first", func(t *testing.T) {
		t.Parallel()
		u := srv.NewUser(t, testenv.UserOptions{Verified: true})
		var clock shiftClock
		var log reqLog
		pb := core.New(srv.URL, core.WithClock(clock.now), core.WithAutoRefresh(5*time.Second),
			core.WithMiddleware(log.middleware()))
		authSignIn(t, pb, u)
		clock.set(6 * time.Second)
		if _, err := pb.Collection("users").AuthRefresh(t.Context()); err != nil {
			t.Fatal(err)
		}
		if got := log.count("/auth-refresh"); got != 1 {
			t.Errorf("auth-refresh sent %d times, want 1", got)
		}
	})

	t.Run("expired on the server", func(t *testing.T) {
		t.Parallel()
		u := srv.NewUser(t, testenv.UserOptions{Verified: true})
		var log reqLog
		pb := core.New(srv.URL, core.WithMiddleware(log.middleware()))
		auth := authSignIn(t, pb, u)
		// Wait for the server to stop accepting the token (an external
		// process's clock: poll with a deadline), checking with an explicit
		// header so that the store is not touched.
		exp := claimsOf(t, auth.Token).Expiry
		deadline := exp.Add(15 * time.Second)
		for {
			var out map[string]any
			err := pb.Send(t.Context(), "POST", "/api/collections/users/auth-refresh", nil, &out,
				core.WithHeader("Authorization", auth.Token))
			if core.StatusOf(err) == 401 {
				break
			}
			if err != nil {
				t.Fatalf("refresh before expiry: %v", err)
			}
			if time.Now().After(deadline) {
				t.Fatalf("the server still accepts the token %s after its exp", time.Since(exp))
			}
			time.Sleep(250 * time.Millisecond)
		}
		if time.Now().Before(exp) {
			t.Errorf("the server rejected the token before its exp")
		}
		// Now auto-refresh is refused (once), the request goes out with the
		// old token, and its 401 signs the client out.
		refreshes := log.count("/auth-refresh")
		_, err := pb.Collection("users").GetOne(t.Context(), u.ID)
		if st := core.StatusOf(err); st != 404 {
			t.Errorf("GetOne with an expired token: %v", err)
		}
		if got := log.count("/auth-refresh") - refreshes; got != 1 {
			t.Errorf("auto-refresh attempts = %d, want 1", got)
		}
		_, err = pb.Collection("users").AuthRefresh(t.Context())
		authStatus(t, "AuthRefresh with an expired token", err, 401)
		if pb.AuthStore().Token() != "" {
			t.Error("the 401 did not clear the store")
		}
	})
}

// TestAutoRefreshBosBaseStaticTokens: BosBase static tokens never trigger
// auto-refresh, even when the clock says they are about to expire.
func TestAutoRefreshBosBaseStaticTokens(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t) // static tokens are the default
	srv.RequireTokenMode(t, testenv.TokenModeBosBase, "asserts BosBase's static 100-year tokens")
	u := srv.NewUser(t, testenv.UserOptions{Verified: true})
	var clock shiftClock
	var log reqLog
	pb := core.New(srv.URL, core.WithClock(clock.now), core.WithMiddleware(log.middleware()))
	auth := authSignIn(t, pb, u)

	c := claimsOf(t, auth.Token)
	if c.Refreshable || c.Expiry.Year() < 2100 || !pb.AuthStore().IsValid() {
		t.Fatalf("claims = %+v, valid %v: want a static token past 2100", c, pb.AuthStore().IsValid())
	}
	clock.set(time.Until(c.Expiry) - time.Minute)
	if err := listPosts(t.Context(), pb); err != nil {
		t.Fatal(err)
	}
	if got := log.count("/auth-refresh"); got != 0 {
		t.Errorf("auth-refresh sent %d times for a static token", got)
	}
	// An explicit refresh verifies and echoes the same token.
	clock.set(0)
	again, err := pb.Collection("users").AuthRefresh(t.Context())
	if err != nil || again.Token != auth.Token {
		t.Errorf("AuthRefresh of a static token: same token %v, err %v", err == nil && again.Token == auth.Token, err)
	}
	// Superusers get static tokens too.
	admin := core.New(srv.URL)
	if su := authSuperuser(t, srv, admin); claimsOf(t, su.Token).Refreshable {
		t.Error("superuser token is refreshable in BosBase mode")
	}
}

// refreshFake is a fake BosBase whose auth-refresh answers status; every
// other request gets 200 {}. It counts the refreshes.
func refreshFake(t *testing.T, status *atomic.Int32, newToken string) (*core.Client, *atomic.Int32) {
	t.Helper()
	var refreshes atomic.Int32
	pb := faultServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if strings.HasSuffix(r.URL.Path, "/auth-refresh") {
			refreshes.Add(1)
			st := int(status.Load())
			w.WriteHeader(st)
			if st == 200 {
				_, _ = w.Write([]byte(`{"token":"` + newToken + `","record":{"id":"r1","collectionId":"c1","collectionName":"users"}}`))
				return
			}
			_, _ = w.Write([]byte(`{"data":{},"message":"Refused.","status":` + strconv.Itoa(st) + `}`))
			return
		}
		_, _ = w.Write([]byte(`{}`))
	})
	return pb, &refreshes
}

func TestAutoRefreshFailure(t *testing.T) {
	t.Parallel()
	exp := time.Now().Add(time.Minute) // within the default 2 min
	tests := []struct {
		name         string
		status       int32
		wantAttempts int32 // over two requests
	}{
		{"server error is retried by the next request", 503, 2},
		{"refused token is not retried", 401, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var status atomic.Int32
			status.Store(tt.status)
			pb, refreshes := refreshFake(t, &status, "unused")
			old := fakeAuthToken(t, "r1", "c1", true, exp)
			_ = pb.AuthStore().Save(old, core.Record{"id": "r1", "collectionId": "c1", "collectionName": "users"})
			for i := range 2 {
				if err := pb.Send(t.Context(), "GET", "/api/health", nil, nil); err != nil {
					t.Fatalf("request %d after a failed refresh: %v", i, err)
				}
			}
			if got := refreshes.Load(); got != tt.wantAttempts {
				t.Errorf("refresh attempts = %d, want %d", got, tt.wantAttempts)
			}
			if pb.AuthStore().Token() != old {
				t.Error("a failed auto-refresh changed the store")
			}
		})
	}
}

// TestAutoRefreshListenerMayCallClient: store listeners run outside the
// client's locks, so one that sends a request on refresh does not deadlock.
func TestAutoRefreshListenerMayCallClient(t *testing.T) {
	t.Parallel()
	var status atomic.Int32
	status.Store(200)
	fresh := fakeAuthToken(t, "r1", "c1", true, time.Now().Add(time.Hour))
	pb, refreshes := refreshFake(t, &status, fresh)
	_ = pb.AuthStore().Save(fakeAuthToken(t, "r1", "c1", true, time.Now().Add(time.Minute)), core.Record{"id": "r1", "collectionName": "users"})

	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	listenerErr := make(chan error, 1)
	remove := pb.AuthStore().OnChange(func(ev core.AuthEvent) {
		if ev.Kind == core.AuthRefreshed {
			listenerErr <- pb.Send(ctx, "GET", "/api/health", nil, nil)
		}
	})
	defer remove()
	if err := pb.Send(ctx, "GET", "/api/health", nil, nil); err != nil {
		t.Fatalf("request: %v", err)
	}
	if err := <-listenerErr; err != nil {
		t.Fatalf("listener's request: %v", err)
	}
	if refreshes.Load() != 1 || pb.AuthStore().Token() != fresh {
		t.Errorf("refreshes = %d, fresh token saved %v", refreshes.Load(), pb.AuthStore().Token() == fresh)
	}
}

// TestAutoRefreshKeepsSignOut: a sign-out while the refresh is in flight
// is not undone by the refresh's answer.
func TestAutoRefreshKeepsSignOut(t *testing.T) {
	t.Parallel()
	fresh := fakeAuthToken(t, "r1", "c1", true, time.Now().Add(time.Hour))
	var pb *core.Client
	pb = faultServer(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/auth-refresh") {
			_ = pb.AuthStore().Clear() // the user signs out meanwhile
			_, _ = w.Write([]byte(`{"token":"` + fresh + `","record":{"id":"r1"}}`))
			return
		}
		_, _ = w.Write([]byte(`{}`))
	})
	_ = pb.AuthStore().Save(fakeAuthToken(t, "r1", "c1", true, time.Now().Add(time.Minute)), core.Record{"id": "r1", "collectionName": "users"})
	if err := pb.Send(t.Context(), "GET", "/api/health", nil, nil); err != nil {
		t.Fatal(err)
	}
	if pb.AuthStore().Token() != "" {
		t.Error("the refresh answer resurrected a signed-out session")
	}
}

// nextSecond waits for the next wall-clock second. The server's tokens
// carry exp in whole seconds, so a refresh in the same second as the
// sign-in returns an identical token; waiting makes the new one tell apart.
func nextSecond() { time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second))) }

func tokenName(got, old string) string {
	switch got {
	case "":
		return "no"
	case old:
		return "the old"
	}
	return "another"
}
