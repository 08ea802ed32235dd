// Package storetest is the contract test suite for [core.AuthStore]
// implementations. Every store of the project runs it: the in-memory store
// in core, the localStorage store under GOOS=js, the encrypted file store
// of the desktop app.
//
//	func TestMyStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) core.AuthStore { return newMyStore(t) })
//	}
//
// The suite only uses the [core.AuthStore] interface. It does not call
// t.Parallel, never sleeps, and runs under GOOS=js GOARCH=wasm. Tokens are
// unsigned JWTs made with [UnsignedToken]; stores only decode them.
//
// Besides the interface documentation, the suite requires that Save and
// Clear each notify every listener exactly once and before they return
// (as the BosBase JS SDK's stores do), with the new state already visible
// to a listener that reads the store; that CompareAndSave swaps only when
// the store holds the old token, as one atomic step (racing Clear, Save
// and CompareAndSave calls never resurrect a cleared session and exactly
// one of several racing swaps wins); and that listeners see concurrent
// changes in the order the store made them.
package storetest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
)

// SuperusersCollectionID is the collection id BosBase gives _superusers.
const SuperusersCollectionID = "pbc_3142635823"

// usersCollectionID is the id of the default users collection.
const usersCollectionID = "_pb_users_auth_"

// deadlockTimeout bounds calls that would hang if a store deadlocked.
const deadlockTimeout = 10 * time.Second

// UnsignedToken returns a JWT with the given claims, an "alg":"none"
// header and a dummy signature. Stores decode tokens without verifying
// them, so this is all a store test needs.
func UnsignedToken(claims map[string]any) string {
	enc := base64.RawURLEncoding
	payload, err := json.Marshal(claims)
	if err != nil {
		panic(fmt.Sprintf("storetest: claims are not JSON: %v", err))
	}
	return enc.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." +
		enc.EncodeToString(payload) + ".c2ln"
}

// authToken returns an auth token of record id in collection cid that
// expires at exp (no exp claim when exp is zero).
func authToken(id, cid string, exp time.Time) string {
	claims := map[string]any{"id": id, "collectionId": cid, "type": "auth", "refreshable": true}
	if !exp.IsZero() {
		claims["exp"] = exp.Unix()
	}
	return UnsignedToken(claims)
}

func userRecord(id string) core.Record {
	return core.Record{
		"id": id, "collectionId": usersCollectionID, "collectionName": "users",
		"email": id + "@example.com", "verified": true,
		"expand": map[string]any{"team": map[string]any{"id": "t1", "name": "red"}},
	}
}

// Run runs the contract suite as subtests of t; newStore must return a
// new, empty store each time it is called.
func Run(t *testing.T, newStore func(t *testing.T) core.AuthStore) {
	t.Helper()
	tests := []struct {
		name string
		fn   func(*testing.T, func(*testing.T) core.AuthStore)
	}{
		{"Empty", testEmpty},
		{"SaveTokenRecord", testSaveTokenRecord},
		{"RecordIsACopy", testRecordIsACopy},
		{"SaveCopiesTheRecord", testSaveCopiesTheRecord},
		{"IsValid", testIsValid},
		{"IsSuperuser", testIsSuperuser},
		{"Clear", testClear},
		{"OnChangeKinds", testOnChangeKinds},
		{"OnChangeEventIsACopy", testOnChangeEventIsACopy},
		{"RemoveListener", testRemoveListener},
		{"ListenerCallsBack", testListenerCallsBack},
		{"ListenerPanics", testListenerPanics},
		{"Concurrent", testConcurrent},
		{"CompareAndSave", testCompareAndSave},
		{"CompareAndSaveAtomic", testCompareAndSaveAtomic},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, newStore) })
	}
}

func testEmpty(t *testing.T, newStore func(*testing.T) core.AuthStore) {
	s := newStore(t)
	if tok := s.Token(); tok != "" {
		t.Errorf("Token() of a new store = %q, want empty", tok)
	}
	if rec := s.Record(); rec != nil {
		t.Errorf("Record() of a new store = %v, want nil", rec)
	}
	if s.IsValid() {
		t.Error("IsValid() of a new store = true")
	}
	if s.IsSuperuser() {
		t.Error("IsSuperuser() of a new store = true")
	}
}

