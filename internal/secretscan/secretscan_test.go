package secretscan

import (
	"os"
	"path/filepath"
	"testing"
)

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	errors int
}

func (r *recorder) Errorf(string, ...any) { r.errors++ }
func (r *recorder) Helper()               {}

func TestDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "sub", "session"), []byte("x eyJhbGciOi.secret y"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := &recorder{TB: t}
	Dir(r, dir, "eyJhbGciOi.secret", "", "absent")
	if r.errors != 1 {
		t.Errorf("Dir reported %d findings, want 1 (the nested file holding the token)", r.errors)
	}
	r = &recorder{TB: t}
	Dir(r, dir, "absent")
	if r.errors != 0 {
		t.Errorf("Dir reported %d findings for a secret that is nowhere", r.errors)
	}
}
