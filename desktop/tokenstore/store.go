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
	// Dir is the folder of the session files; "" means [DefaultDir].
	Dir string
	// Profile names the session file; "" means [DefaultProfile].
	Profile string
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
	tier               Tier
	describe           string
	now                func() time.Time

	mu     sync.Mutex // guards token, record, gen, closed
	token  string
	record core.Record
	gen    uint64 // bumped by every Save and Clear
	closed bool

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
// It fails, returning a nil store, when the profile name is invalid, the
// folder cannot be created, the key source fails (with the keyring: an
// error wrapping [ErrNoKeyring]; nothing is written), or the file was
// written under another tier ([ErrTierMismatch]).
//
// When the file exists but cannot be opened (truncated, tampered, another
// key or profile), Open moves it aside, and returns a usable, signed-out
// store together with a [*CorruptError]. Callers that only check err != nil
// therefore fail closed; callers that want to continue use the store and
// tell the user their session was reset.
func Open(ctx context.Context, opts Options) (*Store, error) {
	dir, profile, err := resolve(opts.Dir, opts.Profile)
	if err != nil {
		return nil, err
	}
	src := opts.Keys
	if src == nil {
		src = NewKeyringSource(nil)
	}
	if err := ensureDir(dir); err != nil {
		return nil, err
	}
	s := &Store{dir: dir, name: profile + FileSuffix, profile: profile, tier: src.Tier(), now: opts.Now}
	if s.now == nil {
		s.now = time.Now
	}
	removeStaleTemps(dir, s.name)

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
	key, newParams, err := src.Key(ctx, profile, params)
	if errors.Is(err, ErrCorrupt) && exists {
		loadErr = err
		key, newParams, err = src.Key(ctx, profile, nil)
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
		if p, loadErr = open(key, h, ciphertext, profile); loadErr == nil {
			s.token, s.record, s.seq = p.Token, p.Record, p.Seq
			return s, nil
		}
	}
	if exists {
		return s, s.moveAside(loadErr)
	}
	return s, nil
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

// Clear signs out: it forgets the session, deletes the file and notifies
// the listeners.
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
		if err := removeDurably(s.dir, s.name); err != nil {
			return fmt.Errorf("tokenstore: deleting the saved session: %w", err)
		}
		s.written = gen
		return nil
	}
	data, err := seal(s.key, s.tier, s.params, s.profile, payload{Seq: s.seq + 1, Token: token, Record: rec})
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
