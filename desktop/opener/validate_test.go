package opener

import (
	"errors"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	bad := map[string]string{
		"nul":        "https://a.example/\x00",
		"javascript": "javascript:alert(1)",
		"data":       "data:text/html,hi",
		"file":       "file:///etc/passwd",
		"ftp":        "ftp://a.example/",
		"no scheme":  "a.example/path",
		"no host":    "https:///path",
		"tilde":      "https://a.example/auth?state=ab~cd",
		"semicolon":  "https://a.example/;ls",
		"backtick":   "https://a.example/?q=`id`",
		"dollar":     "https://a.example/?q=$HOME",
		"parens":     "https://a.example/(x)",
		"bang":       "https://a.example/!",
		"braces":     "https://a.example/?{x}",
		"unparsable": "https://a.example:port/",
	}
	for name, u := range bad {
		_, err := Validate(u)
		var ie *InvalidURLError
		if !errors.As(err, &ie) || !errors.Is(err, ErrInvalidURL) {
			t.Errorf("%s: Validate(%q) = %v, want an *InvalidURLError", name, u, err)
		}
		if err != nil && strings.Contains(err.Error(), "a.example") {
			t.Errorf("%s: the error repeats the URL: %v", name, err)
		}
	}
	good := []string{
		"https://a.example/auth?client_id=x&state=AbC123-_.&redirect_uri=http%3A%2F%2F127.0.0.1%3A8090%2Fapi%2Foauth2-redirect",
		"http://127.0.0.1:8090/",
		"mailto:someone@example.com",
	}
	for _, u := range good {
		if got, err := Validate(u); err != nil || got != u {
			t.Errorf("Validate(%q) = %q, %v; want it unchanged", u, got, err)
		}
	}
	if _, err := ValidateWeb("mailto:someone@example.com"); !errors.Is(err, ErrInvalidURL) {
		t.Errorf("ValidateWeb(mailto) = %v, want ErrInvalidURL", err)
	}
}

func FuzzValidate(f *testing.F) {
	f.Add("https://a.example/auth?state=abc&x=1")
	f.Add("javascript:alert(1)")
	f.Add("https://a.example/~")
	f.Fuzz(func(t *testing.T, u string) {
		got, err := Validate(u)
		if err != nil {
			if !errors.Is(err, ErrInvalidURL) {
				t.Fatalf("error %v does not wrap ErrInvalidURL", err)
			}
			return
		}
		if shellDangerous.MatchString(got) || strings.ContainsRune(got, 0) {
			t.Fatalf("Validate accepted %q", got)
		}
		if again, err := Validate(got); err != nil || again != got {
			t.Fatalf("Validate is not idempotent: %q -> %q, %v", got, again, err)
		}
	})
}
