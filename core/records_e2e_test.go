//go:build !js

package core_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/internal/testenv"
)

// requestLog records the URLs a client requests; safe for concurrent use.
type requestLog struct {
	mu   sync.Mutex
	urls []*url.URL // of GET requests
}

func (l *requestLog) middleware() core.Middleware {
	return core.BeforeSend(func(_ context.Context, req *core.Request) error {
		if req.Method != "GET" {
			return nil
		}
		u, err := url.Parse(req.URL)
		if err != nil {
			return err
		}
		l.mu.Lock()
		defer l.mu.Unlock()
		l.urls = append(l.urls, u)
		return nil
	})
}

func (l *requestLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.urls = nil
}

// queries returns the query of every logged GET request to path.
func (l *requestLog) queries(path string) []url.Values {
	l.mu.Lock()
	defer l.mu.Unlock()
	var qs []url.Values
	for _, u := range l.urls {
		if u.Path == path {
			qs = append(qs, u.Query())
		}
	}
	return qs
}

// signedInUser creates a fresh user and returns a client signed in as it.
// It signs in with a raw Send so that these tests depend only on the
// records API.
func recordsSignIn(t *testing.T, srv *testenv.Server, opts ...core.Option) (*core.Client, testenv.User) {
	t.Helper()
	u := srv.NewUser(t, testenv.UserOptions{Verified: true, Name: "Records Tester"})
	pb := core.New(srv.URL, opts...)
	var auth core.AuthResponse
	body := map[string]any{"identity": u.Email, "password": u.Password}
	if err := pb.Send(t.Context(), "POST", "/api/collections/users/auth-with-password", body, &auth, core.WithoutAuth()); err != nil {
		t.Fatalf("sign in %s: %v", u.Email, err)
	}
	if err := pb.AuthStore().Save(auth.Token, auth.Record); err != nil {
		t.Fatal(err)
	}
	return pb, u
}

// createPosts creates one post per title, owned by userID.
func createPosts(t *testing.T, pb *core.Client, userID string, titles ...string) []core.Record {
	t.Helper()
	recs := make([]core.Record, 0, len(titles))
	for _, title := range titles {
		rec, err := pb.Collection("posts").Create(t.Context(), map[string]any{"title": title, "user": userID, "published": true})
		if err != nil {
			t.Fatalf("create post %q: %v", title, err)
		}
		recs = append(recs, rec)
	}
	return recs
}

func recordIDs(recs []core.Record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.ID()
	}
	return out
}

func recordTitles(recs []core.Record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.String("title")
	}
	return out
}

func statusErr(t *testing.T, what string, err error, status int) *core.ClientResponseError {
	t.Helper()
	var e *core.ClientResponseError
	if !errors.As(err, &e) || e.Status != status {
		t.Fatalf("%s: error %v, want a *ClientResponseError with status %d", what, err, status)
	}
	return e
}

func TestRecordsCRUD(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	pb, u := recordsSignIn(t, srv)
	posts := pb.Collection("posts")
	ctx := t.Context()
	token := pb.AuthStore().Token()

	created, err := posts.Create(ctx, map[string]any{"title": "crud post", "user": u.ID, "published": true})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if created.ID() == "" || created.String("title") != "crud post" || created.String("user") != u.ID ||
		created.CollectionName() != "posts" || !created.Bool("published") || created.Time("created").IsZero() {
		t.Fatalf("Create returned %v", created)
	}

	got, err := posts.GetOne(ctx, created.ID())
	if err != nil || got.ID() != created.ID() || got.String("title") != "crud post" {
		t.Fatalf("GetOne = %v, %v", got, err)
	}

	type patch struct {
		Title     string `json:"title"`
		Published bool   `json:"published"`
	}
	updated, err := posts.Update(ctx, created.ID(), patch{Title: "crud post, edited"})
	if err != nil || updated.String("title") != "crud post, edited" || updated.Bool("published") {
		t.Fatalf("Update with a struct body = %v, %v", updated, err)
	}
	if got, err := posts.GetOne(ctx, created.ID()); err != nil || got.String("title") != "crud post, edited" {
		t.Fatalf("GetOne after Update = %v, %v", got, err)
	}

	if err := posts.Delete(ctx, created.ID()); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	_, err = posts.GetOne(ctx, created.ID())
	statusErr(t, "GetOne after Delete", err, 404)
	err = posts.Delete(ctx, created.ID())
	statusErr(t, "Delete twice", err, 404)

	if pb.AuthStore().Token() != token || pb.AuthStore().Record().ID() != u.ID {
		t.Error("CRUD on posts changed the auth store")
	}
}