func testSaveTokenRecord(t *testing.T, newStore func(*testing.T) core.AuthStore) {
	s := newStore(t)
	tok := authToken("u1", usersCollectionID, time.Now().Add(time.Hour))
	mustSave(t, s, tok, userRecord("u1"))
	if got := s.Token(); got != tok {
		t.Errorf("Token() = %q, want the saved token", got)
	}
	rec := s.Record()
	if rec.ID() != "u1" || rec.Email() != "u1@example.com" || rec.CollectionName() != "users" || !rec.Bool("verified") {
		t.Errorf("Record() = %v, want the saved record", rec)
	}
	if team, _ := rec["expand"].(map[string]any)["team"].(map[string]any); team["name"] != "red" {
		t.Errorf("Record() lost nested fields: %v", rec)
	}
	if !s.IsValid() {
		t.Error("IsValid() = false after saving a valid token")
	}

	// Saving again replaces both.
	tok2 := authToken("u2", usersCollectionID, time.Now().Add(time.Hour))
	mustSave(t, s, tok2, userRecord("u2"))
	if s.Token() != tok2 || s.Record().ID() != "u2" {
		t.Errorf("after a second Save: Token/Record = %q/%v, want the second session", s.Token(), s.Record())
	}

	// A token without a record is a valid session too.
	mustSave(t, s, tok, nil)
	if s.Token() != tok || s.Record() != nil {
		t.Errorf("Save(token, nil): Token/Record = %q/%v, want token and nil", s.Token(), s.Record())
	}
}

func testRecordIsACopy(t *testing.T, newStore func(*testing.T) core.AuthStore) {
	s := newStore(t)
	mustSave(t, s, authToken("u1", usersCollectionID, time.Now().Add(time.Hour)), userRecord("u1"))
	rec := s.Record()
	rec["email"] = "changed@example.com"
	rec["expand"].(map[string]any)["team"].(map[string]any)["name"] = "blue"
	delete(rec, "verified")
	got := s.Record()
	if got.Email() != "u1@example.com" || !got.Bool("verified") {
		t.Errorf("changing the Record() result changed the store: %v", got)
	}
	if team := got["expand"].(map[string]any)["team"].(map[string]any); team["name"] != "red" {
		t.Errorf("changing a nested map of the Record() result changed the store: %v", got)
	}
}

func testSaveCopiesTheRecord(t *testing.T, newStore func(*testing.T) core.AuthStore) {
	s := newStore(t)
	rec := userRecord("u1")
	mustSave(t, s, authToken("u1", usersCollectionID, time.Now().Add(time.Hour)), rec)
	rec["email"] = "changed@example.com"
	rec["expand"].(map[string]any)["team"].(map[string]any)["name"] = "blue"
	got := s.Record()
	if got.Email() != "u1@example.com" {
		t.Errorf("changing the saved map afterwards changed the store: %v", got)
	}
	if team := got["expand"].(map[string]any)["team"].(map[string]any); team["name"] != "red" {
		t.Errorf("changing a nested map of the saved record changed the store: %v", got)
	}
}

func testIsValid(t *testing.T, newStore func(*testing.T) core.AuthStore) {
	now := time.Now()
	farFuture := time.Date(2125, 12, 8, 0, 0, 0, 0, time.UTC) // a BosBase static token
	if farFuture.Unix() <= 1<<31 {
		t.Fatal("the far-future case must have exp > 2^31")
	}
	cases := []struct {
		name  string
		token string
		want  bool
	}{
		{"garbage", "not-a-token", false},
		{"two segments", "abc.def", false},
		{"payload not base64", "eyJhbGciOiJub25lIn0.!!!.sig", false},
		{"payload not an object", UnsignedToken(nil), false},
		{"exp not a number", UnsignedToken(map[string]any{"id": "u1", "type": "auth", "exp": "tomorrow"}), false},
		{"expired", authToken("u1", usersCollectionID, now.Add(-time.Hour)), false},
		{"expires within the leeway", authToken("u1", usersCollectionID, now.Add(core.ExpiryLeeway/2)), false},
		{"valid", authToken("u1", usersCollectionID, now.Add(time.Hour)), true},
		{"far future (year 2125)", authToken("u1", usersCollectionID, farFuture), true},
		{"no exp claim", authToken("u1", usersCollectionID, time.Time{}), true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t)
			mustSave(t, s, tc.token, userRecord("u1"))
			if got := s.IsValid(); got != tc.want {
				t.Errorf("IsValid() = %v, want %v", got, tc.want)
			}
			if got := s.Token(); got != tc.token {
				t.Errorf("Token() = %q: a store keeps whatever token it is given", got)
			}
		})
	}
}

