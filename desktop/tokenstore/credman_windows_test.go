package tokenstore

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCredentialManagerRoundTrip uses the real Windows Credential Manager
// (go-keyring's wincred backend; Wine implements CredWrite/CredRead in its
// registry): the data key goes there and only there, a restart restores
// the session, and forgetting the key signs out. It uses a service name of
// its own, so a real user's entries are never touched.
func TestCredentialManagerRoundTrip(t *testing.T) {
	mark := make([]byte, 6)
	_, _ = rand.Read(mark)
	service := "bosgo-tokenstore-test-" + hex.EncodeToString(mark)
	src := &KeyringSource{Service: service}
	dir := t.TempDir()
	t.Cleanup(func() { _ = src.Forget(context.Background(), "real") })

	s, err := Open(t.Context(), Options{Dir: dir, Profile: "real", Keys: src})
	if err != nil {
		t.Fatalf("Open with the Credential Manager: %v", err)
	}
	tok := testToken(t, "u1")
	if err := s.Save(tok, testRecord("u1")); err != nil {
		t.Fatal(err)
	}
	stored, err := SystemKeyring().Get(service, "real")
	if err != nil {
		t.Fatalf("the key is not in the Credential Manager: %v", err)
	}
	if len(stored) != 44 {
		t.Errorf("credential is %d characters, want a base64 32-byte key (44)", len(stored))
	}
	file, err := os.ReadFile(filepath.Join(dir, "real.session"))
	if err != nil || bytes.Contains(file, []byte(stored)) || bytes.Contains(file, []byte(tok)) {
		t.Fatalf("session file missing or holds plaintext (%v)", err)
	}

	s2, err := Open(t.Context(), Options{Dir: dir, Profile: "real", Keys: src})
	if err != nil || s2.Token() != tok {
		t.Fatalf("restart: %v, token restored: %v", err, s2 != nil && s2.Token() == tok)
	}
	if _, err := SystemKeyring().Get(service, "nobody"); !errors.Is(err, ErrKeyNotFound) {
		t.Errorf("Get of a missing credential = %v, want ErrKeyNotFound", err)
	}
	if err := src.Forget(t.Context(), "real"); err != nil {
		t.Fatal(err)
	}
	if _, err := SystemKeyring().Get(service, "real"); !errors.Is(err, ErrKeyNotFound) {
		t.Errorf("after Forget the credential is still there: %v", err)
	}
	s3, err := Open(t.Context(), Options{Dir: dir, Profile: "real", Keys: src})
	wantCorrupt(t, s3, err, dir)
}

// TestDefaultDirInUserProfile: on Windows the files live in the user's
// roaming profile (under %APPDATA%), whose ACL grants only the user,
// SYSTEM and Administrators; the 0700/0600 modes mean nothing there.
func TestDefaultDirInUserProfile(t *testing.T) {
	dir, err := DefaultDir("bosgo-desktop")
	if err != nil {
		t.Fatal(err)
	}
	profile := os.Getenv("USERPROFILE")
	if profile == "" {
		t.Fatal("USERPROFILE is not set")
	}
	if !strings.HasPrefix(strings.ToLower(dir), strings.ToLower(profile)+`\`) {
		t.Fatalf("DefaultDir(\"bosgo-desktop\") = %q, want a folder inside the user profile %q", dir, profile)
	}
}
