package tokenstore

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/bosgo/bosgo/core"
)

// Options configure [Open].
type Options struct {
	// AppID names the application the sessions belong to: it picks the
	// default folder ([DefaultDir]) and keyring service ([KeyringSource])
	// and is bound into every file's associated data, so one application
	// never opens another's session. "" means [DefaultAppID] (the
	// executable's name); the bosgo desktop app uses "bosgo-desktop".
	AppID string
	// Dir is the folder of the session files; "" means DefaultDir(AppID).
	Dir string
	// Profile names the session file; "" means [DefaultProfile].
	Profile string
	// ServerURL and Collection bind the store to one server and auth
	// collection: every saved session records them (inside the encrypted
	// payload), and a saved session of another server or collection is
	// not loaded (Open returns a [*BindingError]). Both "" means unbound:
	// any saved session loads and new ones record no server.
	ServerURL  string
	Collection string
	// Keys supplies the data key; nil means the OS keyring
	// (NewKeyringSource(nil)).
	Keys KeySource
	// Now is the clock of IsValid; nil means time.Now.
	Now func() time.Time
}

// Store is the encrypted, file-backed [core.AuthStore] (see the package
// documentation for the format and guarantees). It is safe for concurrent
// use.
type Store struct {
	dir, name, profile string
	app                string
	src                KeySource
	tier               Tier
	describe           string
	now                func() time.Time

	mu         sync.Mutex // guards token, record, gen, closed, server, collection
	token      string
	record     core.Record
	gen        uint64 // bumped by every Save and Clear
	closed     bool
	server     string // the binding (Options.ServerURL, Store.Bind)
	collection string

	wmu     sync.Mutex // serialises disk writes; guards key, params, written, seq
	key     []byte
	params  []byte
	written uint64 // the generation last written to disk
	seq     uint64 // the sequence number last written to disk

	listeners core.Listeners
}

var _ core.AuthStore = (*Store)(nil)

// Open opens (or prepares) the session file of opts.Profile.
//
// It fails, returning a nil store, when the application ID or profile name
// is invalid, the folder cannot be created, the key source fails (with the
// keyring: an error wrapping [ErrNoKeyring]; nothing is written), or the
// file was written under another tier ([ErrTierMismatch]).
//
// When the file exists but cannot be opened (truncated, tampered, another
// key, application or profile, or written before a sign-out), Open moves
// it aside, and returns a usable, signed-out store together with a
// [*CorruptError]. Callers that only check err != nil therefore fail
// closed; callers that want to continue use the store and tell the user
// their session was reset.
//
// When the file opens but belongs to another server or collection than
// opts asks for, Open returns a usable, signed-out store together with a
// [*BindingError] and leaves the file alone: its token is never handed
// out. [Store.Bind] to the saved server loads it; a Save or Clear replaces
// it.
func Open(ctx context.Context, opts Options) (*Store, error) {
	r, err := resolve(opts.AppID, opts.Dir, opts.Profile)
	if err != nil {
		return nil, err
	}
	src := opts.Keys
	if src == nil {
		src = NewKeyringSource(nil)
	}
	if as, ok := src.(appScoped); ok {
		src = as.forApp(r.app)
	}
	if err := ensureDir(r.dir); err != nil {
		return nil, err
	}
	s := &Store{dir: r.dir, name: r.profile + FileSuffix, profile: r.profile, app: r.app, src: src, tier: src.Tier(), now: opts.Now,
		server: opts.ServerURL, collection: opts.Collection}
	if s.now == nil {
		s.now = time.Now
	}
	removeStaleTemps(r.dir, s.name)

	var (
		h          header
		ciphertext []byte
		loadErr    error
		exists     bool
	)
	file, err := readLimited(s.path())
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("tokenstore: reading %s: %w", s.path(), err)
	default:
		exists = true
		if err := os.Chmod(s.path(), 0o600); err != nil {
			return nil, fmt.Errorf("tokenstore: restricting %s to 0600: %w", s.path(), err)
		}
		h, ciphertext, loadErr = parseHeader(file)
		if loadErr == nil && h.tier != src.Tier() {
			return nil, fmt.Errorf("%w: %s is protected by %q, not %q", ErrTierMismatch, s.path(), h.tier, src.Tier())
		}
	}

	var params []byte
	if exists && loadErr == nil {
		params = h.params
	}
	key, newParams, err := src.Key(ctx, r.profile, params)
	if errors.Is(err, ErrCorrupt) && exists {
		loadErr = err
		key, newParams, err = src.Key(ctx, r.profile, nil)
	}
	if err != nil {
		return nil, err
	}
	if len(key) != keySize {
		return nil, fmt.Errorf("tokenstore: key source returned %d bytes, want %d", len(key), keySize)
	}
	s.key, s.params = key, newParams
	s.describe = src.Describe(newParams)

	if exists && loadErr == nil {
		var p payload
		if p, loadErr = open(key, h, ciphertext, s.binding()); loadErr == nil {
			s.seq = p.Seq
			if !s.matches(p) {
				return s, &BindingError{Path: s.path(), SavedServer: p.Server, SavedCollection: p.Collection,
					WantedServer: s.server, WantedCollection: s.collection}
			}
			s.token, s.record = p.Token, p.Record
			if s.server == "" && s.collection == "" {
				s.server, s.collection = p.Server, p.Collection
			}
			return s, nil
		}
	}
	if exists {
		return s, s.moveAside(loadErr)
	}
	return s, nil
}

