//go:build js && wasm

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/core/storetest"
)

// TestTwoTabsSessionInterleavings is the browser variant of core's
// TestSessionInterleavings: two tabs sharing one localStorage session
// (two WebStorageStore clients with the cross-tab refresh lock, as
// TestTwoTabsRefreshOnce sets them up) and their impersonation clients run
// seeded random scripts — sign-in, sign-out, explicit refresh, requests
// that auto-refresh an expiring token or get a 401, impersonation —
// against a fake server whose answers the test delivers in a random order.
// At every step the shared storage must hold a session some serial order
// of the user's actions allows, and no impersonation token may cross into
// the shared store or the other way round.
//
// The driver lets the page settle (the JavaScript event loop runs the Web
// Lock grants) before each step; a seed replays the same choices, though
// the browser's own timing may order lock grants differently.
func TestTwoTabsSessionInterleavings(t *testing.T) {
	const runs = 25
	for seed := uint64(1); seed <= runs; seed++ {
		if msg := twoTabsRun(t, seed); msg != "" {
			t.Fatalf("seed %d: %s", seed, msg)
		}
	}
}

// tabToken is what the fake server knows of a token it issued.
type tabToken struct {
	root int // the serial of the sign-in the token descends from
	user string
	imp  bool
	exp  time.Time
}

type tabReq struct {
	req  *core.Request
	resp chan *core.Response
}

// tabServer is the fake server; requests wait until the driver answers.
type tabServer struct {
	mu      sync.Mutex // guards all fields
	pending []*tabReq
	tokens  map[string]*tabToken
	serial  int
}

func (s *tabServer) RoundTrip(ctx context.Context, req *core.Request) (*core.Response, error) {
	pr := &tabReq{req: req, resp: make(chan *core.Response, 1)}
	s.mu.Lock()
	s.pending = append(s.pending, pr)
	s.mu.Unlock()
	select {
	case r := <-pr.resp:
		return r, nil
	case <-ctx.Done():
		s.mu.Lock()
		for i, p := range s.pending {
			if p == pr {
				s.pending = append(s.pending[:i:i], s.pending[i+1:]...)
				break
			}
		}
		s.mu.Unlock()
		return nil, ctx.Err()
	}
}

func (s *tabServer) issue(user string, root int, imp bool, life time.Duration) (string, int) {
	s.serial++
	if root == 0 {
		root = s.serial
	}
	cid := "_pb_users_auth_"
	if user == "s1" {
		cid = storetest.SuperusersCollectionID
	}
	exp := time.Now().Add(life)
	tok := storetest.UnsignedToken(map[string]any{"id": user, "collectionId": cid, "type": "auth", "refreshable": !imp, "exp": exp.Unix(), "n": s.serial})
	s.tokens[tok] = &tabToken{root: root, user: user, imp: imp, exp: exp}
	return tok, root
}

func tabRecord(user string) map[string]any {
	if user == "s1" {
		return map[string]any{"id": "s1", "collectionId": storetest.SuperusersCollectionID, "collectionName": "_superusers"}
	}
	return map[string]any{"id": user, "collectionId": "_pb_users_auth_", "collectionName": "users"}
}

func tabResponse(status int, body any) *core.Response {
	data, _ := json.Marshal(body)
	return &core.Response{StatusCode: status, Header: core.Header{"content-type": "application/json"}, Body: io.NopCloser(strings.NewReader(string(data)))}
}

