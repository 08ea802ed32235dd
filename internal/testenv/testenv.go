package testenv

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// Timeouts of the child process life cycle.
const (
	startTimeout = 60 * time.Second // from exec to READY, generous for loaded CI machines
	stopTimeout  = 10 * time.Second // from SIGTERM to exit, before SIGKILL
)

// Token modes of [Options.TokenMode].
const (
	// TokenModeBosBase issues static tokens, as BosBase does:
	// "refreshable": false and an expiry 100 years ahead (the default).
	TokenModeBosBase = "bosbase"
	// TokenModePocketBase issues refreshable, expiring tokens, as
	// PocketBase does. Only tests of token refresh and expiry ask for
	// it, and they say so.
	TokenModePocketBase = "pocketbase"
)

// Options configures a devserver started with [Start]. The zero value is
// the default server, which behaves like BosBase: static tokens, default
// token lifetime, rate limiting off, dev endpoints on, fast password
// hashing on.
type Options struct {
	// TokenMode is TokenModeBosBase (when empty) or TokenModePocketBase.
	// A test that needs refreshable or expiring tokens must ask for
	// TokenModePocketBase (or use [SharedPocketBase]).
	TokenMode string
	// TokenTTL is the users auth token lifetime (at least 10s); 0 keeps
	// the collection default. BosBase token mode ignores it for logins
	// (it still applies to impersonation with duration 0), so set
	// TokenMode: TokenModePocketBase with it.
	TokenTTL time.Duration
	// RateLimit turns PocketBase's rate limiter on. Its rules key on the
	// client IP, so every test on that server shares one budget.
	RateLimit bool
	// Dev enables /api/dev/* (captured mails, OIDC queue); nil means on.
	// Turn it off with Dev: new(false).
	Dev *bool
	// FastHash uses bcrypt cost 4 for passwords; nil means on.
	FastHash *bool
	// DataDir is the data directory; empty means a fresh t.TempDir().
	// Starting a second server on the same DataDir (after stopping the
	// first) tests restarts.
	DataDir string
	// Static is the folder served at "/"; empty means none, so the
	// built-in index page is served.
	Static string

	// addr is the listen address; empty means a random loopback port.
	// Set by Server.Restart (restart.go) to keep the port.
	addr string
}

// Account is a login of a seeded account.
type Account struct {
	// Email is the account's email, its identity.
	Email string `json:"email"`
	// Password is the account's password.
	Password string `json:"password"`
	// Name is the users.name field, "" for the superuser.
	Name string `json:"name,omitempty"`
	// MFA reports that password sign-in asks for a second factor.
	MFA bool `json:"mfa,omitempty"`
}

// OIDC describes the devserver's mock OpenID Connect provider.
type OIDC struct {
	// Issuer is the provider's issuer URL, on its own loopback port.
	Issuer string `json:"issuer"`
	// Provider is the name of the users collection's OAuth2 provider,
	// "oidc".
	Provider string `json:"provider"`
}

// Server is a running devserver. Its methods are safe for concurrent use.
type Server struct {
	// URL is the base URL, e.g. http://127.0.0.1:41234 (no trailing
	// slash).
	URL string
	// Superuser is the seeded superuser.
	Superuser Account
	// Users are the seeded demo users (demo@, test@ and mfa@example.com).
	Users []Account
	// OIDC describes the mock OpenID Connect provider.
	OIDC OIDC
	// TokenMode is the token mode the server runs in, one of
	// TokenModePocketBase and TokenModeBosBase.
	TokenMode string
	// Dev reports whether the /api/dev/* endpoints are on.
	Dev bool
	// DataDir is the server's data directory ("" for an external server).
	DataDir string
	// External reports that this is an external server given by
	// BOSGO_EXTERNAL_URL (see external.go), not a devserver the harness
	// started.
	External bool

	devURL string         // base URL of the /api/dev/* endpoints: the devserver, or the sidecar
	ext    *externalState // non-nil for an external server

	cmd    *exec.Cmd
	out    *output
	exited chan struct{} // closed when the process has exited
	err    error         // the process exit error; read after exited is closed

	stopOnce sync.Once
	stopErr  error

	mu         sync.Mutex
	superToken string // guarded by mu; cached superuser token
}

