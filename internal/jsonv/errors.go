package jsonv

import "strconv"

// SyntaxError reports input that is not valid JSON. Nesting deeper than
// 10000 arrays and objects is a SyntaxError too, with the message
// "exceeded max depth", as in encoding/json.
type SyntaxError struct {
	// Offset is the number of bytes read when the error was found: the
	// offending byte included, or the input's length at its end.
	Offset int64
	msg    string
}

// Error returns the error's message, which quotes at most one byte of the
// input.
func (e *SyntaxError) Error() string {
	return "jsonv: " + e.msg + " (offset " + strconv.FormatInt(e.Offset, 10) + ")"
}

// RangeError reports a JSON number that is too large for a float64, which
// encoding/json rejects too when it decodes into an any.
type RangeError struct {
	// Offset is the index of the number's first byte in the input.
	Offset int64
}

// Error returns the error's message; it does not quote the number.
func (e *RangeError) Error() string {
	return "jsonv: number at offset " + strconv.FormatInt(e.Offset, 10) + " overflows float64"
}

// TypeError reports valid JSON of the wrong kind, such as an array given
// to [Object].
type TypeError struct {
	want, got string
}

// Error returns the error's message, which names the two kinds of value.
func (e *TypeError) Error() string {
	return "jsonv: cannot decode JSON " + e.got + " into " + e.want
}

// UnsupportedTypeError reports a value [Marshal] cannot encode without
// reflection. Native callers may fall back to encoding/json for it.
type UnsupportedTypeError struct{}

// Error returns the error's message.
func (e *UnsupportedTypeError) Error() string { return "jsonv: unsupported type" }

// UnsupportedValueError reports a value of a supported type that has no
// JSON form: a NaN or infinite float, or nesting deeper than 10000 (as a
// map that contains itself has).
type UnsupportedValueError struct{}

// Error returns the error's message.
func (e *UnsupportedValueError) Error() string {
	return "jsonv: unsupported value (NaN, infinity or nesting deeper than 10000)"
}

// kindOf names the kind of a decoded value for a [TypeError].
func kindOf(v any) string {
	switch v.(type) {
	case bool:
		return "bool"
	case float64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	}
	return "object"
}

// quoteChar quotes one offending byte for an error message, as
// encoding/json does for printable ASCII; other bytes are shown in hex.
func quoteChar(c byte) string {
	switch {
	case c == '\'':
		return `'\''`
	case c >= 0x20 && c < 0x7f:
		return "'" + string(rune(c)) + "'"
	}
	return `'\x` + string([]byte{hex[c>>4], hex[c&15]}) + "'"
}
