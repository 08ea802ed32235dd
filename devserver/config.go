package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"
)

// Token modes accepted by -token-mode.
const (
	// tokenModePocketBase issues refreshable, expiring tokens, as PocketBase does.
	tokenModePocketBase = "pocketbase"
	// tokenModeBosBase issues static 100-year tokens, as BosBase does.
	tokenModeBosBase = "bosbase"
)

// minTokenTTL is the smallest auth token lifetime PocketBase accepts.
const minTokenTTL = 10 * time.Second

// config holds the parsed and validated command-line flags.
type config struct {
	addr      string        // loopback host:port; port 0 picks a random port
	dataDir   string        // PocketBase data directory
	staticDir string        // folder served at "/"; a built-in page when missing
	tokenTTL  time.Duration // users auth token lifetime; 0 keeps the default
	fastHash  bool          // bcrypt cost 4 for seeded and new passwords
	rateLimit bool          // PocketBase rate limiter on or off
	dev       bool          // enables /api/dev/*
	tokenMode string        // tokenModeBosBase (the default) or tokenModePocketBase
	sidecar   bool          // run only the conformance sidecar (mock OIDC, SMTP sink), see sidecar.go
	isolate   bool          // static files carry COOP same-origin and COEP require-corp
}

// parseConfig parses args (without the program name) into a config.
// Usage and errors are written to errOut.
func parseConfig(args []string, errOut io.Writer) (*config, error) {
	cfg := &config{}
	rateLimit := onOff(false)

	fs := flag.NewFlagSet("devserver", flag.ContinueOnError)
	fs.SetOutput(errOut)
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:8090", "loopback `host:port` to listen on; port 0 picks a random free port")
	fs.StringVar(&cfg.dataDir, "data", ".devdata", "data `dir` (SQLite files); created when missing")
	fs.StringVar(&cfg.staticDir, "static", "web", "`dir` served as static files at /; a built-in page is served when it is missing")
	fs.DurationVar(&cfg.tokenTTL, "token-ttl", 0, "auth token lifetime for the users collection, e.g. 10s (min 10s; default: PocketBase's)")
	fs.BoolVar(&cfg.fastHash, "fast-hash", false, "use bcrypt cost 4 for passwords of _superusers and users (fast tests)")
	fs.Var(&rateLimit, "rate-limit", "PocketBase rate limiting: on or off")
	fs.BoolVar(&cfg.dev, "dev", false, "enable the /api/dev/* endpoints (captured mails, OIDC user queue)")
	fs.StringVar(&cfg.tokenMode, "token-mode", tokenModeBosBase, "token issuing: bosbase (static, 100 years, as BosBase) or pocketbase (refreshable, expiring; for refresh tests)")
	fs.BoolVar(&cfg.sidecar, "sidecar", false, "run only the conformance-harness sidecar: mock OIDC, SMTP mail sink and /api/dev/*, for tests against an external server")
	fs.BoolVar(&cfg.isolate, "isolate", false, "serve the static files with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp, so pages are crossOriginIsolated (fine-grained timers; the benchmark's pages in Firefox and WebKit)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: devserver [flags]\n\nLocal BosBase-compatible dev backend (PocketBase + mock OIDC), loopback only.\n\nFlags:\n")
		fs.PrintDefaults()
	}

	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	cfg.rateLimit = bool(rateLimit)

	if err := cfg.validate(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// validate checks the flag values that the flag package cannot check itself.
func (c *config) validate() error {
	addr, err := loopbackAddr(c.addr)
	if err != nil {
		return fmt.Errorf("-addr: %w", err)
	}
	c.addr = addr

	if c.dataDir == "" {
		return errors.New("-data: must not be empty")
	}

	if c.tokenTTL != 0 {
		if c.tokenTTL < minTokenTTL {
			return fmt.Errorf("-token-ttl: %s is too short; PocketBase requires at least %s", c.tokenTTL, minTokenTTL)
		}
		if c.tokenTTL%time.Second != 0 {
			return fmt.Errorf("-token-ttl: %s must be a whole number of seconds", c.tokenTTL)
		}
	}

	switch c.tokenMode {
	case tokenModePocketBase, tokenModeBosBase:
	default:
		return fmt.Errorf("-token-mode: unknown mode %q (want %q or %q)", c.tokenMode, tokenModePocketBase, tokenModeBosBase)
	}
	return nil
}

// loopbackAddr validates a host:port whose host must be a loopback address
// and returns it normalised ("localhost" becomes 127.0.0.1).
func loopbackAddr(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("invalid address %q: %w", addr, err)
	}
	if n, err := strconv.ParseUint(port, 10, 16); err != nil || (port != "0" && n == 0) {
		return "", fmt.Errorf("invalid port %q in %q", port, addr)
	}
	if strings.EqualFold(host, "localhost") {
		host = "127.0.0.1"
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return "", fmt.Errorf("host %q is not a loopback address; the dev server only listens on 127.0.0.1, ::1 or localhost", host)
	}
	return net.JoinHostPort(ip.String(), port), nil
}

// onOff is a boolean flag that also accepts "on" and "off".
type onOff bool

func (o *onOff) String() string {
	if o != nil && bool(*o) {
		return "on"
	}
	return "off"
}

func (o *onOff) Set(s string) error {
	switch strings.ToLower(s) {
	case "on", "true", "1", "yes":
		*o = true
	case "off", "false", "0", "no":
		*o = false
	default:
		return fmt.Errorf("want on or off, got %q", s)
	}
	return nil
}

// IsBoolFlag lets "-rate-limit" alone mean "-rate-limit=on".
func (o *onOff) IsBoolFlag() bool { return true }
