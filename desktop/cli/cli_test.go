package cli_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/desktop/authservice"
	"github.com/bosgo/bosgo/desktop/cli"
	"github.com/bosgo/bosgo/desktop/opener"
	"github.com/bosgo/bosgo/desktop/tokenstore"
	"github.com/bosgo/bosgo/internal/testenv"
)

// syncBuffer is a writer the CLI and the test share.
type syncBuffer struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	saw  chan struct{} // closed when the output contains want
	want string
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n, err := b.buf.Write(p)
	if b.want != "" && b.saw != nil && strings.Contains(b.buf.String(), b.want) {
		close(b.saw)
		b.saw = nil
	}
	return n, err
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// cliEnv is one user's machine: folder, keyring, server.
type cliEnv struct {
	srv     *testenv.Server
	dir     string
	keyring *tokenstore.MemoryKeyring
	opener  opener.Opener
	secrets []string // never in any output
	stderr  []string // every run's stderr
}

func newCLIEnv(t *testing.T) *cliEnv {
	t.Helper()
	return &cliEnv{srv: testenv.Shared(t), dir: t.TempDir(), keyring: tokenstore.NewMemoryKeyring(),
		opener: opener.Func(func(context.Context, string) error { return errors.New("no browser here") })}
}

// run runs one command line and returns exit status, stdout and stderr.
func (e *cliEnv) run(t *testing.T, stdin string, terminal bool, args ...string) (int, string, string) {
	t.Helper()
	return e.runCtx(t, t.Context(), stdin, terminal, &syncBuffer{}, args...)
}

func (e *cliEnv) runCtx(t *testing.T, ctx context.Context, stdin string, terminal bool, stderr *syncBuffer, args ...string) (int, string, string) {
	t.Helper()
	var stdout syncBuffer
	code := cli.Run(ctx, args, cli.Env{
		Stdin: strings.NewReader(stdin), Stdout: &stdout, Stderr: stderr,
		StdoutIsTerminal: func() bool { return terminal },
		Dir:              e.dir, Keyring: e.keyring, Opener: e.opener, ServerURL: e.srv.URL,
		OAuth2Timeout: 30 * time.Second,
	})
	e.stderr = append(e.stderr, stderr.String())
	return code, stdout.String(), stderr.String()
}

// noSecrets checks that no run's stderr held a secret.
func (e *cliEnv) noSecrets(t *testing.T) {
	t.Helper()
	for _, out := range e.stderr {
		for _, s := range e.secrets {
			if s != "" && strings.Contains(out, s) {
				t.Errorf("stderr holds a secret (%.6q…): %q", s, out)
			}
		}
		if strings.Contains(out, "eyJhbGciOi") {
			t.Errorf("stderr holds a token: %q", out)
		}
	}
}

func wantExit(t *testing.T, what string, got, want int, stderr string) {
	t.Helper()
	if got != want {
		t.Fatalf("%s: exit %d, want %d; stderr: %s", what, got, want, stderr)
	}
}

