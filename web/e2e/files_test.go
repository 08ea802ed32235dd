//go:build !js

package e2e

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/bosgo/bosgo/internal/testenv"
)

// filesSetup is the page-side preamble of the files tests: the module and
// a client signed in as the given user in a memory store.
const filesSetup = `
  const { load } = await import("/bosbase.js");
  const BosBase = await load();
  const pb = new BosBase(location.origin, { authStore: "memory" });
  await pb.collection("users").authWithPassword(%s, %s);
  const bytesOf = async (blob) => Array.from(new Uint8Array(await blob.arrayBuffer()));
  const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
`

type filesResult struct {
	Steps []string `json:"steps"`
	Error string   `json:"error"`
}

// testFiles: uploads through FormData and through plain objects with a
// Blob built in the page (a canvas PNG avatar, text attachments), replace,
// append and remove, the bytes back through files.getURL, a protected file
// refused without a token and served with one, a refused file's reason,
// getCount, health, and linked accounts: link through the OIDC mock, list,
// unlink.
func (e *env) testFiles(t *testing.T) {
	u := e.srv.NewUser(t, testenv.UserOptions{Verified: true})
	e.srv.QueueOIDCUser(t, u.Email, "Browser Linked")
	tb := e.newTab(t)
	tb.navigate("/")
	res := eval[filesResult](tb, fmt.Sprintf(`(async () => {
  const steps = [];
  try {`+filesSetup+`
  const me = pb.authStore.record;
  const users = pb.collection("users"), posts = pb.collection("posts");

  // Avatar: a PNG drawn in the page, sent from a plain object.
  const canvas = document.createElement("canvas"); canvas.width = 120; canvas.height = 80;
  canvas.getContext("2d").fillRect(0, 0, 120, 80);
  const png = await new Promise((r) => canvas.toBlob(r, "image/png"));
  let rec = await users.update(me.id, { name: "Blob Avatar", avatar: new File([png], "me.png", { type: "image/png" }) });
  if (!rec.avatar || rec.name !== "Blob Avatar") throw new Error("avatar not set: " + JSON.stringify(rec));
  if (pb.authStore.record.avatar !== rec.avatar) throw new Error("the session record was not updated");
  const got = await (await fetch(pb.files.getURL(rec, rec.avatar))).blob();
  if (!same(await bytesOf(got), await bytesOf(png))) throw new Error("avatar bytes differ");
  const thumb = await fetch(pb.files.getURL(rec, rec.avatar, { thumb: "100x100", download: false }));
  if (thumb.status !== 200) throw new Error("thumb " + thumb.status);
  steps.push("avatar");

  // A refused file carries the field's reason.
  try {
    await users.update(me.id, { avatar: new Blob(["not an image"], { type: "text/plain" }) });
    throw new Error("a text avatar was accepted");
  } catch (err) {
    const d = err.response && err.response.data && err.response.data.avatar;
    if (err.status !== 400 || !d || d.code !== "validation_invalid_mime_type") throw new Error("refusal: " + JSON.stringify(err));
  }
  steps.push("refused");

  // A post from a FormData with a Blob built in the page.
  const form = new FormData();
  form.append("title", "browser attachments");
  form.append("user", me.id);
  form.append("attachment", new Blob(["first blob"], { type: "text/plain" }), "a.txt");
  let post = await posts.create(form);
  if (post.attachment.length !== 1 || post.title !== "browser attachments") throw new Error("create: " + JSON.stringify(post));
  post = await posts.update(post.id, { "attachment+": [new Blob(["second blob"]), new File(["third"], "c \"q\" é.txt")] });
  if (post.attachment.length !== 3) throw new Error("append: " + JSON.stringify(post.attachment));
  post = await posts.update(post.id, { "attachment-": [post.attachment[0]] });
  if (post.attachment.length !== 2) throw new Error("remove: " + JSON.stringify(post.attachment));
  steps.push("attachments");

  // Protected: 404 without a token, the bytes with one.
  const plain = await fetch(pb.files.getURL(post, post.attachment[0]));
  if (plain.status !== 404) throw new Error("protected without token: " + plain.status);
  const token = await pb.files.getToken();
  const texts = [];
  for (const name of post.attachment) texts.push(await (await fetch(pb.files.getURL(post, name, { token }))).text());
  if (texts.join(",") !== "second blob,third") throw new Error("protected with token: " + texts);
  steps.push("protected");

  const n = await posts.getCount(pb.filter("user = {:id} && title = 'browser attachments'", { id: me.id }));
  if (n !== 1) throw new Error("getCount " + n);
  const h = await pb.health.check();
  if (h.code !== 200) throw new Error("health " + JSON.stringify(h));
  steps.push("count+health");

  // Link through the mock OIDC provider (the page follows the provider's
  // redirects with a no-cors fetch), list, unlink.
  await users.authWithOAuth2({ provider: "oidc", urlCallback: (url) => fetch(url, { mode: "no-cors", credentials: "omit" }) });
  let links = await users.listExternalAuths(me.id);
  if (links.length !== 1 || links[0].provider !== "oidc") throw new Error("links: " + JSON.stringify(links));
  if ((await users.unlinkExternalAuth(me.id, "oidc")) !== true) throw new Error("unlink did not resolve to true");
  links = await users.listExternalAuths(me.id);
  if (links.length !== 0) throw new Error("links after unlink: " + JSON.stringify(links));
  steps.push("links");
  pb.dispose();
  } catch (err) {
    return { steps, error: String(err && err.message || err) + " " + JSON.stringify(err) };
  }
  return { steps, error: "" };
})()`, jsString(u.Email), jsString(u.Password)))
	if res.Error != "" || len(res.Steps) != 6 {
		t.Fatalf("browser files: done %v, error %s", res.Steps, res.Error)
	}
}

