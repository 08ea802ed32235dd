//go:build !js

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/bosgo/bosgo/internal/testenv"
)

// session is what a client's auth store holds.
type session struct {
	Token string `json:"token"`
	Email string `json:"email"`
	Valid bool   `json:"valid"`
}

// Expressions that read the auth store of bosgo's client (ours) and of the
// BosBase JS SDK's (theirs), both on localStorage under bosbase_auth.
const (
	oursSession   = `(() => { const pb = new interop.BosBase(location.origin); const s = pb.authStore; const v = {token: s.token, email: (s.record || {}).email || "", valid: s.isValid}; pb.dispose(); return v; })()`
	theirsSession = `(() => { const s = new interop.JSClient(location.origin).authStore; return {token: s.token, email: (s.record || {}).email || "", valid: s.isValid}; })()`
)

// testJSSDKInterop: a page moving between the BosBase JS SDK (npm bosbase,
// pinned) and bosgo keeps its users signed in both ways, and tabs running
// one or the other follow each other's sign-in and sign-out.
func (e *env) testJSSDKInterop(t *testing.T) {
	if _, err := os.Stat(filepath.Join(e.root, "web", "e2e", "interop", "node_modules", "bosbase", "package.json")); err != nil {
		t.Fatal("the BosBase JS SDK is not installed: run go tool task web:setup (npm ci in web/e2e/interop)")
	}
	u1 := e.srv.NewUser(t, testenv.UserOptions{Verified: true})
	u2 := e.srv.NewUser(t, testenv.UserOptions{Verified: true})
	tb := e.newTab(t)
	openInterop := func(tb *tab) {
		tb.t.Helper()
		tb.navigate("/interop/")
		poll[bool](tb, "the interop page", `document.body.dataset.ready === "1"`)
	}
	openInterop(tb)

	// JS SDK → bosgo: the JS SDK signs in; after a reload bosgo has the
	// session, and the server accepts it (authRefresh).
	theirToken := eval[string](tb, fmt.Sprintf(`(async () => {
  const js = new interop.JSClient(location.origin);
  await js.collection("users").authWithPassword(%s, %s);
  return js.authStore.token;
})()`, jsString(u1.Email), jsString(u1.Password)))
	openInterop(tb)
	got := eval[session](tb, oursSession)
	if got.Token != theirToken || got.Email != u1.Email || !got.Valid {
		t.Fatalf("bosgo read %+v from the JS SDK's session, want %s's valid token", got, u1.Email)
	}
	refreshed := eval[string](tb, `(async () => {
  const pb = new interop.BosBase(location.origin);
  const res = await pb.collection("users").authRefresh();
  pb.dispose();
  return res.record.email;
})()`)
	if refreshed != u1.Email {
		t.Fatalf("authRefresh with the picked-up session answered %q", refreshed)
	}
	// The demo shows that user too.
	tb.openDemo("", "signed-in")
	tb.signedInAs(u1.Email)

	// bosgo → JS SDK.
	openInterop(tb)
	ourToken := eval[string](tb, fmt.Sprintf(`(async () => {
  const pb = new interop.BosBase(location.origin);
  await pb.collection("users").authWithPassword(%s, %s);
  const token = pb.authStore.token;
  pb.dispose();
  return token;
})()`, jsString(u2.Email), jsString(u2.Password)))
	openInterop(tb)
	got = eval[session](tb, theirsSession)
	if got.Token != ourToken || got.Email != u2.Email || !got.Valid {
		t.Fatalf("the JS SDK read %+v from bosgo's session, want %s's valid token", got, u2.Email)
	}
	refreshed = eval[string](tb, `(async () => {
  const js = new interop.JSClient(location.origin);
  const res = await js.collection("users").authRefresh();
  return res.record.email;
})()`)
	if refreshed != u2.Email {
		t.Fatalf("the JS SDK's authRefresh with bosgo's session answered %q", refreshed)
	}

	// Live, across tabs: bosgo here, the JS SDK in another tab.
	const listenOurs = `(() => {
  window.ours = new interop.BosBase(location.origin);
  window.seen = [];
  ours.authStore.onChange((token, record, change) => seen.push({kind: change.kind, external: change.external, email: (record || {}).email || ""}));
  return true;
})()`
	const listenTheirs = `(() => {
  window.theirs = new interop.JSClient(location.origin);
  window.seen = [];
  theirs.authStore.onChange((token, record) => seen.push({token, email: (record || {}).email || ""}));
  return true;
})()`
	eval[bool](tb, listenOurs)
	other := tb.sibling(t)
	openInterop(other)
	eval[bool](other, listenTheirs)

	eval[bool](tb, `(ours.authStore.clear(), true)`)
	poll[bool](other, "the JS SDK tab to see bosgo's sign-out", `seen.some((c) => c.token === "") && theirs.authStore.token === ""`)

	eval[bool](other, fmt.Sprintf(`theirs.collection("users").authWithPassword(%s, %s).then(() => true)`, jsString(u1.Email), jsString(u1.Password)))
	poll[bool](tb, "bosgo to see the JS SDK tab's sign-in",
		fmt.Sprintf(`seen.some((c) => c.kind === "signed-in" && c.external && c.email === %s) && ours.authStore.isValid`, jsString(u1.Email)))
}
