package jsonv

import "math"

// Fields reads typed members of a decoded JSON object, for filling a
// struct without reflection. A missing or null member reads as the zero
// value, as with encoding/json; a member of the wrong type reads as the
// zero value too and records a [*FieldError] (the first one wins), which
// [Fields.Err] returns.
type Fields struct {
	m   map[string]any
	err error
}

// FieldsOf starts reading v, which must be a decoded JSON object or nil;
// name labels v in errors ("" for a top-level value).
func FieldsOf(v any, name string) *Fields {
	f := &Fields{}
	switch t := v.(type) {
	case nil:
	case map[string]any:
		f.m = t
	default:
		f.err = &FieldError{Field: name, Want: "an object"}
	}
	return f
}

// FieldError reports a JSON member of the wrong type.
type FieldError struct {
	Field string // the member's name; "" for a top-level value
	Want  string // what it should have been, e.g. "a string"
}

// Error returns the error's message; it never quotes the value.
func (e *FieldError) Error() string {
	if e.Field == "" {
		return "jsonv: JSON value is not " + e.Want
	}
	return "jsonv: JSON field \"" + e.Field + "\" is not " + e.Want
}

// Err returns the first type mismatch met so far, or nil.
func (f *Fields) Err() error { return f.err }

// Fail records a type mismatch of the named member unless one is recorded.
func (f *Fields) Fail(name, want string) {
	if f.err == nil {
		f.err = &FieldError{Field: name, Want: want}
	}
}

// Has reports whether the object has the named member (even null).
func (f *Fields) Has(name string) bool {
	_, ok := f.m[name]
	return ok
}

// Value returns the named member as decoded, nil when missing.
func (f *Fields) Value(name string) any { return f.m[name] }

// String reads a string member.
func (f *Fields) String(name string) string {
	switch t := f.m[name].(type) {
	case nil:
	case string:
		return t
	default:
		f.Fail(name, "a string")
	}
	return ""
}

// Bool reads a bool member.
func (f *Fields) Bool(name string) bool {
	switch t := f.m[name].(type) {
	case nil:
	case bool:
		return t
	default:
		f.Fail(name, "a bool")
	}
	return false
}

// Float reads a number member.
func (f *Fields) Float(name string) float64 {
	switch t := f.m[name].(type) {
	case nil:
	case float64:
		return t
	default:
		f.Fail(name, "a number")
	}
	return 0
}

// Int reads an integer member: a number without a fractional part, within
// ±2^53 (the integers a float64, and JavaScript, hold exactly).
func (f *Fields) Int(name string) int {
	switch t := f.m[name].(type) {
	case nil:
	case float64:
		if t == math.Trunc(t) && math.Abs(t) <= 1<<53 {
			return int(t)
		}
		f.Fail(name, "an integer")
	default:
		f.Fail(name, "an integer")
	}
	return 0
}

// Object reads an object member.
func (f *Fields) Object(name string) map[string]any {
	switch t := f.m[name].(type) {
	case nil:
	case map[string]any:
		return t
	default:
		f.Fail(name, "an object")
	}
	return nil
}

// Array reads an array member.
func (f *Fields) Array(name string) []any {
	switch t := f.m[name].(type) {
	case nil:
	case []any:
		return t
	default:
		f.Fail(name, "an array")
	}
	return nil
}

// Strings reads an array of strings (null elements read as "").
func (f *Fields) Strings(name string) []string {
	arr := f.Array(name)
	if arr == nil {
		return nil
	}
	out := make([]string, len(arr))
	for i, e := range arr {
		s, ok := e.(string)
		if !ok && e != nil {
			f.Fail(name, "an array of strings")
			return nil
		}
		out[i] = s
	}
	return out
}

// StringMap reads an object of strings (null values read as "").
func (f *Fields) StringMap(name string) map[string]string {
	obj := f.Object(name)
	if obj == nil {
		return nil
	}
	out := make(map[string]string, len(obj))
	for k, e := range obj {
		s, ok := e.(string)
		if !ok && e != nil {
			f.Fail(name, "an object of strings")
			return nil
		}
		out[k] = s
	}
	return out
}

// Child reads the named member, an object or null, with read; its type
// mismatches end up in f. read is not called for a non-object.
func (f *Fields) Child(name string, read func(*Fields)) {
	c := FieldsOf(f.m[name], name)
	if c.err == nil {
		read(c)
	}
	if c.err != nil && f.err == nil {
		f.err = c.err
	}
}
