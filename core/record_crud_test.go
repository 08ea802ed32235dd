package core_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/core/storetest"
)

// cannedTransport answers every request with status and body and counts
// the requests. These tests cover client-side logic the real server cannot
// steer (what a response holds); the server-side behaviour is in
// records_e2e_test.go.
func cannedTransport(calls *atomic.Int32, status int, body any) core.Transport {
	return core.TransportFunc(func(_ context.Context, req *core.Request) (*core.Response, error) {
		calls.Add(1)
		data, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		h := core.Header{}
		h.Set("Content-Type", "application/json")
		return &core.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(string(data)))}, nil
	})
}

func TestRecordsEmptyIDFailsWithoutRequest(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	pb := core.New("http://example.test/base", core.WithTransport(cannedTransport(&calls, 200, map[string]any{})))
	posts := pb.Collection("posts")
	ctx := t.Context()
	_, errGet := posts.GetOne(ctx, "")
	_, errUpdate := posts.Update(ctx, "", map[string]any{"title": "x"})
	errDelete := posts.Delete(ctx, "")
	for name, err := range map[string]error{"GetOne": errGet, "Update": errUpdate, "Delete": errDelete} {
		var e *core.ClientResponseError
		if !errors.As(err, &e) || e.Status != 404 || e.Message() != "Missing required record id." {
			t.Errorf("%s(\"\") = %v, want a 404 *ClientResponseError \"Missing required record id.\"", name, err)
			continue
		}
		if e.URL != "http://example.test/base/api/collections/posts/records/" || e.Response["message"] != "Missing required record id." {
			t.Errorf("%s(\"\") error URL %q, response %v", name, e.URL, e.Response)
		}
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("%d requests were sent for an empty id, want none", n)
	}
}

func TestRecordsIDIsPathEscaped(t *testing.T) {
	t.Parallel()
	var got string
	pb := core.New("http://example.test", core.WithTransport(core.TransportFunc(func(_ context.Context, req *core.Request) (*core.Response, error) {
		got = req.URL
		return &core.Response{StatusCode: 204, Header: core.Header{}, Body: io.NopCloser(strings.NewReader(""))}, nil
	})))
	if err := pb.Collection("my posts").Delete(t.Context(), "../users/x?y"); err != nil {
		t.Fatal(err)
	}
	if want := "http://example.test/api/collections/my%20posts/records/..%2Fusers%2Fx%3Fy"; got != want {
		t.Errorf("DELETE URL = %q, want %q", got, want)
	}
}

// signedInStore returns a store holding user u1 of users, with an expand.
func signedInStore(t *testing.T) (*core.MemoryStore, string) {
	t.Helper()
	s := core.NewMemoryStore()
	tok := storetest.UnsignedToken(map[string]any{"id": "u1", "collectionId": "_pb_users_auth_", "type": "auth"})
	rec := core.Record{
		"id": "u1", "collectionId": "_pb_users_auth_", "collectionName": "users", "email": "u1@example.com", "name": "Old",
		"expand": map[string]any{"team": map[string]any{"id": "t1"}, "org": map[string]any{"id": "o1"}},
	}
	if err := s.Save(tok, rec); err != nil {
		t.Fatal(err)
	}
	return s, tok
}

func TestRecordsUpdateMergesIntoStore(t *testing.T) {
	t.Parallel()
	store, tok := signedInStore(t)
	var calls atomic.Int32
	resp := map[string]any{
		"id": "u1", "collectionId": "_pb_users_auth_", "collectionName": "users", "name": "New",
		"expand": map[string]any{"org": map[string]any{"id": "o2"}},
	}
	pb := core.New("http://example.test", core.WithAuthStore(store), core.WithTransport(cannedTransport(&calls, 200, resp)))
	var kinds []core.AuthEventKind
	defer store.OnChange(func(ev core.AuthEvent) { kinds = append(kinds, ev.Kind) })()

	got, err := pb.Collection("users").Update(t.Context(), "u1", map[string]any{"name": "New"})
	if err != nil || got.String("name") != "New" {
		t.Fatalf("Update = %v, %v", got, err)
	}
	rec := store.Record()
	exp, _ := rec["expand"].(map[string]any)
	if store.Token() != tok || rec.String("name") != "New" || rec.Email() != "u1@example.com" ||
		exp["team"].(map[string]any)["id"] != "t1" || exp["org"].(map[string]any)["id"] != "o2" {
		t.Errorf("merged record = %v (token kept: %v); want new name, old email, expand {team:t1, org:o2}", rec, store.Token() == tok)
	}
	if len(kinds) != 1 || kinds[0] != core.AuthRecordUpdated {
		t.Errorf("events = %v, want [record-updated]", kinds)
	}
	// The returned record and the store do not share maps.
	got["expand"].(map[string]any)["org"].(map[string]any)["id"] = "changed"
	if store.Record()["expand"].(map[string]any)["org"].(map[string]any)["id"] != "o2" {
		t.Error("the record returned by Update shares maps with the store")
	}
}

