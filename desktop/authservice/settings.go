package authservice

import (
	"encoding/json"
	"errors"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/desktop/tokenstore"
)

// Defaults of the settings.
const (
	DefaultServerURL  = "http://127.0.0.1:8090"
	DefaultCollection = "users"
	settingsFile      = "settings.json"
)

// settings are the non-secret choices kept in settings.json next to the
// session file.
type settings struct {
	ServerURL  string `json:"serverURL"`
	Collection string `json:"collection"`
	OAuth2Mode string `json:"oauth2Mode"`
}

func (st settings) mode() core.OAuth2Mode {
	if st.OAuth2Mode == core.OAuth2Loopback.String() {
		return core.OAuth2Loopback
	}
	return core.OAuth2Realtime
}

// settingsName is the settings file of a profile: settings.json for the
// default profile, <profile>.settings.json for the others, so each account
// remembers its own server.
func settingsName(profile string) string {
	if profile == "" || profile == tokenstore.DefaultProfile {
		return settingsFile
	}
	return profile + "." + settingsFile
}

// loadSettings reads the profile's settings file in dir; a missing or
// unreadable file gives the defaults.
func loadSettings(dir, profile string, defaults settings) settings {
	st := defaults
	b, err := os.ReadFile(filepath.Join(dir, settingsName(profile)))
	if err != nil {
		return st
	}
	var got settings
	if json.Unmarshal(b, &got) != nil {
		return st
	}
	if u, err := checkServerURL(got.ServerURL); err == nil {
		st.ServerURL = u
	}
	if checkCollection(got.Collection) == nil {
		st.Collection = got.Collection
	}
	if got.OAuth2Mode == core.OAuth2Loopback.String() || got.OAuth2Mode == core.OAuth2Realtime.String() {
		st.OAuth2Mode = got.OAuth2Mode
	}
	return st
}

// saveSettings writes the profile's settings file (mode 0600) through a
// temporary file.
func saveSettings(dir, profile string, st settings) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".settings.json.tmp-*")
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		_ = f.Close()
		_ = os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		_ = os.Remove(f.Name())
		return err
	}
	return os.Rename(f.Name(), filepath.Join(dir, settingsName(profile)))
}

// checkServerURL accepts an http(s) URL with a host and returns it without
// a trailing slash.
func checkServerURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return "", inputError("The server address should look like http://127.0.0.1:8090 or https://example.com.")
	}
	return strings.TrimRight(raw, "/"), nil
}

var collectionRE = regexp.MustCompile(`^[A-Za-z0-9_]{1,100}$`)

func checkCollection(name string) error {
	if !collectionRE.MatchString(name) {
		return inputError("The auth collection name should be letters, digits or underscores, like \"users\".")
	}
	return nil
}

func removeIfExists(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
