package tokenstore

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"sync"

	"golang.org/x/crypto/argon2"
)

// Argon2Params are the argon2id cost parameters of a [PassphraseSource].
type Argon2Params struct {
	Time      uint32 // passes over memory
	MemoryKiB uint32 // memory in KiB
	Threads   uint8  // lanes
}

// DefaultArgon2Params are t=3, m=64 MiB, p=4: the second recommended
// option of RFC 9106 §4, about 0.3 s on a laptop core.
var DefaultArgon2Params = Argon2Params{Time: 3, MemoryKiB: 64 * 1024, Threads: 4}

// The bounds accepted when reading parameters from a file, so that an
// edited header cannot make Open allocate gigabytes or spin for minutes.
const (
	maxArgonTime      = 16
	maxArgonMemoryKiB = 1 << 20 // 1 GiB
	maxArgonThreads   = 64
	saltSize          = 16
	kdfArgon2id       = 1
	passParamsLen     = 1 + 4 + 4 + 1 + saltSize
)

// PassphraseSource derives the data key from a passphrase with argon2id.
// Each new file gets a random 16-byte salt; salt and parameters are stored
// (authenticated, not secret) in the file header. It is safe for
// concurrent use.
type PassphraseSource struct {
	mu         sync.Mutex // guards passphrase
	passphrase []byte
	params     Argon2Params
}

var _ KeySource = (*PassphraseSource)(nil)

// NewPassphraseSource returns a source for passphrase with params (nil
// means [DefaultArgon2Params]). The passphrase is copied; [ErrEmptyPassphrase]
// is returned for an empty one and an error for parameters out of bounds.
func NewPassphraseSource(passphrase []byte, params *Argon2Params) (*PassphraseSource, error) {
	if len(passphrase) == 0 {
		return nil, ErrEmptyPassphrase
	}
	p := DefaultArgon2Params
	if params != nil {
		p = *params
	}
	if err := p.check(); err != nil {
		return nil, err
	}
	return &PassphraseSource{passphrase: append([]byte(nil), passphrase...), params: p}, nil
}

// Tier returns [TierPassphrase].
func (s *PassphraseSource) Tier() Tier { return TierPassphrase }

// Describe names the derivation and its parameters.
func (s *PassphraseSource) Describe(params []byte) string {
	p := s.params
	if len(params) > 0 {
		if pp, _, err := decodePassParams(params); err == nil {
			p = pp
		}
	}
	return fmt.Sprintf("a key derived from your passphrase (argon2id, t=%d, m=%d MiB, p=%d)", p.Time, p.MemoryKiB/1024, p.Threads)
}

// Key derives the key with the salt and parameters of params, or with a
// new salt and the source's parameters when params is nil.
func (s *PassphraseSource) Key(_ context.Context, _ string, params []byte) ([]byte, []byte, error) {
	var (
		p    Argon2Params
		salt []byte
		err  error
	)
	if params == nil {
		p, salt = s.params, make([]byte, saltSize)
		if _, err := rand.Read(salt); err != nil {
			return nil, nil, err
		}
		params = encodePassParams(p, salt)
	} else if p, salt, err = decodePassParams(params); err != nil {
		return nil, nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.passphrase == nil {
		return nil, nil, ErrClosed
	}
	key := argon2.IDKey(s.passphrase, salt, p.Time, p.MemoryKiB, p.Threads, keySize)
	return key, params, nil
}

// Wipe overwrites the kept passphrase; later calls to Key fail.
func (s *PassphraseSource) Wipe() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.passphrase)
	s.passphrase = nil
}

func (p Argon2Params) check() error {
	if p.Time < 1 || p.Time > maxArgonTime || p.Threads < 1 || p.Threads > maxArgonThreads ||
		p.MemoryKiB < 8*uint32(p.Threads) || p.MemoryKiB > maxArgonMemoryKiB {
		return fmt.Errorf("tokenstore: argon2id parameters out of bounds (t=%d, m=%d KiB, p=%d)", p.Time, p.MemoryKiB, p.Threads)
	}
	return nil
}

func encodePassParams(p Argon2Params, salt []byte) []byte {
	b := make([]byte, 0, passParamsLen)
	b = append(b, kdfArgon2id)
	b = binary.BigEndian.AppendUint32(b, p.Time)
	b = binary.BigEndian.AppendUint32(b, p.MemoryKiB)
	b = append(b, p.Threads)
	return append(b, salt...)
}

func decodePassParams(b []byte) (Argon2Params, []byte, error) {
	var p Argon2Params
	if len(b) != passParamsLen || b[0] != kdfArgon2id {
		return p, nil, corrupt("unknown passphrase parameters")
	}
	p.Time = binary.BigEndian.Uint32(b[1:])
	p.MemoryKiB = binary.BigEndian.Uint32(b[5:])
	p.Threads = b[9]
	if err := p.check(); err != nil {
		return p, nil, corrupt("passphrase parameters out of bounds")
	}
	return p, b[10:], nil
}