func (s *tabServer) answer(pr *tabReq, rnd *rand.Rand, revoked bool) *core.Response {
	s.mu.Lock()
	defer s.mu.Unlock()
	auth := pr.req.Header.Get("Authorization")
	cur := s.tokens[auth]
	valid := cur != nil && time.Now().Before(cur.exp) && !revoked
	unauthorized := tabResponse(401, map[string]any{"status": 401, "message": "Unauthorized.", "data": map[string]any{}})
	life := []time.Duration{30 * time.Second, 2 * time.Minute, time.Hour}[rnd.IntN(3)]
	switch u := pr.req.URL; {
	case strings.HasSuffix(u, "/auth-with-password"):
		var body struct{ Identity string }
		_ = json.Unmarshal(pr.req.Body, &body)
		tok, _ := s.issue(body.Identity, 0, false, life)
		return tabResponse(200, map[string]any{"token": tok, "record": tabRecord(body.Identity)})
	case strings.HasSuffix(u, "/auth-refresh"):
		if !valid {
			return unauthorized
		}
		tok := auth
		if !cur.imp {
			tok, _ = s.issue(cur.user, cur.root, false, life)
		}
		return tabResponse(200, map[string]any{"token": tok, "record": tabRecord(cur.user)})
	case strings.Contains(u, "/impersonate/"):
		if !valid || cur.user != "s1" {
			return unauthorized
		}
		tok, _ := s.issue("u1", 0, true, time.Hour)
		return tabResponse(200, map[string]any{"token": tok, "record": tabRecord("u1")})
	default:
		if auth != "" && !valid {
			return unauthorized
		}
		return tabResponse(200, map[string]any{"page": 1, "perPage": 30, "totalItems": 0, "totalPages": 0, "items": []any{}})
	}
}

type tabActor struct {
	start  chan struct{}
	idle   bool // guarded by the run's mu
	script []int
	next   int
}