func TestRecordsStoreSyncMatchesCollection(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		collection string
		respID     string
		synced     bool
	}{
		{"by name", "users", "u1", true},
		{"by id", "_pb_users_auth_", "u1", true},
		{"other collection, same id", "posts", "u1", false},
		{"same collection, other id", "users", "u2", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			store, tok := signedInStore(t)
			var calls atomic.Int32
			resp := map[string]any{"id": tc.respID, "name": "New"}
			pb := core.New("http://example.test", core.WithAuthStore(store), core.WithTransport(cannedTransport(&calls, 200, resp)))
			if _, err := pb.Collection(tc.collection).Update(t.Context(), tc.respID, map[string]any{}); err != nil {
				t.Fatal(err)
			}
			if synced := store.Record().String("name") == "New"; synced != tc.synced {
				t.Errorf("Update synced the store: %v, want %v", synced, tc.synced)
			}
			if err := pb.Collection(tc.collection).Delete(t.Context(), tc.respID); err != nil {
				t.Fatal(err)
			}
			if cleared := store.Token() == ""; cleared != tc.synced {
				t.Errorf("Delete cleared the store: %v, want %v", cleared, tc.synced)
			}
			if !tc.synced && store.Token() != tok {
				t.Error("the store token changed")
			}
		})
	}
}

func TestRecordsUpdateWithoutSessionLeavesStoreEmpty(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	store := core.NewMemoryStore()
	pb := core.New("http://example.test", core.WithAuthStore(store), core.WithTransport(cannedTransport(&calls, 200, map[string]any{"id": "u1"})))
	if _, err := pb.Collection("users").Update(t.Context(), "u1", nil); err != nil {
		t.Fatal(err)
	}
	if store.Token() != "" || store.Record() != nil {
		t.Errorf("Update without a session filled the store: %q %v", store.Token(), store.Record())
	}
}

// failingStore is a MemoryStore whose Save, Clear and CompareAndSave fail (a persisting
// store whose disk is full), after updating memory as the contract says.
type failingStore struct{ *core.MemoryStore }

var errDiskFull = errors.New("disk full")

func (s failingStore) Save(token string, rec core.Record) error {
	_ = s.MemoryStore.Save(token, rec)
	return errDiskFull
}

func (s failingStore) Clear() error {
	_ = s.MemoryStore.Clear()
	return errDiskFull
}

func (s failingStore) CompareAndSave(old string, next core.AuthEvent) (bool, error) {
	saved, _ := s.MemoryStore.CompareAndSave(old, next)
	return saved, errDiskFull
}

func TestRecordsStoreErrorsAreReported(t *testing.T) {
	t.Parallel()
	mem, _ := signedInStore(t)
	store := failingStore{mem}
	var calls atomic.Int32
	pb := core.New("http://example.test", core.WithAuthStore(store), core.WithTransport(cannedTransport(&calls, 200, map[string]any{"id": "u1", "name": "New"})))
	rec, err := pb.Collection("users").Update(t.Context(), "u1", nil)
	if !errors.Is(err, errDiskFull) || rec.String("name") != "New" {
		t.Errorf("Update with a failing store = %v, %v; want the record and an error wrapping the store's", rec, err)
	}
	err = pb.Collection("users").Delete(t.Context(), "u1")
	if !errors.Is(err, errDiskFull) {
		t.Errorf("Delete with a failing store = %v, want an error wrapping the store's", err)
	}
}

func TestRecordsListDecoding(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	pb := core.New("http://example.test", core.WithTransport(cannedTransport(&calls, 200, map[string]any{
		"page": 1, "perPage": 30, "totalItems": 0, "totalPages": 0, "items": nil,
	})))
	list, err := pb.Collection("posts").GetList(t.Context(), 0, 0)
	if err != nil || list.Items == nil || len(list.Items) != 0 {
		t.Errorf("GetList of a null items list = %+v, %v; want an empty non-nil Items", list, err)
	}
	// A server that answers perPage 0 and a full page must not loop forever.
	calls.Store(0)
	pb = core.New("http://example.test", core.WithTransport(cannedTransport(&calls, 200, map[string]any{
		"page": 1, "perPage": 0, "items": []any{map[string]any{"id": "a"}, map[string]any{"id": "b"}},
	})))
	all, err := pb.Collection("posts").GetFullList(t.Context(), core.WithBatch(5))
	if err != nil || len(all) != 2 || calls.Load() != 1 {
		t.Errorf("GetFullList with perPage 0 = %d items, %v, %d calls", len(all), err, calls.Load())
	}
	// An error on a later page fails the whole call.
	var n atomic.Int32
	pb = core.New("http://example.test", core.WithTransport(core.TransportFunc(func(ctx context.Context, req *core.Request) (*core.Response, error) {
		if n.Add(1) == 2 {
			return cannedTransport(&calls, 500, map[string]any{"status": 500, "message": "boom", "data": map[string]any{}}).RoundTrip(ctx, req)
		}
		return cannedTransport(&calls, 200, map[string]any{"page": 1, "perPage": 1, "items": []any{map[string]any{"id": "a"}}}).RoundTrip(ctx, req)
	})))
	if all, err := pb.Collection("posts").GetFullList(t.Context(), core.WithBatch(1)); core.StatusOf(err) != 500 || all != nil {
		t.Errorf("GetFullList with a failing second page = %v, %v; want nil and the 500", all, err)
	}
}