func TestRecordsAccessRules(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	alice, a := recordsSignIn(t, srv)
	bob, b := recordsSignIn(t, srv)
	ctx := t.Context()
	post := createPosts(t, alice, a.ID, "alice's post")[0]

	// posts: signed-in users may view every post, but only the owner may
	// change or delete it; the rules turn a forbidden record into a 404.
	if got, err := bob.Collection("posts").GetOne(ctx, post.ID()); err != nil || got.String("user") != a.ID {
		t.Fatalf("bob GetOne of alice's post = %v, %v (the view rule lets signed-in users see posts)", got, err)
	}
	_, err := bob.Collection("posts").Update(ctx, post.ID(), map[string]any{"title": "bob was here"})
	statusErr(t, "bob Update of alice's post", err, 404)
	err = bob.Collection("posts").Delete(ctx, post.ID())
	statusErr(t, "bob Delete of alice's post", err, 404)
	_, err = bob.Collection("posts").Create(ctx, map[string]any{"title": "as alice", "user": a.ID})
	statusErr(t, "bob Create of a post owned by alice", err, 400)
	if got, err := alice.Collection("posts").GetOne(ctx, post.ID()); err != nil || got.String("title") != "alice's post" {
		t.Fatalf("alice's post after bob's attempts = %v, %v", got, err)
	}

	// users: only the owner sees a user record.
	_, err = bob.Collection("users").GetOne(ctx, a.ID)
	statusErr(t, "bob GetOne of alice's user record", err, 404)
	list, err := bob.Collection("users").GetList(ctx, 1, 50)
	if err != nil || list.TotalItems != 1 || len(list.Items) != 1 || list.Items[0].ID() != b.ID {
		t.Fatalf("bob GetList of users = %+v, %v, want only bob", list, err)
	}

	// Guests: the list rule filters everything out (200, no items).
	guest := core.New(srv.URL)
	list, err = guest.Collection("posts").GetList(ctx, 1, 30)
	if err != nil || list.TotalItems != 0 || len(list.Items) != 0 || list.Items == nil {
		t.Fatalf("guest GetList of posts = %+v, %v, want 200 with no items", list, err)
	}
	all, err := guest.Collection("posts").GetFullList(ctx)
	if err != nil || len(all) != 0 || all == nil {
		t.Fatalf("guest GetFullList = %v, %v, want an empty non-nil slice", all, err)
	}
	_, err = guest.Collection("posts").GetOne(ctx, post.ID())
	statusErr(t, "guest GetOne", err, 404)
	_, err = guest.Collection("posts").Create(ctx, map[string]any{"title": "anonymous", "user": a.ID})
	statusErr(t, "guest Create", err, 400)
	_, err = guest.Collection("nope").GetList(ctx, 1, 1)
	statusErr(t, "GetList of an unknown collection", err, 404)
}

