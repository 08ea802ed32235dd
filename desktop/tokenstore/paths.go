package tokenstore

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
)

// FileSuffix ends the name of every session file: <profile>.session.
const FileSuffix = ".session"

// DefaultProfile is the profile used when none is named.
const DefaultProfile = "default"

var profileRE = regexp.MustCompile(`^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$`)

// ValidProfile reports whether name can name a profile: 1 to 64 letters,
// digits, '.', '_' or '-', not starting with '.'. This keeps profile names
// from escaping the folder.
func ValidProfile(name string) bool { return profileRE.MatchString(name) }

// DefaultDir returns os.UserConfigDir()/bosgo, e.g. ~/.config/bosgo on
// Linux.
func DefaultDir() (string, error) {
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("tokenstore: no config folder: %w", err)
	}
	return filepath.Join(base, "bosgo"), nil
}

// resolve fills in the default folder and profile and checks the name.
func resolve(dir, profile string) (string, string, error) {
	if profile == "" {
		profile = DefaultProfile
	}
	if !ValidProfile(profile) {
		return "", "", fmt.Errorf("%w: %q", ErrInvalidProfile, profile)
	}
	if dir == "" {
		d, err := DefaultDir()
		if err != nil {
			return "", "", err
		}
		dir = d
	}
	return dir, profile, nil
}

// ensureDir creates dir with mode 0700, or tightens an existing one to 0700.
func ensureDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("tokenstore: creating %s: %w", dir, err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("tokenstore: %w", err)
	}
	if fi.Mode().Perm() != 0o700 {
		if err := os.Chmod(dir, 0o700); err != nil {
			return fmt.Errorf("tokenstore: restricting %s to 0700: %w", dir, err)
		}
	}
	return nil
}
