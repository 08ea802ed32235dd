// Package jsonv encodes and decodes dynamic JSON values without reflection.
//
// The SDK's browser build (GOOS=js GOARCH=wasm) uses jsonv instead of
// encoding/json, whose reflection-based encoder and decoder cost about
// 110 KB of brotli-compressed wasm. jsonv only knows the values a JSON
// document decodes to (nil, bool, float64, string, []any and
// map[string]any) plus a few common Go types on the encoding side, and
// it imports neither reflect nor fmt, sort, unicode or encoding/json.
//
// # Compatibility with encoding/json
//
// [Decode], [Valid], [Compact] and [Marshal] accept, reject and produce the
// same things as json.Unmarshal into an any, json.Valid, json.Compact and
// json.Marshal; differential fuzz tests check this. The differences are:
//
//   - Error types and messages are jsonv's own. Messages never quote the
//     input beyond a single offending byte, since inputs may hold tokens.
//   - Nesting deeper than 10000 is a [*SyntaxError] ("exceeded max depth"),
//     as in encoding/json; there is no separate depth error value.
//   - [Marshal] knows only the types listed in its doc. Anything else,
//     structs and pointers included, gives an [*UnsupportedTypeError], so
//     that native callers can fall back to encoding/json.
//   - Without reflect, jsonv cannot name json.Number, so it recognises it by
//     its method set (String, Float64 and Int64). It cannot see that a
//     json.Marshaler is a nil pointer either: encoding/json writes null for
//     one, jsonv calls its MarshalJSON method.
//   - A value nested deeper than 10000 (for instance a map that contains
//     itself) gives an [*UnsupportedValueError], where encoding/json would
//     encode a deep but finite value and report a cycle for an endless one.
//   - An error from a MarshalJSON or MarshalText method is returned as is,
//     not wrapped in a json.MarshalerError.
package jsonv
