package jsonv_test

import (
	"encoding/json"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/bosgo/bosgo/internal/jsonv"
)

// writeFields writes name/value pairs, in order, with an ObjectWriter.
func writeFields(kv ...any) ([]byte, error) {
	var w jsonv.ObjectWriter
	for i := 0; i < len(kv); i += 2 {
		w.Field(kv[i].(string), kv[i+1])
	}
	return w.Bytes()
}

func TestObjectWriterMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	when := time.Date(2026, 11, 22, 10, 0, 0, 123000000, time.UTC)

	type scalars struct {
		Name  string  `json:"name"`
		Age   int     `json:"age"`
		OK    bool    `json:"ok"`
		Score float64 `json:"score"`
		Tiny  float64 `json:"tiny"`
		Big   float64 `json:"big"`
		F32   float32 `json:"f32"`
		I8    int8    `json:"i8"`
		I64   int64   `json:"i64"`
		U64   uint64  `json:"u64"`
	}
	s := scalars{"Ann <b>&\u2028\"\\ é", -3, true, 1.25, 1e-7, 1e21, 0.1, -128, math.MaxInt64, math.MaxUint64}

	type collections struct {
		Nil      []string          `json:"nil"`
		Empty    []string          `json:"empty"`
		Tags     []string          `json:"tags"`
		Any      []any             `json:"any"`
		Map      map[string]any    `json:"map"`
		NilMap   map[string]any    `json:"nilMap"`
		StrMap   map[string]string `json:"strMap"`
		Bytes    []byte            `json:"bytes"`
		NilBytes []byte            `json:"nilBytes"`
		Maps     []map[string]any  `json:"maps"`
	}
	c := collections{
		Empty: []string{}, Tags: []string{"a", "<b>"},
		Any:    []any{1.5, "x", nil, true, []any{}, map[string]any{}},
		Map:    map[string]any{"z": 1.0, "a": map[string]any{"y": []any{"<&>"}, "b": nil}, "m": "é"},
		StrMap: map[string]string{"b": "2", "a": "1"},
		Bytes:  []byte("hello\x00\xff"),
		Maps:   []map[string]any{{"id": "r1"}, nil},
	}

	type marshalers struct {
		Raw    json.RawMessage `json:"raw"`
		NilRaw json.RawMessage `json:"nilRaw"`
		Num    json.Number     `json:"num"`
		When   time.Time       `json:"when"`
		Nil    any             `json:"nil"`
	}
	m := marshalers{Raw: json.RawMessage(" { \"a\" : [1, \"<x>\"] } "), Num: "12345678901234567890", When: when}

	type oddNames struct {
		A int `json:"a<b&c"`
		B int `json:""`
		C int `json:"with space"`
	}
	o := oddNames{1, 2, 3}

	cases := []struct {
		name   string
		shadow any
		kv     []any
	}{
		{"scalars", s, []any{"name", s.Name, "age", s.Age, "ok", s.OK, "score", s.Score, "tiny", s.Tiny,
			"big", s.Big, "f32", s.F32, "i8", s.I8, "i64", s.I64, "u64", s.U64}},
		{"zero scalars", scalars{}, []any{"name", "", "age", 0, "ok", false, "score", 0.0, "tiny", 0.0,
			"big", 0.0, "f32", float32(0), "i8", int8(0), "i64", int64(0), "u64", uint64(0)}},
		{"collections", c, []any{"nil", c.Nil, "empty", c.Empty, "tags", c.Tags, "any", c.Any, "map", c.Map,
			"nilMap", c.NilMap, "strMap", c.StrMap, "bytes", c.Bytes, "nilBytes", c.NilBytes, "maps", c.Maps}},
		{"marshalers", m, []any{"raw", m.Raw, "nilRaw", m.NilRaw, "num", m.Num, "when", m.When, "nil", m.Nil}},
		{"odd names", o, []any{"a<b&c", 1, "B", 2, "with space", 3}},
		{"one field", struct {
			X string `json:"x"`
		}{"y"}, []any{"x", "y"}},
	}
	for _, tc := range cases {
		want, err := json.Marshal(tc.shadow)
		if err != nil {
			t.Fatalf("%s: json.Marshal: %v", tc.name, err)
		}
		got, err := writeFields(tc.kv...)
		if err != nil || string(got) != string(want) {
			t.Errorf("%s:\n got %s, %v\nwant %s", tc.name, got, err, want)
		}
	}
}

func TestObjectWriterZeroValue(t *testing.T) {
	t.Parallel()
	var w jsonv.ObjectWriter
	got, err := w.Bytes()
	if err != nil || string(got) != "{}" {
		t.Fatalf("zero ObjectWriter = %s, %v; want {}", got, err)
	}
	want, _ := json.Marshal(struct{}{})
	if string(got) != string(want) {
		t.Fatalf("zero ObjectWriter = %s, encoding/json gives %s", got, want)
	}
}

func TestObjectWriterErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		v    any
		ok   func(error) bool
	}{
		{"NaN", math.NaN(), func(err error) bool { var e *jsonv.UnsupportedValueError; return errors.As(err, &e) }},
		{"+Inf", math.Inf(1), func(err error) bool { var e *jsonv.UnsupportedValueError; return errors.As(err, &e) }},
		{"nested NaN", map[string]any{"a": []any{math.NaN()}}, func(err error) bool { var e *jsonv.UnsupportedValueError; return errors.As(err, &e) }},
		{"struct", struct{ A int }{1}, func(err error) bool { var e *jsonv.UnsupportedTypeError; return errors.As(err, &e) }},
		{"bad raw", json.RawMessage(`{`), func(err error) bool { var e *jsonv.SyntaxError; return errors.As(err, &e) }},
		{"bad number", json.Number("1x"), func(err error) bool { var e *jsonv.SyntaxError; return errors.As(err, &e) }},
	}
	for _, c := range cases {
		var w jsonv.ObjectWriter
		w.Field("before", 1)
		w.Field("bad", c.v)
		w.Field("after", "x") // ignored after the error
		got, err := w.Bytes()
		if err == nil || got != nil || !c.ok(err) {
			t.Errorf("%s: Bytes = %q, %v (%T)", c.name, got, err, err)
		}
		// The first error sticks.
		w.Field("more", math.Inf(-1))
		if _, err2 := w.Bytes(); err2 != err {
			t.Errorf("%s: second Bytes error %v, want the first %v", c.name, err2, err)
		}
	}
	// An error in the first field too.
	var w jsonv.ObjectWriter
	w.Field("nan", math.NaN())
	if got, err := w.Bytes(); err == nil || got != nil {
		t.Errorf("NaN first: Bytes = %q, %v", got, err)
	}
}

// TestObjectWriterBytesIsStable checks that the result of Bytes does not
// change when the writer goes on.
func TestObjectWriterBytesIsStable(t *testing.T) {
	t.Parallel()
	var w jsonv.ObjectWriter
	w.Field("a", 1)
	first, err := w.Bytes()
	if err != nil || string(first) != `{"a":1}` {
		t.Fatalf("Bytes = %s, %v", first, err)
	}
	w.Field("b", 2)
	second, err := w.Bytes()
	if err != nil || string(second) != `{"a":1,"b":2}` {
		t.Fatalf("Bytes after another Field = %s, %v", second, err)
	}
	if string(first) != `{"a":1}` {
		t.Fatalf("first result changed to %s by a later Field", first)
	}
}
