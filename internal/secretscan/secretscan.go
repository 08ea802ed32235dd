// Package secretscan lets tests check that secrets (tokens, passwords,
// emails of signed-in records) never reach disk in plaintext.
package secretscan

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// Dir fails t for every file under dir that contains one of secrets; empty
// secrets are ignored. The message names the file and only the first
// characters of the secret.
func Dir(t testing.TB, dir string, secrets ...string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, s := range secrets {
			if s != "" && bytes.Contains(b, []byte(s)) {
				t.Errorf("%s contains a secret in plaintext (%.8q…)", p, s)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
