package core

import (
	"time"
)

// Record is a BosBase record as decoded JSON: field names to values
// (strings, float64 numbers, bools, nil, []any, map[string]any).
type Record map[string]any

// ID returns the record's "id".
func (r Record) ID() string { return r.String("id") }

// Email returns the record's "email" (auth records only).
func (r Record) Email() string { return r.String("email") }

// CollectionName returns the record's "collectionName".
func (r Record) CollectionName() string { return r.String("collectionName") }

// String returns the named field if it is a string, else "".
func (r Record) String(field string) string {
	s, _ := r[field].(string)
	return s
}

// Bool returns the named field if it is a bool, else false.
func (r Record) Bool(field string) bool {
	b, _ := r[field].(bool)
	return b
}

// Float returns the named field if it is a number, else 0.
func (r Record) Float(field string) float64 {
	f, _ := r[field].(float64)
	return f
}

// Time parses the named field as a BosBase datetime
// ("2006-01-02 15:04:05.000Z"); it returns the zero time when the field is
// empty or not a datetime.
func (r Record) Time(field string) time.Time {
	t, err := time.Parse(DateTimeLayout, r.String(field))
	if err != nil {
		return time.Time{}
	}
	return t
}

// Clone returns a deep copy of r; nil stays nil.
func (r Record) Clone() Record {
	if r == nil {
		return nil
	}
	return Record(cloneValue(map[string]any(r)).(map[string]any))
}

// Decode copies the record into v, a pointer to a struct with json tags.
func (r Record) Decode(v any) error {
	b, err := encodeJSON(map[string]any(r))
	if err != nil {
		return err
	}
	return decodeJSON(b, v)
}

// MarshalJSON encodes the record as a JSON object (null when nil), the
// same as encoding/json does for a map[string]any.
func (r Record) MarshalJSON() ([]byte, error) { return encodeJSON(map[string]any(r)) }

// DateTimeLayout is the layout of BosBase datetime fields, always in UTC.
const DateTimeLayout = "2006-01-02 15:04:05.000Z"

// cloneValue deep-copies decoded JSON values; other values are shared.
func cloneValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, e := range t {
			m[k] = cloneValue(e)
		}
		return m
	case Record:
		return Record(cloneValue(map[string]any(t)).(map[string]any))
	case []any:
		s := make([]any, len(t))
		for i, e := range t {
			s[i] = cloneValue(e)
		}
		return s
	default:
		return v
	}
}
