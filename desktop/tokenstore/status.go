package tokenstore

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// Status says how a [Store] protects its session; a UI shows it.
type Status struct {
	Tier        Tier   `json:"tier"`        // "keyring" or "passphrase"
	Profile     string `json:"profile"`     // the profile name
	Path        string `json:"path"`        // the session file
	Encryption  string `json:"encryption"`  // the cipher, "XChaCha20-Poly1305"
	KeyLocation string `json:"keyLocation"` // where the key lives, as a sentence fragment
	Saved       bool   `json:"saved"`       // whether a session file exists now
}

// Status reports the store's protection tier and file.
func (s *Store) Status() Status {
	_, err := os.Stat(s.path())
	return Status{
		Tier:        s.tier,
		Profile:     s.profile,
		Path:        s.path(),
		Encryption:  "XChaCha20-Poly1305",
		KeyLocation: s.describe,
		Saved:       err == nil,
	}
}

// FileInfo describes a session file without opening it; see [Inspect].
type FileInfo struct {
	Path   string `json:"path"`
	Exists bool   `json:"exists"`
	Tier   Tier   `json:"tier,omitempty"` // "" when the file is missing or unreadable
}

// Inspect reads the header of a profile's session file (dir "" means
// DefaultDir(appID)) to learn its tier, so a program can ask for a
// passphrase before calling [Open]. It does not need the key and changes
// nothing. A file with a broken header gives an error wrapping
// [ErrCorrupt].
func Inspect(appID, dir, profile string) (FileInfo, error) {
	r, err := resolve(appID, dir, profile)
	if err != nil {
		return FileInfo{}, err
	}
	fi := FileInfo{Path: filepath.Join(r.dir, r.profile+FileSuffix)}
	file, err := readLimited(fi.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return fi, nil
	}
	if err != nil {
		return fi, err
	}
	fi.Exists = true
	h, _, err := parseHeader(file)
	if err != nil {
		return fi, err
	}
	fi.Tier = h.tier
	return fi, nil
}
