package core_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
)

// These tests cover the session rules of docs/sessions.md where a change
// made by someone else (another goroutine, another tab) lands while a call
// is in flight. The real server cannot time that, so the transport is a
// fake that answers from a function.

// answer returns a transport that answers each request with fn's status
// and JSON body.
func answer(fn func(req *core.Request) (int, string)) core.Transport {
	return core.TransportFunc(func(_ context.Context, req *core.Request) (*core.Response, error) {
		status, body := fn(req)
		h := core.Header{}
		h.Set("Content-Type", "application/json")
		return &core.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(body))}, nil
	})
}

// hookStore is a MemoryStore that runs an armed hook once, right after a
// Token read (or, with onRecord, a Record read): the moment another tab
// changes the shared session between a caller's read and its write.
type hookStore struct {
	*core.MemoryStore
	onRecord bool
	hook     atomic.Pointer[func()]
}

func (s *hookStore) arm(fn func()) { s.hook.Store(&fn) }

func (s *hookStore) fire() {
	if fn := s.hook.Swap(nil); fn != nil {
		(*fn)()
	}
}

func (s *hookStore) Token() string {
	tok := s.MemoryStore.Token()
	if !s.onRecord {
		s.fire()
	}
	return tok
}

func (s *hookStore) Record() core.Record {
	rec := s.MemoryStore.Record()
	if s.onRecord {
		s.fire()
	}
	return rec
}

func usersRecord(id string) core.Record {
	return core.Record{"id": id, "collectionId": "c1", "collectionName": "users"}
}

func sessionBody(tok, id string) string {
	return `{"token":"` + tok + `","record":{"id":"` + id + `","collectionId":"c1","collectionName":"users"}}`
}

// TestAuthRefreshKeepsSignOut: a sign-out while an explicit AuthRefresh is
// in flight (tab 2 signs out while tab 1's page-load refresh runs) is not
// undone by the refresh's answer, and the caller learns why.
func TestAuthRefreshKeepsSignOut(t *testing.T) {
	t.Parallel()
	old := fakeAuthToken(t, "u1", "c1", true, time.Now().Add(time.Hour))
	fresh := fakeAuthToken(t, "u1", "c1", true, time.Now().Add(2*time.Hour))
	store := core.NewMemoryStore()
	pb := core.New("http://example.test", core.WithAuthStore(store), core.WithTransport(answer(func(*core.Request) (int, string) {
		_ = store.Clear() // the user signs out meanwhile
		return 200, sessionBody(fresh, "u1")
	})))
	_ = store.Save(old, usersRecord("u1"))
	_, err := pb.Collection("users").AuthRefresh(t.Context())
	if store.Token() != "" {
		t.Fatal("the auth-refresh answer resurrected a signed-out session")
	}
	if !errors.Is(err, core.ErrSessionChanged) {
		t.Errorf("AuthRefresh = %v, want an error wrapping ErrSessionChanged", err)
	}
}

// TestAuthRefreshKeepsNewerSignIn: a sign-in as another user while an
// explicit AuthRefresh is in flight is not overwritten.
func TestAuthRefreshKeepsNewerSignIn(t *testing.T) {
	t.Parallel()
	old := fakeAuthToken(t, "u1", "c1", true, time.Now().Add(time.Hour))
	fresh := fakeAuthToken(t, "u1", "c1", true, time.Now().Add(2*time.Hour))
	tokB := fakeAuthToken(t, "u2", "c1", true, time.Now().Add(time.Hour))
	store := core.NewMemoryStore()
	pb := core.New("http://example.test", core.WithAuthStore(store), core.WithTransport(answer(func(*core.Request) (int, string) {
		_ = store.Save(tokB, usersRecord("u2"))
		return 200, sessionBody(fresh, "u1")
	})))
	_ = store.Save(old, usersRecord("u1"))
	if _, err := pb.Collection("users").AuthRefresh(t.Context()); !errors.Is(err, core.ErrSessionChanged) {
		t.Errorf("AuthRefresh = %v, want an error wrapping ErrSessionChanged", err)
	}
	if store.Token() != tokB || store.Record().ID() != "u2" {
		t.Errorf("store holds %q, want the newer sign-in as u2", store.Record().ID())
	}
}

// TestAuthRefreshSaves: the ordinary case still saves, and an explicit
// Authorization header still saves as a sign-in does.
func TestAuthRefreshSaves(t *testing.T) {
	t.Parallel()
	old := fakeAuthToken(t, "u1", "c1", true, time.Now().Add(time.Hour))
	fresh := fakeAuthToken(t, "u1", "c1", true, time.Now().Add(2*time.Hour))
	store := core.NewMemoryStore()
	pb := core.New("http://example.test", core.WithAuthStore(store), core.WithTransport(answer(func(*core.Request) (int, string) {
		return 200, sessionBody(fresh, "u1")
	})))
	_ = store.Save(old, usersRecord("u1"))
	if _, err := pb.Collection("users").AuthRefresh(t.Context()); err != nil || store.Token() != fresh {
		t.Fatalf("AuthRefresh = %v; store has the fresh token: %v", err, store.Token() == fresh)
	}
	_ = store.Clear()
	if _, err := pb.Collection("users").AuthRefresh(t.Context(), core.WithHeader("Authorization", old)); err != nil || store.Token() != fresh {
		t.Errorf("AuthRefresh with an explicit token = %v; saved: %v", err, store.Token() == fresh)
	}
}

