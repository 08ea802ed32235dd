package urlx_test

import (
	neturl "net/url"
	"testing"

	url "github.com/bosgo/bosgo/internal/urlx"
)

// TestEscapeEveryByte compares the escaping of every byte, in every part
// of a URL, with net/url's.
func TestEscapeEveryByte(t *testing.T) {
	t.Parallel()
	for c := range 256 {
		s := "a" + string([]byte{byte(c)}) + "z"
		if got, want := url.QueryEscape(s), neturl.QueryEscape(s); got != want {
			t.Errorf("QueryEscape(%q) = %q, want %q", s, got, want)
		}
		if got, want := url.PathEscape(s), neturl.PathEscape(s); got != want {
			t.Errorf("PathEscape(%q) = %q, want %q", s, got, want)
		}
		if got, want := url.UserPassword(s, s).String(), neturl.UserPassword(s, s).String(); got != want {
			t.Errorf("UserPassword(%q).String() = %q, want %q", s, got, want)
		}
		ours := url.URL{Scheme: "http", Host: s, Path: "/" + s, RawQuery: s, Fragment: s}
		theirs := neturl.URL{Scheme: "http", Host: s, Path: "/" + s, RawQuery: s, Fragment: s}
		if got, want := ours.String(), theirs.String(); got != want {
			t.Errorf("String() with byte %#x = %q, want %q", c, got, want)
		}
		for _, esc := range []string{"%" + s[1:2] + "0", "%0" + s[1:2], "%" + s[1:], s} {
			got, err := url.QueryUnescape(esc)
			want, werr := neturl.QueryUnescape(esc)
			if got != want || (err == nil) != (werr == nil) {
				t.Errorf("QueryUnescape(%q) = %q, %v, want %q, %v", esc, got, err, want, werr)
			}
			got, err = url.PathUnescape(esc)
			want, werr = neturl.PathUnescape(esc)
			if got != want || (err == nil) != (werr == nil) {
				t.Errorf("PathUnescape(%q) = %q, %v, want %q, %v", esc, got, err, want, werr)
			}
		}
	}
}

func TestEscape(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, query, path string }{
		{"", "", ""},
		{"abc-_.~XYZ019", "abc-_.~XYZ019", "abc-_.~XYZ019"},
		{"a b", "a+b", "a%20b"},
		{"a+b/c?d&e=f;g,h:i@j$", "a%2Bb%2Fc%3Fd%26e%3Df%3Bg%2Ch%3Ai%40j%24", "a+b%2Fc%3Fd&e=f%3Bg%2Ch:i@j$"},
		{"http://127.0.0.1:5173/oauth?x=1", "http%3A%2F%2F127.0.0.1%3A5173%2Foauth%3Fx%3D1", "http:%2F%2F127.0.0.1:5173%2Foauth%3Fx=1"},
		{"é€", "%C3%A9%E2%82%AC", "%C3%A9%E2%82%AC"},
	}
	for _, tt := range tests {
		if got := url.QueryEscape(tt.in); got != tt.query {
			t.Errorf("QueryEscape(%q) = %q, want %q", tt.in, got, tt.query)
		}
		if got := url.PathEscape(tt.in); got != tt.path {
			t.Errorf("PathEscape(%q) = %q, want %q", tt.in, got, tt.path)
		}
		if got, err := url.QueryUnescape(tt.query); got != tt.in || err != nil {
			t.Errorf("QueryUnescape(%q) = %q, %v", tt.query, got, err)
		}
		if got, err := url.PathUnescape(tt.path); got != tt.in || err != nil {
			t.Errorf("PathUnescape(%q) = %q, %v", tt.path, got, err)
		}
	}
	for _, bad := range []string{"%", "%4", "%zz", "a%g1", "%%"} {
		if _, err := url.QueryUnescape(bad); err == nil {
			t.Errorf("QueryUnescape(%q) succeeded", bad)
		}
		if _, err := url.PathUnescape(bad); err == nil {
			t.Errorf("PathUnescape(%q) succeeded", bad)
		}
	}
	if got, _ := url.PathUnescape("a+b%2B"); got != "a+b+" {
		t.Errorf("PathUnescape kept '+'? got %q", got)
	}
}
