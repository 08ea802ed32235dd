//go:build desktope2e

package e2e

import (
	"bytes"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// startTimeout bounds waits on the app process (an external process, so
// polling with a deadline).
const startTimeout = 30 * time.Second

// syncBuffer collects a process's output.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// appProc is one run of the dev-mode app.
type appProc struct {
	cmd    *exec.Cmd
	url    string // the app's dev server, where the browser connects
	out    *syncBuffer
	exited chan struct{}
	err    error // set before exited is closed
}

// appEnv is what every run of the app shares: binary, PATH with the fake
// xdg-open, config folder, server URL.
type appEnv struct {
	bin       string
	assetDir  string
	env       []string
	allOutput *syncBuffer // every run's output, for the secrets check
}

// start runs the app and waits until its dev server answers.
func (e *appEnv) start(t *testing.T, extraEnv ...string) *appProc {
	t.Helper()
	addr := freeAddr(t)
	out := &syncBuffer{}
	cmd := exec.Command(e.bin, "-assetdir", e.assetDir, "-devserver", addr)
	cmd.Env = append(append([]string(nil), e.env...), extraEnv...)
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting the app: %v", err)
	}
	p := &appProc{cmd: cmd, url: "http://" + addr + "/", out: out, exited: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		e.allOutput.Write([]byte(out.String()))
		close(p.exited)
	}()
	t.Cleanup(func() { p.stop(t) })
	deadline := time.Now().Add(startTimeout)
	for {
		resp, err := http.Get(p.url)
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p
			}
		}
		select {
		case <-p.exited:
			t.Fatalf("the app exited before serving (%v):\n%s", p.err, out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("the app did not serve %s within %v:\n%s", p.url, startTimeout, out.String())
		}
		time.Sleep(50 * time.Millisecond) // polling an external process
	}
}

// stop ends the app as a desktop session would (SIGTERM) and waits.
func (p *appProc) stop(t *testing.T) {
	t.Helper()
	select {
	case <-p.exited:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(startTimeout):
		_ = p.cmd.Process.Kill()
		<-p.exited
		t.Errorf("the app ignored SIGTERM for %v", startTimeout)
	}
}

// runSecond starts a second instance and returns its exit error; the
// single-instance lock makes it hand over to the first and exit.
func (e *appEnv) runSecond(t *testing.T) (error, string) {
	t.Helper()
	out := &syncBuffer{}
	cmd := exec.Command(e.bin, "-assetdir", e.assetDir, "-devserver", freeAddr(t))
	cmd.Env = e.env
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		e.allOutput.Write([]byte(out.String()))
		return err, out.String()
	case <-time.After(startTimeout):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("the second instance kept running:\n%s", out.String())
		return nil, ""
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// appWindow returns the X id of the app's real WebKitGTK window, found by
// its title in the virtual display; there must be exactly one.
func appWindow(t *testing.T) string {
	t.Helper()
	id, err := exec.Command("xdotool", "search", "--name", "^bosgo sign-in$").Output()
	if err != nil {
		t.Fatalf("xdotool search: %v", err)
	}
	win := strings.Fields(string(id))
	if len(win) != 1 {
		t.Fatalf("found %d app windows, want 1 (single instance)", len(win))
	}
	return win[0]
}

// screenshotX saves the app's real window as a PNG and returns it.
func screenshotX(t *testing.T, path string) []byte {
	t.Helper()
	win := appWindow(t)
	out, err := exec.Command("import", "-window", win, path).CombinedOutput()
	if err != nil {
		t.Fatalf("import -window %s: %v\n%s", win, err, out)
	}
	png, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return png
}

// clickWindow clicks the real window at window coordinates x, y.
func clickWindow(t *testing.T, x, y int) {
	t.Helper()
	win := appWindow(t)
	out, err := exec.Command("xdotool", "mousemove", "--window", win, strconv.Itoa(x), strconv.Itoa(y), "click", "1").CombinedOutput()
	if err != nil {
		t.Fatalf("xdotool click: %v\n%s", err, out)
	}
}

// screenshotXWhenChanged polls the real window until it differs from
// before and then stays the same for three captures in a row (WebKit has
// repainted after a click and the busy spinner, which animates, is gone),
// and saves it to path.
func screenshotXWhenChanged(t *testing.T, path string, before []byte) {
	t.Helper()
	deadline := time.Now().Add(stepTimeout)
	var last []byte
	same := 0
	for {
		now := screenshotX(t, path)
		if bytes.Equal(now, last) {
			same++
		} else {
			same = 0
		}
		last = now
		if same >= 2 && !bytes.Equal(now, before) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the real window did not change within %v", stepTimeout)
		}
		time.Sleep(100 * time.Millisecond) // polling an external process
	}
}

// artifactsDir is the gitignored artifacts/desktop folder at the repo root.
func artifactsDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "artifacts", "desktop"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
