package tokenstore

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/core/storetest"
)

func TestContractKeyring(t *testing.T) {
	storetest.Run(t, func(t *testing.T) core.AuthStore {
		return openStore(t, t.TempDir(), "", NewMemoryKeyring())
	})
}

func TestContractPassphrase(t *testing.T) {
	storetest.Run(t, func(t *testing.T) core.AuthStore {
		src, err := NewPassphraseSource([]byte("correct horse"), fastArgon2)
		if err != nil {
			t.Fatal(err)
		}
		s, err := Open(t.Context(), Options{Dir: t.TempDir(), Keys: src})
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestReopenRestoresSession(t *testing.T) {
	t.Parallel()
	dir, kr, token := savedStore(t, "work")
	s := openStore(t, dir, "work", kr)
	if s.Token() != token || s.Record().Email() != "u1@secret-mail.example" {
		t.Fatalf("reopened session = %q/%v, want the saved one", s.Token(), s.Record())
	}
	if !s.IsValid() {
		t.Error("IsValid() = false for a fresh token")
	}
	if st := s.Status(); st.Tier != TierKeyring || !st.Saved || st.Profile != "work" || st.Path != filepath.Join(dir, "work.session") {
		t.Errorf("Status() = %+v", st)
	}
	// The sequence number continues across restarts.
	if err := s.Save(testToken(t, "u2"), testRecord("u2")); err != nil {
		t.Fatal(err)
	}
	if s.seq != 2 {
		t.Errorf("sequence after reopen and save = %d, want 2", s.seq)
	}
}

func TestReopenPassphrase(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	open := func(pass string) (*Store, error) {
		src, err := NewPassphraseSource([]byte(pass), fastArgon2)
		if err != nil {
			t.Fatal(err)
		}
		return Open(t.Context(), Options{Dir: dir, Keys: src})
	}
	s, err := open("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	tok := testToken(t, "u1")
	if err := s.Save(tok, testRecord("u1")); err != nil {
		t.Fatal(err)
	}
	if st := s.Status(); st.Tier != TierPassphrase {
		t.Errorf("Status().Tier = %q, want passphrase", st.Tier)
	}
	fi, err := Inspect("", dir, "")
	if err != nil || !fi.Exists || fi.Tier != TierPassphrase {
		t.Fatalf("Inspect = %+v, %v; want an existing passphrase file", fi, err)
	}
	s2, err := open("correct horse")
	if err != nil || s2.Token() != tok {
		t.Fatalf("reopen with the right passphrase: token %q, err %v", s2.Token(), err)
	}
	s3, err := open("wrong horse")
	wantCorrupt(t, s3, err, dir)
}

func TestClearDeletesFile(t *testing.T) {
	t.Parallel()
	dir, kr, _ := savedStore(t, "")
	s := openStore(t, dir, "", kr)
	if err := s.Clear(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "default.session")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("session file after Clear: %v, want it gone", err)
	}
	if s.Status().Saved {
		t.Error("Status().Saved after Clear")
	}
	if s2 := openStore(t, dir, "", kr); s2.Token() != "" {
		t.Error("reopen after Clear is signed in")
	}
}

func TestTierMismatchLeavesFileAlone(t *testing.T) {
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
	before, _ := os.ReadFile(filepath.Join(dir, "default.session"))
	s2, err := Open(t.Context(), Options{Dir: dir, Keys: NewKeyringSource(NewMemoryKeyring())})
	if !errors.Is(err, ErrTierMismatch) || s2 != nil {
		t.Fatalf("Open with the keyring over a passphrase file = %v, %v; want ErrTierMismatch and no store", s2, err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "default.session"))
	if string(before) != string(after) || len(corruptFiles(t, dir)) != 0 {
		t.Error("a tier mismatch changed or moved the file")
	}
}

// TestSlowSaveNeverOverwritesNewer blocks the first write between writing
// its temporary file and renaming it, saves a newer session meanwhile,
// and checks that the newer session is what ends up on disk.
func TestSlowSaveNeverOverwritesNewer(t *testing.T) {
	dir, kr := t.TempDir(), NewMemoryKeyring()
	s := openStore(t, dir, "", kr)
	entered, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	testHookBeforeRename = func() {
		once.Do(func() {
			close(entered)
			<-release
		})
	}
	t.Cleanup(func() { testHookBeforeRename = nil })

	old, newer := testToken(t, "old"), testToken(t, "new")
	slow := make(chan error, 1)
	go func() { slow <- s.Save(old, testRecord("old")) }()
	<-entered // the old session is mid-write
	fast := make(chan error, 1)
	go func() { fast <- s.Save(newer, testRecord("new")) }()
	// The newer Save updates memory at once and then waits for the writer.
	for s.Token() != newer {
		runtime.Gosched()
		select {
		case err := <-fast:
			t.Fatalf("newer Save returned before the slow write finished: %v", err)
		default:
		}
	}
	close(release)
	if err := <-slow; err != nil {
		t.Fatal(err)
	}
	if err := <-fast; err != nil {
		t.Fatal(err)
	}
	if got := openStore(t, dir, "", kr).Token(); got != newer {
		t.Fatal("the file holds the older session after a slow save; want the newer one")
	}
}

func TestConcurrentSavesLastStateOnDisk(t *testing.T) {
	t.Parallel()
	dir, kr := t.TempDir(), NewMemoryKeyring()
	s := openStore(t, dir, "", kr)
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := string(rune('a' + i))
			for range 10 {
				if err := s.Save(testToken(t, id), testRecord(id)); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if got := openStore(t, dir, "", kr); got.Token() != s.Token() || got.Record().ID() != s.Record().ID() {
		t.Errorf("disk holds %v, memory %v: the last state must be on disk", got.Record().ID(), s.Record().ID())
	}
}

func TestStaleTempFilesRemoved(t *testing.T) {
	t.Parallel()
	dir, kr, token := savedStore(t, "")
	stale := filepath.Join(dir, ".default.session.tmp-12345")
	if err := os.WriteFile(stale, []byte("half written"), 0o600); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, ".other.session.tmp-1")
	if err := os.WriteFile(other, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if s := openStore(t, dir, "", kr); s.Token() != token {
		t.Fatal("session lost")
	}
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Error("stale temporary file of the profile survived Open")
	}
	if _, err := os.Stat(other); err != nil {
		t.Error("Open removed another profile's temporary file")
	}
}

func TestCloseWipesKey(t *testing.T) {
	t.Parallel()
	s := openStore(t, t.TempDir(), "", NewMemoryKeyring())
	key := s.key
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for _, b := range key {
		if b != 0 {
			t.Fatal("Close left the key in memory")
		}
	}
	if err := s.Save(testToken(t, "u1"), nil); !errors.Is(err, ErrClosed) {
		t.Errorf("Save after Close = %v, want ErrClosed", err)
	}
}

func TestInvalidProfiles(t *testing.T) {
	t.Parallel()
	for _, p := range []string{"../x", ".hidden", "a/b", `a\b`, "a b", string(make([]byte, 65))} {
		if _, err := Open(t.Context(), Options{Dir: t.TempDir(), Profile: p, Keys: NewKeyringSource(NewMemoryKeyring())}); !errors.Is(err, ErrInvalidProfile) {
			t.Errorf("Open(profile %q) = %v, want ErrInvalidProfile", p, err)
		}
	}
	for _, p := range []string{"default", "work-2", "a.b_c", "X"} {
		if !ValidProfile(p) {
			t.Errorf("ValidProfile(%q) = false", p)
		}
	}
}

func TestInspectMissing(t *testing.T) {
	t.Parallel()
	fi, err := Inspect("", t.TempDir(), "nobody")
	if err != nil || fi.Exists || fi.Tier != "" {
		t.Fatalf("Inspect of a missing file = %+v, %v", fi, err)
	}
}
