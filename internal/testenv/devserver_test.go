package testenv_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bosgo/bosgo/internal/testenv"
)

func TestReadyAndHealth(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)

	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") || srv.Superuser.Email != "admin@example.com" ||
		srv.OIDC.Provider != "oidc" || !strings.HasPrefix(srv.OIDC.Issuer, "http://127.0.0.1:") ||
		srv.TokenMode != testenv.TokenModeBosBase || !srv.Dev || len(srv.Users) != 3 {
		t.Fatalf("unexpected READY info: %+v", srv)
	}

	r := call(t, http.MethodGet, srv.URL+"/api/health", "", nil)
	expect(t, "health", r, http.StatusOK, "API is healthy.")

	// Without a static folder the built-in page explains what is there.
	page := call(t, http.MethodGet, srv.URL+"/", "", nil)
	for _, want := range []string{`href="/_/"`, "demo@example.com", "mfa@example.com", "/api/dev/mails"} {
		if page.status != http.StatusOK || !strings.Contains(string(page.body), want) {
			t.Fatalf("index page: status %d, missing %q", page.status, want)
		}
	}
}

func TestRestartDoesNotDuplicateSeeds(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	collections := []string{"users", "posts", "_superusers", "_externalAuths"}

	first := testenv.Start(t, testenv.Options{DataDir: dir})
	before := map[string]int{}
	for _, c := range collections {
		before[c] = count(t, first, c)
	}
	// users: the three demo accounts and linked@example.com (seed_files.go),
	// whose OIDC link is the one _externalAuths record.
	if before["users"] != 4 || before["_superusers"] != 1 || before["posts"] < 5 || before["_externalAuths"] != 1 {
		t.Fatalf("unexpected seed counts: %v", before)
	}
	if err := first.Stop(); err != nil {
		t.Fatal(err)
	}

	second := testenv.Start(t, testenv.Options{DataDir: dir})
	for _, c := range collections {
		if got := count(t, second, c); got != before[c] {
			t.Errorf("%s: %d records after restart, %d before", c, got, before[c])
		}
	}
	login(t, second, "users", "demo@example.com", "secret123")

	// The mock OIDC provider moves to a new port on every start; the
	// provider config must follow it.
	methods := call(t, http.MethodGet, second.URL+"/api/collections/users/auth-methods", "", nil)
	expect(t, "auth-methods", methods, http.StatusOK, "")
	if p := oidcProvider(t, methods); !strings.HasPrefix(p.AuthURL, second.OIDC.Issuer+"/") {
		t.Fatalf("authURL %q does not point at the new issuer %s", p.AuthURL, second.OIDC.Issuer)
	}
}

func TestDevEndpointsAbsentWithoutDev(t *testing.T) {
	t.Parallel()
	srv := testenv.Start(t, testenv.Options{Dev: new(false)})
	if srv.Dev {
		t.Fatal("READY says dev mode is on")
	}
	expect(t, "GET /api/dev/mails", call(t, http.MethodGet, srv.URL+"/api/dev/mails", "", nil), http.StatusNotFound, "")
	expect(t, "POST /api/dev/oidc/queue", call(t, http.MethodPost, srv.URL+"/api/dev/oidc/queue", "",
		map[string]string{"email": "x@example.com"}), http.StatusNotFound, "")
}

func TestRateLimit(t *testing.T) {
	t.Parallel()
	srv := testenv.Start(t, testenv.Options{RateLimit: true})

	// PocketBase's default rule "*:auth" allows 2 requests per 3 s per IP;
	// the devserver's bind-token shares the tag, as in BosBase.
	body := map[string]string{"identity": "demo@example.com", "password": "secret123"}
	var statuses []int
	for range 3 {
		statuses = append(statuses, call(t, http.MethodPost, srv.URL+"/api/collections/users/auth-with-password", "", body).status)
	}
	if statuses[0] != http.StatusOK || statuses[2] != http.StatusTooManyRequests {
		t.Fatalf("auth-with-password statuses %v, want 200 first and 429 third", statuses)
	}
	bind := map[string]string{"email": "demo@example.com", "password": "secret123", "token": "rate-limit-token"}
	statuses = statuses[:0]
	for range 3 {
		statuses = append(statuses, call(t, http.MethodPost, srv.URL+"/api/collections/users/bind-token", "", bind).status)
	}
	if statuses[0] != http.StatusNoContent || statuses[2] != http.StatusTooManyRequests {
		t.Fatalf("bind-token statuses %v, want 204 first and 429 third", statuses)
	}
}

func TestBadFlagsExitNonZero(t *testing.T) {
	t.Parallel()
	bin := testenv.Binary(t)

	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { busy.Close() }) // not defer: the parallel subtests run after this function returns

	cases := []struct {
		name string
		args []string
		want string
	}{
		{"short token ttl", []string{"-token-ttl", "5s"}, "-token-ttl: 5s is too short"},
		{"non-loopback host", []string{"-addr", "0.0.0.0:0"}, "not a loopback address"},
		{"empty host", []string{"-addr", ":8090"}, "not a loopback address"},
		{"unknown token mode", []string{"-token-mode", "forever"}, `unknown mode "forever"`},
		{"bad rate limit", []string{"-rate-limit=sometimes"}, "want on or off"},
		{"port in use", []string{"-addr", busy.Addr().String()}, "cannot listen on " + busy.Addr().String()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, append(c.args, "-data", t.TempDir())...)
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() == 0 {
				t.Fatalf("want a non-zero exit, got %v; output:\n%s", err, out)
			}
			if !strings.Contains(string(out), c.want) {
				t.Fatalf("output does not say %q:\n%s", c.want, out)
			}
		})
	}
}

func TestStaticFolder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("<h1>bosgo web</h1>"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "app.wasm"), []byte("\x00asm"), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := testenv.Start(t, testenv.Options{Static: dir})

	if r := call(t, http.MethodGet, srv.URL+"/", "", nil); r.status != http.StatusOK || string(r.body) != "<h1>bosgo web</h1>" {
		t.Fatalf("GET /: %d %q", r.status, r.body)
	}
	resp, err := httpClient.Get(srv.URL + "/app.wasm")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/wasm" {
		t.Fatalf("GET /app.wasm: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	// The API still wins over the static folder.
	expect(t, "health", call(t, http.MethodGet, srv.URL+"/api/health", "", nil), http.StatusOK, "API is healthy.")
}
