package authservice

import (
	"context"
	"sync"
	"time"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/desktop/opener"
	"github.com/bosgo/bosgo/desktop/tokenstore"
)

// Config configures [New]. The zero value is the desktop app's
// configuration: the OS config folder, the OS keyring, the system browser.
type Config struct {
	// AppID names the embedding application: it picks the default folder
	// and the keyring service and is bound into the session file, so two
	// applications never share a session. "" means
	// [tokenstore.DefaultAppID] (the executable's name); the bosgo desktop
	// app sets [AppID].
	AppID string
	// Dir holds the settings and the encrypted session; "" means
	// tokenstore.DefaultDir(AppID).
	Dir string
	// Profile names the session file (and its settings file); "" means
	// "default".
	Profile string
	// Keyring keeps the data key; nil means the OS keyring.
	Keyring tokenstore.Keyring
	// Argon2 are the passphrase parameters; nil means
	// [tokenstore.DefaultArgon2Params].
	Argon2 *tokenstore.Argon2Params
	// Opener opens OAuth2 pages; nil means [opener.System].
	Opener opener.Opener
	// Emitter pushes events to the UI; nil drops them.
	Emitter Emitter
	// ServerURL and Collection are the defaults before the user changes
	// them; "" means [DefaultServerURL] and [DefaultCollection].
	ServerURL  string
	Collection string
	// OAuth2Timeout bounds the wait for the browser; 0 means the SDK's
	// default ([core.DefaultOAuth2Timeout]).
	OAuth2Timeout time.Duration
	// ClientOptions are added to every [core.Client] the service makes.
	ClientOptions []core.Option
}

// Service is the bound sign-in service. Create it with [New], call
// [Service.Start] from the app's startup hook and [Service.Stop] from its
// shutdown hook. Every other exported method is meant to be called from
// the UI.
type Service struct {
	cfg    Config
	dir    string
	emit   Emitter
	opener opener.Opener

	mu          sync.Mutex // guards every field below
	ctx         context.Context
	started     bool
	signIns     int  // sign-ins in flight (between readyToSignIn and its done)
	switching   bool // Connect is rebinding the store to another server
	unreachable bool // the last Connect could not reach the server
	settings    settings
	store       core.AuthStore    // nil until storage is ready
	disk        *tokenstore.Store // the store when it is on disk
	storage     StorageState
	unlisten    func()
	client      *core.Client
	oauthCancel context.CancelFunc

	// shown is the session of the last state built while signed in, and
	// expired that session once the client cleared it as expired (see
	// State.Expired); expired is forgotten at the next sign-in, sign-out
	// or change of server.
	shown, expired *Session
}

// AppID is the application ID of the bosgo desktop app.
const AppID = "bosgo-desktop"

// New returns a Service for cfg. It does no I/O; [Service.Start] does.
func New(cfg Config) *Service {
	s := &Service{cfg: cfg, emit: cfg.Emitter, opener: cfg.Opener}
	if s.emit == nil {
		s.emit = noEmitter{}
	}
	if s.opener == nil {
		s.opener = opener.System{}
	}
	if cfg.ServerURL == "" {
		s.cfg.ServerURL = DefaultServerURL
	}
	if cfg.Collection == "" {
		s.cfg.Collection = DefaultCollection
	}
	if cfg.AppID == "" {
		s.cfg.AppID = tokenstore.DefaultAppID()
	}
	return s
}

// Start loads the settings and the saved session, and emits the first
// [EventAuthChange]. ctx is the app's lifetime: cancelling it ends
// running sign-ins. Start takes a context, so the UI cannot call it (a
// context does not come from JSON). Calling it again does nothing.
func (s *Service) Start(ctx context.Context) error {
	s.mu.Lock()
	if s.started {
		s.mu.Unlock()
		return nil
	}
	s.started, s.ctx = true, ctx
	dir := s.cfg.Dir
	if dir == "" {
		d, err := tokenstore.DefaultDir(s.cfg.AppID)
		if err != nil {
			s.mu.Unlock()
			return friendly(err, actOther, "")
		}
		dir = d
	}
	s.dir = dir
	s.settings = loadSettings(dir, s.cfg.Profile, settings{ServerURL: s.cfg.ServerURL, Collection: s.cfg.Collection, OAuth2Mode: core.OAuth2Realtime.String()})
	s.mu.Unlock()
	s.openKeyringStore(ctx, "")
	s.emitState()
	return nil
}

