package core

import (
	"errors"
	"testing"
)

// TestBuildOAuth2URLRefusesNonWebSchemes: the provider URL comes from the
// server (admin-configurable); anything but http and https — which a popup
// or the redirect fallback would run as script, or an opener would hand to
// another program — fails with ErrOAuth2UnsafeURL, status 0.
func TestBuildOAuth2URLRefusesNonWebSchemes(t *testing.T) {
	t.Parallel()
	for _, auth := range []string{
		"javascript://id.example/%0Aalert(document.domain)//?state=s&redirect_uri=",
		"JavaScript://id.example/?redirect_uri=",
		"data://id.example/text/html,<script>alert(1)</script>?redirect_uri=",
		"file://id.example/etc/passwd?redirect_uri=",
		"vbscript://id.example/?redirect_uri=",
		"ftp://id.example/?redirect_uri=",
	} {
		got, err := buildOAuth2URL(auth, "http://127.0.0.1:1/callback", "state", nil)
		if !errors.Is(err, ErrOAuth2UnsafeURL) || StatusOf(err) != 0 {
			t.Errorf("%.20q: URL %q, error %v; want ErrOAuth2UnsafeURL", auth, got, err)
		}
	}
	for _, auth := range []string{"http://id.example/a?redirect_uri=", "HTTPS://id.example/a?redirect_uri="} {
		if _, err := buildOAuth2URL(auth, "http://127.0.0.1:1/callback", "state", nil); err != nil {
			t.Errorf("%q: %v", auth, err)
		}
	}
}

func TestIsWebURL(t *testing.T) {
	t.Parallel()
	for raw, want := range map[string]bool{
		"http://a": true, "https://a": true, "HTTPS://a": true,
		"javascript:alert(1)": false, " javascript:alert(1)": false, "ht\ttp://a": false,
		"data:text/html,x": false, "": false, "https": false, "//a": false,
	} {
		if got := IsWebURL(raw); got != want {
			t.Errorf("IsWebURL(%q) = %v, want %v", raw, got, want)
		}
	}
}
