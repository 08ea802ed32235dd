package core

import "unicode/utf8"

// The server parses filters with github.com/ganigeorgiev/fexpr. The root
// module must not depend on it, so the quoted-text rules of the two
// versions that matter are re-implemented here, from their scanText, for
// the filter tests:
//   - v0.5.0 (BosBase): a literal ends at the first matching quote whose
//     preceding character is not a backslash; then every backslash+quote
//     pair becomes a quote, nothing else is unescaped.
//   - v0.6.0 (PocketBase v0.39, the devserver): a backslash escapes the
//     next character; \n \t \r become control characters, \\ \' \" the
//     character itself, any other \x stays \x.
//
// In both, the rune 0 is the scanner's end-of-input marker and invalid
// UTF-8 bytes read as U+FFFD one byte at a time.

// fexprEOF is fexpr's end-of-input marker rune.
const fexprEOF = rune(0)

// readRune reads one rune of s at i the way fexpr's scanner does.
func readRune(s string, i int) (rune, int) {
	if i >= len(s) {
		return fexprEOF, 0
	}
	return utf8.DecodeRuneInString(s[i:])
}

// scanTextV05 scans the quoted text starting at s[start] (the quote) as
// fexpr v0.5.0 does. It returns the unquoted literal, the index just past
// the closing quote and whether a closing quote was found.
func scanTextV05(s string, start int) (string, int, bool) {
	quote, n := readRune(s, start)
	i := start + n
	var prev rune
	for {
		ch, n := readRune(s, i)
		if ch == fexprEOF {
			return "", i, false
		}
		i += n
		if ch == quote && prev != '\\' {
			break
		}
		prev = ch
	}
	body := []rune(decodeLikeScanner(s[start+len(string(quote)) : i-len(string(quote))]))
	// Replace every backslash+quote pair with the quote, left to right,
	// non-overlapping (strings.ReplaceAll semantics).
	out := make([]rune, 0, len(body))
	for j := 0; j < len(body); j++ {
		if body[j] == '\\' && j+1 < len(body) && body[j+1] == quote {
			out = append(out, quote)
			j++
			continue
		}
		out = append(out, body[j])
	}
	return string(out), i, true
}

// scanTextV06 is scanTextV05 for fexpr v0.6.0.
func scanTextV06(s string, start int) (string, int, bool) {
	quote, n := readRune(s, start)
	i := start + n
	var out []rune
	escape := false
	for {
		ch, n := readRune(s, i)
		if ch == fexprEOF {
			return "", i, false
		}
		i += n
		switch {
		case escape:
			escape = false
			switch ch {
			case 'n':
				out = append(out, '\n')
			case 't':
				out = append(out, '\t')
			case 'r':
				out = append(out, '\r')
			case '\\', '\'', '"':
				out = append(out, ch)
			default:
				out = append(out, '\\', ch)
			}
		case ch == '\\':
			escape = true
		case ch == quote:
			return string(out), i, true
		default:
			out = append(out, ch)
		}
	}
}

// decodeLikeScanner re-encodes s rune by rune as the scanner reads it
// (invalid bytes become U+FFFD).
func decodeLikeScanner(s string) string {
	out := make([]rune, 0, len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		out = append(out, r)
		i += n
	}
	return string(out)
}