// TestAutoRefreshKeepsNewerSignIn: a sign-in landing between the
// auto-refresh's check of the store and its save is not overwritten.
func TestAutoRefreshKeepsNewerSignIn(t *testing.T) {
	t.Parallel()
	old := fakeAuthToken(t, "u1", "c1", true, time.Now().Add(time.Minute))
	fresh := fakeAuthToken(t, "u1", "c1", true, time.Now().Add(time.Hour))
	tokB := fakeAuthToken(t, "u2", "c1", true, time.Now().Add(time.Hour))
	store := &hookStore{MemoryStore: core.NewMemoryStore()}
	pb := core.New("http://example.test", core.WithAuthStore(store), core.WithTransport(answer(func(req *core.Request) (int, string) {
		if strings.HasSuffix(req.URL, "/auth-refresh") {
			// Another tab signs in as u2 right after the next read.
			store.arm(func() { _ = store.MemoryStore.Save(tokB, usersRecord("u2")) })
			return 200, sessionBody(fresh, "u1")
		}
		return 200, `{}`
	})))
	_ = store.MemoryStore.Save(old, usersRecord("u1"))
	_ = pb.Send(t.Context(), "GET", "/api/health", nil, nil)
	store.fire() // the sign-in lands now if no read let it in earlier
	if store.MemoryStore.Token() != tokB {
		t.Errorf("store holds %q, want u2's newer sign-in (the refresh answer overwrote it)", store.MemoryStore.Record().ID())
	}
}

// TestUnauthorizedKeepsNewerSignIn: the 401 rule clears only the token
// that was refused, even when a sign-in lands between its check and its
// clear.
func TestUnauthorizedKeepsNewerSignIn(t *testing.T) {
	t.Parallel()
	old := fakeAuthToken(t, "u1", "c1", true, time.Now().Add(time.Hour))
	tokB := fakeAuthToken(t, "u2", "c1", true, time.Now().Add(time.Hour))
	store := &hookStore{MemoryStore: core.NewMemoryStore()}
	pb := core.New("http://example.test", core.WithAuthStore(store), core.WithTransport(answer(func(*core.Request) (int, string) {
		store.arm(func() { _ = store.MemoryStore.Save(tokB, usersRecord("u2")) })
		return 401, `{"status":401,"message":"The request requires valid record authorization token.","data":{}}`
	})))
	_ = store.MemoryStore.Save(old, usersRecord("u1"))
	_ = pb.Send(t.Context(), "GET", "/api/collections/posts/records", nil, nil)
	store.fire() // the sign-in lands now if no read let it in earlier
	if store.MemoryStore.Token() != tokB {
		t.Error("the 401 to u1's request cleared u2's newer session")
	}
}

// TestConfirmVerificationKeepsSignOut: the verified-flag merge does not
// resurrect a session signed out between its read and its save.
func TestConfirmVerificationKeepsSignOut(t *testing.T) {
	t.Parallel()
	tok := fakeAuthToken(t, "u1", "c1", true, time.Now().Add(time.Hour))
	verify := tokenWithClaims(t, map[string]any{"id": "u1", "collectionId": "c1", "type": "verification", "exp": time.Now().Add(time.Hour).Unix()})
	store := &hookStore{MemoryStore: core.NewMemoryStore(), onRecord: true}
	pb := core.New("http://example.test", core.WithAuthStore(store), core.WithTransport(answer(func(*core.Request) (int, string) {
		store.arm(func() { _ = store.MemoryStore.Clear() })
		return 204, ``
	})))
	_ = store.MemoryStore.Save(tok, usersRecord("u1"))
	if err := pb.Collection("users").ConfirmVerification(t.Context(), verify); err != nil {
		t.Fatal(err)
	}
	store.fire()
	if store.MemoryStore.Token() != "" {
		t.Error("ConfirmVerification resurrected a session signed out while it ran")
	}
}

// TestUpdateMergeKeepsSignOut: Update's merge of the signed-in record does
// not resurrect a session signed out between its read and its save.
func TestUpdateMergeKeepsSignOut(t *testing.T) {
	t.Parallel()
	tok := fakeAuthToken(t, "u1", "c1", true, time.Now().Add(time.Hour))
	store := &hookStore{MemoryStore: core.NewMemoryStore(), onRecord: true}
	pb := core.New("http://example.test", core.WithAuthStore(store), core.WithTransport(answer(func(*core.Request) (int, string) {
		store.arm(func() { _ = store.MemoryStore.Clear() })
		return 200, `{"id":"u1","collectionId":"c1","collectionName":"users","name":"New"}`
	})))
	_ = store.MemoryStore.Save(tok, usersRecord("u1"))
	if _, err := pb.Collection("users").Update(t.Context(), "u1", map[string]any{"name": "New"}); err != nil {
		t.Fatal(err)
	}
	store.fire()
	if store.MemoryStore.Token() != "" {
		t.Error("Update's store merge resurrected a session signed out while it ran")
	}
}