func testIsSuperuser(t *testing.T, newStore func(*testing.T) core.AuthStore) {
	exp := time.Now().Add(time.Hour)
	superRec := core.Record{"id": "s1", "collectionId": SuperusersCollectionID, "collectionName": "_superusers", "email": "admin@example.com"}
	cases := []struct {
		name  string
		token string
		rec   core.Record
		want  bool
	}{
		{"superuser record", authToken("s1", SuperusersCollectionID, exp), superRec, true},
		{"superuser token without record", authToken("s1", SuperusersCollectionID, exp), nil, true},
		{"record collectionName decides", authToken("s1", "pbc_other", exp), superRec, true},
		{"user record", authToken("u1", usersCollectionID, exp), userRecord("u1"), false},
		{"user token without record", authToken("u1", usersCollectionID, exp), nil, false},
		{"not an auth token", UnsignedToken(map[string]any{"id": "s1", "collectionId": SuperusersCollectionID, "type": "file", "exp": exp.Unix()}), superRec, false},
		{"garbage token", "garbage", superRec, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t)
			mustSave(t, s, tc.token, tc.rec)
			if got := s.IsSuperuser(); got != tc.want {
				t.Errorf("IsSuperuser() = %v, want %v", got, tc.want)
			}
		})
	}
}

func testClear(t *testing.T, newStore func(*testing.T) core.AuthStore) {
	s := newStore(t)
	mustSave(t, s, authToken("s1", SuperusersCollectionID, time.Now().Add(time.Hour)), nil)
	if err := s.Clear(); err != nil {
		t.Fatalf("Clear() = %v", err)
	}
	if s.Token() != "" || s.Record() != nil || s.IsValid() || s.IsSuperuser() {
		t.Errorf("after Clear: Token=%q Record=%v IsValid=%v IsSuperuser=%v, want all empty",
			s.Token(), s.Record(), s.IsValid(), s.IsSuperuser())
	}
	if err := s.Clear(); err != nil {
		t.Errorf("Clear() of an empty store = %v", err)
	}
}

// recorder collects events; safe for concurrent use.
type recorder struct {
	mu     sync.Mutex
	events []core.AuthEvent
}

func (r *recorder) add(ev core.AuthEvent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, ev)
}

func (r *recorder) get() []core.AuthEvent {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]core.AuthEvent(nil), r.events...)
}

func (r *recorder) kinds() []core.AuthEventKind {
	var ks []core.AuthEventKind
	for _, ev := range r.get() {
		ks = append(ks, ev.Kind)
	}
	return ks
}

func testOnChangeKinds(t *testing.T, newStore func(*testing.T) core.AuthStore) {
	s := newStore(t)
	var rec recorder
	remove := s.OnChange(rec.add)
	defer remove()

	exp := time.Now().Add(time.Hour)
	tok1 := authToken("u1", usersCollectionID, exp)
	tok2 := authToken("u1", usersCollectionID, exp.Add(time.Minute))
	updated := userRecord("u1")
	updated["name"] = "New Name"
	tokB := authToken("u2", usersCollectionID, exp)

	steps := []struct {
		name string
		do   func() error
		want core.AuthEventKind
		tok  string
		id   string
	}{
		{"sign in", func() error { return s.Save(tok1, userRecord("u1")) }, core.AuthSignedIn, tok1, "u1"},
		{"refresh", func() error { return s.Save(tok2, userRecord("u1")) }, core.AuthRefreshed, tok2, "u1"},
		{"update record", func() error { return s.Save(tok2, updated) }, core.AuthRecordUpdated, tok2, "u1"},
		{"sign in as another record", func() error { return s.Save(tokB, userRecord("u2")) }, core.AuthSignedIn, tokB, "u2"},
		{"sign out", s.Clear, core.AuthSignedOut, "", ""},
		{"sign in again", func() error { return s.Save(tok1, userRecord("u1")) }, core.AuthSignedIn, tok1, "u1"},
	}
	for i, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		evs := rec.get()
		if len(evs) != i+1 {
			t.Fatalf("%s: %d events after the call returned, want %d (listeners run once per change, before Save/Clear return)", st.name, len(evs), i+1)
		}
		ev := evs[i]
		if ev.Kind != st.want || ev.Token != st.tok || ev.Record.ID() != st.id {
			t.Errorf("%s: event {%v %q %v}, want {%v %q id=%q}", st.name, ev.Kind, ev.Token, ev.Record.ID(), st.want, st.tok, st.id)
		}
	}
	if got := rec.get()[2].Record.String("name"); got != "New Name" {
		t.Errorf("record-updated event carries name %q, want the new record", got)
	}
	if got := rec.get()[4].Record; got != nil {
		t.Errorf("signed-out event carries record %v, want nil", got)
	}
}

