package tokenstore

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
)

// fastArgon2 keeps passphrase tests quick; production uses the defaults.
var fastArgon2 = &Argon2Params{Time: 1, MemoryKiB: 64, Threads: 1}

// fixedKeySource is a KeySource with a key chosen by the test.
type fixedKeySource struct{ key []byte }

func (f fixedKeySource) Tier() Tier { return TierKeyring }
func (f fixedKeySource) Key(context.Context, string, []byte) ([]byte, []byte, error) {
	return append([]byte(nil), f.key...), nil, nil
}
func (f fixedKeySource) Describe([]byte) string { return "a fixed test key" }

// testToken returns an unsigned JWT for record id that expires in an hour.
func testToken(t *testing.T, id string) string {
	t.Helper()
	claims, err := json.Marshal(map[string]any{
		"id": id, "collectionId": "_pb_users_auth_", "type": "auth", "refreshable": false,
		"exp": time.Now().Add(time.Hour).Unix(),
	})
	if err != nil {
		t.Fatal(err)
	}
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc.EncodeToString(claims) + ".c2lnbmF0dXJl"
}

func testRecord(id string) core.Record {
	return core.Record{"id": id, "collectionName": "users", "email": id + "@secret-mail.example", "name": "Secret Name " + id}
}

// openStore opens profile in dir with kr and fails the test on any error.
func openStore(t *testing.T, dir, profile string, kr Keyring) *Store {
	t.Helper()
	s, err := Open(t.Context(), Options{Dir: dir, Profile: profile, Keys: NewKeyringSource(kr)})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

// savedStore returns a folder holding one saved session of profile, and
// its keyring.
func savedStore(t *testing.T, profile string) (dir string, kr *MemoryKeyring, token string) {
	t.Helper()
	dir, kr = t.TempDir(), NewMemoryKeyring()
	s := openStore(t, dir, profile, kr)
	token = testToken(t, "u1")
	if err := s.Save(token, testRecord("u1")); err != nil {
		t.Fatalf("Save: %v", err)
	}
	return dir, kr, token
}

// corruptFiles lists the files moved aside in dir.
func corruptFiles(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "*.corrupt"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// wantCorrupt checks that Open of profile failed as corrupt, moved the
// file aside and gave a usable, signed-out store.
func wantCorrupt(t *testing.T, s *Store, err error, dir string) {
	t.Helper()
	var ce *CorruptError
	if !errors.As(err, &ce) || !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Open error = %v, want a *CorruptError wrapping ErrCorrupt", err)
	}
	if s == nil {
		t.Fatal("Open returned no store with a CorruptError; want a signed-out store")
	}
	if s.Token() != "" || s.Record() != nil {
		t.Errorf("after a corrupt file the session is %q/%v, want signed out", s.Token(), s.Record())
	}
	if ce.MovedTo == "" || !strings.HasSuffix(ce.MovedTo, ".corrupt") {
		t.Errorf("CorruptError.MovedTo = %q, want a .corrupt file", ce.MovedTo)
	}
	if _, err := os.Stat(ce.MovedTo); err != nil {
		t.Errorf("the moved-aside file is missing: %v", err)
	}
	if _, err := os.Stat(ce.Path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the corrupt file is still at %s (stat: %v)", ce.Path, err)
	}
	if len(corruptFiles(t, dir)) == 0 {
		t.Error("no .corrupt file in the folder")
	}
}

// testService is the keyring service of a store opened without an AppID:
// the test binary's name.
var testService = DefaultAppID()
