//go:build desktope2e

package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bosgo/bosgo/desktop/tokenstore"
	"github.com/bosgo/bosgo/internal/testenv"
)

// debEnv names the .deb that TestInstalledPackage installs;
// `go tool task desktop:install-test` sets it after making the package.
const debEnv = "BOSGO_E2E_DEB"

// installedBin is where the package puts the app.
const installedBin = "/usr/bin/bosgo-desktop"

// scannedRoots are the folders where a package may leave files behind.
var scannedRoots = []string{"/usr", "/etc", "/opt"}

// TestInstalledPackage installs the .deb for real with dpkg, starts the
// installed /usr/bin/bosgo-desktop under Xvfb in a private D-Bus session
// with an unlocked gnome-keyring, signs in through its window against the
// devserver, takes a screenshot, and purges the package: afterwards no file
// of it is left (dpkg -L, and no new file named bosgo in /usr, /etc or /opt),
// only the user's session under the test's HOME.
func TestInstalledPackage(t *testing.T) {
	if os.Getenv(childEnv) != "" {
		installedChild(t)
		return
	}
	deb := os.Getenv(debEnv)
	if deb == "" {
		t.Skipf("%s is not set: `go tool task desktop:install-test` makes the .deb and runs this test with it", debEnv)
	}
	if os.Geteuid() != 0 {
		t.Skip("installing the .deb needs root (the suite runs as root on CI)")
	}
	if out, err := exec.Command("dpkg-query", "-W", "-f=${Status}", "bosgo-desktop").Output(); err == nil && strings.Contains(string(out), "installed") {
		t.Fatalf("bosgo-desktop is already installed (%s); remove it first: dpkg --purge bosgo-desktop", out)
	}
	for _, bin := range []string{"xvfb-run", "dbus-run-session", "gnome-keyring-daemon", "import", "xdotool", "/usr/bin/chromium", "dpkg", "apt-get"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Fatalf("%s is not installed: run `go tool task desktop:setup`", bin)
		}
	}
	tmp := t.TempDir()
	// The dev-mode build of the same frontend tells where the window lays
	// out its fields (the installed binary has no page to ask).
	devApp := filepath.Join(tmp, "bosgo-desktop-dev")
	if out, err := exec.Command("go", "build", "-tags", "dev,webkit2_41", "-o", devApp, "..").CombinedOutput(); err != nil {
		t.Fatalf("go build -tags dev,webkit2_41: %v\n%s", err, out)
	}

	before := scanFiles(t)
	abs, err := filepath.Abs(deb)
	if err != nil {
		t.Fatal(err)
	}
	if out, err := apt("install", "--no-install-recommends", abs); err != nil {
		t.Fatalf("apt-get install %s: %v\n%s", abs, err, out)
	}
	purged := false // by the test, or else at cleanup
	purge := func() {
		if out, err := apt("purge", "bosgo-desktop"); err != nil {
			t.Errorf("apt-get purge bosgo-desktop: %v\n%s", err, out)
		}
		purged = true
	}
	t.Cleanup(func() {
		if !purged {
			purge()
		}
	})
	listed := dpkgList(t)
	for _, want := range []string{installedBin, "/usr/share/applications/bosgo-desktop.desktop",
		"/usr/share/icons/hicolor/48x48/apps/bosgo-desktop.png", "/usr/share/icons/hicolor/512x512/apps/bosgo-desktop.png",
		"/usr/share/doc/bosgo-desktop/copyright"} {
		if !slices.Contains(listed, want) {
			t.Errorf("dpkg -L bosgo-desktop does not list %s", want)
		}
		if _, err := os.Stat(want); err != nil {
			t.Errorf("installed file: %v", err)
		}
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
		childEnv+"=1", appBinEnv+"="+devApp, marker, "NO_AT_BRIDGE=1")
	script := `eval "$(printf bosgo-e2e-login | gnome-keyring-daemon --unlock --components=secrets)" || exit 97
exec "$0" -test.run='^TestInstalledPackage$' -test.v -test.count=1 -test.timeout=5m`
	ctx, cancel := context.WithTimeout(t.Context(), 6*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "xvfb-run", "-a", "-s", "-screen 0 1280x900x24 -nolisten tcp",
		"dbus-run-session", "--", "sh", "-c", script, os.Args[0])
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	t.Logf("child run:\n%s", out)
	if err != nil || !bytes.Contains(out, []byte("--- PASS: TestInstalledPackage")) {
		t.Fatalf("the installed app run failed: %v", err)
	}
	waitNoProcessWith(t, marker)

	// Uninstall: nothing of the package is left, only the user's session.
	purge()
	if err := exec.Command("dpkg", "-L", "bosgo-desktop").Run(); err == nil {
		t.Error("dpkg still knows bosgo-desktop after --purge")
	}
	for _, f := range listed {
		if fi, err := os.Lstat(f); err == nil && !fi.IsDir() {
			t.Errorf("%s is left after --purge", f)
		}
	}
	// Other new files (menu and icon caches rebuilt by dpkg triggers, or
	// another install running meanwhile) are listed, not failed.
	for f := range scanFiles(t) {
		switch {
		case before[f]:
		case strings.Contains(f, "bosgo"):
			t.Errorf("%s appeared with the package and stayed after purge", f)
		default:
			t.Logf("new since the install (not the package's): %s", f)
		}
	}
	if _, err := os.Stat(filepath.Join(home, ".config", "bosgo-desktop", "default.session")); err != nil {
		t.Errorf("the user's session should outlive the package: %v", err)
	}
}

