//go:build unix

package opener

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fakeBrowser writes an executable script named name into a new folder and
// returns the folder and the file the script appends its arguments to.
func fakeBrowser(t *testing.T, name, body string) (dir, log string) {
	t.Helper()
	dir = t.TempDir()
	log = filepath.Join(dir, "opened.txt")
	script := "#!/bin/sh\n" + strings.ReplaceAll(body, "$LOG", log) + "\n"
	if err := os.WriteFile(filepath.Join(dir, name), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir, log
}

const authURL = "https://idp.example/authorize?client_id=c&state=AbC123&redirect_uri=http%3A%2F%2F127.0.0.1%3A8090%2Fapi%2Foauth2-redirect"

func TestSystemRunsFirstOpenerOnPath(t *testing.T) {
	dir, log := fakeBrowser(t, "xdg-open", `printf '%s\n' "$@" >> $LOG`)
	t.Setenv("PATH", dir)
	if err := (System{}).Open(t.Context(), authURL); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(log)
	if err != nil || strings.TrimSpace(string(got)) != authURL {
		t.Fatalf("xdg-open got %q (%v), want exactly the URL as one argument", got, err)
	}
}

func TestSystemFallsBackToOtherCommands(t *testing.T) {
	dir, log := fakeBrowser(t, "www-browser", `printf '%s\n' "$@" >> $LOG`)
	t.Setenv("PATH", dir)
	if err := (System{}).Open(t.Context(), authURL); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(log); strings.TrimSpace(string(got)) != authURL {
		t.Fatalf("www-browser got %q", got)
	}
}

func TestSystemNoBrowser(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if err := (System{}).Open(t.Context(), authURL); !errors.Is(err, ErrNoBrowser) {
		t.Fatalf("Open with no opener = %v, want ErrNoBrowser", err)
	}
}

func TestSystemOpenerFails(t *testing.T) {
	dir, _ := fakeBrowser(t, "xdg-open", "exit 4")
	t.Setenv("PATH", dir)
	err := (System{}).Open(t.Context(), authURL)
	if !errors.Is(err, ErrNotOpened) {
		t.Fatalf("Open with a failing xdg-open = %v, want ErrNotOpened", err)
	}
	if strings.Contains(err.Error(), "AbC123") {
		t.Errorf("error leaks the URL: %v", err)
	}
}

func TestSystemInvalidURLNeverRuns(t *testing.T) {
	dir, log := fakeBrowser(t, "xdg-open", `printf '%s\n' "$@" >> $LOG`)
	t.Setenv("PATH", dir)
	for _, u := range []string{"https://idp.example/?s=a~b", "file:///etc/passwd", "mailto:x@example.com"} {
		if err := (System{}).Open(t.Context(), u); !errors.Is(err, ErrInvalidURL) {
			t.Errorf("Open(%q) = %v, want ErrInvalidURL", u, err)
		}
	}
	if _, err := os.Stat(log); !errors.Is(err, os.ErrNotExist) {
		t.Error("xdg-open ran for an invalid URL")
	}
}

// TestSystemLongRunningOpener: a command that does not exit (a browser
// started directly) counts as success after the grace period.
func TestSystemLongRunningOpener(t *testing.T) {
	dir, log := fakeBrowser(t, "x-www-browser", `printf '%s\n' "$@" >> $LOG; read _ < "$LOG.fifo"`)
	if err := mkfifo(log + ".fifo"); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	start := time.Now()
	if err := (System{Grace: 200 * time.Millisecond}).Open(t.Context(), authURL); err != nil {
		t.Fatal(err)
	}
	if time.Since(start) < 200*time.Millisecond {
		t.Error("Open returned before the grace period while the command was running")
	}
	// Release the fake browser so its reaper goroutine ends.
	f, err := os.OpenFile(log+".fifo", os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.WriteString("bye\n")
	_ = f.Close()
}

func TestSystemContextCancelled(t *testing.T) {
	dir, log := fakeBrowser(t, "xdg-open", `read _ < "$LOG.fifo"`)
	if err := mkfifo(log + ".fifo"); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := (System{}).Open(ctx, authURL); !errors.Is(err, context.Canceled) {
		t.Errorf("Open with a cancelled context = %v", err)
	}
	f, err := os.OpenFile(log+".fifo", os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_ = f.Close()
}

func TestWithFallbackShowsLink(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	var shown string
	var cause error
	o := WithFallback(System{}, func(u string, err error) { shown, cause = u, err })
	if err := o.Open(t.Context(), authURL); err != nil {
		t.Fatalf("Open with fallback = %v, want nil (the link was shown)", err)
	}
	if shown != authURL || !errors.Is(cause, ErrNoBrowser) {
		t.Errorf("fallback got %q, %v", shown, cause)
	}
	shown = ""
	if err := o.Open(t.Context(), "javascript:alert(1)"); !errors.Is(err, ErrInvalidURL) || shown != "" {
		t.Errorf("fallback for an invalid URL: %v, shown %q", err, shown)
	}
}
