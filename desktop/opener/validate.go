package opener

import (
	"errors"
	"net/url"
	"regexp"
	"strings"
)

// ErrInvalidURL is wrapped by every [Validate] failure.
var ErrInvalidURL = errors.New("opener: the link cannot be opened safely")

// InvalidURLError says why a URL was refused. It never contains the URL,
// which may carry one-time secrets (OAuth2 state, PKCE challenge).
type InvalidURLError struct {
	Reason string // e.g. "shell metacharacters not allowed"
}

// Error returns the reason.
func (e *InvalidURLError) Error() string { return "opener: invalid URL: " + e.Reason }

// Unwrap returns [ErrInvalidURL].
func (e *InvalidURLError) Unwrap() error { return ErrInvalidURL }

var (
	shellDangerous   = regexp.MustCompile(`[;|` + "`" + `$\\<>*{}\[\]()~! \t\n\r]`)
	unicodeDangerous = regexp.MustCompile("[\u0000-\u001F\u007F\u00A0\u1680\u2000-\u200F\u2028-\u202F\u205F\u2060\u3000\uFEFF]")
)

// Validate checks rawURL with the rules of Wails v2.13.0's BrowserOpenURL
// (internal/frontend/utils.ValidateAndSanitizeURL) and returns the URL as
// re-encoded by net/url. Refused: NUL bytes, unparsable URLs, the schemes
// javascript, data, file, ftp and none, http(s) without a host, control
// characters, the shell metacharacters ; | ` $ \ < > * { } [ ] ( ) ~ ! and
// whitespace, and invisible Unicode spaces.
//
// Note that url.Values.Encode leaves '~' unescaped, so a generated state or
// PKCE value containing '~' makes a URL fail here (and makes Wails silently
// drop it); use [A-Za-z0-9-_.] in generated values or escape '~' as %7E.
func Validate(rawURL string) (string, error) {
	if strings.Contains(rawURL, "\x00") {
		return "", &InvalidURLError{"null bytes not allowed"}
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", &InvalidURLError{"not a URL"}
	}
	switch scheme := strings.ToLower(u.Scheme); scheme {
	case "javascript", "data", "file", "ftp", "":
		return "", &InvalidURLError{"scheme not allowed"}
	case "http", "https":
		if u.Host == "" {
			return "", &InvalidURLError{"missing host"}
		}
	}
	s := u.String()
	for _, r := range s {
		if r < 32 && r != '\t' {
			return "", &InvalidURLError{"control characters not allowed"}
		}
	}
	if shellDangerous.MatchString(s) {
		return "", &InvalidURLError{"shell metacharacters not allowed"}
	}
	if unicodeDangerous.MatchString(s) {
		return "", &InvalidURLError{"invisible Unicode characters not allowed"}
	}
	return s, nil
}

// ValidateWeb is [Validate] restricted to http and https URLs: what a
// sign-in flow should ever open.
func ValidateWeb(rawURL string) (string, error) {
	s, err := Validate(rawURL)
	if err != nil {
		return "", err
	}
	u, _ := url.Parse(s)
	if sc := strings.ToLower(u.Scheme); sc != "http" && sc != "https" {
		return "", &InvalidURLError{"only http and https links are opened"}
	}
	return s, nil
}
