//go:build desktope2e

package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/desktop/authservice"
	"github.com/bosgo/bosgo/desktop/tokenstore"
	"github.com/bosgo/bosgo/internal/secretscan"
	"github.com/bosgo/bosgo/internal/testenv"
)

// Environment passed from the parent test to its re-executed child.
const (
	childEnv  = "BOSGO_E2E_CHILD"  // set in the child
	appBinEnv = "BOSGO_E2E_APP"    // the dev-mode binary
	markerEnv = "BOSGO_E2E_MARKER" // tags every process of the run, for the leak check
)

// TestDesktopApp builds the dev-mode app, then re-executes this test in
// a virtual X display (xvfb-run) inside a private D-Bus session
// (dbus-run-session) with gnome-keyring unlocked headless, and finally
// checks that no process of that session outlived it.
func TestDesktopApp(t *testing.T) {
	if os.Getenv(childEnv) != "" {
		desktopChild(t)
		return
	}
	for _, bin := range []string{"xvfb-run", "dbus-run-session", "gnome-keyring-daemon", "import", "/usr/bin/chromium"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Fatalf("%s is not installed: run `go tool task desktop:setup`", bin)
		}
	}
	tmp := t.TempDir()
	app := filepath.Join(tmp, "bosgo-desktop-dev")
	build := exec.Command("go", "build", "-tags", "dev,webkit2_41", "-o", app, "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build -tags dev,webkit2_41: %v\n%s", err, out)
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
		case "DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_RUNTIME_DIR", "XAUTHORITY":
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "HOME="+home, "XDG_DATA_HOME="+filepath.Join(home, ".local/share"),
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"), "XDG_RUNTIME_DIR="+filepath.Join(home, "run"),
		childEnv+"=1", appBinEnv+"="+app, marker, "NO_AT_BRIDGE=1")
	script := `eval "$(printf bosgo-e2e-login | gnome-keyring-daemon --unlock --components=secrets)" || exit 97
exec "$0" -test.run='^TestDesktopApp$' -test.v -test.count=1 -test.timeout=8m`
	ctx, cancel := context.WithTimeout(t.Context(), 9*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "xvfb-run", "-a", "-s", "-screen 0 1280x900x24 -nolisten tcp",
		"dbus-run-session", "--", "sh", "-c", script, os.Args[0])
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	t.Logf("child run:\n%s", out)
	if err != nil || !bytes.Contains(out, []byte("--- PASS: TestDesktopApp")) {
		t.Fatalf("the desktop app run failed: %v", err)
	}
	waitNoProcessWith(t, marker)
}

