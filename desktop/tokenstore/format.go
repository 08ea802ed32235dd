package tokenstore

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"fmt"

	"github.com/bosgo/bosgo/core"
	"golang.org/x/crypto/chacha20poly1305"
)

// The session file format, version 2:
//
//	offset  size  field
//	0       7     magic "BOSGOTS"
//	7       1     format version (2)
//	8       1     tier (1 keyring, 2 passphrase)
//	9       2     length k of the key-source parameters, big endian
//	11      k     key-source parameters (empty for the keyring; argon2id
//	              parameters and salt for a passphrase)
//	11+k    24    XChaCha20-Poly1305 nonce
//	35+k    ...   ciphertext of the JSON payload, with its 16-byte tag
//
// The associated data is the whole header (bytes 0 to 35+k) followed by
// "\x00app=", the application ID, "\x00profile=" and the profile name, so a
// file opens only for the application and profile it was written for.
//
// The JSON payload holds the sequence number, the server URL and auth
// collection the session belongs to, the token and the record.
//
// Version 1 (before the application ID and the server binding) is not
// read: such a file is refused as unreadable and moved aside, and the user
// signs in once more. The desktop app also moved folders with version 2
// (from <config>/bosgo to <config>/bosgo-desktop), so it never meets one.
const (
	magic         = "BOSGOTS"
	formatVersion = 2
	fixedHeader   = len(magic) + 1 + 1 + 2
	maxParamsLen  = 1024
	maxFileSize   = 1 << 20
	keySize       = chacha20poly1305.KeySize
)

// tierCode is the tier byte of the header.
func tierCode(t Tier) (byte, bool) {
	switch t {
	case TierKeyring:
		return 1, true
	case TierPassphrase:
		return 2, true
	}
	return 0, false
}

func tierFromCode(b byte) (Tier, bool) {
	switch b {
	case 1:
		return TierKeyring, true
	case 2:
		return TierPassphrase, true
	}
	return "", false
}

// payload is the plaintext inside a session file.
type payload struct {
	Seq        uint64      `json:"seq"`
	Server     string      `json:"server"`
	Collection string      `json:"collection"`
	Token      string      `json:"token"`
	Record     core.Record `json:"record"`
}

// header is a parsed file header.
type header struct {
	tier   Tier
	params []byte
	nonce  []byte
	raw    []byte // the header bytes, for the associated data
}

// parseHeader splits a file into its header and ciphertext. It checks
// the structure only; authenticity is checked by open.
func parseHeader(file []byte) (header, []byte, error) {
	var h header
	if len(file) > maxFileSize {
		return h, nil, corrupt("file is larger than %d bytes", maxFileSize)
	}
	if len(file) < fixedHeader {
		return h, nil, corrupt("truncated header")
	}
	if string(file[:len(magic)]) != magic {
		return h, nil, corrupt("not a bosgo session file")
	}
	if v := file[len(magic)]; v == 1 {
		return h, nil, corrupt("format version 1 predates per-application binding and rollback protection; sign in again")
	} else if v != formatVersion {
		return h, nil, corrupt("unsupported format version %d", v)
	}
	tier, ok := tierFromCode(file[len(magic)+1])
	if !ok {
		return h, nil, corrupt("unknown protection tier %d", file[len(magic)+1])
	}
	k := int(binary.BigEndian.Uint16(file[len(magic)+2:]))
	if k > maxParamsLen {
		return h, nil, corrupt("key parameters too long")
	}
	end := fixedHeader + k + chacha20poly1305.NonceSizeX
	if len(file) < end {
		return h, nil, corrupt("truncated header")
	}
	if len(file) < end+chacha20poly1305.Overhead {
		return h, nil, corrupt("truncated ciphertext")
	}
	h.tier = tier
	h.params = file[fixedHeader : fixedHeader+k]
	h.nonce = file[fixedHeader+k : end]
	h.raw = file[:end]
	return h, file[end:], nil
}

// binding names what a file is for: the application and the profile. Both
// go into the associated data.
type binding struct{ app, profile string }

func associatedData(rawHeader []byte, b binding) []byte {
	ad := make([]byte, 0, len(rawHeader)+len(b.app)+len(b.profile)+16)
	ad = append(ad, rawHeader...)
	ad = append(ad, "\x00app="...)
	ad = append(ad, b.app...)
	ad = append(ad, "\x00profile="...)
	return append(ad, b.profile...)
}

// seal encrypts p for the application and profile of b under key into a
// complete file.
func seal(key []byte, tier Tier, params []byte, b binding, p payload) ([]byte, error) {
	code, ok := tierCode(tier)
	if !ok {
		return nil, fmt.Errorf("tokenstore: unknown tier %q", tier)
	}
	if len(params) > maxParamsLen {
		return nil, fmt.Errorf("tokenstore: key parameters too long")
	}
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, fmt.Errorf("tokenstore: %w", err)
	}
	plain, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("tokenstore: encoding the session: %w", err)
	}
	defer clear(plain)
	buf := make([]byte, 0, fixedHeader+len(params)+aead.NonceSize()+len(plain)+aead.Overhead())
	buf = append(buf, magic...)
	buf = append(buf, formatVersion, code)
	buf = binary.BigEndian.AppendUint16(buf, uint16(len(params)))
	buf = append(buf, params...)
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("tokenstore: %w", err)
	}
	buf = append(buf, nonce...)
	return aead.Seal(buf, nonce, plain, associatedData(buf, b)), nil
}

// open authenticates and decrypts a file parsed by parseHeader.
func open(key []byte, h header, ciphertext []byte, b binding) (payload, error) {
	var p payload
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return p, fmt.Errorf("tokenstore: %w", err)
	}
	plain, err := aead.Open(nil, h.nonce, ciphertext, associatedData(h.raw, b))
	if err != nil {
		return p, corrupt("authentication failed: tampered, another key, application or profile, or signed out since")
	}
	defer clear(plain)
	if err := json.Unmarshal(plain, &p); err != nil {
		return p, corrupt("the decrypted session is not valid")
	}
	return p, nil
}