func twoTabsRun(t *testing.T, seed uint64) string {
	rnd := rand.New(rand.NewPCG(seed, 0x7ab5))
	key := uniqueKey("bosgo_test_prop")
	lockName := "bosgo-refresh:" + key
	defer func() {
		_, _ = global("localStorage").Call("removeItem", key)
		_, _ = global("localStorage").Call("removeItem", lockName+":generation")
	}()
	srv := &tabServer{tokens: map[string]*tabToken{}}
	var (
		mu       sync.Mutex // guards step, landed, latest, signedOut, imps, actors' idle
		step     int
		landed   = map[int]int{} // sign-in root → the step its sign-in completed
		latest   int             // the root of the newest completed sign-in
		signOut  int             // the step of the last sign-out
		imps     []*core.Client
		stores   []*WebStorageStore
		closers  []func()
		actors   []*tabActor
		finished sync.WaitGroup
	)
	defer func() {
		for _, c := range closers {
			c()
		}
	}()
	const (
		signIn1 = iota
		signIn2
		signInSuper
		signOutAct
		refresh
		list
		impersonate
		impList
		numActs
	)
	for range 2 {
		store := NewWebStorageStore(LocalStorage, key, nil)
		closers = append(closers, func() { _ = store.Close() })
		stores = append(stores, store)
		lock := &RefreshLock{Key: key, Store: store, Wait: 5 * time.Second}
		c := core.New("http://bosbase.test", core.WithAuthStore(store), core.WithTransport(srv), core.WithSessionMiddleware(lock.Middleware()))
		a := &tabActor{start: make(chan struct{}), idle: true}
		for range 3 + rnd.IntN(4) {
			a.script = append(a.script, rnd.IntN(numActs))
		}
		actors = append(actors, a)
		run := func(act int) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			signIn := func(coll, user string) {
				if res, err := c.Collection(coll).AuthWithPassword(ctx, user, "pw"); err == nil {
					srv.mu.Lock()
					root := srv.tokens[res.Token].root
					srv.mu.Unlock()
					mu.Lock()
					landed[root], latest = step, root
					mu.Unlock()
				}
			}
			switch act {
			case signIn1:
				signIn("users", "u1")
			case signIn2:
				signIn("users", "u2")
			case signInSuper:
				signIn("_superusers", "s1")
			case signOutAct:
				mu.Lock()
				signOut = step
				mu.Unlock()
				_ = store.Clear()
			case refresh:
				_, _ = c.Collection("users").AuthRefresh(ctx)
			case list:
				_, _ = c.Collection("posts").GetList(ctx, 1, 30)
			case impersonate:
				if ic, err := c.Collection("users").Impersonate(ctx, "u1", 0); err == nil {
					mu.Lock()
					imps = append(imps, ic)
					mu.Unlock()
				}
			case impList:
				mu.Lock()
				var ic *core.Client
				if len(imps) > 0 {
					ic = imps[rnd.IntN(len(imps))]
				}
				mu.Unlock()
				if ic != nil {
					_, _ = ic.Collection("users").AuthRefresh(ctx)
				}
			}
		}
		finished.Add(1)
		go func() {
			defer finished.Done()
			for a.next < len(a.script) {
				<-a.start
				run(a.script[a.next])
				mu.Lock()
				a.next++
				a.idle = true
				mu.Unlock()
			}
		}()
	}

	settle := jsFunc(t, "return new Promise(r => setTimeout(r, 0))")
	wait := jsFunc(t, "return new Promise(r => setTimeout(r, 20))")
	polls := 0
	for {
		for range 3 {
			p, _ := settle.Invoke()
			_, _ = await(testCtx(t, 5*time.Second), p)
		}
		if msg := checkTabs(srv, stores, imps, &mu, landed, &latest, &signOut); msg != "" {
			return fmt.Sprintf("after step %d: %s", step, msg)
		}
		mu.Lock()
		step++
		var startable []*tabActor
		busy := false
		for _, a := range actors {
			switch {
			case a.idle && a.next < len(a.script):
				startable = append(startable, a)
			case !a.idle:
				busy = true
			}
		}
		mu.Unlock()
		srv.mu.Lock()
		pending := append([]*tabReq(nil), srv.pending...)
		srv.mu.Unlock()
		if len(startable)+len(pending) == 0 {
			if !busy {
				break
			}
			// An actor waits for something other than the server: the
			// refresh lock another tab holds until its answer is saved.
			if polls++; polls > 1000 {
				return "the run made no progress"
			}
			p, _ := wait.Invoke()
			_, _ = await(testCtx(t, 5*time.Second), p)
			continue
		}
		k := rnd.IntN(len(startable) + len(pending))
		if k < len(startable) {
			a := startable[k]
			mu.Lock()
			a.idle = false
			mu.Unlock()
			a.start <- struct{}{}
			continue
		}
		pr := pending[k-len(startable)]
		srv.mu.Lock()
		for i, p := range srv.pending {
			if p == pr {
				srv.pending = append(srv.pending[:i:i], srv.pending[i+1:]...)
				break
			}
		}
		srv.mu.Unlock()
		pr.resp <- srv.answer(pr, rnd, rnd.IntN(6) == 0)
	}
	finished.Wait()
	return checkTabs(srv, stores, imps, &mu, landed, &latest, &signOut)
}

// checkTabs checks the shared storage and the impersonation stores.
func checkTabs(srv *tabServer, stores []*WebStorageStore, imps []*core.Client, mu *sync.Mutex, landed map[int]int, latest, signOut *int) string {
	mu.Lock()
	defer mu.Unlock()
	srv.mu.Lock()
	defer srv.mu.Unlock()
	tok := stores[0].Token()
	if stores[1].Token() != tok {
		return "the two tabs read different sessions from one storage"
	}
	if tok != "" {
		info := srv.tokens[tok]
		switch at, ok := landed[info.root]; {
		case info.imp:
			return "the shared localStorage session is an impersonation token"
		case !ok:
			return "the shared session descends from no completed sign-in"
		case at < *signOut:
			return fmt.Sprintf("the shared session was signed in at step %d, before the sign-out at step %d (resurrected)", at, *signOut)
		case info.root != *latest:
			return fmt.Sprintf("the shared session descends from the sign-in of step %d, not the newest one (overwritten)", at)
		}
	}
	for i, ic := range imps {
		if it := ic.AuthStore().Token(); it != "" && (srv.tokens[it] == nil || !srv.tokens[it].imp) {
			return fmt.Sprintf("impersonation client %d holds a non-impersonation token (the parent's session)", i)
		}
	}
	return ""
}
