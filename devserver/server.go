package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"runtime/debug"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	_ "github.com/pocketbase/pocketbase/migrations" // PocketBase's system migrations
)

// devServer is one running dev backend: PocketBase, the mock OIDC provider
// and the mail capture.
type devServer struct {
	cfg       *config
	console   io.Writer // human-readable output (banner, captured mails)
	app       *core.BaseApp
	ln        net.Listener
	oidc      *oidcServer
	mails     *mailbox
	info      readyInfo
	indexPage []byte
}

// readyInfo is the JSON payload of the READY line.
type readyInfo struct {
	URL       string    `json:"url"`
	Superuser account   `json:"superuser"`
	OIDC      oidcInfo  `json:"oidc"`
	TokenMode string    `json:"tokenMode"`
	Dev       bool      `json:"dev"`
	Users     []account `json:"users"`
}

type oidcInfo struct {
	Issuer   string `json:"issuer"`
	Provider string `json:"provider"`
}

// newDevServer listens, starts the OIDC provider, bootstraps PocketBase and
// applies every collection, setting and hook before anything is served.
// On error everything started so far is stopped again.
func newDevServer(cfg *config, console io.Writer) (_ *devServer, err error) {
	s := &devServer{cfg: cfg, console: console, mails: newMailbox(console)}
	defer func() {
		if err != nil {
			s.close()
		}
	}()

	if s.ln, err = net.Listen("tcp", cfg.addr); err != nil {
		return nil, fmt.Errorf("cannot listen on %s: %w (is another devserver running? -addr 127.0.0.1:0 picks a free port)", cfg.addr, err)
	}
	if s.oidc, err = startOIDC(); err != nil {
		return nil, fmt.Errorf("start mock OIDC provider: %w", err)
	}
	if err = os.MkdirAll(cfg.dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	s.app = core.NewBaseApp(core.BaseAppConfig{DataDir: cfg.dataDir})
	if err = s.app.Bootstrap(); err != nil {
		return nil, fmt.Errorf("bootstrap PocketBase in %s: %w", cfg.dataDir, err)
	}

	s.info = readyInfo{
		URL:       "http://" + s.ln.Addr().String(),
		Superuser: account{Email: superuser.Email, Password: superuser.Password},
		OIDC:      oidcInfo{Issuer: s.oidc.issuer(), Provider: oidcProviderName},
		TokenMode: cfg.tokenMode,
		Dev:       cfg.dev,
		Users:     demoUsers,
	}
	if s.indexPage, err = indexPage(s.info, cfg.staticDir); err != nil {
		return nil, err
	}
	if err = s.configure(); err != nil {
		return nil, err
	}
	return s, nil
}

// configure applies settings, seeds data and binds hooks. It runs before
// Serve: settings changed while serving race inside PocketBase.
func (s *devServer) configure() error {
	settings := s.app.Settings()
	settings.Meta.AppName = "bosgo devserver"
	settings.Meta.AppURL = s.info.URL
	settings.RateLimits.Enabled = s.cfg.rateLimit
	if err := s.app.Save(settings); err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	if err := ensureTokenBindingsTable(s.app); err != nil {
		return fmt.Errorf("create %s: %w", tokenBindingsTable, err)
	}
	if err := seed(s.app, s.cfg, s.oidc.providerConfig()); err != nil {
		return fmt.Errorf("seed: %w", err)
	}

	s.mails.bind(s.app)
	bindTokenBindingCleanup(s.app)
	if s.cfg.tokenMode == tokenModeBosBase {
		bindStaticTokens(s.app, superuserStaticTTL())
	}
	s.app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		if err := s.oidc.shutdown(); err != nil {
			e.App.Logger().Warn("Failed to stop the mock OIDC provider", "error", err)
		}
		return e.Next()
	})
	return nil
}

// serve serves until ctx is done, then shuts down through OnTerminate.
// onReady runs once the routes are built and the listener is in use.
func (s *devServer) serve(ctx context.Context, onReady func()) error {
	readyc := make(chan struct{})
	s.app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Listener = s.ln
		se.InstallerFunc = nil // the superuser is seeded; no installer link
		s.registerRoutes(se)
		if err := se.Next(); err != nil {
			return err
		}
		close(readyc)
		return nil
	})

	served := make(chan error, 1)
	go func() {
		served <- apis.Serve(s.app, apis.ServeConfig{HttpAddr: s.ln.Addr().String()})
	}()

	// Serve binds its graceful shutdown to OnTerminate before OnServe runs,
	// so a terminate after readyc is never lost.
	select {
	case err := <-served:
		s.close()
		return err
	case <-readyc:
	}
	onReady()

	select {
	case err := <-served:
		s.close()
		return err
	case <-ctx.Done():
	}
	event := &core.TerminateEvent{App: s.app}
	err := s.app.OnTerminate().Trigger(event, func(e *core.TerminateEvent) error {
		return e.App.ResetBootstrapState()
	})
	return errors.Join(err, <-served)
}

// close releases what newDevServer started, for the paths that never reach
// OnTerminate.
func (s *devServer) close() {
	if s.oidc != nil {
		_ = s.oidc.shutdown()
	}
	if s.app != nil {
		_ = s.app.ResetBootstrapState()
	}
	if s.ln != nil {
		_ = s.ln.Close()
	}
}

// readyLine returns the machine-readable READY line.
func (s *devServer) readyLine() string {
	b, _ := json.Marshal(s.info)
	return "READY " + string(b)
}

// banner returns the human-readable start-up message.
func (s *devServer) banner() string {
	var b strings.Builder
	u := s.info.URL
	fmt.Fprintf(&b, "\nbosgo devserver (PocketBase %s), data in %s\n", pocketBaseVersion(), s.cfg.dataDir)
	fmt.Fprintf(&b, "  Open:        %s/\n", u)
	fmt.Fprintf(&b, "  Admin UI:    %s/_/   superuser %s / %s\n", u, superuser.Email, superuser.Password)
	fmt.Fprintf(&b, "  Demo users:  ")
	for i, a := range demoUsers {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s / %s", a.Email, a.Password)
		if a.MFA {
			b.WriteString(" (MFA: password, then OTP)")
		}
	}
	fmt.Fprintf(&b, "\n  OAuth2:      provider %q (%s) at %s\n", oidcProviderName, oidcProviderDisplay, s.info.OIDC.Issuer)
	fmt.Fprintf(&b, "  Token mode:  %s", s.cfg.tokenMode)
	if s.cfg.tokenTTL > 0 {
		fmt.Fprintf(&b, ", users token TTL %s", s.cfg.tokenTTL)
	}
	fmt.Fprintf(&b, "; rate limit %s\n", (*onOff)(&s.cfg.rateLimit))
	if s.cfg.dev {
		fmt.Fprintf(&b, "  Mail:        nothing is sent; OTP codes and tokens are printed below as [mail] lines and served at %s/api/dev/mails\n", u)
	} else {
		b.WriteString("  Mail:        nothing is sent; OTP codes and tokens are printed below as [mail] lines\n")
	}
	b.WriteString("Press Ctrl+C to stop.\n")
	return b.String()
}

// pocketBaseVersion returns the linked PocketBase module version.
func pocketBaseVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path == "github.com/pocketbase/pocketbase" {
				return m.Version
			}
		}
	}
	return "(unknown version)"
}
