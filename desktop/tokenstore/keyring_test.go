package tokenstore

import (
	"context"
	"errors"
	"os"
	"runtime"
	"testing"
	"time"
)

// TestFailClosedWithoutKeyring: a keyring that refuses makes Open fail
// with ErrNoKeyring and write nothing at all.
func TestFailClosedWithoutKeyring(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	kr := NewMemoryKeyring()
	kr.SetErr(errors.New("org.freedesktop.DBus.Error.ServiceUnknown"))
	s, err := Open(t.Context(), Options{Dir: dir, Keys: NewKeyringSource(kr)})
	var ke *KeyringError
	if !errors.Is(err, ErrNoKeyring) || !errors.As(err, &ke) || s != nil {
		t.Fatalf("Open without a keyring = %v, %v; want a *KeyringError wrapping ErrNoKeyring and no store", s, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("Open without a keyring wrote %d files", len(entries))
	}
}

// TestFailClosedNoSessionBus uses the real OS keyring with no reachable
// D-Bus session bus: Open must refuse quickly, without auto-launching a bus.
func TestFailClosedNoSessionBus(t *testing.T) {
	if !keyringOverDBus {
		t.Skipf("the keyring on %s is not reached over D-Bus, so there is no session bus to miss", runtime.GOOS)
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	start := time.Now()
	s, err := Open(t.Context(), Options{Dir: t.TempDir()})
	if !errors.Is(err, ErrNoKeyring) || s != nil {
		t.Fatalf("Open with no session bus = %v, %v; want ErrNoKeyring", s, err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("refusing took %v", d)
	}
	// A bus address that cannot be dialled fails the same way.
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "disabled:")
	if _, err := Open(t.Context(), Options{Dir: t.TempDir()}); !errors.Is(err, ErrNoKeyring) {
		t.Fatalf("Open with a disabled bus = %v; want ErrNoKeyring", err)
	}
}

// blockingKeyring never answers, like a keyring waiting on an unlock
// prompt nobody sees.
type blockingKeyring struct{ release chan struct{} }

func (b blockingKeyring) Get(string, string) (string, error) { <-b.release; return "", ErrKeyNotFound }
func (b blockingKeyring) Set(string, string, string) error   { <-b.release; return nil }
func (b blockingKeyring) Delete(string, string) error        { <-b.release; return nil }

func TestKeyringTimeout(t *testing.T) {
	t.Parallel()
	kr := blockingKeyring{release: make(chan struct{})}
	defer close(kr.release)
	src := &KeyringSource{Keyring: kr, Timeout: 50 * time.Millisecond}
	_, err := Open(t.Context(), Options{Dir: t.TempDir(), Keys: src})
	if !errors.Is(err, ErrNoKeyring) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Open with a hanging keyring = %v; want ErrNoKeyring wrapping DeadlineExceeded", err)
	}
}

func TestKeyringKeyCreatedOnceAndForgotten(t *testing.T) {
	t.Parallel()
	kr := NewMemoryKeyring()
	src := NewKeyringSource(kr)
	k1, _, err := src.Key(t.Context(), "p", nil)
	if err != nil {
		t.Fatal(err)
	}
	k2, _, err := src.Key(t.Context(), "p", nil)
	if err != nil || string(k1) != string(k2) || len(k1) != 32 {
		t.Fatalf("second Key differs or fails (%v)", err)
	}
	// A foreign or damaged entry is replaced by a new key.
	if err := kr.Set(testService, "p", "not a key"); err != nil {
		t.Fatal(err)
	}
	k3, _, err := src.Key(t.Context(), "p", nil)
	if err != nil || len(k3) != 32 || string(k3) == string(k1) {
		t.Fatalf("damaged entry: key %d bytes, err %v", len(k3), err)
	}
	if err := src.Forget(t.Context(), "p"); err != nil {
		t.Fatal(err)
	}
	if err := src.Forget(t.Context(), "p"); err != nil {
		t.Errorf("forgetting a missing key = %v, want nil", err)
	}
	if _, err := kr.Get(testService, "p"); !errors.Is(err, ErrKeyNotFound) {
		t.Errorf("after Forget: %v", err)
	}
}