// readyInfo is the JSON of the READY line.
type readyInfo struct {
	URL       string    `json:"url"`
	Superuser Account   `json:"superuser"`
	OIDC      OIDC      `json:"oidc"`
	TokenMode string    `json:"tokenMode"`
	Dev       bool      `json:"dev"`
	Users     []Account `json:"users"`
}

// Start starts a devserver for this test on a random loopback port and
// waits until it is ready. t.Cleanup stops it and, when the test failed,
// logs its output.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	if externalConfigured() {
		return externalFor(t, opts)
	}
	if opts.DataDir == "" {
		opts.DataDir = t.TempDir()
	}
	bin := Binary(t)
	s, err := start(bin, opts)
	if err != nil {
		t.Fatalf("testenv: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Stop(); err != nil {
			t.Errorf("testenv: %v", err)
		}
		if t.Failed() {
			t.Logf("devserver output:\n%s", s.Output())
		}
	})
	return s
}

func start(bin string, opts Options) (*Server, error) {
	mode := opts.TokenMode
	if mode == "" {
		mode = TokenModeBosBase
	}
	static := opts.Static
	if static == "" {
		static = filepath.Join(opts.DataDir, "no-static-dir")
	}
	addr := opts.addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	args := []string{
		"-addr", addr,
		"-data", opts.DataDir,
		"-static", static,
		"-token-mode", mode,
		"-dev=" + strconv.FormatBool(opts.Dev == nil || *opts.Dev),
		"-fast-hash=" + strconv.FormatBool(opts.FastHash == nil || *opts.FastHash),
		"-rate-limit=" + strconv.FormatBool(opts.RateLimit),
	}
	if opts.TokenTTL != 0 {
		args = append(args, "-token-ttl", opts.TokenTTL.String())
	}
	s, line, err := spawn(bin, args, opts.DataDir)
	if err != nil {
		return nil, err
	}
	var info readyInfo
	if err := json.Unmarshal([]byte(line), &info); err != nil {
		_ = s.Stop()
		return nil, fmt.Errorf("devserver READY line: %w\noutput:\n%s", err, s.out)
	}
	s.URL, s.Superuser, s.Users, s.OIDC = info.URL, info.Superuser, info.Users, info.OIDC
	s.TokenMode, s.Dev, s.devURL = info.TokenMode, info.Dev, info.URL
	return s, nil
}

// spawn runs the devserver binary with args in dir and waits for its
// READY line, whose JSON it returns.
func spawn(bin string, args []string, dir string) (*Server, string, error) {
	out := newOutput()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Stdout = out.stdout()
	cmd.Stderr = out
	cmd.WaitDelay = stopTimeout
	setProcAttr(cmd)
	if err := cmd.Start(); err != nil {
		return nil, "", fmt.Errorf("start devserver: %w", err)
	}
	s := &Server{DataDir: dir, cmd: cmd, out: out, exited: make(chan struct{})}
	go func() {
		s.err = cmd.Wait()
		close(s.exited)
	}()

	timer := time.NewTimer(startTimeout)
	defer timer.Stop()
	select {
	case line := <-out.ready:
		return s, line, nil
	case <-s.exited:
		return nil, "", fmt.Errorf("devserver exited before READY (%v)\noutput:\n%s", s.err, out)
	case <-timer.C:
		_ = s.Stop()
		return nil, "", fmt.Errorf("devserver not READY within %s\noutput:\n%s", startTimeout, out)
	}
}

// Stop stops the server: SIGTERM, then SIGKILL if it has not exited within
// 10 s. It reports an early exit, a kill or a non-zero exit status. Calling
// it again returns the first result. Tests rarely need it; t.Cleanup and
// Main stop servers on their own.
func (s *Server) Stop() error {
	if s.External {
		return nil // Main undoes the harness's changes
	}
	s.stopOnce.Do(func() {
		select {
		case <-s.exited:
			s.stopErr = fmt.Errorf("devserver %s had exited before it was stopped: %v", s.URL, s.err)
			return
		default:
		}
		if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			_ = s.cmd.Process.Kill()
		}
		timer := time.NewTimer(stopTimeout)
		defer timer.Stop()
		select {
		case <-s.exited:
			if s.err != nil {
				s.stopErr = fmt.Errorf("devserver %s did not shut down cleanly: %v", s.URL, s.err)
			}
		case <-timer.C:
			_ = s.cmd.Process.Kill()
			<-s.exited
			s.stopErr = fmt.Errorf("devserver %s ignored SIGTERM for %s and was killed", s.URL, stopTimeout)
		}
	})
	return s.stopErr
}

