package authservice

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"unicode/utf8"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/desktop/tokenstore"
)

// MinPassphraseLength is the shortest passphrase [Service.UsePassphrase]
// accepts for a new session file.
const MinPassphraseLength = 8

// openKeyringStore opens the session with the OS keyring, unless the saved
// session is passphrase-protected (then the UI asks for it). notice is
// kept in the storage state.
func (s *Service) openKeyringStore(ctx context.Context, notice string) {
	s.mu.Lock()
	dir, profile, st := s.dir, s.cfg.Profile, s.settings
	s.mu.Unlock()
	if fi, err := tokenstore.Inspect(s.cfg.AppID, dir, profile); err == nil && fi.Exists && fi.Tier == tokenstore.TierPassphrase {
		s.setStorage(nil, StorageState{
			Locked:  true,
			Summary: "Your saved session is protected by a passphrase. Enter it to continue.",
			Path:    fi.Path,
			Notice:  notice,
		})
		return
	}
	store, err := tokenstore.Open(ctx, s.storeOptions(dir, profile, st, tokenstore.NewKeyringSource(s.cfg.Keyring)))
	var (
		corrupt *tokenstore.CorruptError
		other   *tokenstore.BindingError
	)
	switch {
	case errors.As(err, &other):
		notice = otherServerNotice(other)
	case errors.As(err, &corrupt):
		notice = "Your saved session could not be read (it was damaged or its key was lost), so you have been signed out. The unreadable file was kept as " + filepath.Base(corrupt.MovedTo) + "."
	case errors.Is(err, tokenstore.ErrNoKeyring):
		s.setStorage(nil, StorageState{
			NeedsChoice: true,
			Summary:     "No system keyring is available, so your session cannot be saved the usual way. Protect it with a passphrase, or do not save it.",
			Problem:     "The system keyring (Secret Service, Keychain or Credential Manager) did not answer.",
			Notice:      notice,
		})
		return
	case err != nil:
		s.setStorage(nil, StorageState{
			NeedsChoice: true,
			Summary:     "Your session cannot be saved with the system keyring. Protect it with a passphrase, or do not save it.",
			Problem:     friendly(err, actOther, "").Error(),
			Notice:      notice,
		})
		return
	}
	s.setStorage(store, StorageState{Tier: string(tokenstore.TierKeyring), Ready: true, Notice: notice,
		Summary: "Your session is encrypted on disk (XChaCha20-Poly1305) with a random key kept in the system keyring."})
}

// noticeOtherServer starts the notice shown when the saved session belongs
// to another server or collection than the settings.
const noticeOtherServer = "Your saved session is for "

// otherServerNotice tells the user that the saved session was not used.
// Server addresses and collection names are not secret.
func otherServerNotice(e *tokenstore.BindingError) string {
	return noticeOtherServer + e.SavedServer + " (collection \"" + e.SavedCollection + "\"), not " + e.WantedServer +
		" (collection \"" + e.WantedCollection + "\"), so it was not used. Connect to " + e.SavedServer + " to use it, or sign in here."
}

// storeOptions are the tokenstore options of the service's session: bound
// to the application and to the server and collection of the settings.
func (s *Service) storeOptions(dir, profile string, st settings, keys tokenstore.KeySource) tokenstore.Options {
	return tokenstore.Options{AppID: s.cfg.AppID, Dir: dir, Profile: profile, Keys: keys,
		ServerURL: st.ServerURL, Collection: st.Collection}
}

// setStorage switches to store (nil: not ready) and re-wires the client
// and the change listener. A *tokenstore.Store is also kept as disk.
func (s *Service) setStorage(store core.AuthStore, st StorageState) {
	s.mu.Lock()
	if s.unlisten != nil {
		s.unlisten()
		s.unlisten = nil
	}
	if s.disk != nil && s.disk != store {
		_ = s.disk.Close()
	}
	s.disk, _ = store.(*tokenstore.Store)
	if store == nil {
		s.store = nil
	} else {
		s.store = store
		s.unlisten = store.OnChange(s.onAuthChange)
	}
	s.storage = st
	s.newClientLocked()
	s.mu.Unlock()
}

