package authservice

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/bosgo/bosgo/core"
)

// Connect sets the server address and auth collection and returns how its
// users can sign in. Changing them while signed in, or while a sign-in is
// in flight (its token would be saved for the new server), is refused.
// The saved session is bound to its server and collection: connecting
// back to the server of a saved session that was not loaded loads it.
//
// Endpoint: GET /api/collections/{collection}/auth-methods
func (s *Service) Connect(serverURL, collection string) (Methods, error) {
	u, err := checkServerURL(serverURL)
	if err != nil {
		return Methods{}, err
	}
	collection = strings.TrimSpace(collection)
	if err := checkCollection(collection); err != nil {
		return Methods{}, err
	}
	s.mu.Lock()
	if s.ctx == nil {
		s.mu.Unlock()
		return Methods{}, &Error{Code: CodeStorage, Message: "The app is still starting."}
	}
	changed := u != s.settings.ServerURL || collection != s.settings.Collection
	if changed && (s.signIns > 0 || s.oauthCancel != nil) {
		s.mu.Unlock()
		return Methods{}, errSignInBusy
	}
	if changed && s.switching {
		s.mu.Unlock()
		return Methods{}, errSwitching
	}
	if changed && s.store != nil && s.store.Token() != "" {
		s.mu.Unlock()
		return Methods{}, inputError("Sign out before changing the server or collection.")
	}
	s.settings.ServerURL, s.settings.Collection = u, collection
	if changed {
		s.expired = nil
	}
	st, dir, ctx, disk := s.settings, s.dir, s.ctx, s.disk
	s.newClientLocked()
	client := s.client
	if changed && disk != nil {
		s.switching = true // no sign-in starts until the store is rebound
	}
	s.mu.Unlock()
	_ = saveSettings(dir, s.cfg.Profile, st)
	if changed && disk != nil {
		_, err := disk.Bind(u, collection)
		s.mu.Lock()
		s.switching = false
		if err == nil && s.storage.Notice != "" && strings.HasPrefix(s.storage.Notice, noticeOtherServer) {
			s.storage.Notice = ""
		}
		s.mu.Unlock()
		if err != nil {
			s.emitState()
			return Methods{}, &Error{Code: CodeStorage, Message: "The saved session could not be switched to this server.", Err: err}
		}
	}
	if changed {
		s.emitState()
	}
	if client == nil { // storage not chosen yet: ask the server anyway
		client = core.New(u, core.WithUserAgent("bosgo-desktop"))
	}
	m, err := client.Collection(collection).ListAuthMethods(ctx)
	s.setUnreachable(u, collection, err)
	if err != nil {
		return Methods{}, friendly(err, actConnect, u)
	}
	out := Methods{
		Password:       m.Password.Enabled,
		IdentityFields: m.Password.IdentityFields,
		OTP:            m.OTP.Enabled,
		MFA:            m.MFA.Enabled,
		OAuth2:         []Provider{},
	}
	if m.OAuth2.Enabled {
		for _, p := range m.OAuth2.Providers {
			name := p.DisplayName
			if name == "" {
				name = p.Name
			}
			out.OAuth2 = append(out.OAuth2, Provider{Name: p.Name, DisplayName: name})
		}
	}
	return out, nil
}

// setUnreachable records whether the server answered Connect, and tells
// the UI when that changed. The answer of a Connect overtaken by one to
// another server or collection is stale and ignored: two Connects in flight
// (the UI's reload of the methods and the user's button) must not leave the
// state of the first server to finish rather than of the last one chosen.
func (s *Service) setUnreachable(serverURL, collection string, err error) {
	var e *Error
	down := err != nil && errors.As(friendly(err, actConnect, ""), &e) && e.Code == CodeUnreachable
	s.mu.Lock()
	if s.settings.ServerURL != serverURL || s.settings.Collection != collection {
		s.mu.Unlock()
		return
	}
	changed := s.unreachable != down
	s.unreachable = down
	s.mu.Unlock()
	if changed {
		s.emitState()
	}
}