// TestExpiredSessionIsNotSent: the expiry rule. A non-refreshable token
// past its exp (beyond the leeway) is not sent: the call fails with
// ErrTokenExpired, the store is cleared and listeners hear AuthExpired.
func TestExpiredSessionIsNotSent(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	clock := func() time.Time { return now }
	exp := now.Add(-core.ExpiryLeeway - time.Second)
	cases := []struct {
		name     string
		token    string
		opts     []core.RequestOption
		wantSent bool
	}{
		{"expired impersonation token", fakeAuthToken(t, "u1", "c1", false, exp), nil, false},
		{"WithoutAuth opts out", fakeAuthToken(t, "u1", "c1", false, exp), []core.RequestOption{core.WithoutAuth()}, true},
		{"expired within the leeway", fakeAuthToken(t, "u1", "c1", false, now.Add(-core.ExpiryLeeway/2)), nil, true},
		{"refreshable tokens are left to refresh and the 401 rule", fakeAuthToken(t, "u1", "c1", true, exp), nil, true},
		{"no exp claim", tokenWithClaims(t, map[string]any{"id": "u1", "collectionId": "c1", "type": "auth"}), nil, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var sent atomic.Int32
			store := &core.MemoryStore{Now: clock}
			pb := core.New("http://example.test", core.WithAuthStore(store), core.WithClock(clock), core.WithAutoRefresh(0),
				core.WithTransport(answer(func(*core.Request) (int, string) { sent.Add(1); return 200, `{}` })))
			_ = store.Save(tc.token, usersRecord("u1"))
			var kinds []core.AuthEventKind // listeners run before the store call returns
			defer store.OnChange(func(ev core.AuthEvent) { kinds = append(kinds, ev.Kind) })()
			err := pb.Send(t.Context(), "GET", "/api/collections/posts/records", nil, nil, tc.opts...)
			if tc.wantSent {
				if err != nil || sent.Load() != 1 || store.Token() != tc.token {
					t.Errorf("Send = %v, sent %d, store kept the token: %v; want it sent as before", err, sent.Load(), store.Token() == tc.token)
				}
				return
			}
			if !errors.Is(err, core.ErrTokenExpired) || core.StatusOf(err) != 0 {
				t.Errorf("Send = %v, want an error wrapping ErrTokenExpired without a status", err)
			}
			if err != nil && strings.Contains(err.Error(), tc.token) {
				t.Error("the error quotes the token")
			}
			if sent.Load() != 0 {
				t.Error("the expired token was sent")
			}
			if store.Token() != "" {
				t.Error("the store still holds the expired session")
			}
			if len(kinds) != 1 || kinds[0] != core.AuthExpired {
				t.Errorf("listeners got %v, want [expired]", kinds)
			}
		})
	}
}

// TestImpersonateDropsSessionMiddleware: the impersonation client keeps
// the parent's ordinary middleware but never runs middleware bound to the
// parent's store.
func TestImpersonateDropsSessionMiddleware(t *testing.T) {
	t.Parallel()
	super := tokenWithClaims(t, map[string]any{"id": "s1", "collectionId": "pbc_3142635823", "type": "auth", "refreshable": true, "exp": time.Now().Add(time.Hour).Unix()})
	imp := fakeAuthToken(t, "u1", "c1", false, time.Now().Add(time.Hour))
	var plain, bound atomic.Int32
	count := func(n *atomic.Int32) core.Middleware {
		return func(next core.Transport) core.Transport {
			return core.TransportFunc(func(ctx context.Context, req *core.Request) (*core.Response, error) {
				n.Add(1)
				return next.RoundTrip(ctx, req)
			})
		}
	}
	pb := core.New("http://example.test",
		core.WithMiddleware(count(&plain)), core.WithSessionMiddleware(count(&bound)),
		core.WithTransport(answer(func(req *core.Request) (int, string) {
			if strings.Contains(req.URL, "/impersonate/") {
				return 200, sessionBody(imp, "u1")
			}
			return 200, `{}`
		})))
	_ = pb.AuthStore().Save(super, core.Record{"id": "s1", "collectionName": "_superusers"})
	ic, err := pb.Collection("users").Impersonate(t.Context(), "u1", 0)
	if err != nil {
		t.Fatal(err)
	}
	if plain.Load() != 1 || bound.Load() != 1 {
		t.Fatalf("parent request: middleware ran %d/%d times, want 1/1", plain.Load(), bound.Load())
	}
	if err := ic.Send(t.Context(), "GET", "/api/health", nil, nil); err != nil {
		t.Fatal(err)
	}
	if plain.Load() != 2 {
		t.Error("the impersonation client lost the parent's ordinary middleware")
	}
	if bound.Load() != 1 {
		t.Error("the impersonation client ran middleware bound to the parent's store")
	}
}
