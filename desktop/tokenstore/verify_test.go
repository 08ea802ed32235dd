package tokenstore

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestVerifyChangesNothing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	right, _ := NewPassphraseSource([]byte("right passphrase"), fastArgon2)
	wrong, _ := NewPassphraseSource([]byte("wrong passphrase"), fastArgon2)
	if err := Verify(t.Context(), Options{Dir: dir, Keys: right}); err != nil {
		t.Fatalf("Verify with no file = %v, want nil", err)
	}
	s, err := Open(t.Context(), Options{Dir: dir, Keys: right})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Save(testToken(t, "u1"), nil); err != nil {
		t.Fatal(err)
	}
	if err := Verify(t.Context(), Options{Dir: dir, Keys: right}); err != nil {
		t.Errorf("Verify with the right passphrase = %v", err)
	}
	if err := Verify(t.Context(), Options{Dir: dir, Keys: wrong}); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Verify with a wrong passphrase = %v, want ErrCorrupt", err)
	}
	if err := Verify(t.Context(), Options{Dir: dir, Keys: NewKeyringSource(NewMemoryKeyring())}); !errors.Is(err, ErrTierMismatch) {
		t.Errorf("Verify with the keyring = %v, want ErrTierMismatch", err)
	}
	if len(corruptFiles(t, dir)) != 0 {
		t.Error("Verify moved the file")
	}
	if _, err := os.Stat(filepath.Join(dir, "default.session")); err != nil {
		t.Error("Verify removed the file")
	}

	// Keyring tier: a missing key is reported, not created.
	kdir, kr, _ := savedStore(t, "")
	empty := NewMemoryKeyring()
	if err := Verify(t.Context(), Options{Dir: kdir, Keys: NewKeyringSource(empty)}); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Verify with a keyring lacking the key = %v, want ErrCorrupt", err)
	}
	if _, err := empty.Get(testService, DefaultProfile); !errors.Is(err, ErrKeyNotFound) {
		t.Error("Verify created a key")
	}
	if err := Verify(t.Context(), Options{Dir: kdir, Keys: NewKeyringSource(kr)}); err != nil {
		t.Errorf("Verify with the right keyring = %v", err)
	}
}
