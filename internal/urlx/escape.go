package urlx

import "strings"

// encoding is the part of a URL a string is escaped for; each part leaves
// a different set of characters unescaped.
type encoding uint8

const (
	encodePath encoding = iota + 1
	encodePathSegment
	encodeHost
	encodeZone
	encodeUserPassword
	encodeQueryComponent
	encodeFragment
)

const upperhex = "0123456789ABCDEF"

func ishex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	return 9*(c>>6) + (c & 15)
}

// shouldEscape reports whether c must be percent-encoded in mode. It is
// RFC 3986 as net/url reads it (its gen_encoding_table.go).
func shouldEscape(c byte, mode encoding) bool {
	if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
		return false
	}
	if mode == encodeHost || mode == encodeZone {
		// Sub-delims, plus ':' and '[' ']' for ports and IPv6, plus the
		// '<' '>' '"' that Parse would refuse to read back escaped.
		switch c {
		case '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=', ':', '[', ']', '<', '>', '"':
			return false
		}
	}
	switch c {
	case '-', '_', '.', '~': // unreserved
		return false
	case '$', '&', '+', ',', '/', ':', ';', '=', '?', '@': // reserved
		switch mode {
		case encodePath:
			return c == '?'
		case encodePathSegment:
			return c == '/' || c == ';' || c == ',' || c == '?'
		case encodeUserPassword:
			return c == '@' || c == '/' || c == '?' || c == ':'
		case encodeQueryComponent:
			return true
		case encodeFragment:
			return false
		}
	}
	if mode == encodeFragment {
		switch c {
		case '!', '(', ')', '*':
			return false
		}
	}
	return true
}

// QueryEscape escapes s so it can be placed inside a URL query: a space
// becomes '+' and every byte but [A-Za-z0-9-_.~] becomes %XX. The result is
// the same as net/url's.
func QueryEscape(s string) string {
	return escape(s, encodeQueryComponent)
}

// PathEscape escapes s so it can be placed inside a URL path segment: '/'
// and the other bytes a segment may not hold become %XX. The result is the
// same as net/url's.
func PathEscape(s string) string {
	return escape(s, encodePathSegment)
}

// QueryUnescape is the inverse of [QueryEscape]: it turns each %XX into
// the byte 0xXX and each '+' into a space. It returns an error if a '%' is
// not followed by two hexadecimal digits. It accepts and rejects the same
// strings as net/url's.
func QueryUnescape(s string) (string, error) {
	return unescape(s, encodeQueryComponent)
}

// PathUnescape is like [QueryUnescape] but leaves '+' as is. It accepts
// and rejects the same strings as net/url's.
func PathUnescape(s string) (string, error) {
	return unescape(s, encodePathSegment)
}

// unescape decodes the %XX escapes in s (and '+' in query mode). In host
// mode only %25 and escapes of bytes >= 0x80 are allowed, and the raw
// ASCII bytes a host may not hold are refused.
func unescape(s string, mode encoding) (string, error) {
	n := 0
	hasPlus := false
	for i := 0; i < len(s); {
		switch s[i] {
		case '%':
			n++
			if i+2 >= len(s) || !ishex(s[i+1]) || !ishex(s[i+2]) {
				return "", errEscape
			}
			if mode == encodeHost && unhex(s[i+1]) < 8 && s[i:i+3] != "%25" {
				return "", errEscape
			}
			if mode == encodeZone {
				v := unhex(s[i+1])<<4 | unhex(s[i+2])
				if s[i:i+3] != "%25" && v != ' ' && shouldEscape(v, encodeHost) {
					return "", errEscape
				}
			}
			i += 3
		case '+':
			hasPlus = mode == encodeQueryComponent
			i++
		default:
			if (mode == encodeHost || mode == encodeZone) && s[i] < 0x80 && shouldEscape(s[i], mode) {
				return "", errHostChar
			}
			i++
		}
	}
	if n == 0 && !hasPlus {
		return s, nil
	}
	plus := byte('+')
	if mode == encodeQueryComponent {
		plus = ' '
	}
	var t strings.Builder
	t.Grow(len(s) - 2*n)
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '%':
			t.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
		case '+':
			t.WriteByte(plus)
		default:
			t.WriteByte(s[i])
		}
	}
	return t.String(), nil
}

// escape percent-encodes the bytes of s that mode does not allow (and
// writes a space as '+' in query mode).
func escape(s string, mode encoding) string {
	extra, spaces := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ' && mode == encodeQueryComponent:
			spaces = true
		case shouldEscape(c, mode):
			extra += 2
		}
	}
	if extra == 0 && !spaces {
		return s
	}
	t := make([]byte, 0, len(s)+extra)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' && mode == encodeQueryComponent:
			t = append(t, '+')
		case shouldEscape(c, mode):
			t = append(t, '%', upperhex[c>>4], upperhex[c&15])
		default:
			t = append(t, c)
		}
	}
	return string(t)
}

// validEncoded reports whether s is a valid encoded path or fragment for
// mode: it holds only bytes that need no escaping, '%', and the reserved
// characters that an escaped form keeps as is.
func validEncoded(s string, mode encoding) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=', ':', '@', '[', ']', '%':
		default:
			if shouldEscape(s[i], mode) {
				return false
			}
		}
	}
	return true
}