func TestRecordsGetListOptions(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	pb, u := recordsSignIn(t, srv)
	ctx := t.Context()
	posts := pb.Collection("posts")
	created := createPosts(t, pb, u.ID, "opt-1", "opt-2", "opt-3", "opt-4", "opt-5")
	mine := core.WithFilter(pb.Filter("user = {:u}", map[string]any{"u": u.ID}))

	list, err := posts.GetList(ctx, 1, 2, mine, core.WithSort("title"))
	if err != nil {
		t.Fatal(err)
	}
	if list.Page != 1 || list.PerPage != 2 || list.TotalItems != 5 || list.TotalPages != 3 ||
		!slices.Equal(recordTitles(list.Items), []string{"opt-1", "opt-2"}) {
		t.Errorf("GetList(1, 2) = %+v", list)
	}
	list, err = posts.GetList(ctx, 3, 2, mine, core.WithSort("title"), core.WithQuery("page", 1), core.WithQuery("perPage", 100))
	if err != nil || list.Page != 3 || list.PerPage != 2 || !slices.Equal(recordTitles(list.Items), []string{"opt-5"}) {
		t.Errorf("GetList(3, 2) with conflicting WithQuery = %+v, %v; the arguments must win", list, err)
	}
	list, err = posts.GetList(ctx, 1, 10, mine, core.WithSort("-title"))
	if err != nil || !slices.Equal(recordTitles(list.Items), []string{"opt-5", "opt-4", "opt-3", "opt-2", "opt-1"}) {
		t.Errorf("sort -title = %v, %v", recordTitles(list.Items), err)
	}
	list, err = posts.GetList(ctx, 1, 2, mine, core.WithSkipTotal())
	if err != nil || list.TotalItems != -1 || list.TotalPages != -1 || len(list.Items) != 2 {
		t.Errorf("WithSkipTotal = %+v, %v, want totals -1", list, err)
	}
	list, err = posts.GetList(ctx, 1, 1, mine, core.WithFields("id,title"))
	if err != nil || len(list.Items) != 1 {
		t.Fatalf("WithFields = %+v, %v", list, err)
	}
	if keys := slices.Sorted(maps.Keys(list.Items[0])); !slices.Equal(keys, []string{"id", "title"}) {
		t.Errorf("WithFields(id,title) item keys = %v", keys)
	}
	list, err = posts.GetList(ctx, 1, 1, mine, core.WithExpand("user"))
	if err != nil || len(list.Items) != 1 {
		t.Fatalf("WithExpand = %+v, %v", list, err)
	}
	if exp, _ := list.Items[0]["expand"].(map[string]any)["user"].(map[string]any); exp["id"] != u.ID || exp["name"] != "Records Tester" {
		t.Errorf("WithExpand(user) expand = %v", list.Items[0]["expand"])
	}
	one, err := posts.GetOne(ctx, created[0].ID(), core.WithExpand("user"), core.WithFields("id,expand.user.email"))
	if err != nil {
		t.Fatal(err)
	}
	if exp, _ := one["expand"].(map[string]any)["user"].(map[string]any); exp["email"] != u.Email || len(exp) != 1 || one["title"] != nil {
		t.Errorf("GetOne with expand and fields = %v", one)
	}
}

func TestRecordsGetFullListBatches(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	var log requestLog
	pb, u := recordsSignIn(t, srv, core.WithMiddleware(log.middleware()))
	ctx := t.Context()
	posts := pb.Collection("posts")
	want := make([]string, 7)
	for i := range want {
		want[i] = fmt.Sprintf("batch-%d", i+1)
	}
	createPosts(t, pb, u.ID, want...)
	listPath := "/api/collections/posts/records"
	opts := []core.RequestOption{core.WithFilter(pb.Filter("user = {:u}", map[string]any{"u": u.ID})), core.WithSort("title")}

	cases := []struct {
		name     string
		extra    []core.RequestOption
		perPage  string
		requests int
	}{
		{"batch 3: pages of 3, 3, 1", []core.RequestOption{core.WithBatch(3)}, "3", 3},
		{"batch 7: a full page, then an empty one", []core.RequestOption{core.WithBatch(7)}, "7", 2},
		{"batch 8: one short page", []core.RequestOption{core.WithBatch(8)}, "8", 1},
		{"default batch", nil, "500", 1},
		{"zero batch means default", []core.RequestOption{core.WithBatch(0)}, "500", 1},
	}
	for _, tc := range cases {
		log.reset()
		all := append(slices.Clip(opts), tc.extra...)
		got, err := posts.GetFullList(ctx, all...)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !slices.Equal(recordTitles(got), want) {
			t.Errorf("%s: titles %v, want %v", tc.name, recordTitles(got), want)
		}
		qs := log.queries(listPath)
		if len(qs) != tc.requests {
			t.Errorf("%s: %d requests, want %d", tc.name, len(qs), tc.requests)
		}
		for i, q := range qs {
			if q.Get("page") != fmt.Sprint(i+1) || q.Get("perPage") != tc.perPage || q.Get("skipTotal") != "true" ||
				len(q["page"]) != 1 || len(q["skipTotal"]) != 1 || q.Get("sort") != "title" || !strings.Contains(q.Get("filter"), u.ID) {
				t.Errorf("%s: request %d query %v", tc.name, i+1, q)
			}
		}
	}

	// The caller's options are reusable: a second call sends the same.
	log.reset()
	batch3 := append(slices.Clip(opts), core.WithBatch(3))
	first, err1 := posts.GetFullList(ctx, batch3...)
	second, err2 := posts.GetFullList(ctx, batch3...)
	if err1 != nil || err2 != nil || !slices.Equal(recordIDs(first), recordIDs(second)) || len(log.queries(listPath)) != 6 {
		t.Errorf("reusing options: %v/%v, %d requests", err1, err2, len(log.queries(listPath)))
	}

	// skipTotal can be turned off explicitly.
	log.reset()
	if _, err := posts.GetFullList(ctx, append(slices.Clip(opts), core.WithQuery("skipTotal", false))...); err != nil {
		t.Fatal(err)
	}
	if qs := log.queries(listPath); len(qs) != 1 || qs[0].Get("skipTotal") != "false" {
		t.Errorf("WithQuery(skipTotal, false): queries %v", qs)
	}

	// A cancelled context stops it.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := posts.GetFullList(cctx, batch3...); !errors.Is(err, context.Canceled) || !core.IsAbort(err) {
		t.Errorf("GetFullList with a cancelled context = %v", err)
	}
}

