package tokenstore

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestTamperEveryByte flips each byte of a session file in turn: every
// variant must be refused as corrupt and moved aside.
func TestTamperEveryByte(t *testing.T) {
	t.Parallel()
	dir, kr, _ := savedStore(t, "")
	path := filepath.Join(dir, "default.session")
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range orig {
		bad := append([]byte(nil), orig...)
		bad[i] ^= 0x01
		if err := os.WriteFile(path, bad, 0o600); err != nil {
			t.Fatal(err)
		}
		s, err := Open(t.Context(), Options{Dir: dir, Keys: NewKeyringSource(kr)})
		if errors.Is(err, ErrTierMismatch) && i == len(magic)+1 {
			continue // the tier byte flipped to another tier: refused, not moved
		}
		if !errors.Is(err, ErrCorrupt) || s == nil || s.Token() != "" {
			t.Fatalf("byte %d flipped: Open = %v; want ErrCorrupt and a signed-out store", i, err)
		}
	}
	if n := len(corruptFiles(t, dir)); n < len(orig)-1 {
		t.Errorf("%d files moved aside, want one per tampered variant (%d)", n, len(orig)-1)
	}
}

func TestTruncation(t *testing.T) {
	t.Parallel()
	dir, kr, _ := savedStore(t, "")
	path := filepath.Join(dir, "default.session")
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for n := range len(orig) {
		if err := os.WriteFile(path, orig[:n], 0o600); err != nil {
			t.Fatal(err)
		}
		s, err := Open(t.Context(), Options{Dir: dir, Keys: NewKeyringSource(kr)})
		if !errors.Is(err, ErrCorrupt) || s == nil || s.Token() != "" {
			t.Fatalf("truncated to %d bytes: Open = %v; want ErrCorrupt and a signed-out store", n, err)
		}
	}
	// Appended garbage is tampering too.
	if err := os.WriteFile(path, append(orig, 'x'), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(t.Context(), Options{Dir: dir, Keys: NewKeyringSource(kr)})
	wantCorrupt(t, s, err, dir)
}

func TestWrongKey(t *testing.T) {
	t.Parallel()
	dir, _, _ := savedStore(t, "")
	s, err := Open(t.Context(), Options{Dir: dir, Keys: NewKeyringSource(NewMemoryKeyring())})
	wantCorrupt(t, s, err, dir)
	// The store goes on working with its own key after moving the file.
	tok := testToken(t, "u2")
	if err := s.Save(tok, nil); err != nil {
		t.Fatal(err)
	}
}

func TestWrongProfile(t *testing.T) {
	t.Parallel()
	dir, kr, _ := savedStore(t, "alice")
	// Same key for both profiles, so only the profile binding can refuse.
	key, err := kr.Get(testService, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if err := kr.Set(testService, "bob", key); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "alice.session"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "bob.session"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(t.Context(), Options{Dir: dir, Profile: "bob", Keys: NewKeyringSource(kr)})
	wantCorrupt(t, s, err, dir)
	if s := openStore(t, dir, "alice", kr); s.Token() == "" {
		t.Error("the original profile no longer opens")
	}
}

func TestPassphraseParamsOutOfBounds(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src, err := NewPassphraseSource([]byte("pw"), fastArgon2)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(t.Context(), Options{Dir: dir, Keys: src})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Save(testToken(t, "u1"), nil); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "default.session")
	data, _ := os.ReadFile(path)
	// Memory KiB field: header(11) + alg(1) + time(4) → offset 16; ask for 4 TiB.
	copy(data[fixedHeader+5:], []byte{0xff, 0xff, 0xff, 0xff})
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(t.Context(), Options{Dir: dir, Keys: src})
	wantCorrupt(t, s2, err, dir)
	if _, err := NewPassphraseSource([]byte("pw"), &Argon2Params{Time: 1, MemoryKiB: 2 << 20, Threads: 1}); err == nil {
		t.Error("NewPassphraseSource accepted 2 GiB")
	}
	if _, err := NewPassphraseSource(nil, nil); !errors.Is(err, ErrEmptyPassphrase) {
		t.Errorf("empty passphrase: %v", err)
	}
}