// Stop cancels a running sign-in and wipes the session key from memory.
// Like Start it takes a context so the UI cannot call it.
func (s *Service) Stop(context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.oauthCancel != nil {
		s.oauthCancel()
	}
	if s.unlisten != nil {
		s.unlisten()
		s.unlisten = nil
	}
	if s.disk != nil {
		_ = s.disk.Close()
	}
	return nil
}

// GetState returns the current [State].
func (s *Service) GetState() (State, error) { return s.State(), nil }

// State returns the current state (also the payload of [EventAuthChange]).
func (s *Service) State() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stateLocked()
}

func (s *Service) stateLocked() State {
	st := State{
		ServerURL:  s.settings.ServerURL,
		Collection: s.settings.Collection,
		OAuth2Mode: s.settings.mode().String(),
		Storage:    s.storage,
		OAuth2Busy: s.oauthCancel != nil,

		Unreachable: s.unreachable,
	}
	if s.store != nil {
		if tok := s.store.Token(); tok != "" {
			st.SignedIn = true
			sess := sessionOf(tok, s.store.Record(), s.store.IsSuperuser(), time.Now())
			st.Session = &sess
			s.shown = &sess
		}
	}
	if !st.SignedIn {
		st.Expired = s.expired
	}
	if s.disk != nil {
		st.Storage.Path = s.disk.Status().Path
	}
	return st
}

func (s *Service) emitState() { s.emit.Emit(EventAuthChange, s.State()) }

// onAuthChange follows the store: a session the client cleared as expired
// is kept as State.Expired, so the window can say why the user is signed
// out; any other change forgets it.
func (s *Service) onAuthChange(ev core.AuthEvent) {
	s.mu.Lock()
	s.expired = nil
	if ev.Kind == core.AuthExpired && s.shown != nil {
		gone := *s.shown
		gone.Valid = false
		s.expired = &gone
	}
	s.shown = nil
	s.mu.Unlock()
	s.emitState()
}

// ready returns the client, settings and lifecycle ctx, or an error when
// the session has nowhere to go yet.
func (s *Service) ready() (*core.Client, settings, context.Context, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.readyLocked()
}

func (s *Service) readyLocked() (*core.Client, settings, context.Context, error) {
	if !s.started {
		return nil, s.settings, nil, &Error{Code: CodeStorage, Message: "The app is still starting."}
	}
	if s.store == nil {
		return nil, s.settings, nil, &Error{Code: CodeStorage, Message: "Choose how to keep your session (a passphrase, or not saved) before signing in."}
	}
	return s.client, s.settings, s.ctx, nil
}

// newClientLocked rebuilds the client for the current settings and store.
func (s *Service) newClientLocked() {
	if s.store == nil {
		s.client = nil
		return
	}
	opts := append([]core.Option{core.WithAuthStore(s.store), core.WithUserAgent("bosgo-desktop")}, s.cfg.ClientOptions...)
	s.client = core.New(s.settings.ServerURL, opts...)
}

// sessionOf describes a token and record for the UI.
func sessionOf(token string, rec core.Record, superuser bool, now time.Time) Session {
	sess := Session{
		ID:          rec.ID(),
		Email:       rec.Email(),
		Name:        rec.String("name"),
		Collection:  rec.CollectionName(),
		IsSuperuser: superuser,
		Record:      rec,
		Valid:       core.TokenValid(token, now),
		ExpiresText: "never",
	}
	claims, err := core.ParseToken(token)
	if err != nil || claims.Expiry.IsZero() {
		return sess
	}
	sess.Expires = claims.Expiry.UTC().Format(time.RFC3339)
	if claims.Expiry.Sub(now) > 50*365*24*time.Hour {
		sess.ExpiresText = "never (static token, nominally " + claims.Expiry.UTC().Format("2 Jan 2006") + ")"
	} else {
		sess.ExpiresText = claims.Expiry.Local().Format("2 Jan 2006 15:04 MST")
	}
	return sess
}

var errBusy = &Error{Code: CodeBusy, Message: "A browser sign-in is already in progress; finish or cancel it first."}

var errSignInBusy = &Error{Code: CodeBusy, Message: "A sign-in is in progress; wait for it to finish or cancel it before changing the server."}

var errSwitching = &Error{Code: CodeBusy, Message: "The server is being changed; try again in a moment."}

var errSignedIn = &Error{Code: CodeInvalidInput, Message: "You are already signed in; sign out first."}

// isNotFound reports a 404 from the server.
func isNotFound(err error) bool { return core.StatusOf(err) == 404 }