func TestRecordsGetFirstListItem(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	var log requestLog
	pb, u := recordsSignIn(t, srv, core.WithMiddleware(log.middleware()))
	ctx := t.Context()
	createPosts(t, pb, u.ID, "first-b", "first-a")
	posts := pb.Collection("posts")

	rec, err := posts.GetFirstListItem(ctx, pb.Filter("user = {:u}", map[string]any{"u": u.ID}), core.WithSort("title"))
	if err != nil || rec.String("title") != "first-a" {
		t.Fatalf("GetFirstListItem = %v, %v", rec, err)
	}
	qs := log.queries("/api/collections/posts/records")
	if len(qs) != 1 || qs[0].Get("page") != "1" || qs[0].Get("perPage") != "1" || qs[0].Get("skipTotal") != "true" {
		t.Errorf("GetFirstListItem query = %v", qs)
	}

	_, err = posts.GetFirstListItem(ctx, pb.Filter("user = {:u} && title = {:t}", map[string]any{"u": u.ID, "t": "none"}))
	e := statusErr(t, "GetFirstListItem without a match", err, 404)
	if e.Message() != "The requested resource wasn't found." || core.StatusOf(err) != 404 || e.URL == "" {
		t.Errorf("not-found error = %+v (message %q)", e, e.Message())
	}

	_, err = posts.GetFirstListItem(ctx, "title = ")
	statusErr(t, "GetFirstListItem with an invalid filter", err, 400)
}