func TestLoginStatusTokenLogout(t *testing.T) {
	t.Parallel()
	e := newCLIEnv(t)
	u := e.srv.NewUser(t, testenv.UserOptions{Verified: true, Name: "Cli Person"})
	e.secrets = append(e.secrets, u.Password)

	code, out, errOut := e.run(t, "", false, "status")
	wantExit(t, "status before login", code, cli.ExitNotSignedIn, errOut)
	if !strings.Contains(out, e.srv.URL) || !strings.Contains(out, "Signed in:   no") {
		t.Errorf("status before login:\n%s", out)
	}
	code, _, errOut = e.run(t, "", false, "token")
	wantExit(t, "token before login", code, cli.ExitNotSignedIn, errOut)

	code, out, errOut = e.run(t, u.Password+"\n", false, "login", "--email", u.Email, "--password-stdin")
	wantExit(t, "login", code, cli.ExitOK, errOut)
	if out != "" || !strings.Contains(errOut, "Signed in to "+e.srv.URL+" as "+u.Email) {
		t.Errorf("login printed stdout %q, stderr %q", out, errOut)
	}

	code, out, errOut = e.run(t, "", false, "status")
	wantExit(t, "status", code, cli.ExitOK, errOut)
	for _, want := range []string{u.Email, "Cli Person", "Expires:", "system keyring", "XChaCha20-Poly1305", ".session"} {
		if !strings.Contains(out, want) {
			t.Errorf("status does not say %q:\n%s", want, out)
		}
	}
	code, out, _ = e.run(t, "", false, "status", "--json")
	var js map[string]any
	if code != cli.ExitOK || json.Unmarshal([]byte(out), &js) != nil || js["email"] != u.Email || js["valid"] != true || js["tier"] != "keyring" {
		t.Errorf("status --json (exit %d):\n%s", code, out)
	}

	// token refuses a terminal unless --force, and then prints nothing.
	code, out, errOut = e.run(t, "", true, "token")
	wantExit(t, "token to a terminal", code, cli.ExitUsage, errOut)
	if out != "" || !strings.Contains(errOut, "--force") {
		t.Errorf("token to a terminal printed %q / %q", out, errOut)
	}
	code, forced, errOut := e.run(t, "", true, "token", "--force")
	wantExit(t, "token --force", code, cli.ExitOK, errOut)
	code, tok, errOut := e.run(t, "", false, "token")
	wantExit(t, "token", code, cli.ExitOK, errOut)
	tok = strings.TrimSuffix(tok, "\n")
	if tok != strings.TrimSuffix(forced, "\n") || strings.Count(tok, ".") != 2 {
		t.Fatalf("token printed %d bytes, not a JWT", len(tok))
	}
	e.secrets = append(e.secrets, tok)
	// The printed token works against the server.
	c := core.New(e.srv.URL)
	if err := c.AuthStore().Save(tok, nil); err != nil {
		t.Fatal(err)
	}
	if res, err := c.Collection("users").AuthRefresh(t.Context()); err != nil || res.Record.Email() != u.Email {
		t.Fatalf("the printed token does not authenticate: %v", err)
	}

	code, _, errOut = e.run(t, "", false, "logout")
	wantExit(t, "logout", code, cli.ExitOK, errOut)
	code, _, errOut = e.run(t, "", false, "token")
	wantExit(t, "token after logout", code, cli.ExitNotSignedIn, errOut)
	code, _, errOut = e.run(t, "", false, "logout")
	wantExit(t, "second logout", code, cli.ExitOK, errOut)
	e.noSecrets(t)
}

func TestLoginFailures(t *testing.T) {
	t.Parallel()
	e := newCLIEnv(t)
	u := e.srv.NewUser(t, testenv.UserOptions{Verified: true})
	mfa := e.srv.NewUser(t, testenv.UserOptions{Verified: true, MFA: true})
	e.secrets = append(e.secrets, u.Password, mfa.Password, "wrong-password-123")

	cases := []struct {
		name  string
		stdin string
		args  []string
		want  int
	}{
		{"no method", "", []string{"login"}, cli.ExitUsage},
		{"both methods", "x", []string{"login", "--email", u.Email, "--password-stdin", "--oauth2", "oidc"}, cli.ExitUsage},
		{"no email", "x", []string{"login", "--password-stdin"}, cli.ExitUsage},
		{"empty password", "\n", []string{"login", "--email", u.Email, "--password-stdin"}, cli.ExitUsage},
		{"bad flag", "", []string{"status", "--nope"}, cli.ExitUsage},
		{"extra argument", "", []string{"status", "extra"}, cli.ExitUsage},
		{"bad profile", "", []string{"status", "--profile", "../x"}, cli.ExitUsage},
		{"unknown command", "", []string{"frobnicate"}, cli.ExitUsage},
		{"bad server", "x", []string{"login", "--server", "ftp://x", "--email", u.Email, "--password-stdin"}, cli.ExitUsage},
		{"wrong password", "wrong-password-123", []string{"login", "--email", u.Email, "--password-stdin"}, cli.ExitRefused},
		{"unreachable", u.Password, []string{"login", "--server", "http://127.0.0.1:1", "--email", u.Email, "--password-stdin"}, cli.ExitUnreachable},
		{"mfa", mfa.Password, []string{"login", "--server", e.srv.URL, "--email", mfa.Email, "--password-stdin"}, cli.ExitMFARequired},
	}
	for _, c := range cases {
		code, out, errOut := e.run(t, c.stdin, false, c.args...)
		if code != c.want {
			t.Errorf("%s: exit %d, want %d; stderr: %s", c.name, code, c.want, errOut)
		}
		if out != "" {
			t.Errorf("%s: stdout %q, want nothing", c.name, out)
		}
		if errOut == "" {
			t.Errorf("%s: no message on stderr", c.name)
		}
	}
	code, _, errOut := e.run(t, u.Password, false, "login", "--email", u.Email, "--password-stdin")
	wantExit(t, "login", code, cli.ExitOK, errOut)
	code, _, errOut = e.run(t, u.Password, false, "login", "--email", u.Email, "--password-stdin")
	wantExit(t, "login while signed in", code, cli.ExitError, errOut)
	e.noSecrets(t)
}

