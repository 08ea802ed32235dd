package jsonv

import (
	"unicode/utf16"
	"unicode/utf8"
)

// hex holds the digits of \u escapes.
const hex = "0123456789abcdef"

// str parses the string literal at p.i. Strings without escapes or invalid
// UTF-8 are copied once; the rest go through unquote.
func (p *parser) str() string {
	start := p.i + 1
	for i := start; i < len(p.data); {
		c := p.data[i]
		switch {
		case c == '"':
			p.i = i + 1
			if !p.build {
				return ""
			}
			return string(p.data[start:i])
		case c == '\\':
			return p.unquote(start, i)
		case c < 0x20:
			p.i = i
			p.bad("in string literal")
			return ""
		case c < utf8.RuneSelf:
			i++
		default:
			r, size := utf8.DecodeRune(p.data[i:])
			if r == utf8.RuneError && size == 1 {
				return p.unquote(start, i)
			}
			i += size
		}
	}
	p.i = len(p.data)
	p.bad("")
	return ""
}

// unquote parses the rest of a string literal that starts at start and
// needs rewriting from i on: escapes are resolved and invalid UTF-8
// becomes U+FFFD, as encoding/json does.
func (p *parser) unquote(start, i int) string {
	d := p.data
	b := append(make([]byte, 0, len(d)-start), d[start:i]...)
	for i < len(d) {
		c := d[i]
		switch {
		case c == '"':
			p.i = i + 1
			return string(b)
		case c < 0x20:
			p.i = i
			p.bad("in string literal")
			return ""
		case c == '\\':
			i++
			if i >= len(d) {
				break
			}
			switch e := d[i]; e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r := hex4(d[i+1:])
				if r < 0 {
					// Find the first bad hex digit for the error.
					for p.i = i + 1; p.i < len(d) && p.i < i+5 && isHex(d[p.i]); p.i++ {
					}
					p.bad("in \\u hexadecimal character escape")
					return ""
				}
				i += 4
				if utf16.IsSurrogate(r) {
					// A valid pair is consumed whole; otherwise only the
					// first escape is, and it becomes U+FFFD.
					r2 := rune(-1)
					if i+2 < len(d) && d[i+1] == '\\' && d[i+2] == 'u' {
						r2 = hex4(d[i+3:])
					}
					if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
						r = dec
						i += 6
					} else {
						r = utf8.RuneError
					}
				}
				b = utf8.AppendRune(b, r)
			default:
				p.i = i
				p.bad("in string escape code")
				return ""
			}
			i++
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			r, size := utf8.DecodeRune(d[i:])
			b = utf8.AppendRune(b, r)
			i += size
		}
	}
	p.i = len(d)
	p.bad("")
	return ""
}

// hex4 returns the value of the four hex digits at the start of b, or -1.
func hex4(b []byte) rune {
	if len(b) < 4 {
		return -1
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c|0x20 >= 'a' && c|0x20 <= 'f':
			c = c | 0x20 - 'a' + 10
		default:
			return -1
		}
		r = r<<4 | rune(c)
	}
	return r
}

// isHex reports whether c is a hex digit.
func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'f'
}

// AppendString appends s to dst as a JSON string literal, escaped exactly
// as json.Marshal escapes strings: quotes, backslashes and control
// characters, the HTML characters <, > and & as \u003c, \u003e and \u0026,
// U+2028 and U+2029, and each byte of invalid UTF-8 as \ufffd.
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&15])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
