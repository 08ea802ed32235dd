package tokenstore

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestNoPlaintextOnDisk saves a session, corrupts it once so that error
// paths run too, and then greps every file in the folder, every error
// string and the status for the token, the email, the record and the key.
func TestNoPlaintextOnDisk(t *testing.T) {
	t.Parallel()
	dir, kr, token := savedStore(t, "")
	keyB64, err := kr.Get(testService, DefaultProfile)
	if err != nil {
		t.Fatal(err)
	}
	key, _ := base64.StdEncoding.DecodeString(keyB64)
	rec := testRecord("u1")
	secrets := map[string][]byte{
		"token":        []byte(token),
		"token body":   []byte(token[40:80]),
		"email":        []byte(rec.Email()),
		"name":         []byte(rec.String("name")),
		"key (base64)": []byte(keyB64),
		"key (raw)":    key,
	}
	var outputs []string

	// Error paths: a tampered file and a missing keyring.
	path := filepath.Join(dir, "default.session")
	data, _ := os.ReadFile(path)
	if err := os.WriteFile(path+".keep", data, 0o600); err != nil { // keep a good copy to grep as well
		t.Fatal(err)
	}
	data[len(data)-1] ^= 1
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(t.Context(), Options{Dir: dir, Keys: NewKeyringSource(kr)})
	if err == nil {
		t.Fatal("tampered file opened")
	}
	outputs = append(outputs, err.Error())
	st, _ := json.Marshal(s.Status())
	outputs = append(outputs, string(st))

	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for what, secret := range secrets {
			if bytes.Contains(b, secret) {
				t.Errorf("%s contains the %s in plaintext", filepath.Base(p), what)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, out := range outputs {
		for what, secret := range secrets {
			if bytes.Contains([]byte(out), secret) {
				t.Errorf("output %q contains the %s", out, what)
			}
		}
	}
}