// TestProfiles: two accounts side by side, each with its own session.
func TestProfiles(t *testing.T) {
	t.Parallel()
	e := newCLIEnv(t)
	a := e.srv.NewUser(t, testenv.UserOptions{Verified: true})
	b := e.srv.NewUser(t, testenv.UserOptions{Verified: true})
	if code, _, errOut := e.run(t, a.Password, false, "login", "--email", a.Email, "--password-stdin"); code != 0 {
		t.Fatalf("login a: %d %s", code, errOut)
	}
	if code, _, errOut := e.run(t, b.Password, false, "login", "--profile", "work", "--email", b.Email, "--password-stdin"); code != 0 {
		t.Fatalf("login b: %d %s", code, errOut)
	}
	_, outA, _ := e.run(t, "", false, "status")
	_, outB, _ := e.run(t, "", false, "status", "--profile", "work")
	if !strings.Contains(outA, a.Email) || !strings.Contains(outB, b.Email) || strings.Contains(outA, b.Email) {
		t.Errorf("profiles mixed up:\ndefault: %s\nwork: %s", outA, outB)
	}
	if code, _, _ := e.run(t, "", false, "logout", "--profile", "work"); code != 0 {
		t.Fatal("logout work")
	}
	if code, _, _ := e.run(t, "", false, "status"); code != cli.ExitOK {
		t.Error("logging out of one profile signed the other out")
	}
}

