package jsonv

import (
	"strconv"

	"github.com/bosgo/bosgo/internal/smallsort"
)

// jsonMarshaler is json.Marshaler, named here without importing
// encoding/json.
type jsonMarshaler interface {
	MarshalJSON() ([]byte, error)
}

// textMarshaler is encoding.TextMarshaler.
type textMarshaler interface {
	MarshalText() ([]byte, error)
}

// number is the method set of json.Number, which jsonv cannot name
// without importing encoding/json and, with it, reflect.
type number interface {
	String() string
	Float64() (float64, error)
	Int64() (int64, error)
}

// Marshal returns the JSON encoding of v, byte for byte what json.Marshal
// returns. It knows nil, bool, string, all int, uint and float types,
// []byte (base64), []any, []string, []map[string]any, map[string]any,
// map[string]string, json.Marshaler (which includes json.RawMessage),
// encoding.TextMarshaler and json.Number, nested in any way.
//
// Any other type, even nested, gives an [*UnsupportedTypeError]; a NaN or
// infinite float, or nesting deeper than 10000, gives an
// [*UnsupportedValueError]; output of a MarshalJSON method that is not
// valid JSON, or an invalid json.Number, gives a [*SyntaxError].
func Marshal(v any) ([]byte, error) {
	return Append(nil, v)
}

// Append is [Marshal] that appends to dst. On error it returns dst
// unchanged.
func Append(dst []byte, v any) ([]byte, error) {
	b, err := appendValue(dst, v, 0)
	if err != nil {
		return dst, err
	}
	return b, nil
}

// appendValue appends the encoding of v, which sits depth levels deep.
func appendValue(b []byte, v any, depth int) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case bool:
		return strconv.AppendBool(b, x), nil
	case string:
		return AppendString(b, x), nil
	case float64:
		return appendFloat(b, x, 64)
	case float32:
		return appendFloat(b, float64(x), 32)
	case int:
		return strconv.AppendInt(b, int64(x), 10), nil
	case int8:
		return strconv.AppendInt(b, int64(x), 10), nil
	case int16:
		return strconv.AppendInt(b, int64(x), 10), nil
	case int32:
		return strconv.AppendInt(b, int64(x), 10), nil
	case int64:
		return strconv.AppendInt(b, x, 10), nil
	case uint:
		return strconv.AppendUint(b, uint64(x), 10), nil
	case uint8:
		return strconv.AppendUint(b, uint64(x), 10), nil
	case uint16:
		return strconv.AppendUint(b, uint64(x), 10), nil
	case uint32:
		return strconv.AppendUint(b, uint64(x), 10), nil
	case uint64:
		return strconv.AppendUint(b, x, 10), nil
	case uintptr:
		return strconv.AppendUint(b, uint64(x), 10), nil
	case []byte:
		if x == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '"')
		return append(appendBase64(b, x), '"'), nil
	case jsonMarshaler:
		out, err := callMarshaler(x.MarshalJSON)
		if err != nil {
			return b, err
		}
		if err := check(out); err != nil {
			return b, err
		}
		return appendCompact(b, out, true), nil
	case textMarshaler:
		out, err := callMarshaler(x.MarshalText)
		if err != nil {
			return b, err
		}
		return AppendString(b, string(out)), nil
	case number:
		s := x.String()
		if s == "" {
			s = "0"
		}
		if !validNumber(s) {
			return b, &SyntaxError{msg: "invalid number literal"}
		}
		return append(b, s...), nil
	}
	if depth++; depth > maxDepth {
		return b, &UnsupportedValueError{}
	}
	switch x := v.(type) {
	case []any:
		if x == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = appendValue(b, e, depth); err != nil {
				return b, err
			}
		}
		return append(b, ']'), nil
	case []string:
		if x == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = AppendString(b, e)
		}
		return append(b, ']'), nil
	case []map[string]any:
		if x == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = appendValue(b, e, depth); err != nil {
				return b, err
			}
		}
		return append(b, ']'), nil
	case map[string]any:
		if x == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '{')
		for i, k := range sortedKeys(x) {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(AppendString(b, k), ':')
			var err error
			if b, err = appendValue(b, x[k], depth); err != nil {
				return b, err
			}
		}
		return append(b, '}'), nil
	case map[string]string:
		if x == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '{')
		for i, k := range sortedKeys(x) {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(AppendString(b, k), ':')
			b = AppendString(b, x[k])
		}
		return append(b, '}'), nil
	}
	return b, &UnsupportedTypeError{}
}

// sortedKeys returns the keys of m in ascending byte order, the order
// json.Marshal gives map keys.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	smallsort.Sort(keys)
	return keys
}

// callMarshaler calls a MarshalJSON or MarshalText method value. A nil
// pointer whose type has the method on its value receiver panics there;
// encoding/json writes null for it, which jsonv cannot tell without
// reflection, so it reports an [*UnsupportedTypeError] (native callers
// fall back to encoding/json).
func callMarshaler(marshal func() ([]byte, error)) (out []byte, err error) {
	defer func() {
		if recover() != nil {
			out, err = nil, &UnsupportedTypeError{}
		}
	}()
	return marshal()
}