// installedChild runs inside the X display and D-Bus session: it learns
// the form's layout from the dev-mode build, then signs in through the
// installed binary's real window with xdotool.
func installedChild(t *testing.T) {
	srv := testenv.Start(t, testenv.Options{})
	shots := artifactsDir(t)
	user := srv.NewUser(t, testenv.UserOptions{Verified: true, Name: "Installed Person"})
	assetDir, err := filepath.Abs(filepath.Join("..", "frontend", "dist"))
	if err != nil {
		t.Fatal(err)
	}

	// Where the sign-in form's fields are, from the same page in Chromium
	// at the window's size (the dev-mode app keeps its settings elsewhere).
	e := &appEnv{bin: os.Getenv(appBinEnv), assetDir: assetDir, allOutput: &syncBuffer{},
		env: append(os.Environ(), "BOSGO_SERVER_URL="+srv.URL, "XDG_CONFIG_HOME="+t.TempDir())}
	dev := e.start(t)
	b := newBrowser(t, shots)
	b.open(dev.url)
	b.waitScreen("signin")
	b.waitJS(`!document.getElementById("methods").hidden`)
	idX, idY := b.center("identity")
	pwX, pwY := b.center("password")
	btnX, btnY := b.center("password-btn")
	dev.stop(t)

	// The installed binary, as a user starts it from the menu. It reaches
	// the devserver through a transparent proxy that says when the app has
	// asked for the sign-in methods, that is, when the form is about to show.
	asked := make(chan struct{})
	var once sync.Once
	target, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(target)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rp.ServeHTTP(w, r)
		if strings.HasSuffix(r.URL.Path, "/auth-methods") {
			once.Do(func() { close(asked) })
		}
	}))
	t.Cleanup(proxy.Close)
	out := &syncBuffer{}
	cmd := exec.Command(installedBin)
	cmd.Env = append(os.Environ(), "BOSGO_SERVER_URL="+proxy.URL)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", installedBin, err)
	}
	p := &appProc{cmd: cmd, out: out, exited: make(chan struct{})}
	go func() { p.err = cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() { p.stop(t) })
	select {
	case <-asked:
	case <-p.exited:
		t.Fatalf("the installed app exited (%v):\n%s", p.err, out.String())
	case <-time.After(stepTimeout):
		t.Fatalf("the installed app did not ask the server for its sign-in methods within %v:\n%s", stepTimeout, out.String())
	}
	screenshotXWhenChanged(t, filepath.Join(shots, "installed-signin.png"), nil)

	clickWindow(t, idX, idY)
	typeWindow(t, user.Email)
	clickWindow(t, pwX, pwY)
	typeWindow(t, user.Password)
	before := screenshotX(t, filepath.Join(shots, "installed-filled.png"))
	clickWindow(t, btnX, btnY)

	// Signed in: the session file appears, encrypted with the keyring's key.
	dir := filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "bosgo-desktop")
	deadline := time.Now().Add(stepTimeout)
	for {
		info, err := tokenstore.Inspect("bosgo-desktop", dir, "")
		if err == nil && info.Exists {
			if info.Tier != tokenstore.TierKeyring {
				t.Errorf("session tier %q, want keyring", info.Tier)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no session after signing in through the installed app (%v); its output:\n%s", err, out.String())
		}
		time.Sleep(100 * time.Millisecond) // polling an external process
	}
	screenshotXWhenChanged(t, filepath.Join(shots, "installed-signed-in.png"), before)
	if s := out.String(); strings.Contains(s, user.Password) || strings.Contains(s, "eyJhbGciOi") {
		t.Error("the installed app's output contains a secret")
	}
}

// apt runs apt-get non-interactively, waiting for the dpkg lock like
// scripts/apt-ensure.sh; the package's dependencies are already there
// (desktop:setup), so nothing is downloaded.
func apt(args ...string) ([]byte, error) {
	cmd := exec.Command("apt-get", append([]string{"-o", "DPkg::Lock::Timeout=900", "-y", "-q"}, args...)...)
	cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
	return cmd.CombinedOutput()
}

// typeWindow types text into the focused field of the real window.
func typeWindow(t *testing.T, text string) {
	t.Helper()
	if out, err := exec.Command("xdotool", "type", "--delay", "15", text).CombinedOutput(); err != nil {
		t.Fatalf("xdotool type: %v\n%s", err, out)
	}
}

// dpkgList returns the paths dpkg -L lists for bosgo-desktop.
func dpkgList(t *testing.T) []string {
	t.Helper()
	out, err := exec.Command("dpkg", "-L", "bosgo-desktop").Output()
	if err != nil {
		t.Fatalf("dpkg -L bosgo-desktop: %v", err)
	}
	return strings.Fields(string(out))
}

// scanFiles lists every non-directory under scannedRoots.
func scanFiles(t *testing.T) map[string]bool {
	t.Helper()
	files := map[string]bool{}
	for _, root := range scannedRoots {
		_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				files[path] = true
			}
			return nil
		})
	}
	return files
}
