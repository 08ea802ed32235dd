package authservice

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoadSettings feeds arbitrary settings.json contents: loading never
// panics and always yields usable settings (invalid fields fall back to
// the defaults).
func FuzzLoadSettings(f *testing.F) {
	f.Add([]byte(`{"serverURL":"http://127.0.0.1:8090","collection":"users","oauth2Mode":"loopback"}`))
	f.Add([]byte(`{"serverURL":"javascript:alert(1)","collection":"../x","oauth2Mode":"?"}`))
	f.Add([]byte(`not json`))
	defaults := settings{ServerURL: DefaultServerURL, Collection: DefaultCollection, OAuth2Mode: "realtime"}
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, settingsFile), data, 0o600); err != nil {
			t.Fatal(err)
		}
		st := loadSettings(dir, "", defaults)
		if _, err := checkServerURL(st.ServerURL); err != nil {
			t.Fatalf("loaded an invalid server URL %q", st.ServerURL)
		}
		if checkCollection(st.Collection) != nil {
			t.Fatalf("loaded an invalid collection %q", st.Collection)
		}
		if st.OAuth2Mode != "realtime" && st.OAuth2Mode != "loopback" {
			t.Fatalf("loaded an invalid mode %q", st.OAuth2Mode)
		}
	})
}

func TestSettingsRoundTrip(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	want := settings{ServerURL: "https://example.com", Collection: "members", OAuth2Mode: "loopback"}
	if err := saveSettings(dir, "", want); err != nil {
		t.Fatal(err)
	}
	if got := loadSettings(dir, "", settings{}); got != want {
		t.Errorf("loaded %+v, want %+v", got, want)
	}
	fi, err := os.Stat(filepath.Join(dir, settingsFile))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("settings file mode: %v %v", fi, err)
	}
}
