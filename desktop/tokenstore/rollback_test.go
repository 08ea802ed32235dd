package tokenstore

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bosgo/bosgo/core"
)

// TestSignOutMakesRestoredFileUnreadable: a copy of the session file taken
// before a sign-out (a backup, a sync folder) and put back afterwards must
// not sign the user in again.
func TestSignOutMakesRestoredFileUnreadable(t *testing.T) {
	t.Parallel()
	dir, kr, _ := savedStore(t, "")
	path := filepath.Join(dir, "default.session")
	backup, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := openStore(t, dir, "", kr)
	if s.Token() == "" {
		t.Fatal("the saved session did not load")
	}
	if err := s.Clear(); err != nil {
		t.Fatalf("Clear: %v", err)
	}
	if err := os.WriteFile(path, backup, 0o600); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(t.Context(), Options{Dir: dir, Keys: NewKeyringSource(kr)})
	wantCorrupt(t, s2, err, dir)
}

// TestSignOutRotatesOnlyThatProfile: the rollback protection replaces the
// signed-out profile's key, not the other profiles'.
func TestSignOutRotatesOnlyThatProfile(t *testing.T) {
	t.Parallel()
	dir, kr := t.TempDir(), NewMemoryKeyring()
	work := openStore(t, dir, "work", kr)
	home := openStore(t, dir, "home", kr)
	tok := testToken(t, "w1")
	if err := work.Save(tok, testRecord("w1")); err != nil {
		t.Fatal(err)
	}
	if err := home.Save(testToken(t, "h1"), testRecord("h1")); err != nil {
		t.Fatal(err)
	}
	if err := home.Clear(); err != nil {
		t.Fatal(err)
	}
	if again := openStore(t, dir, "work", kr); again.Token() != tok {
		t.Error("signing out of one profile lost another profile's session")
	}
}

// TestClearReportsKeyringFailure: when the key cannot be replaced the
// session is still gone from memory and disk, and the error says the
// rollback protection did not happen.
func TestClearReportsKeyringFailure(t *testing.T) {
	t.Parallel()
	dir, kr, _ := savedStore(t, "")
	s := openStore(t, dir, "", kr)
	kr.SetErr(errors.New("locked"))
	err := s.Clear()
	if !errors.Is(err, ErrNoKeyring) || !strings.Contains(err.Error(), "restored copy") {
		t.Fatalf("Clear with a locked keyring = %v, want an ErrNoKeyring error about restored copies", err)
	}
	if s.Token() != "" {
		t.Error("still signed in after Clear")
	}
	if _, err := os.Stat(filepath.Join(dir, "default.session")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("session file after Clear: %v", err)
	}
}

// TestAppsDoNotShareSessions: two applications on the same folder and the
// same keyring (or even the same key) never load each other's session.
func TestAppsDoNotShareSessions(t *testing.T) {
	t.Parallel()
	dir, kr := t.TempDir(), NewMemoryKeyring()
	a, err := Open(t.Context(), Options{AppID: "app-a", Dir: dir, Keys: NewKeyringSource(kr)})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Save(testToken(t, "u1"), testRecord("u1")); err != nil {
		t.Fatal(err)
	}
	if _, err := kr.Get("app-a", DefaultProfile); err != nil {
		t.Errorf("app A's key is not under its own keyring service: %v", err)
	}
	if _, err := kr.Get("app-b", DefaultProfile); !errors.Is(err, ErrKeyNotFound) {
		t.Errorf("app B has a key before it ever ran: %v", err)
	}
	keep, _ := os.ReadFile(filepath.Join(dir, "default.session"))

	b, err := Open(t.Context(), Options{AppID: "app-b", Dir: dir, Keys: NewKeyringSource(kr)})
	wantCorrupt(t, b, err, dir)

	// Even with one key for both, the app ID in the associated data
	// refuses the file.
	key := make([]byte, keySize)
	for i := range key {
		key[i] = byte(i)
	}
	dir2 := t.TempDir()
	a2, err := Open(t.Context(), Options{AppID: "app-a", Dir: dir2, Keys: fixedKeySource{key}})
	if err != nil {
		t.Fatal(err)
	}
	if err := a2.Save(testToken(t, "u1"), testRecord("u1")); err != nil {
		t.Fatal(err)
	}
	b2, err := Open(t.Context(), Options{AppID: "app-b", Dir: dir2, Keys: fixedKeySource{key}})
	wantCorrupt(t, b2, err, dir2)
	if len(keep) == 0 {
		t.Fatal("app A wrote no file")
	}

	// The default folders differ too.
	da, err1 := DefaultDir("app-a")
	db, err2 := DefaultDir("app-b")
	if err1 != nil || err2 != nil || da == db || filepath.Base(da) != "app-a" {
		t.Errorf("DefaultDir: %q (%v), %q (%v)", da, err1, db, err2)
	}
	if _, err := Open(t.Context(), Options{AppID: "../x", Dir: dir, Keys: NewKeyringSource(kr)}); !errors.Is(err, ErrInvalidAppID) {
		t.Errorf("Open with app ID ../x = %v, want ErrInvalidAppID", err)
	}
}