func testOnChangeEventIsACopy(t *testing.T, newStore func(*testing.T) core.AuthStore) {
	s := newStore(t)
	var second recorder
	remove1 := s.OnChange(func(ev core.AuthEvent) {
		ev.Record["email"] = "mutated@example.com"
		ev.Record["expand"].(map[string]any)["team"].(map[string]any)["name"] = "blue"
	})
	defer remove1()
	remove2 := s.OnChange(second.add)
	defer remove2()
	mustSave(t, s, authToken("u1", usersCollectionID, time.Now().Add(time.Hour)), userRecord("u1"))

	if got := s.Record().Email(); got != "u1@example.com" {
		t.Errorf("a listener changing its event record changed the store: email %q", got)
	}
	evs := second.get()
	if len(evs) != 1 {
		t.Fatalf("second listener got %d events, want 1", len(evs))
	}
	if evs[0].Record.Email() != "u1@example.com" {
		t.Errorf("a listener changing its event record changed another listener's: %v", evs[0].Record)
	}
	if team := evs[0].Record["expand"].(map[string]any)["team"].(map[string]any); team["name"] != "red" {
		t.Errorf("nested maps are shared between listeners: %v", evs[0].Record)
	}
}

func testRemoveListener(t *testing.T, newStore func(*testing.T) core.AuthStore) {
	s := newStore(t)
	var removed, kept recorder
	remove := s.OnChange(removed.add)
	removeKept := s.OnChange(kept.add)
	defer removeKept()
	tok := authToken("u1", usersCollectionID, time.Now().Add(time.Hour))
	mustSave(t, s, tok, userRecord("u1"))
	remove()
	remove() // harmless
	mustSave(t, s, tok, userRecord("u1"))
	if err := s.Clear(); err != nil {
		t.Fatal(err)
	}
	if n := len(removed.get()); n != 1 {
		t.Errorf("removed listener got %d events, want only the 1 from before its removal", n)
	}
	if n := len(kept.get()); n != 3 {
		t.Errorf("other listener got %d events, want 3: removing one listener must not remove others", n)
	}
	noop := s.OnChange(nil)
	noop()
	noop()
}

func testListenerCallsBack(t *testing.T, newStore func(*testing.T) core.AuthStore) {
	s := newStore(t)
	tok := authToken("u1", usersCollectionID, time.Now().Add(time.Hour))
	type seen struct {
		token string
		id    string
		valid bool
	}
	var (
		mu     sync.Mutex
		states []seen
		inner  recorder
	)
	var removeSelf func()
	removeSelf = s.OnChange(func(ev core.AuthEvent) {
		st := seen{token: s.Token(), id: s.Record().ID(), valid: s.IsValid()}
		_ = s.IsSuperuser()
		mu.Lock()
		states = append(states, st)
		mu.Unlock()
		if ev.Kind == core.AuthSignedOut {
			removeSelf() // removing itself from inside a listener
			s.OnChange(inner.add)
		}
	})

	run := func(name string, fn func() error) {
		t.Helper()
		done := make(chan error, 1)
		go func() { done <- fn() }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		case <-time.After(deadlockTimeout):
			t.Fatalf("%s did not return within %v: a listener calling back into the store deadlocks", name, deadlockTimeout)
		}
	}
	run("Save", func() error { return s.Save(tok, userRecord("u1")) })
	run("Clear", s.Clear)
	run("Save after the listener removed itself", func() error { return s.Save(tok, userRecord("u1")) })

	mu.Lock()
	defer mu.Unlock()
	want := []seen{{tok, "u1", true}, {"", "", false}}
	if len(states) != len(want) {
		t.Fatalf("listener ran %d times, want %d: %v", len(states), len(want), states)
	}
	for i := range want {
		if states[i] != want[i] {
			t.Errorf("listener call %d saw the store as %+v, want %+v (the new state, visible to listeners)", i, states[i], want[i])
		}
	}
	// Whether a listener added during an emission also gets that event is
	// up to the store; it must get the next one.
	if evs := inner.get(); len(evs) == 0 || evs[len(evs)-1].Kind != core.AuthSignedIn || evs[len(evs)-1].Token != tok {
		t.Errorf("listener added from inside a listener got %v, want the following sign-in", evs)
	}
}

