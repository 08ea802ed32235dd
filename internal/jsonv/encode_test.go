package jsonv_test

import (
	"encoding/json"
	"errors"
	"math"
	"net/netip"
	"testing"
	"time"

	"github.com/bosgo/bosgo/internal/jsonv"
)

// failingMarshaler is a json.Marshaler that returns an error.
type failingMarshaler struct{}

var errMarshal = errors.New("marshal failed")

func (failingMarshaler) MarshalJSON() ([]byte, error) { return nil, errMarshal }

// rawMarshaler is a json.Marshaler that returns its own bytes.
type rawMarshaler string

func (m rawMarshaler) MarshalJSON() ([]byte, error) { return []byte(m), nil }

// encodeCases are values Marshal must encode exactly as json.Marshal.
var encodeCases = []struct {
	name string
	in   any
}{
	{"nil", nil},
	{"bools", []any{true, false}},
	{"html", "<a href=\"x\">&amp;</a>"},
	{"controls", "\x00\x01\b\f\n\r\t\x1f\x7f\\/"},
	{"line separators", "a\u2028b\u2029c"},
	{"invalid UTF-8", "a\xffb\xc3(\xed\xa0\x80"},
	{"unicode", "héllo, 世界 😀"},
	{"float zero", 0.0},
	{"float minus zero", math.Copysign(0, -1)},
	{"floats", []any{1.0, -1.5, 1e20, 1e21, 123456789e15, 1e-6, 1e-7, 9.999e-7, 5e-324, math.MaxFloat64, 0.1, 1e100, -1e-100}},
	{"float32s", []any{float32(0.1), float32(1e21), float32(1e-7), float32(3.4e38), float32(-1.5), float32(1e20), float32(9.9999e-7)}},
	{"ints", []any{0, -1, int8(-128), int16(32767), int32(-1 << 31), int64(math.MinInt64), math.MaxInt}},
	{"uints", []any{uint(1), uint8(255), uint16(65535), uint32(1 << 31), uint64(math.MaxUint64), uintptr(7)}},
	{"bytes", []any{[]byte(nil), []byte{}, []byte{0}, []byte{0, 1}, []byte{0, 1, 2}, []byte{0xff, 0xfe, 0xfd, 0xfc}, []byte("hello, world")}},
	{"nil bytes", []byte(nil)},
	{"strings", []string{"a", "<", ""}},
	{"nil strings", []string(nil)},
	{"maps", []map[string]any{nil, {}, {"b": 1, "a": 2, "": 3, "<": 4, "B": 5, "é": 6, "aa": 7}}},
	{"nil maps", []map[string]any(nil)},
	{"string map", map[string]string{"z": "1", "a": "<", "m": ""}},
	{"nil string map", map[string]string(nil)},
	{"nil map", map[string]any(nil)},
	{"nil slice", []any(nil)},
	{"empty slice", []any{}},
	{"nested", map[string]any{"a": []any{map[string]any{"b": []string{"c"}}, []any{}, nil}}},
	{"numbers", []any{json.Number(""), json.Number("0"), json.Number("-1.5e+10"), json.Number("123456789012345678901234567890")}},
	{"raw messages", []any{json.RawMessage(nil), json.RawMessage(" { \"a\" : [ 1 , \"<\u2028>\" ] } "), json.RawMessage("\"\xff\"")}},
	{"marshalers", []any{rawMarshaler(` "a & b" `), time.Date(2024, 1, 2, 3, 4, 5, 6, time.UTC)}},
	{"text marshaler", netip.MustParseAddr("::1")},
	{"auth response", map[string]any{
		"token": "eyJhbGciOiJIUzI1NiJ9.eyJpZCI6IjEyMyJ9.sig",
		"record": map[string]any{
			"id": "abc123", "email": "a@example.com", "verified": true,
			"created": "2024-01-02 03:04:05.678Z", "count": 42.0,
		},
	}},
}

func TestMarshal(t *testing.T) {
	t.Parallel()
	for _, tc := range encodeCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			want, err := json.Marshal(tc.in)
			if err != nil {
				t.Fatalf("json.Marshal: %v", err)
			}
			got, err := jsonv.Marshal(tc.in)
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			if string(got) != string(want) {
				t.Errorf("Marshal = %s\nwant       %s", got, want)
			}
			got, err = jsonv.Append([]byte("x"), tc.in)
			if err != nil || string(got) != "x"+string(want) {
				t.Errorf("Append = %s, %v; want x%s", got, err, want)
			}
		})
	}
}

func TestMarshalErrors(t *testing.T) {
	t.Parallel()
	cyclic := map[string]any{}
	cyclic["self"] = cyclic
	deep := any(nil)
	for range 10001 {
		deep = []any{deep}
	}
	var intPtr *int
	tests := []struct {
		name string
		in   any
		want any // a pointer to the wanted error type
	}{
		{"struct", struct{}{}, new(*jsonv.UnsupportedTypeError)},
		{"nested struct", map[string]any{"a": []any{1, struct{ A int }{}}}, new(*jsonv.UnsupportedTypeError)},
		{"pointer", intPtr, new(*jsonv.UnsupportedTypeError)},
		{"int slice", []int{1}, new(*jsonv.UnsupportedTypeError)},
		{"channel", make(chan int), new(*jsonv.UnsupportedTypeError)},
		{"complex", 1i, new(*jsonv.UnsupportedTypeError)},
		{"NaN", math.NaN(), new(*jsonv.UnsupportedValueError)},
		{"+Inf", math.Inf(1), new(*jsonv.UnsupportedValueError)},
		{"float32 -Inf", []any{float32(math.Inf(-1))}, new(*jsonv.UnsupportedValueError)},
		{"cycle", cyclic, new(*jsonv.UnsupportedValueError)},
		{"deeper than 10000", deep, new(*jsonv.UnsupportedValueError)},
		{"invalid number", json.Number("1.5x"), new(*jsonv.SyntaxError)},
		{"invalid raw message", json.RawMessage(`{"a":}`), new(*jsonv.SyntaxError)},
		{"empty raw message", json.RawMessage{}, new(*jsonv.SyntaxError)},
		{"invalid marshaler output", rawMarshaler(`1 2`), new(*jsonv.SyntaxError)},
	}
	for _, tc := range tests {
		got, err := jsonv.Append([]byte("dst"), tc.in)
		if string(got) != "dst" {
			t.Errorf("%s: Append changed dst on error: %q", tc.name, got)
		}
		if !errors.As(err, tc.want) {
			t.Errorf("%s: Marshal error = %v (%T), want %T", tc.name, err, err, tc.want)
		}
	}
	if _, err := jsonv.Marshal(failingMarshaler{}); !errors.Is(err, errMarshal) {
		t.Errorf("Marshal(failingMarshaler) error = %v, want %v", err, errMarshal)
	}
}

func TestMarshalDepth10000(t *testing.T) {
	t.Parallel()
	v, err := jsonv.Decode([]byte(nested(10000)))
	if err != nil {
		t.Fatal(err)
	}
	got, err := jsonv.Marshal(v)
	if err != nil || string(got) != nested(10000) {
		t.Errorf("Marshal of 10000 nested arrays: %v", err)
	}
}

func TestAppendString(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "plain", "<&>", "\"\\", "\x00\u2028\xff", "é😀"} {
		want, _ := json.Marshal(s)
		if got := jsonv.AppendString([]byte("x"), s); string(got) != "x"+string(want) {
			t.Errorf("AppendString(%q) = %s, want x%s", s, got, want)
		}
	}
}
