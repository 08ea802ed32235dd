package jsonv

import (
	"math"
	"strconv"
)

// appendFloat appends f as json.Marshal writes a float of the given bit
// size (32 or 64): plain decimal notation unless the magnitude is below
// 1e-6 or at least 1e21, and then exponent notation with a two-digit
// negative exponent shortened to one digit (1e-07 becomes 1e-7).
func appendFloat(dst []byte, f float64, bits int) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return dst, &UnsupportedValueError{}
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) ||
			bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			format = 'e'
		}
	}
	dst = strconv.AppendFloat(dst, f, format, -1, bits)
	if n := len(dst); format == 'e' && n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
		dst[n-2] = dst[n-1]
		dst = dst[:n-1]
	}
	return dst, nil
}

// validNumber reports whether s is a JSON number literal.
func validNumber(s string) bool {
	p := parser{data: []byte(s)}
	if s == "" || s[0] != '-' && (s[0] < '0' || s[0] > '9') {
		return false
	}
	p.number()
	return p.err == nil && p.i == len(s)
}
