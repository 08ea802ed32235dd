package opener

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"runtime"
	"time"
)

// ErrNoBrowser means none of the opener commands was found on PATH.
var ErrNoBrowser = errors.New("opener: no program to open a web browser was found")

// ErrNotOpened means the opener command ran and reported a failure.
var ErrNotOpened = errors.New("opener: the web browser could not be opened")

// DefaultGrace is how long [System.Open] waits for the opener command to
// exit before assuming it is the browser itself and leaving it running.
const DefaultGrace = 5 * time.Second

// System opens URLs with the platform's opener command. Its zero value is
// ready to use and it is safe for concurrent use.
type System struct {
	// Commands lists the candidate commands, each as program and leading
	// arguments; the first found on PATH runs with the URL appended. nil
	// means [DefaultCommands].
	Commands [][]string
	// Grace is how long to wait for the command to exit; 0 means
	// [DefaultGrace]. A command still running after Grace counts as
	// success and is left to finish on its own.
	Grace time.Duration
}

var _ Opener = System{}

// DefaultCommands returns the opener commands for the running OS: xdg-open,
// x-www-browser and www-browser on Linux and BSD (the order of
// github.com/pkg/browser, which Wails uses); open on macOS; rundll32
// url.dll,FileProtocolHandler on Windows.
func DefaultCommands() [][]string {
	switch runtime.GOOS {
	case "darwin":
		return [][]string{{"open"}}
	case "windows":
		return [][]string{{"rundll32", "url.dll,FileProtocolHandler"}}
	default:
		return [][]string{{"xdg-open"}, {"x-www-browser"}, {"www-browser"}}
	}
}

// Open validates url with [ValidateWeb] and runs the first opener command
// found on PATH with it, without a shell. It fails with [ErrNoBrowser]
// when no command exists, and with an error wrapping [ErrNotOpened] when
// the command exits unsuccessfully within the grace period.
func (s System) Open(ctx context.Context, rawURL string) error {
	u, err := ValidateWeb(rawURL)
	if err != nil {
		return err
	}
	cmds := s.Commands
	if cmds == nil {
		cmds = DefaultCommands()
	}
	for _, c := range cmds {
		if len(c) == 0 {
			continue
		}
		path, err := exec.LookPath(c[0])
		if err != nil {
			continue
		}
		return s.run(ctx, path, append(append([]string(nil), c[1:]...), u))
	}
	return ErrNoBrowser
}

func (s System) run(ctx context.Context, path string, args []string) error {
	cmd := exec.Command(path, args...)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("%w: %v", ErrNotOpened, err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	grace := s.Grace
	if grace == 0 {
		grace = DefaultGrace
	}
	timer := time.NewTimer(grace)
	defer timer.Stop()
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("%w: %s: %v", ErrNotOpened, path, err)
		}
		return nil
	case <-timer.C:
		return nil // still running: probably the browser itself
	case <-ctx.Done():
		return ctx.Err()
	}
}