// desktopChild is the test proper, inside the X display and D-Bus session.
func desktopChild(t *testing.T) {
	start := time.Now()
	step := func(name string) { t.Logf("%6.1fs %s", time.Since(start).Seconds(), name) }
	srv := testenv.Start(t, testenv.Options{})
	step("devserver ready")
	shots := artifactsDir(t)
	fakeBin := t.TempDir()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(self, filepath.Join(fakeBin, "xdg-open")); err != nil {
		t.Fatal(err)
	}
	xdgLog, xdgMode := filepath.Join(fakeBin, "opened.txt"), filepath.Join(fakeBin, "mode")
	setMode := func(m string) { writeFile(t, xdgMode, []byte(m)) }
	setMode("follow")
	assetDir, err := filepath.Abs(filepath.Join("..", "frontend", "dist"))
	if err != nil {
		t.Fatal(err)
	}
	e := &appEnv{
		bin:       os.Getenv(appBinEnv),
		assetDir:  assetDir,
		allOutput: &syncBuffer{},
		env: append(os.Environ(), "PATH="+fakeBin+string(os.PathListSeparator)+os.Getenv("PATH"),
			"BOSGO_SERVER_URL="+srv.URL, xdgLogEnv+"="+xdgLog, xdgModeEnv+"="+xdgMode),
	}
	// Every run's output is kept as an artifact (the test checks it holds no secret).
	t.Cleanup(func() { writeFile(t, filepath.Join(shots, "app-output.log"), []byte(e.allOutput.String())) })
	configDir := filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "bosgo-desktop")
	sessionFile := filepath.Join(configDir, "default.session")
	user := srv.NewUser(t, testenv.UserOptions{Verified: true, Name: "Desktop Person"})
	uploadAvatar(t, srv.URL, user)

	step("start app")
	app := e.start(t)
	b := newBrowser(t, shots)
	b.open(app.url)
	b.waitScreen("signin")
	b.waitJS(`!document.getElementById("methods").hidden && !!document.getElementById("oauth-oidc")`)
	if got := b.text("protection-badge"); got != "encrypted · key in keyring" {
		t.Errorf("protection badge %q: the real keyring should be in use", got)
	}
	b.screenshot("signin")

	step("password sign-in")
	// Password sign-in.
	b.fill("identity", user.Email)
	b.fill("password", user.Password)
	b.click("password-btn")
	b.waitScreen("signed-in")
	if got := b.text("user-email"); got != user.Email {
		t.Fatalf("signed in as %q, want %q", got, user.Email)
	}
	if got := b.text("protection"); !strings.Contains(got, "system keyring") {
		t.Errorf("protection text %q", got)
	}
	if got := b.text("expiry"); got == "" {
		t.Error("no token expiry shown")
	}
	// The avatar comes through core's Files API as a data: URL.
	b.waitJS(`document.body.dataset.avatar === "1" && document.getElementById("avatar").src.startsWith("data:image/png;base64,")`)
	b.screenshot("signed-in")
	if _, err := os.Stat(sessionFile); err != nil {
		t.Fatalf("no session file after sign-in: %v", err)
	}

	step("second instance")
	// A second launch hands over to the running app and exits.
	if err, out := e.runSecond(t); err == nil || !strings.Contains(err.Error(), "exit status 1") {
		t.Errorf("second instance: %v, want exit status 1 (single-instance lock)\n%s", err, out)
	}
	select {
	case <-app.exited:
		t.Fatal("the first instance died when the second started")
	default:
	}

	step("restart")
	// Restart: the session comes back from the encrypted file.
	app.stop(t)
	app = e.start(t)
	b.open(app.url)
	b.waitScreen("signed-in")
	if got := b.text("user-email"); got != user.Email {
		t.Fatalf("after restart signed in as %q, want %q", got, user.Email)
	}
	b.screenshot("restarted-still-signed-in")

	step("sign out")
	// Sign out.
	b.click("signout-btn")
	b.waitScreen("signin")
	if _, err := os.Stat(sessionFile); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("session file after sign-out: %v", err)
	}
	b.screenshot("signed-out")

	step("unreachable server")
	// A server that does not answer: one screen, "Try again"; then back.
	b.fill("server-url", "http://127.0.0.1:1")
	b.click("connect-btn")
	b.waitScreen("unreachable")
	if got := b.text("unreachable-server"); got != "http://127.0.0.1:1" {
		t.Errorf("unreachable screen names %q", got)
	}
	b.screenshot("unreachable-server")
	b.click("change-server-btn")
	b.waitScreen("signin")
	b.fill("server-url", srv.URL)
	b.click("connect-btn")
	b.waitJS(`!document.getElementById("methods").hidden && !!document.getElementById("oauth-oidc")`)
	if got, _ := os.ReadFile(filepath.Join(configDir, "settings.json")); !strings.Contains(string(got), srv.URL) {
		t.Errorf("the last server is not remembered in settings.json: %s", got)
	}

	step("oauth2")
	// OAuth2 through the fake xdg-open that follows the URL.
	oidcEmail := "desktop-oidc-" + randomHex(t) + "@example.com"
	srv.QueueOIDCUser(t, oidcEmail, "OIDC Desktop Person")
	b.waitJS(`!!document.getElementById("oauth-oidc") && !document.getElementById("oauth-oidc").disabled`)
	b.click("oauth-oidc")
	b.waitScreen("signed-in")
	if got := b.text("user-email"); got != oidcEmail {
		t.Fatalf("OAuth2 signed in as %q, want %q", got, oidcEmail)
	}
	opened, _ := os.ReadFile(xdgLog)
	// xdg-open's command line (readable by every local user) carries the
	// one-time launch URL, never the provider URL with its state.
	if !bytes.HasPrefix(opened, []byte("http://127.0.0.1:")) || !bytes.Contains(opened, []byte("/start?n=")) || bytes.Contains(opened, []byte("state=")) {
		t.Errorf("xdg-open was not given a one-time launch URL: %q", opened)
	}
	b.screenshot("oauth2-signed-in")
	b.click("signout-btn")
	b.waitScreen("signin")

	step("oauth2 without a browser")
	// OAuth2 when no browser opens: the link is offered, Cancel ends it.
	setMode("fail")
	b.waitJS(`!document.getElementById("oauth-oidc").disabled`)
	b.click("oauth-oidc")
	b.waitScreen("oauth")
	b.waitJS(`document.getElementById("oauth-link-box").classList.contains("failed") && document.getElementById("oauth-link").value.startsWith("http")`)
	b.screenshot("oauth2-copy-link")
	b.click("oauth-cancel")
	b.waitScreen("signin")
	if got := b.errorText(); !strings.Contains(got, "Cancelled") && !strings.Contains(got, "cancelled") {
		t.Errorf("after Cancel the error banner says %q", got)
	}
	setMode("follow")

	step("mfa")
	// MFA: password, then a code by email.
	mfaUser := srv.NewUser(t, testenv.UserOptions{Verified: true, MFA: true})
	b.fill("identity", mfaUser.Email)
	b.fill("password", mfaUser.Password)
	b.click("password-btn")
	b.waitScreen("mfa")
	b.screenshot("mfa-second-step")
	b.click("mfa-send-btn")
	b.waitJS(`!document.getElementById("form-mfa-otp").hidden`)
	mail := srv.WaitMail(t, mfaUser.Email, "otp")
	b.fill("mfa-code", mail.Code)
	b.click("mfa-otp-btn")
	b.waitScreen("signed-in")
	if got := b.text("user-email"); got != mfaUser.Email {
		t.Fatalf("MFA signed in as %q", got)
	}
	b.click("signout-btn")
	b.waitScreen("signin")

	step("impersonate")
	// Superuser: impersonate the demo user and see their posts.
	b.fill("collection", "_superusers")
	b.click("connect-btn")
	b.waitJS(`document.getElementById("server-badge").textContent.includes("_superusers") && !document.getElementById("connect-btn").disabled`)
	b.fill("identity", srv.Superuser.Email)
	b.fill("password", srv.Superuser.Password)
	b.click("password-btn")
	b.waitScreen("signed-in")
	b.waitJS(`!document.getElementById("impersonate-card").hidden`)
	b.click("imp-btn")
	b.waitJS(`!document.getElementById("imp-result").hidden`)
	if got := b.text("imp-posts"); !strings.Contains(got, "Welcome to bosgo") {
		t.Errorf("impersonated posts: %q", got)
	}
	b.screenshot("superuser-impersonating")

	// The same in the real WebKitGTK window: click Impersonate there (at
	// the spot where the browser, at the same size, lays the button out),
	// wait for the window to repaint, keep the picture; then sign out from
	// the window and see the browser follow.
	before := screenshotX(t, filepath.Join(shots, "window-before-click.png"))
	x, y := b.center("imp-btn")
	clickWindow(t, x, y)
	screenshotXWhenChanged(t, filepath.Join(shots, "window-impersonating.png"), before)
	x, y = b.center("signout-btn")
	clickWindow(t, x, y)
	b.waitScreen("signin")
	app.stop(t)

	step("expired session")
	// A saved session whose token has expired: one screen, "Sign in again".
	saveExpiredSession(t, configDir, srv.URL, user.Email)
	app = e.start(t)
	b.open(app.url)
	b.waitScreen("expired")
	b.screenshot("expired-session")
	b.click("expired-btn")
	b.waitScreen("signin")
	if got := b.eval(`document.getElementById("identity").value`); got != user.Email {
		t.Errorf("after an expired session the email field holds %q", got)
	}
	app.stop(t)

	step("no keyring")
	// Without a keyring the app fails closed and asks what to do.
	noKeyringEnv := []string{"DBUS_SESSION_BUS_ADDRESS=disabled:", "XDG_CONFIG_HOME=" + t.TempDir()}
	noKeyring := e.start(t, noKeyringEnv...)
	b.open(noKeyring.url)
	b.waitScreen("storage")
	b.screenshot("no-keyring-choice")
	b.fill("new-passphrase", "correct horse battery")
	b.fill("new-passphrase2", "correct horse battery")
	b.click("new-passphrase-btn")
	b.waitScreen("signin")
	if got := b.text("protection-badge"); got != "encrypted · passphrase" {
		t.Errorf("badge after choosing a passphrase: %q", got)
	}
	b.waitJS(`!document.getElementById("methods").hidden`)
	b.fill("identity", user.Email)
	b.fill("password", user.Password)
	b.click("password-btn")
	b.waitScreen("signed-in")
	noKeyring.stop(t)

	step("locked")
	// The passphrase-protected session after a restart: one screen, unlock.
	noKeyring = e.start(t, noKeyringEnv...)
	b.open(noKeyring.url)
	b.waitScreen("locked")
	b.screenshot("locked-passphrase")
	b.fill("unlock-passphrase", "correct horse battery")
	b.click("unlock-btn")
	b.waitScreen("signed-in")
	noKeyring.stop(t)

	step("secrets check")
	// Nothing secret in the app's output or the config folder.
	secrets := []string{user.Password, mfaUser.Password, srv.Superuser.Password, mail.Code, "eyJhbGciOi", "correct horse battery"}
	outText := e.allOutput.String()
	for _, s := range secrets {
		if strings.Contains(outText, s) {
			t.Errorf("the app's output contains a secret (%.8q…)", s)
		}
	}
	secretscan.Dir(t, os.Getenv("XDG_CONFIG_HOME"), append(secrets, user.Email, oidcEmail)...)
}