// SignInWithPassword signs in with an identity (usually the email) and a
// password. mfaID is "" for a first factor, or the id from an earlier
// "mfa-required" result when the password is the second factor. When the
// collection asks for a second factor the result's Status is
// "mfa-required" and MFAID is set: no error.
//
// Endpoint: POST /api/collections/{collection}/auth-with-password
func (s *Service) SignInWithPassword(identity, password, mfaID string) (SignInResult, error) {
	identity = strings.TrimSpace(identity)
	if identity == "" || password == "" {
		return SignInResult{State: s.State()}, inputError("Please enter your email and password.")
	}
	client, st, ctx, done, err := s.readyToSignIn(mfaID)
	if err != nil {
		return SignInResult{State: s.State()}, err
	}
	defer done()
	var opts []core.RequestOption
	if mfaID != "" {
		opts = append(opts, core.WithMFA(mfaID))
	}
	_, err = client.Collection(st.Collection).AuthWithPassword(ctx, identity, password, opts...)
	return s.signInResult(err, actPassword, st.ServerURL)
}

// RequestOTP mails a one-time code to email and returns the id to pass to
// [Service.SignInWithOTP]. For an unknown email the server still answers
// (so the answer does not reveal who has an account); the code then never
// arrives.
//
// Endpoint: POST /api/collections/{collection}/request-otp
func (s *Service) RequestOTP(email string) (OTPRequest, error) {
	email = strings.TrimSpace(email)
	if !strings.Contains(email, "@") {
		return OTPRequest{}, inputError("Please enter your email address.")
	}
	client, st, ctx, err := s.ready()
	if err != nil {
		return OTPRequest{}, err
	}
	res, err := client.Collection(st.Collection).RequestOTP(ctx, email)
	if err != nil {
		return OTPRequest{}, friendly(err, actOTPRequest, st.ServerURL)
	}
	return OTPRequest{OTPID: res.OTPID, Email: email}, nil
}

// SignInWithOTP signs in with the code mailed for otpID. mfaID is "" for
// a first factor, or the id from an "mfa-required" result when the code
// is the second factor.
//
// Endpoint: POST /api/collections/{collection}/auth-with-otp
func (s *Service) SignInWithOTP(otpID, code, mfaID string) (SignInResult, error) {
	code = strings.TrimSpace(code)
	if otpID == "" {
		return SignInResult{State: s.State()}, inputError("Request a code first.")
	}
	if code == "" {
		return SignInResult{State: s.State()}, inputError("Please enter the code from the email.")
	}
	client, st, ctx, done, err := s.readyToSignIn(mfaID)
	if err != nil {
		return SignInResult{State: s.State()}, err
	}
	defer done()
	var opts []core.RequestOption
	if mfaID != "" {
		opts = append(opts, core.WithMFA(mfaID))
	}
	_, err = client.Collection(st.Collection).AuthWithOTP(ctx, otpID, code, opts...)
	return s.signInResult(err, actOTP, st.ServerURL)
}

// SignOut forgets the session: memory, file and all. (BosBase tokens are
// stateless; the server has nothing to revoke.)
func (s *Service) SignOut() (State, error) {
	s.mu.Lock()
	store := s.store
	s.expired = nil // "Sign in again" on the expired screen dismisses it
	s.mu.Unlock()
	if store == nil {
		return s.State(), nil
	}
	if err := store.Clear(); err != nil {
		return s.State(), &Error{Code: CodeStorage, Message: "You are signed out, but the saved session could not be deleted.", Err: err}
	}
	return s.State(), nil
}

// readyToSignIn is ready plus "not signed in yet" (so that OAuth2 does not
// link the provider to the current user by accident). It counts the
// sign-in as in flight, so that Connect refuses to change the server,
// until the caller calls done.
func (s *Service) readyToSignIn(mfaID string) (*core.Client, settings, context.Context, func(), error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	client, st, ctx, err := s.readyLocked()
	if err != nil {
		return nil, st, nil, nil, err
	}
	if s.switching {
		return nil, st, nil, nil, errSwitching
	}
	if mfaID == "" && client.AuthStore().Token() != "" {
		return nil, st, nil, nil, errSignedIn
	}
	s.signIns++
	var once sync.Once
	done := func() {
		once.Do(func() {
			s.mu.Lock()
			s.signIns--
			s.mu.Unlock()
		})
	}
	return client, st, ctx, done, nil
}

// signInResult turns an auth call's error into a result: MFA is a result,
// anything else a friendly error.
func (s *Service) signInResult(err error, act action, server string) (SignInResult, error) {
	if err == nil {
		return SignInResult{Status: StatusSignedIn, State: s.State()}, nil
	}
	if id, ok := core.MFAID(err); ok {
		return SignInResult{Status: StatusMFARequired, MFAID: id, State: s.State()}, nil
	}
	return SignInResult{State: s.State()}, friendly(err, act, server)
}
