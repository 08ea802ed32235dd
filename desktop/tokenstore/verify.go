package tokenstore

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
)

// Verify reports whether the session file of opts opens with opts.Keys,
// changing nothing: no file is moved aside and no key is created. It
// returns nil when the file opens or does not exist, an error wrapping
// [ErrCorrupt] when it does not open (for a passphrase file: most likely a
// wrong passphrase), and [ErrTierMismatch] when it was written under
// another tier. A program asks for a passphrase again on ErrCorrupt
// before calling [Open], which would move the file aside.
func Verify(ctx context.Context, opts Options) error {
	r, err := resolve(opts.AppID, opts.Dir, opts.Profile)
	if err != nil {
		return err
	}
	profile := r.profile
	src := opts.Keys
	if src == nil {
		src = NewKeyringSource(nil)
	}
	if as, ok := src.(appScoped); ok {
		src = as.forApp(r.app)
	}
	file, err := readLimited(filepath.Join(r.dir, profile+FileSuffix))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("tokenstore: %w", err)
	}
	h, ct, err := parseHeader(file)
	if err != nil {
		return err
	}
	if h.tier != src.Tier() {
		return fmt.Errorf("%w: the file is protected by %q, not %q", ErrTierMismatch, h.tier, src.Tier())
	}
	if ks, ok := src.(*KeyringSource); ok {
		// Key would create a missing key; look first.
		_, err := ks.call(ctx, func(kr Keyring) (string, error) { return kr.Get(ks.service(), profile) })
		if errors.Is(err, ErrKeyNotFound) {
			return corrupt("the key of this session is not in the keyring")
		}
		if err != nil {
			return &KeyringError{Op: "get", Err: err}
		}
	}
	key, _, err := src.Key(ctx, profile, h.params)
	if err != nil {
		return err
	}
	defer clear(key)
	_, err = open(key, h, ct, binding{app: r.app, profile: profile})
	return err
}