// TestLockedAndExpired: a passphrase-protected session is locked to the
// command line (nothing printed, exit 4); an expired session is exit 8.
func TestLockedAndExpired(t *testing.T) {
	t.Parallel()
	e := newCLIEnv(t)
	src, err := tokenstore.NewPassphraseSource([]byte("correct horse battery"), &tokenstore.Argon2Params{Time: 1, MemoryKiB: 64, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	s, err := tokenstore.Open(t.Context(), tokenstore.Options{AppID: authservice.AppID, Dir: e.dir, Keys: src,
		ServerURL: e.srv.URL, Collection: "users"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Save(fakeToken(time.Now().Add(time.Hour)), core.Record{"id": "x1", "email": "locked@example.com"}); err != nil {
		t.Fatal(err)
	}
	_ = s.Close()
	code, out, errOut := e.run(t, "", false, "token")
	wantExit(t, "token when locked", code, cli.ExitLocked, errOut)
	if out != "" {
		t.Errorf("token printed %q while locked", out)
	}
	code, _, errOut = e.run(t, "", false, "status")
	wantExit(t, "status when locked", code, cli.ExitLocked, errOut)
	code, _, errOut = e.run(t, "", false, "logout")
	wantExit(t, "logout when locked", code, cli.ExitOK, errOut)
	code, _, errOut = e.run(t, "", false, "status")
	wantExit(t, "status after logout", code, cli.ExitNotSignedIn, errOut)

	// An expired session, saved the way the app would.
	ks, err := tokenstore.Open(t.Context(), tokenstore.Options{AppID: authservice.AppID, Dir: e.dir,
		Keys: tokenstore.NewKeyringSource(e.keyring), ServerURL: e.srv.URL, Collection: "users"})
	if err != nil {
		t.Fatal(err)
	}
	if err := ks.Save(fakeToken(time.Now().Add(-time.Hour)), core.Record{"id": "x1", "email": "old@example.com"}); err != nil {
		t.Fatal(err)
	}
	_ = ks.Close()
	code, out, errOut = e.run(t, "", false, "status")
	wantExit(t, "status when expired", code, cli.ExitExpired, errOut)
	if !strings.Contains(out, "expired") {
		t.Errorf("status does not say expired:\n%s", out)
	}
	code, out, errOut = e.run(t, "", false, "token")
	wantExit(t, "token when expired", code, cli.ExitExpired, errOut)
	if out != "" {
		t.Errorf("token printed an expired token")
	}

	// No keyring at all: login cannot keep the session, exit 4.
	e.keyring.SetErr(errors.New("no keyring"))
	code, _, errOut = e.run(t, "pw", false, "login", "--email", "a@example.com", "--password-stdin")
	wantExit(t, "login without a keyring", code, cli.ExitLocked, errOut)
}

// TestLoginOAuth2: the browser sign-in, through a "browser" that follows
// the link, and through none (the link is printed; Ctrl+C cancels).
func TestLoginOAuth2(t *testing.T) {
	t.Parallel()
	e := newCLIEnv(t)
	u := e.srv.NewUser(t, testenv.UserOptions{Verified: true})
	e.srv.QueueOIDCUser(t, u.Email, "OIDC Cli")
	e.opener = followOpener(u.Email)
	for _, mode := range []string{"loopback", "realtime"} {
		code, _, errOut := e.run(t, "", false, "login", "--oauth2", "oidc", "--mode", mode)
		wantExit(t, "login --oauth2 "+mode, code, cli.ExitOK, errOut)
		if !strings.Contains(errOut, "Opening the browser") || strings.Contains(errOut, "http") && strings.Contains(errOut, "state=") {
			t.Errorf("%s: stderr %q", mode, errOut)
		}
		if code, out, _ := e.run(t, "", false, "status"); code != 0 || !strings.Contains(out, u.Email) {
			t.Errorf("%s: status after OAuth2 login: %d\n%s", mode, code, out)
		}
		if code, _, _ := e.run(t, "", false, "logout"); code != 0 {
			t.Fatal("logout")
		}
		e.srv.QueueOIDCUser(t, u.Email, "OIDC Cli")
	}

	// No browser: the link is printed; Ctrl+C (ctx) cancels with exit 9.
	e.opener = opener.Func(func(context.Context, string) error { return opener.ErrNoBrowser })
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	stderr := &syncBuffer{saw: make(chan struct{}), want: "Open this link"}
	saw := stderr.saw
	done := make(chan int, 1)
	go func() {
		code, _, _ := e.runCtx(t, ctx, "", false, stderr, "login", "--oauth2", "oidc")
		done <- code
	}()
	<-saw
	cancel()
	if code := <-done; code != cli.ExitCancelled {
		t.Errorf("cancelled OAuth2 login: exit %d, want %d; stderr %s", code, cli.ExitCancelled, stderr.String())
	}
}

func TestHelp(t *testing.T) {
	t.Parallel()
	e := newCLIEnv(t)
	code, out, _ := e.run(t, "", false, "help")
	if code != 0 || !strings.Contains(out, "Exit status") || !cli.IsCommand("status") || cli.IsCommand("-assetdir") {
		t.Errorf("help: %d\n%s", code, out)
	}
}

// fakeToken is an unsigned JWT with the given expiry (the CLI only reads
// its claims).
func fakeToken(exp time.Time) string {
	enc := base64.RawURLEncoding
	claims := fmt.Sprintf(`{"id":"x1","collectionId":"_pb_users_auth_","type":"auth","refreshable":true,"exp":%d}`, exp.Unix())
	return enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc.EncodeToString([]byte(claims)) + ".c2ln"
}

// followOpener visits the provider URL like a signed-in browser.
func followOpener(loginHint string) opener.Func {
	return func(ctx context.Context, raw string) error {
		u, err := url.Parse(raw)
		if err != nil {
			return err
		}
		q := u.Query()
		q.Set("login_hint", loginHint)
		u.RawQuery = q.Encode()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		if err != nil {
			return err
		}
		resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
		if err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		return resp.Body.Close()
	}
}