func (s *Store) binding() binding { return binding{app: s.app, profile: s.profile} }

// matches reports whether a saved session belongs to the store's binding
// (always, when the store is unbound). The caller holds mu or owns s.
func (s *Store) matches(p payload) bool {
	if s.server == "" && s.collection == "" {
		return true
	}
	return p.Server == s.server && p.Collection == s.collection
}

// Binding returns the server URL and auth collection the store is bound to
// (for an unbound store: those of the loaded session, if any).
func (s *Store) Binding() (serverURL, collection string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.server, s.collection
}

// Bind binds the store to another server and auth collection. It fails
// with [ErrBound] while the store holds a session of another binding (sign
// out first). When the saved file is a session of the new binding (one
// that Open declined with a [*BindingError]) it is loaded and the
// listeners are told; Bind reports whether that happened.
func (s *Store) Bind(serverURL, collection string) (loaded bool, err error) {
	s.wmu.Lock()
	s.mu.Lock()
	if s.closed || s.key == nil {
		s.mu.Unlock()
		s.wmu.Unlock()
		return false, ErrClosed
	}
	if s.server == serverURL && s.collection == collection {
		s.mu.Unlock()
		s.wmu.Unlock()
		return false, nil
	}
	if s.token != "" {
		s.mu.Unlock()
		s.wmu.Unlock()
		return false, ErrBound
	}
	s.server, s.collection = serverURL, collection
	s.mu.Unlock()
	p, ok := s.readSavedLocked()
	var ev core.AuthEvent
	if ok && p.Token != "" {
		s.mu.Lock()
		if s.token == "" && s.server == serverURL && s.collection == collection && s.matches(p) {
			s.token, s.record = p.Token, p.Record
			s.gen++
			s.written = s.gen
			s.seq = p.Seq
			loaded = true
			ev = core.AuthEvent{Kind: core.ClassifyAuthChange("", nil, p.Token, p.Record), Token: p.Token, Record: p.Record.Clone()}
		}
		s.mu.Unlock()
	}
	s.wmu.Unlock()
	if loaded {
		s.listeners.Emit(ev)
	}
	return loaded, nil
}

// readSavedLocked reads and opens the file on disk with the store's key;
// ok is false when there is none or it does not open. The caller holds
// wmu.
func (s *Store) readSavedLocked() (payload, bool) {
	file, err := readLimited(s.path())
	if err != nil {
		return payload{}, false
	}
	h, ct, err := parseHeader(file)
	if err != nil || h.tier != s.tier || string(h.params) != string(s.params) {
		return payload{}, false
	}
	p, err := open(s.key, h, ct, s.binding())
	return p, err == nil
}

func (s *Store) path() string { return filepath.Join(s.dir, s.name) }

// moveAside renames an unreadable file to <name>.<time>-<random>.corrupt.
func (s *Store) moveAside(cause error) error {
	reason := "unreadable"
	var fe *formatError
	if errors.As(cause, &fe) {
		reason = fe.reason
	}
	ce := &CorruptError{Path: s.path(), Reason: reason}
	var r [4]byte
	_, _ = rand.Read(r[:])
	to := fmt.Sprintf("%s.%s-%x.corrupt", s.path(), time.Now().UTC().Format("20060102T150405"), r)
	if err := os.Rename(s.path(), to); err != nil {
		ce.Err = err
		return ce
	}
	_ = syncDir(s.dir)
	ce.MovedTo = to
	return ce
}