// UsePassphrase protects the session with a passphrase: it unlocks a
// passphrase-protected saved session, or (when there is no keyring)
// starts one. A wrong passphrase for a saved session is an error and
// changes nothing.
func (s *Service) UsePassphrase(passphrase string) (State, error) {
	s.mu.Lock()
	dir, profile, ctx, locked, needs, set := s.dir, s.cfg.Profile, s.ctx, s.storage.Locked, s.storage.NeedsChoice, s.settings
	s.mu.Unlock()
	if ctx == nil {
		return s.State(), &Error{Code: CodeStorage, Message: "The app is still starting."}
	}
	if !locked && !needs {
		return s.State(), inputError("Your session is already protected.")
	}
	if !locked && utf8.RuneCountInString(passphrase) < MinPassphraseLength {
		return s.State(), inputError(fmt.Sprintf("Please choose a passphrase of at least %d characters.", MinPassphraseLength))
	}
	if passphrase == "" {
		return s.State(), inputError("Please enter your passphrase.")
	}
	src, err := tokenstore.NewPassphraseSource([]byte(passphrase), s.cfg.Argon2)
	if err != nil {
		return s.State(), friendly(err, actOther, "")
	}
	opts := s.storeOptions(dir, profile, set, src)
	if locked {
		if err := tokenstore.Verify(ctx, opts); errors.Is(err, tokenstore.ErrCorrupt) {
			return s.State(), &Error{Code: CodeWrongCredentials, Message: "That passphrase does not unlock the saved session. Try again, or forget the saved session.", Err: err}
		} else if err != nil {
			return s.State(), &Error{Code: CodeStorage, Message: "The saved session could not be checked.", Err: err}
		}
	}
	store, err := tokenstore.Open(ctx, opts)
	notice := ""
	var (
		corrupt *tokenstore.CorruptError
		other   *tokenstore.BindingError
	)
	if errors.As(err, &other) {
		notice = otherServerNotice(other)
	} else if errors.As(err, &corrupt) {
		notice = "Your saved session could not be read, so you have been signed out. The unreadable file was kept as " + filepath.Base(corrupt.MovedTo) + "."
	} else if err != nil {
		return s.State(), &Error{Code: CodeStorage, Message: "The session file could not be opened with this passphrase.", Err: err}
	}
	st := store.Status()
	s.setStorage(store, StorageState{Tier: string(tokenstore.TierPassphrase), Ready: true, Notice: notice,
		Summary: "Your session is encrypted on disk (XChaCha20-Poly1305) with " + st.KeyLocation + "."})
	s.emitState()
	return s.State(), nil
}

// UseMemoryOnly keeps the session in memory only: nothing is written to
// disk and the next start asks to sign in again.
func (s *Service) UseMemoryOnly() (State, error) {
	s.mu.Lock()
	needs, locked := s.storage.NeedsChoice, s.storage.Locked
	s.mu.Unlock()
	if !needs && !locked {
		return s.State(), inputError("Your session is already being saved securely.")
	}
	s.setStorage(core.NewMemoryStore(), StorageState{Tier: "memory", Ready: true,
		Summary: "Your session is not saved: it stays in memory and ends when the app closes."})
	s.emitState()
	return s.State(), nil
}

// ForgetSavedSession deletes a passphrase-protected saved session that
// the user cannot unlock, and starts over with the keyring.
func (s *Service) ForgetSavedSession() (State, error) {
	s.mu.Lock()
	dir, profile, ctx, locked := s.dir, s.cfg.Profile, s.ctx, s.storage.Locked
	s.mu.Unlock()
	if !locked {
		return s.State(), inputError("There is no locked session to forget.")
	}
	if profile == "" {
		profile = tokenstore.DefaultProfile
	}
	if err := removeIfExists(filepath.Join(dir, profile+tokenstore.FileSuffix)); err != nil {
		return s.State(), &Error{Code: CodeStorage, Message: "The saved session could not be deleted.", Err: err}
	}
	s.openKeyringStore(ctx, "The saved session was forgotten.")
	s.emitState()
	return s.State(), nil
}

// RetryKeyring tries the system keyring again (after the user unlocked or
// installed one).
func (s *Service) RetryKeyring() (State, error) {
	s.mu.Lock()
	ctx, needs := s.ctx, s.storage.NeedsChoice
	s.mu.Unlock()
	if !needs {
		return s.State(), nil
	}
	s.openKeyringStore(ctx, "")
	s.emitState()
	st := s.State()
	if st.Storage.NeedsChoice {
		return st, &Error{Code: CodeStorage, Message: "The system keyring is still not available."}
	}
	return st, nil
}
