package urlx

import "strings"

// URL is a parsed URL: scheme:[//[userinfo@]host][/]path[?query][#fragment],
// or scheme:opaque[?query][#fragment]. The fields mean what net/url's do.
type URL struct {
	Scheme      string
	Opaque      string    // encoded opaque data, as in "mailto:x" (no "//")
	User        *Userinfo // username and password, nil if none
	Host        string    // "host" or "host:port", decoded; IPv6 in brackets
	Path        string    // path, percent-decoded
	RawPath     string    // encoded path hint, "" when escaping Path gives it
	OmitHost    bool      // do not emit an empty host ("http:/x")
	ForceQuery  bool      // append '?' even if RawQuery is empty
	RawQuery    string    // encoded query, without '?', never checked
	Fragment    string    // fragment, percent-decoded, without '#'
	RawFragment string    // encoded fragment hint, like RawPath
}

// Parse parses rawURL, an absolute URL or a relative reference, by
// RFC 3986: scheme ":" ["//" authority] path ["?" query] ["#" fragment].
//
//   - The fragment starts at the first '#' and the query at the first '?'
//     before it; a '?' inside the fragment belongs to the fragment. A
//     trailing lone '?' sets ForceQuery so that String keeps it.
//   - The scheme must match [A-Za-z][A-Za-z0-9+.-]* and is lowercased. A
//     string without a scheme is a relative reference; its first path
//     segment may not hold ':'. A scheme followed by anything but '/' makes
//     the rest Opaque.
//   - The authority is split at its last '@': the userinfo before it
//     (RFC 3986 characters and escapes only) becomes User, decoded; the
//     host after it becomes Host, decoded and with its ":port".
//   - A host is "[IPv6]" (an optional zone as "%25zone"), or a name or IPv4
//     address. The port starts at the first ':' outside brackets and must
//     be digits (an empty port is allowed). A host may not hold spaces or
//     other bytes a host cannot have, nor escapes of ASCII bytes, nor a '['
//     that does not start it, nor an unclosed '[' or a stray ']'.
//   - Path is the percent-decoded path; a bad escape is an error. RawPath
//     keeps the escaped form when it differs from the default escaping of
//     Path, so that String writes back what was read (so "/x%2Fy" stays
//     "/x%2Fy" while Path is "/x/y"). Fragment and RawFragment work alike.
//   - RawQuery is kept raw, unchecked; [URL.Query] decodes it.
//   - Control bytes (< 0x20 and 0x7f) anywhere are an error, in the
//     fragment too, where net/url allows them.
//
// The error is an [*Error] whose message never includes rawURL.
func Parse(rawURL string) (*URL, error) {
	rest, frag, _ := strings.Cut(rawURL, "#")
	if hasControl(rawURL) {
		return nil, &Error{"parse", rawURL, errControl}
	}
	u, err := parse(rest)
	if err != nil {
		return nil, &Error{"parse", rest, err}
	}
	if frag == "" {
		return u, nil
	}
	if err = u.setFragment(frag); err != nil {
		return nil, &Error{"parse", rawURL, err}
	}
	return u, nil
}

// parse parses a URL without its fragment.
func parse(raw string) (*URL, error) {
	u := new(URL)
	if raw == "*" {
		u.Path = "*"
		return u, nil
	}
	scheme, rest, err := getScheme(raw)
	if err != nil {
		return nil, err
	}
	u.Scheme = lowerASCII(scheme)
	if strings.HasSuffix(rest, "?") && strings.Count(rest, "?") == 1 {
		u.ForceQuery = true
		rest = rest[:len(rest)-1]
	} else {
		rest, u.RawQuery, _ = strings.Cut(rest, "?")
	}
	if !strings.HasPrefix(rest, "/") {
		if u.Scheme != "" {
			u.Opaque = rest // "mailto:x", or "localhost:8090"
			return u, nil
		}
		// "a:b/c" would read back as a scheme.
		if segment, _, _ := strings.Cut(rest, "/"); strings.IndexByte(segment, ':') >= 0 {
			return nil, errColonSegment
		}
	}
	if (u.Scheme != "" || !strings.HasPrefix(rest, "///")) && strings.HasPrefix(rest, "//") {
		authority := rest[2:]
		rest = ""
		if i := strings.IndexByte(authority, '/'); i >= 0 {
			authority, rest = authority[:i], authority[i:]
		}
		if u.User, u.Host, err = parseAuthority(authority); err != nil {
			return nil, err
		}
	} else if u.Scheme != "" && strings.HasPrefix(rest, "/") {
		u.OmitHost = true
	}
	if err := u.setPath(rest); err != nil {
		return nil, err
	}
	return u, nil
}