// uploadAvatar gives u a small PNG avatar through core's file upload.
func uploadAvatar(t *testing.T, serverURL string, u testenv.User) {
	t.Helper()
	c := core.New(serverURL)
	if _, err := c.Collection("users").AuthWithPassword(t.Context(), u.Email, u.Password); err != nil {
		t.Fatal(err)
	}
	img := image.NewRGBA(image.Rect(0, 0, 128, 128))
	for y := range 128 {
		for x := range 128 {
			img.Set(x, y, color.RGBA{R: uint8(40 + x), G: uint8(90 + y/2), B: 200, A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Collection("users").Update(t.Context(), u.ID, map[string]any{
		"avatar": &core.File{Name: "avatar.png", Reader: &buf},
	}); err != nil {
		t.Fatalf("avatar upload: %v", err)
	}
}

// saveExpiredSession writes, with the real keyring, the session the app
// would have saved for email on serverURL, with a token that expired an
// hour ago, and points the settings at that server.
func saveExpiredSession(t *testing.T, dir, serverURL, email string) {
	t.Helper()
	writeFile(t, filepath.Join(dir, "settings.json"),
		[]byte(`{"serverURL":"`+serverURL+`","collection":"users","oauth2Mode":"realtime"}`))
	s, err := tokenstore.Open(t.Context(), tokenstore.Options{AppID: authservice.AppID, Dir: dir, ServerURL: serverURL, Collection: "users"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	enc := base64.RawURLEncoding
	claims := fmt.Sprintf(`{"id":"expired1","collectionId":"_pb_users_auth_","type":"auth","refreshable":true,"exp":%d}`, time.Now().Add(-time.Hour).Unix())
	tok := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc.EncodeToString([]byte(claims)) + ".c2ln"
	if err := s.Save(tok, core.Record{"id": "expired1", "collectionName": "users", "email": email}); err != nil {
		t.Fatal(err)
	}
}

func randomHex(t *testing.T) string {
	t.Helper()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
