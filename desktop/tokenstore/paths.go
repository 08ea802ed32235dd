package tokenstore

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
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

// ValidAppID reports whether id can name an application: the same rule as
// [ValidProfile] (1 to 64 letters, digits, '.', '_' or '-', not starting
// with '.'), since it names a folder and a keyring service.
func ValidAppID(id string) bool { return profileRE.MatchString(id) }

// DefaultAppID is the application ID used when [Options.AppID] is empty:
// the base name of the running executable without ".exe" (for example
// "bosgo-desktop"), or "bosgo-app" when that is not a valid ID. An
// application that may be renamed should set its ID explicitly.
func DefaultAppID() string {
	exe, err := os.Executable()
	if err != nil {
		return "bosgo-app"
	}
	name := strings.TrimSuffix(filepath.Base(exe), ".exe")
	if !ValidAppID(name) {
		return "bosgo-app"
	}
	return name
}

// DefaultDir returns os.UserConfigDir()/<appID> (appID "" means
// [DefaultAppID]), e.g. ~/.config/bosgo-desktop on Linux and
// %AppData%\bosgo-desktop on Windows. Each application keeps its sessions
// in its own folder.
func DefaultDir(appID string) (string, error) {
	if appID == "" {
		appID = DefaultAppID()
	}
	if !ValidAppID(appID) {
		return "", fmt.Errorf("%w: %q", ErrInvalidAppID, appID)
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("tokenstore: no config folder: %w", err)
	}
	return filepath.Join(base, appID), nil
}

// resolved is an [Options] with its defaults filled in.
type resolved struct {
	dir, app, profile string
}

// resolve fills in the default application, folder and profile and checks
// the names.
func resolve(appID, dir, profile string) (resolved, error) {
	if profile == "" {
		profile = DefaultProfile
	}
	if !ValidProfile(profile) {
		return resolved{}, fmt.Errorf("%w: %q", ErrInvalidProfile, profile)
	}
	if appID == "" {
		appID = DefaultAppID()
	}
	if !ValidAppID(appID) {
		return resolved{}, fmt.Errorf("%w: %q", ErrInvalidAppID, appID)
	}
	if dir == "" {
		d, err := DefaultDir(appID)
		if err != nil {
			return resolved{}, err
		}
		dir = d
	}
	return resolved{dir: dir, app: appID, profile: profile}, nil
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