// getScheme splits raw into its scheme and the rest, or returns "" and raw
// when raw has no scheme.
func getScheme(raw string) (scheme, rest string, err error) {
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.':
			if i == 0 {
				return "", raw, nil
			}
		case c == ':':
			if i == 0 {
				return "", "", errNoScheme
			}
			return raw[:i], raw[i+1:], nil
		default:
			return "", raw, nil
		}
	}
	return "", raw, nil
}

// hasControl reports whether s holds a byte < 0x20 or 0x7f.
func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] == 0x7f {
			return true
		}
	}
	return false
}

// lowerASCII lowercases the ASCII letters of s (a scheme is ASCII).
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// setPath sets Path to the decoded p, and RawPath to p when the default
// escaping of Path would not give p back.
func (u *URL) setPath(p string) error {
	path, err := unescape(p, encodePath)
	if err != nil {
		return err
	}
	u.Path = path
	if escape(path, encodePath) == p {
		u.RawPath = ""
	} else {
		u.RawPath = p
	}
	return nil
}

// EscapedPath returns the escaped form of Path: RawPath when it is a valid
// escaping of Path, else Path escaped by default.
func (u *URL) EscapedPath() string {
	if u.RawPath != "" && validEncoded(u.RawPath, encodePath) {
		if p, err := unescape(u.RawPath, encodePath); err == nil && p == u.Path {
			return u.RawPath
		}
	}
	if u.Path == "*" {
		return "*"
	}
	return escape(u.Path, encodePath)
}

// setFragment sets Fragment and RawFragment as setPath does for the path.
func (u *URL) setFragment(f string) error {
	frag, err := unescape(f, encodeFragment)
	if err != nil {
		return err
	}
	u.Fragment = frag
	if escape(frag, encodeFragment) == f {
		u.RawFragment = ""
	} else {
		u.RawFragment = f
	}
	return nil
}

// EscapedFragment returns the escaped form of Fragment, like
// [URL.EscapedPath].
func (u *URL) EscapedFragment() string {
	if u.RawFragment != "" && validEncoded(u.RawFragment, encodeFragment) {
		if f, err := unescape(u.RawFragment, encodeFragment); err == nil && f == u.Fragment {
			return u.RawFragment
		}
	}
	return escape(u.Fragment, encodeFragment)
}

// String reassembles u into a URL string, as net/url does: userinfo and
// host are escaped, the path is [URL.EscapedPath], RawQuery is written as
// is, and the fragment is [URL.EscapedFragment]. For a URL from [Parse]
// it gives back the parsed string, up to the lowercased scheme and the
// canonical escaping of bytes that needed it.
func (u *URL) String() string {
	var buf strings.Builder
	if u.Scheme != "" {
		buf.WriteString(u.Scheme)
		buf.WriteByte(':')
	}
	if u.Opaque != "" {
		buf.WriteString(u.Opaque)
	} else {
		if (u.Scheme != "" || u.Host != "" || u.User != nil) && !(u.OmitHost && u.Host == "" && u.User == nil) {
			if u.Host != "" || u.Path != "" || u.User != nil {
				buf.WriteString("//")
			}
			if u.User != nil {
				buf.WriteString(u.User.String())
				buf.WriteByte('@')
			}
			if u.Host != "" {
				buf.WriteString(escape(u.Host, encodeHost))
			}
		}
		path := u.EscapedPath()
		if path != "" && path[0] != '/' && u.Host != "" {
			buf.WriteByte('/')
		}
		if buf.Len() == 0 {
			// A relative path whose first segment holds ':' would read
			// back as a scheme: "./" keeps it a path.
			if segment, _, _ := strings.Cut(path, "/"); strings.IndexByte(segment, ':') >= 0 {
				buf.WriteString("./")
			}
		}
		buf.WriteString(path)
	}
	if u.ForceQuery || u.RawQuery != "" {
		buf.WriteByte('?')
		buf.WriteString(u.RawQuery)
	}
	if u.Fragment != "" {
		buf.WriteByte('#')
		buf.WriteString(u.EscapedFragment())
	}
	return buf.String()
}

// Query parses RawQuery and returns the values, dropping malformed pairs
// (see [ParseQuery]).
func (u *URL) Query() Values {
	v, _ := ParseQuery(u.RawQuery)
	return v
}
