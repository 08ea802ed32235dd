//go:build unix

package tokenstore

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
)

const (
	secretServiceChildEnv = "BOSGO_TOKENSTORE_SECRET_SERVICE"
	secretServiceMarker   = "BOSGO_TOKENSTORE_MARKER"
)

// TestSecretServiceRoundTrip runs the store against a real Secret Service:
// the test re-executes itself under dbus-run-session with a private HOME
// and a gnome-keyring-daemon unlocked headless, then checks that no dbus or
// keyring daemon of that session outlives it.
func TestSecretServiceRoundTrip(t *testing.T) {
	if os.Getenv(secretServiceChildEnv) != "" {
		secretServiceChecks(t)
		return
	}
	t.Parallel()
	for _, bin := range []string{"dbus-run-session", "gnome-keyring-daemon"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Fatalf("%s is not installed: run `go tool task desktop:setup` (this test needs a real Secret Service)", bin)
		}
	}
	home := t.TempDir()
	runtimeDir := filepath.Join(home, "run")
	if err := os.Mkdir(runtimeDir, 0o700); err != nil {
		t.Fatal(err)
	}
	marker := make([]byte, 8)
	_, _ = rand.Read(marker)
	mark := hex.EncodeToString(marker)

	var env []string
	for _, kv := range os.Environ() {
		switch strings.SplitN(kv, "=", 2)[0] {
		case "DBUS_SESSION_BUS_ADDRESS", "HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_RUNTIME_DIR":
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "HOME="+home, "XDG_DATA_HOME="+filepath.Join(home, ".local/share"),
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"), "XDG_RUNTIME_DIR="+runtimeDir,
		secretServiceChildEnv+"=1", secretServiceMarker+"="+mark)
	if err := os.MkdirAll(filepath.Join(home, ".local/share"), 0o700); err != nil {
		t.Fatal(err)
	}
	// gnome-keyring-daemon --unlock reads the login password on stdin and
	// creates the "login" collection, so nothing prompts.
	script := `eval "$(printf bosgo-test-login | gnome-keyring-daemon --unlock --components=secrets)" || exit 97
exec "$0" -test.run='^TestSecretServiceRoundTrip$' -test.v -test.count=1`
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "dbus-run-session", "--", "sh", "-c", script, os.Args[0])
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("--- PASS: TestSecretServiceRoundTrip")) {
		t.Fatalf("the Secret Service run failed (%v):\n%s", err, out)
	}
	t.Logf("child output:\n%s", out)
	waitNoProcessWith(t, secretServiceMarker+"="+mark)
}

// secretServiceChecks is the body run inside the private D-Bus session.
func secretServiceChecks(t *testing.T) {
	ctx := t.Context()
	dir := filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "bosgo")
	s, err := Open(ctx, Options{Dir: dir, Profile: "real"})
	if err != nil {
		t.Fatalf("Open with the real keyring: %v", err)
	}
	tok := testToken(t, "u1")
	if err := s.Save(tok, testRecord("u1")); err != nil {
		t.Fatal(err)
	}
	// The key is in the real keyring, readable with secret-tool, and only
	// the key: 32 bytes, base64.
	kr := SystemKeyring()
	stored, err := kr.Get(testService, "real")
	if err != nil {
		t.Fatalf("the key is not in the Secret Service: %v", err)
	}
	if len(stored) != 44 {
		t.Errorf("keyring entry is %d characters, want a base64 32-byte key (44)", len(stored))
	}
	if out, err := exec.Command("secret-tool", "lookup", "service", testService, "username", "real").Output(); err != nil || strings.TrimSpace(string(out)) != stored {
		t.Errorf("secret-tool lookup = %q, %v; want the stored key", out, err)
	}
	file, err := os.ReadFile(filepath.Join(dir, "real.session"))
	if err != nil || bytes.Contains(file, []byte(stored)) || bytes.Contains(file, []byte(tok)) {
		t.Fatalf("session file missing or holds plaintext (%v)", err)
	}

	// A new store on the same folder (a restart) restores the session.
	s2, err := Open(ctx, Options{Dir: dir, Profile: "real"})
	if err != nil || s2.Token() != tok || s2.Record().Email() != "u1@secret-mail.example" {
		t.Fatalf("restart: %v, token restored: %v", err, s2 != nil && s2.Token() == tok)
	}
	if _, err := kr.Get(testService, "nobody"); !errors.Is(err, ErrKeyNotFound) {
		t.Errorf("Get of a missing entry = %v, want ErrKeyNotFound", err)
	}

	// Losing the key makes the file unreadable: moved aside, signed out.
	if err := NewKeyringSource(nil).Forget(ctx, "real"); err != nil {
		t.Fatal(err)
	}
	s3, err := Open(ctx, Options{Dir: dir, Profile: "real"})
	wantCorrupt(t, s3, err, dir)
}

// waitNoProcessWith polls /proc until no process has envEntry in its
// environment (the daemons of a session exit shortly after it ends).
func waitNoProcessWith(t *testing.T, envEntry string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		left := processesWithEnv(envEntry)
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("processes of the test D-Bus session outlived it: %v", left)
		}
		time.Sleep(50 * time.Millisecond) // polling an external process, not synchronising goroutines
	}
}

func processesWithEnv(envEntry string) []string {
	procs, _ := filepath.Glob("/proc/[0-9]*")
	var left []string
	for _, p := range procs {
		env, err := os.ReadFile(filepath.Join(p, "environ"))
		if err != nil {
			continue
		}
		for _, kv := range bytes.Split(env, []byte{0}) {
			if string(kv) == envEntry {
				comm, _ := os.ReadFile(filepath.Join(p, "comm"))
				left = append(left, filepath.Base(p)+":"+strings.TrimSpace(string(comm)))
				break
			}
		}
	}
	return left
}
