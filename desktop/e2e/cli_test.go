//go:build desktope2e

package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bosgo/bosgo/internal/testenv"
)

// cliBinEnv hands the production build to the re-executed CLI test.
const cliBinEnv = "BOSGO_E2E_CLI_BIN"

// TestCLI builds bosgo-desktop as `wails build` does (tags desktop,
// production, webkit2_41), then re-executes this test inside a private
// D-Bus session with gnome-keyring unlocked headless and *no display*
// (DISPLAY and WAYLAND_DISPLAY unset: a subcommand that initialised GTK
// would fail), and drives the binary's command line as a subprocess
// against the devserver.
func TestCLI(t *testing.T) {
	if os.Getenv(cliBinEnv) != "" {
		cliChild(t)
		return
	}
	for _, bin := range []string{"dbus-run-session", "gnome-keyring-daemon", "secret-tool"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Fatalf("%s is not installed: run `go tool task desktop:setup`", bin)
		}
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "bosgo-desktop")
	build := exec.Command("go", "build", "-tags", "desktop,production,webkit2_41", "-o", bin, "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build -tags desktop,production,webkit2_41: %v\n%s", err, out)
	}
	home := filepath.Join(tmp, "home")
	for _, d := range []string{".local/share", ".config", "run"} {
		if err := os.MkdirAll(filepath.Join(home, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	mark := make([]byte, 8)
	_, _ = rand.Read(mark)
	marker := markerEnv + "=" + hex.EncodeToString(mark)
	var env []string
	for _, kv := range os.Environ() {
		switch strings.SplitN(kv, "=", 2)[0] {
		case "DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY", "HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_RUNTIME_DIR", "XAUTHORITY":
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "HOME="+home, "XDG_DATA_HOME="+filepath.Join(home, ".local/share"),
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"), "XDG_RUNTIME_DIR="+filepath.Join(home, "run"),
		cliBinEnv+"="+bin, marker)
	script := `eval "$(printf bosgo-e2e-login | gnome-keyring-daemon --unlock --components=secrets)" || exit 97
exec "$0" -test.run='^TestCLI$' -test.v -test.count=1 -test.timeout=5m`
	ctx, cancel := context.WithTimeout(t.Context(), 6*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "dbus-run-session", "--", "sh", "-c", script, os.Args[0])
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	t.Logf("child run:\n%s", out)
	if err != nil || !bytes.Contains(out, []byte("--- PASS: TestCLI")) {
		t.Fatalf("the CLI run failed: %v", err)
	}
	waitNoProcessWith(t, marker)
}

// cliRun is one run of the binary.
type cliRun struct {
	code           int
	stdout, stderr string
}

func cliChild(t *testing.T) {
	srv := testenv.Start(t, testenv.Options{})
	bin := os.Getenv(cliBinEnv)
	fakeBin := t.TempDir()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(self, filepath.Join(fakeBin, "xdg-open")); err != nil {
		t.Fatal(err)
	}
	xdgLog, xdgMode := filepath.Join(fakeBin, "opened.txt"), filepath.Join(fakeBin, "mode")
	writeFile(t, xdgMode, []byte("follow"))
	env := append(os.Environ(), "PATH="+fakeBin+string(os.PathListSeparator)+os.Getenv("PATH"),
		xdgLogEnv+"="+xdgLog, xdgModeEnv+"="+xdgMode, "BOSGO_SERVER_URL="+srv.URL)
	var allErr strings.Builder
	run := func(stdin string, args ...string) cliRun {
		t.Helper()
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, bin, args...)
		cmd.Env = env
		cmd.Stdin = strings.NewReader(stdin)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var ee *exec.ExitError
		r := cliRun{stdout: stdout.String(), stderr: stderr.String()}
		switch {
		case errors.As(err, &ee):
			r.code = ee.ExitCode()
		case err != nil:
			t.Fatalf("running %v: %v", args, err)
		}
		allErr.WriteString(r.stderr)
		t.Logf("bosgo-desktop %s → %d\n%s", strings.Join(args, " "), r.code, r.stderr)
		return r
	}
	want := func(r cliRun, code int, what string) {
		t.Helper()
		if r.code != code {
			t.Fatalf("%s: exit %d, want %d\nstdout: %s\nstderr: %s", what, r.code, code, r.stdout, r.stderr)
		}
	}
	user := srv.NewUser(t, testenv.UserOptions{Verified: true, Name: "Cli Person"})
	sessionFile := filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "bosgo-desktop", "default.session")

	want(run("", "status"), 3, "status before login")
	want(run(user.Password+"\n", "login", "--email", user.Email, "--password-stdin"), 0, "login")
	st := run("", "status")
	want(st, 0, "status")
	for _, s := range []string{user.Email, "system keyring", srv.URL} {
		if !strings.Contains(st.stdout, s) {
			t.Errorf("status does not say %q:\n%s", s, st.stdout)
		}
	}
	tok := run("", "token")
	want(tok, 0, "token")
	token := strings.TrimSpace(tok.stdout)
	if strings.Count(token, ".") != 2 {
		t.Fatalf("token printed %d bytes, not a JWT", len(token))
	}
	// On a real terminal (a pty from util-linux script) token refuses and
	// prints nothing; with --force it prints.
	if _, err := exec.LookPath("script"); err != nil {
		t.Fatal("script (util-linux) is not installed")
	}
	pty := func(args string) (int, string) {
		t.Helper()
		cmd := exec.Command("script", "-qec", bin+" "+args, "/dev/null")
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode(), string(out)
		}
		if err != nil {
			t.Fatalf("script: %v", err)
		}
		return 0, string(out)
	}
	if code, out := pty("token"); code != 2 || strings.Contains(out, token) || !strings.Contains(out, "--force") {
		t.Errorf("token on a terminal: exit %d, output %d bytes, holds the token: %v", code, len(out), strings.Contains(out, token))
	}
	if code, out := pty("token --force"); code != 0 || !strings.Contains(out, token) {
		t.Errorf("token --force on a terminal: exit %d", code)
	}

	// The key is in the real Secret Service, under this application's name.
	if out, err := exec.Command("secret-tool", "lookup", "service", "bosgo-desktop", "username", "default").Output(); err != nil || len(strings.TrimSpace(string(out))) != 44 {
		t.Errorf("no key under service bosgo-desktop in the Secret Service (%v)", err)
	}
	backup, err := os.ReadFile(sessionFile)
	if err != nil {
		t.Fatalf("no session file at %s: %v", sessionFile, err)
	}
	want(run("", "logout"), 0, "logout")
	// A copy of the signed-out session put back does not sign in again.
	writeFile(t, sessionFile, backup)
	want(run("", "status"), 3, "status with a restored pre-logout file")
	want(run("", "token"), 3, "token with a restored pre-logout file")

	// OAuth2 through the fake browser, loopback then realtime.
	for _, mode := range []string{"loopback", "realtime"} {
		email := "cli-oidc-" + randomHex(t) + "@example.com"
		srv.QueueOIDCUser(t, email, "OIDC Cli")
		want(run("", "login", "--oauth2", "oidc", "--mode", mode), 0, "login --oauth2 "+mode)
		if st := run("", "status", "--json"); st.code != 0 || !strings.Contains(st.stdout, email) {
			t.Errorf("%s: status after OAuth2 login: %d\n%s", mode, st.code, st.stdout)
		}
		want(run("", "logout"), 0, "logout")
	}

	// A second profile next to the first.
	other := srv.NewUser(t, testenv.UserOptions{Verified: true})
	want(run(user.Password, "login", "--email", user.Email, "--password-stdin"), 0, "login default")
	want(run(other.Password, "login", "--profile", "work", "--email", other.Email, "--password-stdin"), 0, "login work")
	if st := run("", "status", "--profile", "work"); !strings.Contains(st.stdout, other.Email) {
		t.Errorf("profile work: %s", st.stdout)
	}
	want(run("wrong-password-1", "login", "--profile", "third", "--email", user.Email, "--password-stdin"), 6, "wrong password")

	out := allErr.String()
	for _, s := range []string{user.Password, other.Password, token, "eyJhbGciOi", "Gtk", "cannot open display"} {
		if strings.Contains(out, s) {
			t.Errorf("stderr holds %.10q…", s)
		}
	}
}