// testFilesUploadAbort: a Blob upload aborted through its AbortSignal
// really stops: the server sees the request body cut off.
func (e *env) testFilesUploadAbort(t *testing.T) {
	var (
		mu      sync.Mutex
		started bool
	)
	serverErr := make(chan error, 1)
	release := make(chan struct{}) // closed once the page saw its upload aborted
	var releaseOnce sync.Once
	releaseAll := func() { releaseOnce.Do(func() { close(release) }) }
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Access-Control-Allow-Headers", "*")
		w.Header().Set("Access-Control-Allow-Methods", "GET, POST")
		switch {
		case r.Method == http.MethodOptions:
			return
		case r.URL.Path == "/started":
			mu.Lock()
			defer mu.Unlock()
			fmt.Fprint(w, started)
			return
		}
		if _, err := io.CopyN(io.Discard, r.Body, 1<<20); err != nil {
			serverErr <- err
			return
		}
		mu.Lock()
		started = true
		mu.Unlock()
		// The rest is read only after the abort: a request that did not
		// really stop would still deliver the whole body.
		<-release
		_, err := io.Copy(io.Discard, r.Body)
		serverErr <- err
	}))
	t.Cleanup(fake.Close)
	t.Cleanup(releaseAll) // runs first: an unreleased handler would block Close
	tb := e.newTab(t)
	tb.navigate("/")
	got := eval[string](tb, fmt.Sprintf(`(async () => {
  const { load } = await import("/bosbase.js");
  const BosBase = await load();
  const pb = new BosBase(%s, { authStore: "memory" });
  const ctrl = new AbortController();
  const upload = pb.collection("posts").create({ title: "big", attachment: new Blob([new Uint8Array(32 << 20)]) }, { signal: ctrl.signal });
  const outcome = upload.then(() => "resolved", (err) => err.isAbort ? "aborted" : "error: " + err.message);
  while ((await (await fetch(%s + "/started")).text()) !== "true") await new Promise((r) => setTimeout(r, 20));
  ctrl.abort();
  return await outcome;
})()`, jsString(fake.URL), jsString(fake.URL)))
	if got != "aborted" {
		t.Fatalf("the aborted upload: %s", got)
	}
	releaseAll()
	select {
	case err := <-serverErr:
		if err == nil {
			t.Fatal("the server read the whole 32 MB body: the upload did not stop")
		}
	case <-time.After(waitTimeout):
		t.Fatal("the server never saw the upload end")
	}
}
