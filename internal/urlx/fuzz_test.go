package urlx_test

import (
	neturl "net/url"
	"strings"
	"testing"

	url "github.com/bosgo/bosgo/internal/urlx"
)

// parseSeeds are the URLs the SDK meets, and edge cases of the grammar.
var parseSeeds = []string{
	"::1", "fe80::1%25en0", "::ffff:1.2.3.4", "1:2:3:4:5:6:7:8", "1::", "::", "1:2:3:4:5:6:1.2.3.4", "a:b@h:80",
	"http://127.0.0.1:8090",
	"http://127.0.0.1:8090/api/x%2Fy?a=1#f",
	"https://user:pa%40ss@example.com/pb/?x=1#frag",
	"http://[::1]:8090/",
	"http://[fe80::1%25en0]:8090/p",
	"http://[::ffff:1.2.3.4]/",
	"https://bücher.example/ü?ü=ü#ü",
	"https://b%C3%BCcher.example/",
	"http://h/p?q=a+b%20c&r=%2B",
	"http://h/p?",
	"http://h/p??",
	"http://h/p#a?b#c",
	"http://host:port:bad",
	"http://h/\x01",
	"http://a@b@c:1/",
	"http://h/a%2fb;c,d:e@f!g$h&i'j(k)l*m+n=o",
	"http://h/#!$&'()*+,;=:@/?%20",
	"https://example.com/oauth2/auth?client_id=x&redirect_uri=&state=s&scope=a+b",
	"ws://localhost:8090/api/realtime?token=t",
	"HTTP://EXAMPLE.com:/",
	"http://[::1",
	"http://a]b/",
	"http:/x",
	"http:x",
	"//h/p",
	"///p",
	"/api/collections/users/records?filter=(a%3D1)",
	"a:b/c",
	"*",
	"",
}

// FuzzParse checks Parse against net/url: it never accepts what net/url
// rejects; it accepts every http(s) URL net/url accepts (but for the
// deliberate differences below); and where both accept, every field and
// String agree.
func FuzzParse(f *testing.F) {
	for _, s := range parseSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkParse(t, s)
		// The same bytes as a host, where most of the rules are.
		checkParse(t, "http://"+s+"/p")
		checkParse(t, "https://["+s+"]:8090/")
	})
}

// checkParse checks Parse(s) against net/url's, as [FuzzParse] describes.
func checkParse(t *testing.T, s string) {
	t.Helper()
	n, nerr := neturl.Parse(s)
	u, uerr := url.Parse(s)
	if uerr == nil && nerr != nil {
		t.Fatalf("Parse(%q) accepted what net/url rejects: %v", s, nerr)
	}
	if nerr != nil {
		return
	}
	if uerr != nil {
		if !strings.HasPrefix(s, "http://") && !strings.HasPrefix(s, "https://") {
			return // only http(s) URLs must be accepted alike
		}
		if deliberatelyStricter(s, n) {
			return
		}
		t.Fatalf("Parse(%q) failed: %v; net/url gives %#v", s, uerr, n)
	}
	got := []string{
		u.Scheme, u.Opaque, u.User.String(), u.User.Username(), u.Host, u.Path, u.RawPath, u.EscapedPath(),
		u.RawQuery, u.Fragment, u.RawFragment, u.EscapedFragment(), u.String(),
	}
	want := []string{
		n.Scheme, n.Opaque, n.User.String(), n.User.Username(), n.Host, n.Path, n.RawPath, n.EscapedPath(),
		n.RawQuery, n.Fragment, n.RawFragment, n.EscapedFragment(), n.String(),
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("Parse(%q): field %d = %q, net/url %q", s, i, got[i], want[i])
		}
	}
	up, uok := u.User.Password()
	np, nok := n.User.Password()
	if up != np || uok != nok || (u.User == nil) != (n.User == nil) ||
		u.ForceQuery != n.ForceQuery || u.OmitHost != n.OmitHost {
		t.Fatalf("Parse(%q): password/ForceQuery/OmitHost differ: %#v vs %#v", s, u, n)
	}
}

// deliberatelyStricter reports whether net/url accepting s while Parse
// rejects it is one of the documented choices: a control byte in the
// fragment (net/url checks only before '#'), or a ']' in a host that is
// not an IPv6 literal.
func deliberatelyStricter(s string, n *neturl.URL) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] == 0x7f {
			return true
		}
	}
	return strings.Contains(n.Host, "]") && !strings.HasPrefix(n.Host, "[")
}

// FuzzEscape checks the four escaping functions against net/url's.
func FuzzEscape(f *testing.F) {
	for _, s := range []string{
		"", "a b+c", "%20%2B+", "%", "%4", "%zz", "%C3%A9", "é/€?&=;,:@$", "http://127.0.0.1:5173/cb?x=1",
		"\x00\x7f\xff", "~-._",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := url.QueryEscape(s), neturl.QueryEscape(s); got != want {
			t.Fatalf("QueryEscape(%q) = %q, want %q", s, got, want)
		}
		if got, want := url.PathEscape(s), neturl.PathEscape(s); got != want {
			t.Fatalf("PathEscape(%q) = %q, want %q", s, got, want)
		}
		got, err := url.QueryUnescape(s)
		want, werr := neturl.QueryUnescape(s)
		if got != want || (err == nil) != (werr == nil) {
			t.Fatalf("QueryUnescape(%q) = %q, %v; want %q, %v", s, got, err, want, werr)
		}
		got, err = url.PathUnescape(s)
		want, werr = neturl.PathUnescape(s)
		if got != want || (err == nil) != (werr == nil) {
			t.Fatalf("PathUnescape(%q) = %q, %v; want %q, %v", s, got, err, want, werr)
		}
	})
}

// FuzzQuery checks ParseQuery and Values.Encode against net/url's: the
// same values and error-ness, and the same encoding, also after a Set and
// an Add.
func FuzzQuery(f *testing.F) {
	for _, s := range []string{
		"", "a=1&b=2&a=3", "a+b=c+d%20e", "a&&b=&=c", "a=1;b=2&c=3", "a=%zz&b=2", "%zz=1&b=2;&c=3",
		"client_id=x&redirect_uri=http%3A%2F%2Flocalhost&state=s&scope=a+b", "=&=&", "é=ü&ü=é",
	} {
		f.Add(s, "token", "a b&c")
	}
	f.Fuzz(func(t *testing.T, s, k, v string) {
		u, uerr := url.ParseQuery(s)
		n, nerr := neturl.ParseQuery(s)
		if (uerr == nil) != (nerr == nil) {
			t.Fatalf("ParseQuery(%q) error %v, net/url %v", s, uerr, nerr)
		}
		if len(u) != len(n) {
			t.Fatalf("ParseQuery(%q) = %q, net/url %q", s, u, n)
		}
		for key, nv := range n {
			uv, ok := u[key]
			if !ok || strings.Join(uv, "\x00") != strings.Join(nv, "\x00") || len(uv) != len(nv) {
				t.Fatalf("ParseQuery(%q)[%q] = %q, net/url %q", s, key, uv, nv)
			}
		}
		if got, want := u.Encode(), n.Encode(); got != want {
			t.Fatalf("Encode() = %q, net/url %q", got, want)
		}
		u.Add(k, v)
		n.Add(k, v)
		u.Set(v, k)
		n.Set(v, k)
		if got, want := u.Encode(), n.Encode(); got != want {
			t.Fatalf("Encode() after Add/Set = %q, net/url %q", got, want)
		}
	})
}