func testListenerPanics(t *testing.T, newStore func(*testing.T) core.AuthStore) {
	s := newStore(t)
	var before, after recorder
	defer s.OnChange(before.add)()
	defer s.OnChange(func(core.AuthEvent) { panic("listener failure") })()
	defer s.OnChange(after.add)()

	call := func(name string, fn func() error) {
		t.Helper()
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("%s panicked: a listener's panic escaped the store: %v", name, r)
			}
		}()
		if err := fn(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	tok := authToken("u1", usersCollectionID, time.Now().Add(time.Hour))
	call("Save", func() error { return s.Save(tok, userRecord("u1")) })
	call("Clear", s.Clear)
	if got, want := before.kinds(), []core.AuthEventKind{core.AuthSignedIn, core.AuthSignedOut}; !equalKinds(got, want) {
		t.Errorf("listener before the panicking one got %v, want %v", got, want)
	}
	if got, want := after.kinds(), []core.AuthEventKind{core.AuthSignedIn, core.AuthSignedOut}; !equalKinds(got, want) {
		t.Errorf("listener after the panicking one got %v, want %v", got, want)
	}
	if s.Token() != "" {
		t.Error("the store state is wrong after a listener panicked")
	}
}

func testConcurrent(t *testing.T, newStore func(*testing.T) core.AuthStore) {
	s := newStore(t)
	var count sync.Mutex
	events := 0
	defer s.OnChange(func(core.AuthEvent) {
		count.Lock()
		events++
		count.Unlock()
	})()

	const workers, rounds = 8, 50
	exp := time.Now().Add(time.Hour)
	var wg sync.WaitGroup
	errs := make(chan error, workers*rounds)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := fmt.Sprintf("u%d", w)
			tok := authToken(id, usersCollectionID, exp)
			for i := range rounds {
				if i%5 == 4 {
					if err := s.Clear(); err != nil {
						errs <- err
					}
				} else if err := s.Save(tok, userRecord(id)); err != nil {
					errs <- err
				}
				_ = s.Token()
				if r := s.Record(); r != nil {
					r["touched"] = true // must be the caller's own copy
				}
				_ = s.IsValid()
				_ = s.IsSuperuser()
				s.OnChange(func(core.AuthEvent) {})()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent call: %v", err)
	}
	count.Lock()
	got := events
	count.Unlock()
	if got != workers*rounds {
		t.Errorf("listener saw %d events, want %d (one per Save and per Clear)", got, workers*rounds)
	}

	tok := authToken("final", usersCollectionID, exp)
	mustSave(t, s, tok, userRecord("final"))
	if s.Token() != tok || s.Record().ID() != "final" || s.Record()["touched"] != nil {
		t.Errorf("after concurrent use: Token/Record = %q/%v, want the last saved session", s.Token(), s.Record())
	}
}