func TestRecordsUpdateSignedInRecordSyncsStore(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	pb, u := recordsSignIn(t, srv)
	ctx := t.Context()
	store := pb.AuthStore()
	token := store.Token()

	// Pretend the sign-in expanded something: Update keeps it.
	rec := store.Record()
	rec["expand"] = map[string]any{"team": map[string]any{"id": "t1"}}
	if err := store.Save(token, rec); err != nil {
		t.Fatal(err)
	}
	var events []core.AuthEvent
	var mu sync.Mutex
	defer store.OnChange(func(ev core.AuthEvent) {
		mu.Lock()
		defer mu.Unlock()
		events = append(events, ev)
	})()

	updated, err := pb.Collection("users").Update(ctx, u.ID, map[string]any{"name": "Renamed"})
	if err != nil || updated.String("name") != "Renamed" {
		t.Fatalf("Update = %v, %v", updated, err)
	}
	got := store.Record()
	if store.Token() != token || got.String("name") != "Renamed" || got.Email() != u.Email || got.ID() != u.ID {
		t.Errorf("store after Update: token kept=%v record=%v", store.Token() == token, got)
	}
	if team, _ := got["expand"].(map[string]any)["team"].(map[string]any); team["id"] != "t1" {
		t.Errorf("Update dropped the stored expand: %v", got["expand"])
	}
	mu.Lock()
	if len(events) != 1 || events[0].Kind != core.AuthRecordUpdated || events[0].Record.String("name") != "Renamed" {
		t.Errorf("events after Update = %+v, want one record-updated", events)
	}
	mu.Unlock()

	// The collection may be addressed by id too.
	collID := got.String("collectionId")
	if _, err := pb.Collection(collID).Update(ctx, u.ID, map[string]any{"name": "By Id"}); err != nil {
		t.Fatal(err)
	}
	if store.Record().String("name") != "By Id" {
		t.Errorf("Update through the collection id %q did not sync the store", collID)
	}

	// Updating another collection's record leaves the store alone.
	post := createPosts(t, pb, u.ID, "sync post")[0]
	mu.Lock()
	before := len(events)
	mu.Unlock()
	if _, err := pb.Collection("posts").Update(ctx, post.ID(), map[string]any{"title": "edited"}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	if len(events) != before {
		t.Errorf("updating a post notified the store listeners: %+v", events[before:])
	}
	mu.Unlock()

	// The server accepts the token afterwards: it was kept as is.
	if me, err := pb.Collection("users").GetOne(ctx, u.ID); err != nil || me.String("name") != "By Id" {
		t.Errorf("GetOne of the signed-in user after Update = %v, %v", me, err)
	}
}

func TestRecordsDeleteSignedInRecordClearsStore(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	pb, u := recordsSignIn(t, srv)
	ctx := t.Context()
	store := pb.AuthStore()
	post := createPosts(t, pb, u.ID, "doomed post")[0]

	var kinds []core.AuthEventKind
	var mu sync.Mutex
	defer store.OnChange(func(ev core.AuthEvent) {
		mu.Lock()
		defer mu.Unlock()
		kinds = append(kinds, ev.Kind)
	})()

	if err := pb.Collection("posts").Delete(ctx, post.ID()); err != nil {
		t.Fatal(err)
	}
	if store.Token() == "" {
		t.Fatal("deleting a post signed the user out")
	}
	if err := pb.Collection("users").Delete(ctx, u.ID); err != nil {
		t.Fatalf("Delete of the signed-in user: %v", err)
	}
	if store.Token() != "" || store.Record() != nil {
		t.Errorf("store after deleting the signed-in record: %q %v, want empty", store.Token(), store.Record())
	}
	mu.Lock()
	if !slices.Equal(kinds, []core.AuthEventKind{core.AuthSignedOut}) {
		t.Errorf("events = %v, want [signed-out]", kinds)
	}
	mu.Unlock()
}

// filterHostile are titles that try to break out of a filter literal.
var filterHostile = []string{
	"plain", "it's", "''", "'", "\\", "\\\\", "a\\", "a\\\\", "\\'", "\\\\'",
	"' || 1=1", "' || title != '", "\\' || title != '", "\\\\' || title != '", "x\\' || id != '",
	"\" || 1=1 || \"", "\\\" || 1=1", "a\\nb", "a\nb", "tab\there", "cr\r\nlf",
	"{:other}", "{:t}", "héllo wörld 🌍 \u202e", "C:\\Users\\x", "\\n\\t\\r\\\"", "100%_off",
	"' && user = '", "\\\\\\\\\\' ||", "nul\x00byte", "/* comment */ //",
}

func TestFilterHostileValuesAgainstServer(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	pb, u := recordsSignIn(t, srv)
	other, o := recordsSignIn(t, srv)
	ctx := t.Context()
	posts := pb.Collection("posts")
	nonce := fmt.Sprintf("h%d:", time.Now().UnixNano())

	// Other posts exist, so a filter that broke out would match them.
	createPosts(t, other, o.ID, nonce+"decoy", nonce+"'decoy", nonce+"\\decoy")
	var created []core.Record
	var stored []string
	for _, h := range filterHostile {
		rec, err := posts.Create(ctx, map[string]any{"title": nonce + h, "user": u.ID})
		if err != nil {
			t.Fatalf("create %q: %v", h, err)
		}
		created = append(created, rec)
		stored = append(stored, rec.String("title"))
	}
	total, err := posts.GetList(ctx, 1, 1)
	if err != nil || total.TotalItems < len(filterHostile)+3 {
		t.Fatalf("visible posts: %+v, %v", total, err)
	}

	for i, title := range stored {
		bound, ferr := pb.FilterE("title = {:t}", map[string]any{"t": title})
		if unrepresentable := strings.HasSuffix(title, "\\") || strings.ContainsRune(title, 0); (ferr != nil) != unrepresentable {
			t.Errorf("title %q: FilterE error %v, want an error: %v", title, ferr, unrepresentable)
		}
		got, err := posts.GetFullList(ctx, core.WithFilter(bound))
		if err != nil {
			t.Errorf("title %q: filter %q: %v", title, bound, err)
			continue
		}
		if ferr != nil {
			// Not representable: Filter fails closed.
			if len(got) != 0 {
				t.Errorf("title %q (%v): filter %q matched %v, want nothing", title, ferr, bound, recordTitles(got))
			}
			continue
		}
		if !slices.Equal(recordIDs(got), []string{created[i].ID()}) {
			t.Errorf("title %q: filter %q matched %q, want exactly %q", title, bound, recordTitles(got), title)
		}
	}

	// Two placeholders: the first ends in a backslash, the second carries
	// the payload. Bound naively (quotes escaped, backslashes not, as the
	// JS SDK does) the real server reads the payload as filter code.
	// The payload ends in a comment that swallows the closing quote.
	params := map[string]any{"a": nonce + "\\", "b": ` || title != "" //`}
	naiveQuote := func(s string) string { return "'" + strings.ReplaceAll(s, "'", "\\'") + "'" }
	naive := strings.NewReplacer("{:a}", naiveQuote(params["a"].(string)), "{:b}", naiveQuote(params["b"].(string))).
		Replace("title = {:a} && user = {:b}")
	leaked, err := posts.GetFullList(ctx, core.WithFilter(naive))
	if err != nil || len(leaked) < 2 {
		t.Fatalf("control: naive binding %q matched %d records (%v); the attack should work against it", naive, len(leaked), err)
	}
	got, err := posts.GetFullList(ctx, core.WithFilter(pb.Filter("title = {:a} && user = {:b}", params)))
	if err != nil || len(got) != 0 {
		t.Errorf("bound two-placeholder attack matched %v, %v; want nothing", recordTitles(got), err)
	}

	// Two hostile values joined with ||: exactly those two.
	ia, ib := slices.Index(filterHostile, "\\' || title != '"), slices.Index(filterHostile, "a\\nb")
	a, b := stored[ia], stored[ib]
	got, err = posts.GetFullList(ctx, core.WithFilter(pb.Filter("title = {:a} || title = {:b}", map[string]any{"a": a, "b": b})))
	if err != nil || !slices.Equal(slices.Sorted(slices.Values(recordIDs(got))), slices.Sorted(slices.Values([]string{created[ia].ID(), created[ib].ID()}))) {
		t.Errorf("a || b matched %q, %v; want %q and %q", recordTitles(got), err, a, b)
	}

	// Contains: the nonce prefix finds this test's posts and the decoys.
	got, err = posts.GetFullList(ctx, core.WithFilter(pb.Filter("title ~ {:q}", map[string]any{"q": nonce})))
	if err != nil || len(got) != len(filterHostile)+3 {
		t.Errorf("title ~ nonce matched %d, %v; want %d", len(got), err, len(filterHostile)+3)
	}

	// Numbers, bools, nil and times are bound unquoted or in server format.
	first := created[0]
	checks := []struct {
		name   string
		expr   string
		params map[string]any
		want   int
	}{
		{"bool", "user = {:u} && published = {:p}", map[string]any{"u": u.ID, "p": false}, len(filterHostile)},
		{"bool true", "user = {:u} && published = {:p}", map[string]any{"u": u.ID, "p": true}, 0},
		{"number", "user = {:u} && {:n} > 1", map[string]any{"u": u.ID, "n": 2.5}, len(filterHostile)},
		{"null", "user = {:u} && title != {:n}", map[string]any{"u": u.ID, "n": nil}, len(filterHostile)},
		{"exact time", "user = {:u} && created = {:c}", map[string]any{"u": u.ID, "c": first.Time("created")}, -1},
		{"time before", "user = {:u} && created >= {:c}", map[string]any{"u": u.ID, "c": first.Time("created").Add(-time.Minute).In(time.FixedZone("X", -5*3600))}, len(filterHostile)},
		{"time after", "user = {:u} && created > {:c}", map[string]any{"u": u.ID, "c": time.Now().Add(time.Hour)}, 0},
	}
	for _, c := range checks {
		got, err := posts.GetFullList(ctx, core.WithFilter(pb.Filter(c.expr, c.params)))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if c.want == -1 {
			if !slices.Contains(recordIDs(got), first.ID()) {
				t.Errorf("%s: %q did not match the record", c.name, pb.Filter(c.expr, c.params))
			}
			continue
		}
		if len(got) != c.want {
			t.Errorf("%s: %q matched %d, want %d", c.name, pb.Filter(c.expr, c.params), len(got), c.want)
		}
	}
}
