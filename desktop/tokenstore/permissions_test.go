//go:build unix

package tokenstore

import (
	"os"
	"path/filepath"
	"testing"
)

func TestPermissions(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	dir := filepath.Join(root, "cfg", "bosgo")
	kr := NewMemoryKeyring()
	s := openStore(t, dir, "", kr)
	if err := s.Save(testToken(t, "u1"), testRecord("u1")); err != nil {
		t.Fatal(err)
	}
	mode := func(p string) os.FileMode {
		t.Helper()
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Mode().Perm()
	}
	file := filepath.Join(dir, "default.session")
	if m := mode(dir); m != 0o700 {
		t.Errorf("folder mode %o, want 700", m)
	}
	if m := mode(file); m != 0o600 {
		t.Errorf("file mode %o, want 600", m)
	}

	// A folder and a file that someone loosened are tightened again.
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(file, 0o644); err != nil {
		t.Fatal(err)
	}
	s = openStore(t, dir, "", kr)
	if s.Token() == "" {
		t.Fatal("session lost")
	}
	if m := mode(dir); m != 0o700 {
		t.Errorf("folder mode after reopen %o, want 700", m)
	}
	if m := mode(file); m != 0o600 {
		t.Errorf("file mode after reopen %o, want 600", m)
	}
	// Every rewrite keeps 0600.
	if err := s.Save(testToken(t, "u2"), nil); err != nil {
		t.Fatal(err)
	}
	if m := mode(file); m != 0o600 {
		t.Errorf("file mode after a save %o, want 600", m)
	}
}
