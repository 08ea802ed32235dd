package jsonv

// Compact appends to dst the JSON in src without insignificant whitespace,
// exactly as json.Compact does: strings are copied as they are, escapes
// and invalid UTF-8 included. If src is not valid JSON, Compact returns
// dst unchanged and a [*SyntaxError].
func Compact(dst, src []byte) ([]byte, error) {
	if err := check(src); err != nil {
		return dst, err
	}
	return appendCompact(dst, src, false), nil
}

// appendCompact appends the valid JSON in src without whitespace outside
// strings. With escape set it also escapes <, >, &, U+2028 and U+2029 in
// strings, as json.Marshal does with the output of a MarshalJSON method.
func appendCompact(dst, src []byte, escape bool) []byte {
	inString := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		if !inString {
			switch c {
			case ' ', '\t', '\n', '\r':
				continue
			case '"':
				inString = true
			}
			dst = append(dst, c)
			continue
		}
		switch {
		case c == '\\':
			// The byte after a backslash is ASCII in valid JSON.
			dst = append(dst, c, src[i+1])
			i++
			continue
		case c == '"':
			inString = false
		case !escape:
		case c == '<' || c == '>' || c == '&':
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
			continue
		case c == 0xE2 && i+2 < len(src) && src[i+1] == 0x80 && src[i+2]&^1 == 0xA8:
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[src[i+2]&15])
			i += 2
			continue
		}
		dst = append(dst, c)
	}
	return dst
}
