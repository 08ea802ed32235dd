package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
)

// TestStaticIsolate: with -isolate the static files carry COOP same-origin
// and COEP require-corp (a crossOriginIsolated page); without, neither.
func TestStaticIsolate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "page.html"), []byte("<!doctype html><p>hi"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, isolate := range []bool{false, true} {
		r := router.NewRouter(func(w http.ResponseWriter, req *http.Request) (*core.RequestEvent, router.EventCleanupFunc) {
			e := &core.RequestEvent{}
			e.Response, e.Request = w, req
			return e, nil
		})
		registerStatic(r, dir, nil, isolate)
		mux, err := r.BuildMux()
		if err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/page.html", nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("isolate=%v: status %d", isolate, rec.Code)
		}
		coop, coep := rec.Header().Get("Cross-Origin-Opener-Policy"), rec.Header().Get("Cross-Origin-Embedder-Policy")
		if isolate && (coop != "same-origin" || coep != "require-corp") || !isolate && (coop != "" || coep != "") {
			t.Errorf("isolate=%v: COOP %q, COEP %q", isolate, coop, coep)
		}
	}
}
