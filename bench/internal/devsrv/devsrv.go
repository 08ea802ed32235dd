// Package devsrv runs the bosgo devserver binary (bin/devserver, built by
// go tool task devserver:build) as a child process for the benchmarks, the
// way internal/testenv does for tests, but without a testing.TB.
package devsrv

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"time"
)

// Account is a seeded login.
type Account struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// Server is a running devserver.
type Server struct {
	URL       string    `json:"url"`
	Superuser Account   `json:"superuser"`
	Users     []Account `json:"users"`
	// Args are the flags it was started with (for the result tables).
	Args []string `json:"-"`

	cmd    *exec.Cmd
	exited chan struct{}
}

// Start runs bin with a fresh data directory under dir, on a random
// loopback port, with extra flags, and waits for its READY line.
func Start(bin, dir string, extra ...string) (*Server, error) {
	data, err := os.MkdirTemp(dir, "devdata-")
	if err != nil {
		return nil, err
	}
	args := append([]string{"-addr", "127.0.0.1:0", "-data", data, "-dev", "-fast-hash"}, extra...)
	cmd := exec.Command(bin, args...)
	cmd.Dir = data
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	logf, err := os.Create(data + ".log")
	if err != nil {
		return nil, err
	}
	cmd.Stderr = logf
	s := &Server{Args: extra, cmd: cmd, exited: make(chan struct{})}
	// Pdeathsig fires when the OS thread that forked the child exits, not
	// the process; Go ends threads whose locked goroutine returns (chromedp
	// does that), which would kill the devserver in the middle of a run.
	// So fork from a goroutine locked to its thread that lives as long as
	// the child.
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		_ = cmd.Wait()
		_ = logf.Close()
		close(s.exited)
	}()
	if err := <-started; err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), "READY "); ok {
				select {
				case ready <- rest:
				default:
				}
			}
		}
		_, _ = io.Copy(io.Discard, out)
	}()
	select {
	case line := <-ready:
		if err := json.Unmarshal([]byte(line), s); err != nil {
			s.Stop()
			return nil, fmt.Errorf("devserver READY line: %w", err)
		}
		return s, nil
	case <-s.exited:
		return nil, errors.New("devserver exited before READY; see " + data + ".log")
	case <-time.After(60 * time.Second):
		s.Stop()
		return nil, errors.New("devserver not READY within 60s")
	}
}

// Demo returns the seeded demo user (demo@example.com).
func (s *Server) Demo() Account {
	for _, u := range s.Users {
		if strings.HasPrefix(u.Email, "demo@") {
			return u
		}
	}
	return s.Users[0]
}

// Stop stops the server (SIGTERM, then SIGKILL after 10 s).
func (s *Server) Stop() {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
}
