package authservice_test

import (
	"errors"
	"os"
	"testing"

	"github.com/bosgo/bosgo/desktop/authservice"
	"github.com/bosgo/bosgo/internal/secretscan"
	"github.com/bosgo/bosgo/internal/testenv"
)

// TestNoKeyringFailsClosed: without a keyring nothing can be signed in
// until the user picks a passphrase; the passphrase session survives a
// restart, a wrong passphrase changes nothing.
func TestNoKeyringFailsClosed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.keyring.SetErr(errors.New("org.freedesktop.DBus.Error.ServiceUnknown"))
	u := e.srv.NewUser(t, testenv.UserOptions{Verified: true})
	svc, _ := e.start(t)
	st := svc.State()
	if !st.Storage.NeedsChoice || st.Storage.Ready || st.Storage.Problem == "" {
		t.Fatalf("storage without a keyring = %+v; want a choice", st.Storage)
	}
	_, err := svc.SignInWithPassword(u.Email, u.Password, "")
	wantCode(t, err, authservice.CodeStorage)
	if entries, _ := os.ReadDir(e.dir); len(entries) != 0 {
		t.Errorf("files written without a keyring: %d", len(entries))
	}
	_, err = svc.UsePassphrase("short")
	wantCode(t, err, authservice.CodeInvalidInput)
	st, err = svc.UsePassphrase("a long passphrase")
	if err != nil || st.Storage.Tier != "passphrase" || !st.Storage.Ready {
		t.Fatalf("UsePassphrase = %+v, %v", st.Storage, err)
	}
	signIn(t, svc, u)
	secretscan.Dir(t, e.dir, u.Email, u.Password, u.ID, "a long passphrase", "eyJhbGciOi")

	svc2, _ := e.start(t)
	if st := svc2.State(); !st.Storage.Locked || st.SignedIn {
		t.Fatalf("after restart: %+v; want locked", st.Storage)
	}
	_, err = svc2.UsePassphrase("the wrong passphrase")
	wantCode(t, err, authservice.CodeWrongCredentials)
	st, err = svc2.UsePassphrase("a long passphrase")
	if err != nil || !st.SignedIn || st.Session.Email != u.Email {
		t.Fatalf("unlock with the right passphrase = %+v, %v", st, err)
	}
}

func TestMemoryOnlyWritesNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.keyring.SetErr(errors.New("no keyring"))
	u := e.srv.NewUser(t, testenv.UserOptions{Verified: true})
	svc, _ := e.start(t)
	st, err := svc.UseMemoryOnly()
	if err != nil || st.Storage.Tier != "memory" {
		t.Fatalf("UseMemoryOnly = %+v, %v", st.Storage, err)
	}
	signIn(t, svc, u)
	if _, err := os.Stat(e.dir + "/default.session"); !os.IsNotExist(err) {
		t.Errorf("a session file exists in memory-only mode: %v", err)
	}
	svc2, _ := e.start(t)
	if svc2.State().SignedIn {
		t.Error("memory-only session survived a restart")
	}
}

func TestForgetLockedSession(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.keyring.SetErr(errors.New("no keyring"))
	u := e.srv.NewUser(t, testenv.UserOptions{Verified: true})
	svc, _ := e.start(t)
	if _, err := svc.UsePassphrase("a long passphrase"); err != nil {
		t.Fatal(err)
	}
	signIn(t, svc, u)
	e.keyring.SetErr(nil) // the keyring is back
	svc2, _ := e.start(t)
	st, err := svc2.ForgetSavedSession()
	if err != nil || st.Storage.Tier != "keyring" || st.SignedIn || st.Storage.Notice == "" {
		t.Fatalf("ForgetSavedSession = %+v, %v", st, err)
	}
}