func testCompareAndSave(t *testing.T, newStore func(*testing.T) core.AuthStore) {
	s := newStore(t)
	var rec recorder
	defer s.OnChange(rec.add)()
	exp := time.Now().Add(time.Hour)
	tok1 := authToken("u1", usersCollectionID, exp)
	tok2 := authToken("u1", usersCollectionID, exp.Add(time.Minute))
	tokB := authToken("u2", usersCollectionID, exp)
	updated := userRecord("u1")
	updated["name"] = "New Name"

	steps := []struct {
		name      string
		old       string
		next      core.AuthEvent
		wantSaved bool
		kind      core.AuthEventKind // of the event, when saved
		tok, id   string             // the store afterwards
	}{
		{"a stale token does not sign in", tok1, core.AuthEvent{Token: tok2, Record: userRecord("u1")}, false, 0, "", ""},
		{"empty matches empty", "", core.AuthEvent{Token: tok1, Record: userRecord("u1")}, true, core.AuthSignedIn, tok1, "u1"},
		{"empty does not match a session", "", core.AuthEvent{Token: tokB, Record: userRecord("u2")}, false, 0, tok1, "u1"},
		{"refresh", tok1, core.AuthEvent{Token: tok2, Record: userRecord("u1"), Kind: core.AuthSignedOut}, true, core.AuthRefreshed, tok2, "u1"},
		{"a refresh of the old token is refused", tok1, core.AuthEvent{Token: tok1, Record: userRecord("u1")}, false, 0, tok2, "u1"},
		{"record merge", tok2, core.AuthEvent{Token: tok2, Record: updated}, true, core.AuthRecordUpdated, tok2, "u1"},
		{"a clear of another token is refused", tokB, core.AuthEvent{}, false, 0, tok2, "u1"},
		{"compare-and-clear", tok2, core.AuthEvent{}, true, core.AuthSignedOut, "", ""},
		{"a refresh after sign-out is refused", tok2, core.AuthEvent{Token: tok2, Record: userRecord("u1")}, false, 0, "", ""},
		{"sign in as B", "", core.AuthEvent{Token: tokB, Record: userRecord("u2")}, true, core.AuthSignedIn, tokB, "u2"},
		{"expired", tokB, core.AuthEvent{Kind: core.AuthExpired, Record: userRecord("u2")}, true, core.AuthExpired, "", ""},
	}
	for _, st := range steps {
		before := len(rec.get())
		saved, err := s.CompareAndSave(st.old, st.next)
		if err != nil {
			t.Fatalf("%s: CompareAndSave: %v", st.name, err)
		}
		if saved != st.wantSaved {
			t.Errorf("%s: CompareAndSave reported saved=%v, want %v", st.name, saved, st.wantSaved)
		}
		if s.Token() != st.tok || s.Record().ID() != st.id {
			t.Errorf("%s: store holds %q/%q, want %q/%q", st.name, s.Token(), s.Record().ID(), st.tok, st.id)
		}
		evs := rec.get()
		switch {
		case !st.wantSaved && len(evs) != before:
			t.Errorf("%s: a CompareAndSave that did not swap notified the listeners: %v", st.name, evs[before:])
		case st.wantSaved && len(evs) != before+1:
			t.Errorf("%s: %d events after a swap, want 1 (before CompareAndSave returns)", st.name, len(evs)-before)
		case st.wantSaved:
			ev := evs[before]
			if ev.Kind != st.kind || ev.Token != st.tok || ev.Record.ID() != st.id {
				t.Errorf("%s: event {%v %q %q}, want {%v %q %q}", st.name, ev.Kind, ev.Token, ev.Record.ID(), st.kind, st.tok, st.id)
			}
		}
	}
	if got := s.Record(); got != nil {
		t.Errorf("a clear kept the record %v", got)
	}
}

func testCompareAndSaveAtomic(t *testing.T, newStore func(*testing.T) core.AuthStore) {
	s := newStore(t)
	var (
		mu   sync.Mutex
		last core.AuthEvent
	)
	defer s.OnChange(func(ev core.AuthEvent) {
		mu.Lock()
		last = ev
		mu.Unlock()
	})()
	exp := time.Now().Add(time.Hour)
	const rounds, workers = 100, 4
	for round := range rounds {
		old := authToken(fmt.Sprintf("r%d", round), usersCollectionID, exp)
		mustSave(t, s, old, userRecord("u0"))
		var (
			wg   sync.WaitGroup
			wins sync.Map
			errs = make(chan error, workers+1)
		)
		// A sign-out races several refreshes of the same token: whatever
		// the order, the store must end signed out, and at most one
		// refresh may have landed (before the sign-out).
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				tok := authToken(fmt.Sprintf("r%dw%d", round, w), usersCollectionID, exp)
				saved, err := s.CompareAndSave(old, core.AuthEvent{Token: tok, Record: userRecord("u0")})
				if err != nil {
					errs <- err
				}
				if saved {
					wins.Store(w, tok)
				}
			}()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.Clear(); err != nil {
				errs <- err
			}
		}()
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("round %d: %v", round, err)
		}
		n := 0
		wins.Range(func(any, any) bool { n++; return true })
		if n > 1 {
			t.Fatalf("round %d: %d CompareAndSave calls with the same old token all swapped, want at most 1", round, n)
		}
		if tok := s.Token(); tok != "" {
			t.Fatalf("round %d: a sign-out racing refreshes ended with a session in the store (a refresh resurrected it)", round)
		}
		mu.Lock()
		ev := last
		mu.Unlock()
		if !ev.Kind.SignedOut() || ev.Token != "" {
			t.Fatalf("round %d: the listeners' last event is %v %q, but the store is empty: events were delivered out of the store's order", round, ev.Kind, ev.Token)
		}
	}
}

func mustSave(t *testing.T, s core.AuthStore, token string, rec core.Record) {
	t.Helper()
	if err := s.Save(token, rec); err != nil {
		t.Fatalf("Save: %v", err)
	}
}

func equalKinds(a, b []core.AuthEventKind) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
