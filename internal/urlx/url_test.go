package urlx_test

import (
	"errors"
	"strings"
	"testing"

	url "github.com/bosgo/bosgo/internal/urlx"
)

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in                                           string
		scheme, user, host, path, rawQuery, fragment string
		out                                          string // String(); "" means in
	}{
		{in: "http://127.0.0.1:8090", scheme: "http", host: "127.0.0.1:8090"},
		{in: "http://127.0.0.1:8090/", scheme: "http", host: "127.0.0.1:8090", path: "/"},
		{
			in: "https://user:pa%40ss@example.com/pb/?x=1#frag", scheme: "https", user: "user:pa%40ss",
			host: "example.com", path: "/pb/", rawQuery: "x=1", fragment: "frag",
		},
		{in: "http://[::1]:8090/", scheme: "http", host: "[::1]:8090", path: "/"},
		{in: "http://[fe80::1%25en0]:8090/", scheme: "http", host: "[fe80::1%en0]:8090", path: "/"},
		{in: "http://[::ffff:127.0.0.1]/", scheme: "http", host: "[::ffff:127.0.0.1]", path: "/"},
		{in: "https://bücher.example/", scheme: "https", host: "bücher.example", path: "/", out: "https://b%C3%BCcher.example/"},
		{in: "https://b%C3%BCcher.example/", scheme: "https", host: "bücher.example", path: "/"},
		{in: "https://xn--bcher-kva.example/", scheme: "https", host: "xn--bcher-kva.example", path: "/"},
		{in: "http://127.0.0.1:8090/api/x%2Fy?a=1#f", scheme: "http", host: "127.0.0.1:8090", path: "/api/x/y", rawQuery: "a=1", fragment: "f"},
		{in: "http://h/a%20b/c+d", scheme: "http", host: "h", path: "/a b/c+d"},
		{in: "http://h/a b", scheme: "http", host: "h", path: "/a b", out: "http://h/a%20b"},
		{in: "http://h/p?q=a+b%20c&r", scheme: "http", host: "h", path: "/p", rawQuery: "q=a+b%20c&r"},
		{in: "http://h/p?", scheme: "http", host: "h", path: "/p"},
		{in: "http://h/p??", scheme: "http", host: "h", path: "/p", rawQuery: "?"},
		{in: "http://h/p#a?b=c", scheme: "http", host: "h", path: "/p", fragment: "a?b=c"},
		{in: "http://h/p?x=1#a?b#c", scheme: "http", host: "h", path: "/p", rawQuery: "x=1", fragment: "a?b#c", out: "http://h/p?x=1#a?b%23c"},
		{in: "HTTPS://Example.COM/X", scheme: "https", host: "Example.COM", path: "/X", out: "https://Example.COM/X"},
		{in: "ws://localhost:8090/api/realtime", scheme: "ws", host: "localhost:8090", path: "/api/realtime"},
		{in: "wss://a@b@h/", scheme: "wss", user: "a%40b", host: "h", path: "/", out: "wss://a%40b@h/"},
		{in: "http://h:/", scheme: "http", host: "h:", path: "/"},
		{in: "/api/collections/users/records?page=2", path: "/api/collections/users/records", rawQuery: "page=2"},
		{in: "api/x", path: "api/x"},
		{in: "//h/p", host: "h", path: "/p"},
		{in: "localhost:8090", scheme: "localhost"}, // opaque, as in net/url
		{in: "", out: ""},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if u.Scheme != tt.scheme || u.User.String() != tt.user || u.Host != tt.host || u.Path != tt.path ||
			u.RawQuery != tt.rawQuery || u.Fragment != tt.fragment {
			t.Errorf("Parse(%q) = scheme %q user %q host %q path %q query %q fragment %q", tt.in,
				u.Scheme, u.User.String(), u.Host, u.Path, u.RawQuery, u.Fragment)
		}
		want := tt.out
		if want == "" {
			want = tt.in
		}
		if got := u.String(); got != want {
			t.Errorf("Parse(%q).String() = %q, want %q", tt.in, got, want)
		}
	}
}

