//go:build !js

package e2e

import (
	"fmt"
	"testing"

	"github.com/bosgo/bosgo/internal/testenv"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// sharedTabs is how many tabs of one origin subscribe: more than the six
// connections per host a browser opens over HTTP/1.1 (what the devserver
// serves).
const sharedTabs = 10

// sharedSetup loads the module in a tab, makes a client with the default
// (localStorage) session and subscribes to every post; window.got lists
// "action:title" of each event the tab's listener received.
const sharedSetup = `(async () => {
  const { load } = await import("/bosbase.js");
  window.BosBase = await load();
  window.pb = new BosBase(location.origin%s);
  window.got = [];
  if (%s) await pb.collection("users").authWithPassword(%s, %s);
  window.unsub = await pb.collection("posts").subscribe("*", (e) => got.push(e.action + ":" + e.record.title));
  return pb.authStore.isValid;
})()`

// testSharedRealtime: ten tabs of one origin, each subscribed to posts,
// share one realtime connection: a post created in one tab reaches every
// tab's listener once, a plain request still completes in every tab (with
// a connection each, a tab's subscribe hangs once six streams are open), an unsubscribe
// removes only that tab's listener, and when the leading tab closes another
// takes over without losing or doubling an event.
func (e *env) testSharedRealtime(t *testing.T) {
	u := e.srv.NewUser(t, testenv.UserOptions{Verified: true})
	tabs := make([]*tab, sharedTabs)
	tabs[0] = e.newTab(t)
	for i := range tabs {
		if i > 0 {
			tabs[i] = tabs[0].sibling(t) // the same browser profile: shared localStorage and connection pool
		}
		tabs[i].navigate("/")
		first := fmt.Sprint(i == 0)
		if !eval[bool](tabs[i], fmt.Sprintf(sharedSetup, "", first, jsString(u.Email), jsString(u.Password))) {
			fatalf(t, tabs[i], "tab %d is not signed in through the shared session", i)
		}
	}
	for i, tb := range tabs {
		if n := eval[int](tb, `pb.collection("posts").getList(1, 1).then((l) => l.page)`); n != 1 {
			fatalf(t, tb, "tab %d: getList answered page %d", i, n)
		}
	}
	if !eval[bool](tabs[0], `!!pb._rtHub.lead`) {
		fatalf(t, tabs[0], "the first tab does not lead")
	}
	for i, tb := range tabs[1:] {
		if eval[bool](tb, `!!pb._rtHub.lead`) {
			fatalf(t, tb, "tab %d leads too", i+1)
		}
	}

	create := func(tb *tab, title string) {
		t.Helper()
		eval[string](tb, fmt.Sprintf(`pb.collection("posts").create({ title: %s, user: pb.authStore.record.id }).then((r) => r.id)`, jsString(title)))
	}
	// waitOnce waits until the tab's listener got want, and checks it got it once.
	waitOnce := func(i int, tb *tab, want string) {
		t.Helper()
		poll[bool](tb, fmt.Sprintf("tab %d to get %s", i, want), fmt.Sprintf(`got.includes(%s)`, jsString(want)))
		if n := eval[int](tb, fmt.Sprintf(`got.filter((g) => g === %s).length`, jsString(want))); n != 1 {
			fatalf(t, tb, "tab %d got %s %d times: %v", i, want, n, eval[[]string](tb, `got`))
		}
	}

	// A subscription's options are part of its identity on the server: the
	// same topic with a filter is another subscription, which the leader
	// holds next to the plain one, and its listener gets only its events.
	for _, i := range []int{4, 7} {
		eval[bool](tabs[i], `(window.gotF = [], pb.collection("posts").subscribe("*", (e) => gotF.push(e.record.title), { filter: 'title = "filtered"' }).then(() => true))`)
	}
	// Clients whose session is not the tabs' shared one keep their own connection.
	if !eval[bool](tabs[1], `(async () => {
  const own = [new BosBase(location.origin, { authStore: "session" }), new BosBase(location.origin, { authStore: "memory" }), new BosBase(location.origin, { sharedRealtime: false })];
  const ok = [];
  for (const c of own) {
    const off = await c.realtime.subscribe("posts/*", () => {});
    ok.push(!c._rtHub && c.realtime.isConnected);
    await off();
    c.dispose();
  }
  return ok.every(Boolean) && pb.realtime.isConnected && pb.realtime.clientId !== "";
})()`) {
		fatalf(t, tabs[1], "a client of another store shared the connection, or the shared one is not reported")
	}

	create(tabs[5], "one")
	for i, tb := range tabs {
		waitOnce(i, tb, "create:one")
	}

	create(tabs[6], "filtered")
	for _, i := range []int{4, 7} {
		poll[bool](tabs[i], "the filtered listener", `gotF.length === 1 && gotF[0] === "filtered"`)
	}
	for i, tb := range tabs {
		waitOnce(i, tb, "create:filtered")
	}

	// An unsubscribe removes only this tab's listener.
	eval[bool](tabs[2], `unsub().then(() => true)`)
	create(tabs[3], "two")
	for i, tb := range tabs {
		if i != 2 {
			waitOnce(i, tb, "create:two")
		}
	}
	if got := eval[[]string](tabs[2], `got`); len(got) != 2 {
		fatalf(t, tabs[2], "the unsubscribed tab got %v", got)
	}

	// The leader goes; another tab takes over with every subscription.
	first := eval[string](tabs[1], `pb.realtime.clientId`)
	if _, err := chromedp.CallBrowser(e.browser, target.CloseTarget, target.CloseTargetParams{TargetID: tabs[0].id}); err != nil {
		t.Fatalf("close the leading tab: %v", err)
	}
	rest := tabs[1:]
	poll[bool](rest[0], "a new leader", fmt.Sprintf(`(async () => {
  const held = (await navigator.locks.query()).held.map((l) => l.name);
  return held.filter((n) => n.endsWith(":leader")).length === 1 && held.filter((n) => n.includes(":tab:")).length === %d;
})()`, len(rest)))
	// Each tab learns of the new connection once it holds every subscription.
	for i, tb := range rest {
		poll[bool](tb, fmt.Sprintf("tab %d to see the new connection", i+1), fmt.Sprintf(`pb.realtime.isConnected && pb.realtime.clientId !== %s`, jsString(first)))
	}
	create(rest[0], "three")
	for i, tb := range rest {
		if i+1 != 2 {
			waitOnce(i+1, tb, "create:three")
			waitOnce(i+1, tb, "create:one")
		}
	}
	var leader *tab
	for _, tb := range rest {
		if eval[bool](tb, `!!pb._rtHub.lead`) {
			if leader != nil {
				fatalf(t, tb, "two tabs lead after the first closed")
			}
			leader = tb
		}
	}
	if leader == nil {
		t.Fatal("no tab leads after the first closed")
	}

	// The connection carries the tabs' session: signing out in another tab
	// reconnects it as a guest (a storage event in the leading tab);
	// signing in again in the leading tab itself (no storage event there)
	// reconnects it with the user, or posts, listed for signed-in users
	// only, would not reach anyone.
	follower := rest[0]
	if follower == leader {
		follower = rest[1]
	}
	eval[bool](follower, `(pb.authStore.clear(), true)`)
	poll[bool](leader, "the sign-out in the leading tab", `!pb.authStore.isValid`)
	eval[bool](leader, fmt.Sprintf(`(window.oldLead = pb._rtHub.lead.pb, pb.collection("users").authWithPassword(%s, %s).then(() => true))`, jsString(u.Email), jsString(u.Password)))
	id := poll[string](leader, "the leader's signed-in client", `(() => { const c = pb._rtHub.lead.pb; return c !== oldLead && c.authStore.isValid && c.realtime.isConnected && c.realtime.clientId; })()`)
	for i, tb := range rest {
		poll[bool](tb, fmt.Sprintf("tab %d to see the signed-in connection", i+1), fmt.Sprintf(`pb.realtime.clientId === %s`, jsString(id)))
	}
	create(follower, "four")
	for i, tb := range rest {
		if i+1 != 2 {
			waitOnce(i+1, tb, "create:four")
		}
	}
}
