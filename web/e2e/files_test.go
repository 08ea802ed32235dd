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
	res := eval[filesResult](tb, fmt.Sprintf(`import("/e2e/files.js").then((m) => m.run(%s, %s))`, jsString(u.Email), jsString(u.Password)))
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
