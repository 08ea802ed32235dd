package authservice

import (
	"context"
	"errors"
	"strings"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/desktop/opener"
)

// SignInWithOAuth2 signs in through the named provider in the system
// browser and waits until the browser comes back, the user cancels
// ([Service.CancelOAuth2]) or the flow times out. While it waits, the
// provider's URL is pushed as [EventOAuth2Link] so the UI can offer "copy
// this link"; when no browser opens, the event says so and the flow keeps
// waiting for the user to open the link by hand.
//
// The redirect comes back through the server's realtime relay by default,
// or through a loopback listener on 127.0.0.1 (see [Service.SetOAuth2Mode]).
func (s *Service) SignInWithOAuth2(provider string) (SignInResult, error) {
	provider = strings.TrimSpace(provider)
	if provider == "" {
		return SignInResult{State: s.State()}, inputError("Choose a sign-in provider.")
	}
	client, st, parent, done, err := s.readyToSignIn("")
	if err != nil {
		return SignInResult{State: s.State()}, err
	}
	defer done()
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	s.mu.Lock()
	if s.oauthCancel != nil {
		s.mu.Unlock()
		return SignInResult{State: s.State()}, errBusy
	}
	s.oauthCancel = cancel
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.oauthCancel = nil
		s.mu.Unlock()
		s.emitState()
	}()
	s.emitState()

	open := opener.WithFallback(s.opener, func(u string, cause error) {
		s.emit.Emit(EventOAuth2Link, OAuth2Link{Provider: provider, URL: u, BrowserFailed: true, Reason: browserFailure(cause)})
	})
	_, err = client.Collection(st.Collection).AuthWithOAuth2(ctx, core.OAuth2Options{
		Provider: provider,
		Mode:     st.mode(),
		Timeout:  s.cfg.OAuth2Timeout,
		// The browser gets a one-time loopback URL, never the provider
		// URL: an opener's command line is readable by every local user.
		OneTimeLaunchURL: true,
		URLCallback: func(ctx context.Context, u string) error {
			s.emit.Emit(EventOAuth2Link, OAuth2Link{Provider: provider, URL: u})
			return open.Open(ctx, u)
		},
	})
	if errors.Is(err, opener.ErrInvalidURL) {
		return SignInResult{State: s.State()}, &Error{Code: CodeOAuth2, Message: "The sign-in link from the server cannot be opened safely.", Err: err}
	}
	return s.signInResult(err, actOAuth2, st.ServerURL)
}

// CancelOAuth2 ends a running OAuth2 sign-in; it reports whether one was
// running. The waiting [Service.SignInWithOAuth2] returns a "cancelled"
// error.
func (s *Service) CancelOAuth2() (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.oauthCancel == nil {
		return false, nil
	}
	s.oauthCancel()
	return true, nil
}

// SetOAuth2Mode chooses how the browser comes back: "realtime" (through
// the server, the default) or "loopback" (a one-off listener on
// 127.0.0.1, RFC 8252).
func (s *Service) SetOAuth2Mode(mode string) (State, error) {
	var m core.OAuth2Mode
	switch mode {
	case core.OAuth2Realtime.String():
		m = core.OAuth2Realtime
	case core.OAuth2Loopback.String():
		m = core.OAuth2Loopback
	default:
		return s.State(), inputError(`The browser return mode is "realtime" or "loopback".`)
	}
	s.mu.Lock()
	s.settings.OAuth2Mode = m.String()
	st, dir := s.settings, s.dir
	s.mu.Unlock()
	_ = saveSettings(dir, s.cfg.Profile, st)
	s.emitState()
	return s.State(), nil
}

// browserFailure explains why no browser opened.
func browserFailure(err error) string {
	switch {
	case errors.Is(err, opener.ErrNoBrowser):
		return "No web browser could be found on this computer."
	case errors.Is(err, opener.ErrNotOpened):
		return "The web browser could not be opened."
	}
	return "The web browser could not be opened."
}
