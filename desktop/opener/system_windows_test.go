package opener

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/bosgo/bosgo/internal/winetest" // Go 1.26 file removal under Wine 8
)

// The fake opener on Windows is this test binary itself, copied into a
// temporary folder as rundll32.exe (so [DefaultCommands] finds it on PATH)
// and told what to do by the environment.
const (
	fakeLogEnv  = "BOSGO_OPENER_FAKE_LOG"  // append the arguments, one a line, to this file
	fakeModeEnv = "BOSGO_OPENER_FAKE_MODE" // "", "fail" (exit 4) or "wait" (until <log>.release exists)
)

func init() {
	log := os.Getenv(fakeLogEnv)
	if log == "" {
		return
	}
	switch os.Getenv(fakeModeEnv) {
	case "fail":
		os.Exit(4)
	case "wait":
		deadline := time.Now().Add(time.Minute)
		for time.Now().Before(deadline) {
			if _, err := os.Stat(log + ".release"); err == nil {
				break
			}
			time.Sleep(10 * time.Millisecond) // waiting on the parent test, another process
		}
	}
	f, err := os.OpenFile(log, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		os.Exit(3)
	}
	_, _ = f.WriteString(strings.Join(os.Args[1:], "\n") + "\n")
	_ = f.Close()
	os.Exit(0)
}

// fakeRundll32 installs the fake as dir\rundll32.exe, puts only dir on
// PATH and returns the file it records its arguments in.
func fakeRundll32(t *testing.T, mode string) (log string) {
	t.Helper()
	dir := t.TempDir()
	self, err := os.Open(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	defer self.Close()
	exe, err := os.Create(filepath.Join(dir, "rundll32.exe"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(exe, self); err != nil {
		t.Fatal(err)
	}
	if err := exe.Close(); err != nil {
		t.Fatal(err)
	}
	log = filepath.Join(dir, "opened.txt")
	t.Setenv("PATH", dir)
	t.Setenv(fakeLogEnv, log)
	t.Setenv(fakeModeEnv, mode)
	return log
}

const authURL = "https://idp.example/authorize?client_id=c&state=AbC123&redirect_uri=http%3A%2F%2F127.0.0.1%3A8090%2Fapi%2Foauth2-redirect"

// TestSystemRunsRundll32: the URL reaches rundll32 url.dll,FileProtocolHandler
// as one argument, '&' and '%' intact (no shell, Windows argv quoting).
func TestSystemRunsRundll32(t *testing.T) {
	log := fakeRundll32(t, "")
	if err := (System{}).Open(t.Context(), authURL); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(log)
	if want := "url.dll,FileProtocolHandler\n" + authURL + "\n"; err != nil || string(got) != want {
		t.Fatalf("rundll32 got %q (%v), want %q", got, err, want)
	}
}

func TestSystemNoBrowser(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if err := (System{}).Open(t.Context(), authURL); !errors.Is(err, ErrNoBrowser) {
		t.Fatalf("Open with no rundll32 = %v, want ErrNoBrowser", err)
	}
}

func TestSystemOpenerFails(t *testing.T) {
	fakeRundll32(t, "fail")
	err := (System{}).Open(t.Context(), authURL)
	if !errors.Is(err, ErrNotOpened) {
		t.Fatalf("Open with a failing rundll32 = %v, want ErrNotOpened", err)
	}
	if strings.Contains(err.Error(), "AbC123") {
		t.Errorf("error leaks the URL: %v", err)
	}
}

func TestSystemInvalidURLNeverRuns(t *testing.T) {
	log := fakeRundll32(t, "")
	for _, u := range []string{"https://idp.example/?s=a~b", "file:///C:/Windows/win.ini", "mailto:x@example.com"} {
		if err := (System{}).Open(t.Context(), u); !errors.Is(err, ErrInvalidURL) {
			t.Errorf("Open(%q) = %v, want ErrInvalidURL", u, err)
		}
	}
	if _, err := os.Stat(log); !errors.Is(err, os.ErrNotExist) {
		t.Error("rundll32 ran for an invalid URL")
	}
}

// TestSystemLongRunningOpener: a command still running after the grace
// period counts as success.
func TestSystemLongRunningOpener(t *testing.T) {
	log := fakeRundll32(t, "wait")
	start := time.Now()
	if err := (System{Grace: 300 * time.Millisecond}).Open(t.Context(), authURL); err != nil {
		t.Fatal(err)
	}
	if time.Since(start) < 300*time.Millisecond {
		t.Error("Open returned before the grace period while the command was running")
	}
	if _, err := os.Stat(log); err == nil {
		t.Error("the fake exited before it was released")
	}
	release(t, log)
}

func TestSystemContextCancelled(t *testing.T) {
	log := fakeRundll32(t, "wait")
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := (System{}).Open(ctx, authURL); !errors.Is(err, context.Canceled) {
		t.Errorf("Open with a cancelled context = %v", err)
	}
	release(t, log)
}

// release lets a "wait" fake finish and waits until it has exited: its
// rundll32.exe can be deleted (Windows refuses while it runs), so the
// TempDir cleanup does not race it.
func release(t *testing.T, log string) {
	t.Helper()
	if err := os.WriteFile(log+".release", nil, 0o600); err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(filepath.Dir(log), "rundll32.exe")
	deadline := time.Now().Add(30 * time.Second)
	for {
		err := os.Remove(exe)
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the fake rundll32 did not exit: %v", err)
		}
		time.Sleep(10 * time.Millisecond) // polling another process
	}
}