// Output returns the server's combined stdout and stderr so far (the last
// MiB of it).
func (s *Server) Output() string {
	if s.out == nil {
		return "(external server: no output)"
	}
	return s.out.String()
}

// sharedServer is one package-wide server of Shared or SharedPocketBase,
// started on first use.
type sharedServer struct {
	dir string
	s   *Server
	err error
}

// shared holds the package-wide servers by token mode.
var shared struct {
	mu      sync.Mutex
	servers map[string]*sharedServer // guarded by mu
}

// mainActive records that Main runs this test binary.
var mainActive atomic.Bool

// Shared returns the default devserver of this test binary, starting it on
// first use. It behaves like BosBase: every sign-in returns a static token.
// Tests share it, so they must use fresh users ([Server.NewUser]) and must
// not change server-wide state. The test binary's TestMain must call
// [Main], which stops it.
func Shared(t testing.TB) *Server {
	t.Helper()
	return sharedFor(t, TokenModeBosBase)
}

// SharedPocketBase is [Shared] for tests that need refreshable, expiring
// tokens (token refresh and expiry): a second shared server, in PocketBase
// token mode, started on first use.
func SharedPocketBase(t testing.TB) *Server {
	t.Helper()
	return sharedFor(t, TokenModePocketBase)
}

func sharedFor(t testing.TB, mode string) *Server {
	t.Helper()
	if !mainActive.Load() {
		t.Fatal("testenv: Shared needs func TestMain(m *testing.M) { testenv.Main(m) } in this package")
	}
	if externalConfigured() {
		if mode == TokenModeBosBase {
			mode = "" // Shared runs on any server; SharedPocketBase needs refreshable tokens
		}
		return externalFor(t, Options{TokenMode: mode})
	}
	shared.mu.Lock()
	e := shared.servers[mode]
	if e == nil {
		e = &sharedServer{}
		if shared.servers == nil {
			shared.servers = map[string]*sharedServer{}
		}
		shared.servers[mode] = e
		e.dir, e.err = os.MkdirTemp("", "bosgo-devserver-")
		if e.err == nil {
			var bin string
			if bin, e.err = binary(); e.err == nil {
				e.s, e.err = start(bin, Options{DataDir: e.dir, TokenMode: mode})
			}
		}
	}
	s, err := e.s, e.err
	shared.mu.Unlock()

	if err != nil {
		t.Fatalf("testenv: shared devserver (%s token mode): %v", mode, err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			if s.out != nil {
				t.Logf("shared devserver output (tail):\n%s", s.out.tail(64<<10))
			}
		}
	})
	return s
}

// stopShared stops the shared servers and removes their data directories.
func stopShared() error {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	var err error
	for _, e := range shared.servers {
		if e.s != nil {
			err = errors.Join(err, e.s.Stop())
		}
		if e.dir != "" {
			err = errors.Join(err, os.RemoveAll(e.dir))
		}
	}
	shared.servers = nil
	return errors.Join(err, stopExternal())
}

// Main runs the tests, stops the shared server, and then fails the run if
// goroutines leaked (go.uber.org/goleak; opts are passed to goleak.Find).
// Call it from TestMain:
//
//	func TestMain(m *testing.M) { testenv.Main(m) }
func Main(m *testing.M, opts ...goleak.Option) {
	mainActive.Store(true)
	code := m.Run()
	if err := stopShared(); err != nil {
		fmt.Fprintf(os.Stderr, "testenv: stop shared devserver: %v\n", err)
		code = 1
	}
	closeIdleConnections()
	if code == 0 {
		if err := goleak.Find(opts...); err != nil {
			fmt.Fprintf(os.Stderr, "testenv: goroutine leak: %v\n", err)
			code = 1
		}
	}
	os.Exit(code)
}