// Token returns the stored token, or "".
func (s *Store) Token() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.token
}

// Record returns a copy of the stored record, or nil.
func (s *Store) Record() core.Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.record.Clone()
}

// IsValid reports whether the stored token is locally valid (see
// [core.TokenValid]).
func (s *Store) IsValid() bool { return core.TokenValid(s.Token(), s.now()) }

// IsSuperuser reports whether the stored session is a superuser's.
func (s *Store) IsSuperuser() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return core.IsSuperuserToken(s.token, s.record)
}

// Save stores token and record, writes them encrypted to disk before
// returning, and notifies the listeners. The in-memory session is updated
// even when the write fails; the error then says so. An empty token is
// [Store.Clear].
func (s *Store) Save(token string, record core.Record) error {
	if token == "" {
		return s.Clear()
	}
	rec := record.Clone()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	kind := core.ClassifyAuthChange(s.token, s.record, token, rec)
	s.token, s.record = token, rec
	s.gen++
	s.listeners.Queue(core.AuthEvent{Kind: kind, Token: token, Record: rec}) // in store order
	s.mu.Unlock()
	err := s.persist()
	s.listeners.Flush()
	return err
}

// Clear signs out: it forgets the session, makes every earlier session
// file of the profile unreadable (with the keyring: the key is replaced
// before the file is deleted, so a restored backup or sync-folder copy
// does not sign the user in again), deletes the file and notifies the
// listeners. The passphrase tier has nowhere outside the file to record a
// sign-out: there a restored copy still opens with the passphrase (see
// the package documentation). The in-memory session is cleared even when
// a step fails; the error then says which.
func (s *Store) Clear() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	s.token, s.record = "", nil
	s.gen++
	s.listeners.Queue(core.AuthEvent{Kind: core.AuthSignedOut}) // in store order
	s.mu.Unlock()
	err := s.persist()
	s.listeners.Flush()
	return err
}

// OnChange registers fn to run after every Save and Clear and returns its
// remover.
func (s *Store) OnChange(fn func(core.AuthEvent)) (remove func()) { return s.listeners.Add(fn) }

// persist writes the newest in-memory session, unless a write of it (or
// of a newer one) already happened. Holding wmu while snapshotting is what
// keeps a slow writer from overwriting a newer session.
func (s *Store) persist() error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.mu.Lock()
	gen, token, rec := s.gen, s.token, s.record
	s.mu.Unlock()
	if gen <= s.written {
		return nil
	}
	if s.key == nil {
		return ErrClosed
	}
	if token == "" {
		// Rotate first: a crash between the two steps leaves a file that
		// no longer opens (signed out, as asked), never a live one.
		if r, ok := s.src.(keyRotator); ok {
			ctx, cancel := context.WithTimeout(context.Background(), DefaultKeyringTimeout)
			key, err := r.Rotate(ctx, s.profile)
			cancel()
			if err != nil {
				_ = removeDurably(s.dir, s.name)
				return fmt.Errorf("tokenstore: signed out, but the key could not be replaced, so a restored copy of the old session file would still open: %w", err)
			}
			clear(s.key)
			s.key = key
		}
		if err := removeDurably(s.dir, s.name); err != nil {
			return fmt.Errorf("tokenstore: deleting the saved session: %w", err)
		}
		s.written = gen
		return nil
	}
	s.mu.Lock()
	server, collection := s.server, s.collection
	s.mu.Unlock()
	data, err := seal(s.key, s.tier, s.params, s.binding(), payload{Seq: s.seq + 1, Server: server, Collection: collection, Token: token, Record: rec})
	if err != nil {
		return err
	}
	if err := writeAtomic(s.dir, s.name, data); err != nil {
		return fmt.Errorf("tokenstore: saving the session: %w", err)
	}
	s.seq++
	s.written = gen
	return nil
}

// Close wipes the data key from memory; later Save and Clear calls fail
// with [ErrClosed]. The session stays readable through Token and Record.
func (s *Store) Close() error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.wmu.Lock()
	defer s.wmu.Unlock()
	clear(s.key)
	s.key = nil
	return nil
}

// readLimited reads a file of at most maxFileSize+1 bytes.
func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, 0, 4096)
	for len(buf) <= maxFileSize {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err != nil {
			if errors.Is(err, io.EOF) {
				return buf, nil
			}
			return nil, err
		}
	}
	return buf, nil
}
