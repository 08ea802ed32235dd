package core

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalizeBaseURL(t *testing.T) {
	t.Parallel()
	good := []struct{ in, want string }{
		{"http://127.0.0.1:8090", "http://127.0.0.1:8090"},
		{"http://127.0.0.1:8090/", "http://127.0.0.1:8090"},
		{"  https://example.com/pb//  ", "https://example.com/pb"},
		{"https://user:secret@example.com/pb?x=1#frag", "https://example.com/pb"},
		{"HTTP://Example.com", "http://Example.com"},
	}
	for _, tc := range good {
		got, err := normalizeBaseURL(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("normalizeBaseURL(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	bad := []string{"", "127.0.0.1:8090", "/api", "ftp://example.com", "http://", "http://%zz", "http:///path", "https://secret@?token=abc",
		"https://user:hunter2@example.com:bad/pb", "https://user:hunter/2@example.com/pb", "http://example.com/%zz?token=abc"}
	for _, in := range bad {
		got, err := normalizeBaseURL(in)
		if !errors.Is(err, ErrInvalidBaseURL) || got != "" {
			t.Errorf("normalizeBaseURL(%q) = %q, %v; want ErrInvalidBaseURL", in, got, err)
			continue
		}
		if strings.Contains(err.Error(), "token=abc") || strings.Contains(err.Error(), "hunter") {
			t.Errorf("normalizeBaseURL(%q) error %q leaks a secret", in, err)
		}
	}
}

func TestBuildURL(t *testing.T) {
	t.Parallel()
	c := New("http://example.com/base/")
	if c.BaseURL() != "http://example.com/base" {
		t.Errorf("BaseURL() = %q", c.BaseURL())
	}
	cases := map[string]string{
		"":            "http://example.com/base",
		"/api/health": "http://example.com/base/api/health",
		"api/health":  "http://example.com/base/api/health",
		"//api/x?y=1": "http://example.com/base/api/x?y=1",
	}
	for in, want := range cases {
		if got := c.BuildURL(in); got != want {
			t.Errorf("BuildURL(%q) = %q, want %q", in, got, want)
		}
	}
}