func TestParseUser(t *testing.T) {
	t.Parallel()
	u, err := url.Parse("https://user:pa%40ss@example.com/pb/")
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := u.User.Password(); u.User.Username() != "user" || p != "pa@ss" || !ok {
		t.Errorf("user = %q, %q, %v", u.User.Username(), p, ok)
	}
	u.User = nil
	if got := u.String(); got != "https://example.com/pb/" {
		t.Errorf("without user: %q", got)
	}
	u, err = url.Parse("https://user@example.com/")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := u.User.Password(); u.User.Username() != "user" || ok {
		t.Errorf("user without password: %q, %v", u.User.Username(), ok)
	}
	var none *url.Userinfo
	if p, ok := none.Password(); none.Username() != "" || p != "" || ok || none.String() != "" {
		t.Error("nil Userinfo is not empty")
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, err string }{
		{"http://host:port:bad", "invalid port after host"},
		{"http://host:80:81/", "invalid port after host"},
		{"https://u:secret@host:bad/", "invalid port after host"},
		{"ws://a:b:80/", "invalid port after host"}, // net/url accepts (last ':'), deliberately stricter
		{"http://h\x00/", "invalid control character in URL"},
		{"http://h/\x1f", "invalid control character in URL"},
		{"http://h/?a=\x7f", "invalid control character in URL"},
		{"http://h/\n", "invalid control character in URL"},
		{"http://h/#\x01", "invalid control character in URL"}, // net/url accepts, deliberately stricter
		{"http://ho st/", "invalid character in host name"},
		{"http://h%41/", "invalid URL escape"},
		{"http://h/%zz", "invalid URL escape"},
		{"http://h/%4", "invalid URL escape"},
		{"http://h/#%", "invalid URL escape"},
		{"http://[::1/", "missing ']' in host"},
		{"http://a]b/", "invalid IP-literal"}, // net/url accepts, deliberately stricter
		{"http://a[::1]/", "invalid IP-literal"},
		{"http://[127.0.0.1]/", "invalid IP-literal"},
		{"http://[::1::2]/", "invalid IP-literal"},
		{"http://[fe80::1%25]/", "invalid IP-literal"},
		{"http://[::1]x/", "invalid port after host"},
		{"http://us er@h/", "invalid userinfo"},
		{"http://u%zz@h/", "invalid URL escape"},
		{":foo", "missing protocol scheme"},
		{"a:b:c/../d", ""}, // opaque, accepted
		{"1a:b/c", "first path segment in URL cannot contain colon"},
	}
	for _, tt := range tests {
		_, err := url.Parse(tt.in)
		if tt.err == "" {
			if err != nil {
				t.Errorf("Parse(%q): %v", tt.in, err)
			}
			continue
		}
		var ue *url.Error
		if !errors.As(err, &ue) {
			t.Errorf("Parse(%q) = %v, want an *Error", tt.in, err)
			continue
		}
		if ue.Op != "parse" || ue.Err == nil || ue.Err.Error() != tt.err {
			t.Errorf("Parse(%q): Op %q, Err %v, want %q", tt.in, ue.Op, ue.Err, tt.err)
		}
		if want := "parse: " + tt.err; err.Error() != want {
			t.Errorf("Parse(%q).Error() = %q, want %q", tt.in, err, want)
		}
		if errors.Unwrap(err) != ue.Err {
			t.Errorf("Parse(%q): Unwrap does not return Err", tt.in)
		}
	}
}

// TestErrorHidesURL checks that no error text repeats a piece of the URL,
// which may carry a password or a token.
func TestErrorHidesURL(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		"https://admin:hunter2@myhost:bad/", "https://admin:hunter2@[::1/", "https://h/?token=s3cr3t\x00",
		"https://admin:hunter2%zz@h/", "https://h/p#s3cr3t%zz", "https://h%zzs3cr3t/",
	} {
		_, err := url.Parse(in)
		if err == nil {
			t.Errorf("Parse(%q) succeeded", in)
			continue
		}
		for _, secret := range []string{"admin", "hunter2", "s3cr3t", "bad", "%zz", "myhost"} {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("Parse(%q) error %q shows %q", in, err, secret)
			}
		}
	}
}

func TestStringBuilt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		u    url.URL
		want string
	}{
		{url.URL{Scheme: "http", Host: "h", Path: "a/b"}, "http://h/a/b"},
		{url.URL{Path: "a:b"}, "./a:b"},
		{url.URL{Scheme: "https", User: url.UserPassword("a@b", "c:d/?"), Host: "h"}, "https://a%40b:c%3Ad%2F%3F@h"},
		{url.URL{Scheme: "http", Host: "h", Path: "/p", RawQuery: "a=1", Fragment: "x y"}, "http://h/p?a=1#x%20y"},
		{url.URL{Scheme: "mailto", Opaque: "a@b"}, "mailto:a@b"},
		{url.URL{Scheme: "http", Path: "/x", OmitHost: true}, "http:/x"},
		{url.URL{Scheme: "http", Host: "h", Path: "/a/b", RawPath: "/a%2Fb"}, "http://h/a%2Fb"},
		{url.URL{Scheme: "http", Host: "h", Path: "/changed", RawPath: "/a%2Fb"}, "http://h/changed"},
	}
	for _, tt := range tests {
		if got := tt.u.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.u, got, tt.want)
		}
	}
}

func TestQuery(t *testing.T) {
	t.Parallel()
	u, err := url.Parse("http://h/p?a=1&b=x+y%20z&a=2&c#frag")
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if q.Get("a") != "1" || len(q["a"]) != 2 || q.Get("b") != "x y z" || !q.Has("c") || q.Get("c") != "" {
		t.Errorf("Query() = %v", q)
	}
	q.Set("token", "a b&c")
	q.Del("b")
	u.RawQuery = q.Encode()
	if got, want := u.String(), "http://h/p?a=1&a=2&c=&token=a+b%26c#frag"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