// TestSessionBoundToServer: a session saved for one server and collection
// is not loaded by a store opened for another; it loads again for its own.
func TestSessionBoundToServer(t *testing.T) {
	t.Parallel()
	dir, kr := t.TempDir(), NewMemoryKeyring()
	const serverA, serverB = "https://a.example", "https://b.example"
	open := func(server, collection string) (*Store, error) {
		return Open(t.Context(), Options{Dir: dir, Keys: NewKeyringSource(kr), ServerURL: server, Collection: collection})
	}
	s, err := open(serverA, "users")
	if err != nil {
		t.Fatal(err)
	}
	tok := testToken(t, "u1")
	if err := s.Save(tok, testRecord("u1")); err != nil {
		t.Fatal(err)
	}
	file, _ := os.ReadFile(filepath.Join(dir, "default.session"))
	if strings.Contains(string(file), "a.example") {
		t.Error("the server URL is in the file in plaintext; it belongs inside the encrypted payload")
	}

	for _, c := range []struct{ server, collection string }{{serverB, "users"}, {serverA, "_superusers"}} {
		other, err := open(c.server, c.collection)
		var be *BindingError
		if !errors.As(err, &be) || !errors.Is(err, ErrBindingMismatch) {
			t.Fatalf("Open for %s/%s = %v, want a *BindingError", c.server, c.collection, err)
		}
		if other == nil || other.Token() != "" {
			t.Fatalf("Open for %s/%s handed out the other server's session", c.server, c.collection)
		}
		if be.SavedServer != serverA || be.WantedServer != c.server || strings.Contains(err.Error(), tok) {
			t.Errorf("BindingError %+v / %q", be, err)
		}
		if _, err := os.Stat(filepath.Join(dir, "default.session")); err != nil {
			t.Errorf("the file of the other binding was not left alone: %v", err)
		}
	}

	again, err := open(serverA, "users")
	if err != nil || again.Token() != tok {
		t.Fatalf("reopen for the saved server: %v, token loaded %v", err, again != nil && again.Token() == tok)
	}
	if srv, col := again.Binding(); srv != serverA || col != "users" {
		t.Errorf("Binding() = %q, %q", srv, col)
	}
	if _, err := again.Bind(serverB, "users"); !errors.Is(err, ErrBound) {
		t.Errorf("Bind to another server while signed in = %v, want ErrBound", err)
	}

	// A store opened for B (session refused) loads it after Bind to A.
	b, err := open(serverB, "users")
	if !errors.Is(err, ErrBindingMismatch) {
		t.Fatal(err)
	}
	var got []string
	remove := b.OnChange(func(e core.AuthEvent) { got = append(got, e.Token) })
	defer remove()
	loaded, err := b.Bind(serverA, "users")
	if err != nil || !loaded || b.Token() != tok || len(got) != 1 || got[0] != tok {
		t.Fatalf("Bind to the saved server: loaded %v, err %v, events %d", loaded, err, len(got))
	}

	// An unbound store loads any session and reports its binding.
	unbound, err := open("", "")
	if err != nil || unbound.Token() != tok {
		t.Fatalf("unbound Open: %v", err)
	}
	if srv, _ := unbound.Binding(); srv != serverA {
		t.Errorf("unbound store's Binding() = %q, want the session's", srv)
	}
}

// TestVersion1FileRefused: files of the format before the app ID and the
// server binding are moved aside with a reason, not loaded.
func TestVersion1FileRefused(t *testing.T) {
	t.Parallel()
	dir, kr, _ := savedStore(t, "")
	path := filepath.Join(dir, "default.session")
	file, _ := os.ReadFile(path)
	file[len(magic)] = 1
	if err := os.WriteFile(path, file, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(t.Context(), Options{Dir: dir, Keys: NewKeyringSource(kr)})
	wantCorrupt(t, s, err, dir)
	var ce *CorruptError
	if errors.As(err, &ce) && !strings.Contains(ce.Reason, "version 1") {
		t.Errorf("reason %q does not name the old version", ce.Reason)
	}
}
