package jsonv_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/bosgo/bosgo/internal/jsonv"
)

// nested returns n arrays nested in each other.
func nested(n int) string {
	return strings.Repeat("[", n) + strings.Repeat("]", n)
}

// nestedObjects returns n objects nested in each other.
func nestedObjects(n int) string {
	return strings.Repeat(`{"a":`, n-1) + "{}" + strings.Repeat("}", n-1)
}

// decodeCases are inputs for which Decode must agree with json.Unmarshal.
// want is checked too when it is not nil; wantErr says whether both fail.
var decodeCases = []struct {
	name    string
	in      string
	want    any
	wantErr bool
}{
	{"empty", "", nil, true},
	{"whitespace only", " \t\r\n", nil, true},
	{"leading BOM", "\ufeff{}", nil, true},
	{"trailing garbage", `{} x`, nil, true},
	{"two values", `1 2`, nil, true},
	{"trailing comma array", `[1,]`, nil, true},
	{"trailing comma object", `{"a":1,}`, nil, true},
	{"single quotes", `'a'`, nil, true},
	{"unquoted key", `{a:1}`, nil, true},
	{"leading zero", `01`, nil, true},
	{"lone minus", `-`, nil, true},
	{"dot without digits", `1.`, nil, true},
	{"exponent without digits", `1e+`, nil, true},
	{"plus sign", `+1`, nil, true},
	{"hex escape", `"\x41"`, nil, true},
	{"short u escape", `"\u12"`, nil, true},
	{"raw control char", "\"a\x01\"", nil, true},
	{"raw tab in string", "\"\t\"", nil, true},
	{"unterminated string", `"abc`, nil, true},
	{"unterminated escape", `"\`, nil, true},
	{"truncated true", `tru`, nil, true},
	{"True", `True`, nil, true},
	{"NaN", `NaN`, nil, true},
	{"1e309 overflows", `1e309`, nil, true},
	{"-1e309 overflows", `-1e309`, nil, true},
	{"overflow in array", `[1, 1e400]`, nil, true},
	{"overflow before syntax error", `[1e400, x]`, nil, true},
	{"depth 10001", nested(10001), nil, true},
	{"object depth 10001", nestedObjects(10001), nil, true},

	{"null", ` null `, nil, false},
	{"true", `true`, true, false},
	{"false", "\n false\t", false, false},
	{"zero", `0`, 0.0, false},
	{"minus zero", `-0`, math.Copysign(0, -1), false},
	{"1e308", `1e308`, 1e308, false},
	{"5e-324", `5e-324`, 5e-324, false},
	{"underflow to zero", `1e-400`, 0.0, false},
	{"1e21", `1e21`, 1e21, false},
	{"1e-7", `1E-7`, 1e-7, false},
	{"fraction", `-12.5e+1`, -125.0, false},
	{"long integer", `123456789012345678901234567890`, 123456789012345678901234567890.0, false},
	{"NUL escape", `"\u0000"`, "\x00", false},
	{"escapes", `"\"\\\/\b\f\n\r\t"`, "\"\\/\b\f\n\r\t", false},
	{"surrogate pair", `"\ud83d\ude00"`, "😀", false},
	{"upper-case hex", `"\uD83D\uDE00"`, "😀", false},
	{"lone high surrogate", `"\ud83d"`, "\ufffd", false},
	{"lone high then text", `"\ud83dx"`, "\ufffdx", false},
	{"lone low surrogate", `"\ude00"`, "\ufffd", false},
	{"two high surrogates", `"\ud83d\ud83d\ude00"`, "\ufffd😀", false},
	{"high then non-surrogate", `"\ud83d\u0041"`, "\ufffdA", false},
	{"invalid UTF-8", "\"a\xffb\xc3\"", "a\ufffdb\ufffd", false},
	{"encoded surrogate", "\"\xed\xa0\x80\"", "\ufffd\ufffd\ufffd", false},
	{"valid UTF-8", `"héllo, 世界"`, "héllo, 世界", false},
	{"DEL and U+2028", "\"\x7f\u2028\"", "\x7f\u2028", false},
	{"duplicate keys keep last", `{"a":1,"a":2}`, map[string]any{"a": 2.0}, false},
	{"empty array", `[]`, []any{}, false},
	{"empty object", `{ }`, map[string]any{}, false},
	{"mixed", `{"a":[1,"x",null,true,{}],"b":{"c":[]}}`, map[string]any{
		"a": []any{1.0, "x", nil, true, map[string]any{}},
		"b": map[string]any{"c": []any{}},
	}, false},
	{"depth 10000", nested(10000), nil, false},
	{"object depth 10000", nestedObjects(10000), nil, false},
}

func TestDecode(t *testing.T) {
	t.Parallel()
	for _, tc := range decodeCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := jsonv.Decode([]byte(tc.in))
			var std any
			stdErr := json.Unmarshal([]byte(tc.in), &std)
			if (err != nil) != tc.wantErr || (stdErr != nil) != tc.wantErr {
				t.Fatalf("Decode error = %v, encoding/json error = %v, want error: %v", err, stdErr, tc.wantErr)
			}
			if err != nil {
				return
			}
			if !jsonEqual(got, std) {
				t.Errorf("Decode = %#v, encoding/json gives %#v", got, std)
			}
			if tc.want != nil && !jsonEqual(got, tc.want) {
				t.Errorf("Decode = %#v, want %#v", got, tc.want)
			}
			if !jsonv.Valid([]byte(tc.in)) {
				t.Error("Valid = false for input Decode accepts")
			}
		})
	}
}

func TestDecodeErrorTypes(t *testing.T) {
	t.Parallel()
	var syntax *jsonv.SyntaxError
	if _, err := jsonv.Decode([]byte(`[1, x]`)); !errors.As(err, &syntax) || syntax.Offset != 5 {
		t.Errorf("Decode(`[1, x]`) error = %v, want *SyntaxError at offset 5", err)
	}
	if _, err := jsonv.Decode([]byte(nested(10001))); !errors.As(err, &syntax) || !strings.Contains(err.Error(), "exceeded max depth") {
		t.Errorf("Decode(too deep) error = %v, want *SyntaxError about depth", err)
	}
	var rangeErr *jsonv.RangeError
	if _, err := jsonv.Decode([]byte(`[0, 1e999]`)); !errors.As(err, &rangeErr) || rangeErr.Offset != 4 {
		t.Errorf("Decode(`[0, 1e999]`) error = %v, want *RangeError at offset 4", err)
	}
	// A syntax error wins over an earlier overflow, as in encoding/json.
	if _, err := jsonv.Decode([]byte(`[1e999, x]`)); !errors.As(err, &syntax) {
		t.Errorf("Decode(`[1e999, x]`) error = %v, want *SyntaxError", err)
	}
}

func TestErrorsDoNotQuoteInput(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		`{"token":"secret-token"`,
		`{"token":"secret-token" x`,
		`{"token":"secret-token\q"}`,
		`{"token":secret-token}`,
		`{"token":"secret-token","n":1e999}`,
		"{\"token\":\"secret-token\x01\"}",
	} {
		_, err := jsonv.Decode([]byte(in))
		if err == nil {
			t.Errorf("Decode(%q) succeeded", in)
			continue
		}
		if strings.Contains(err.Error(), "secret") || strings.Contains(err.Error(), "token") {
			t.Errorf("Decode(%q) error %q quotes the input", in, err)
		}
	}
}

func TestObject(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    map[string]any
		wantErr bool
	}{
		{`null`, nil, false},
		{` {"a": "b"} `, map[string]any{"a": "b"}, false},
		{`[]`, nil, true},
		{`"x"`, nil, true},
		{`1`, nil, true},
		{`true`, nil, true},
		{`{`, nil, true},
	}
	for _, tc := range tests {
		got, err := jsonv.Object([]byte(tc.in))
		if (err != nil) != tc.wantErr {
			t.Errorf("Object(%q) error = %v, want error: %v", tc.in, err, tc.wantErr)
			continue
		}
		var std map[string]any
		if stdErr := json.Unmarshal([]byte(tc.in), &std); (stdErr != nil) != tc.wantErr {
			t.Errorf("Object(%q): encoding/json error = %v, want error: %v", tc.in, stdErr, tc.wantErr)
		}
		if err != nil {
			continue
		}
		if (got == nil) != (tc.want == nil) || !jsonEqual(map[string]any(got), map[string]any(tc.want)) && got != nil {
			t.Errorf("Object(%q) = %#v, want %#v", tc.in, got, tc.want)
		}
	}
	var typeErr *jsonv.TypeError
	if _, err := jsonv.Object([]byte(`[1]`)); !errors.As(err, &typeErr) || err.Error() != "jsonv: cannot decode JSON array into object" {
		t.Errorf("Object(`[1]`) error = %v, want *TypeError", err)
	}
}

func TestValid(t *testing.T) {
	t.Parallel()
	for _, tc := range decodeCases {
		if got, want := jsonv.Valid([]byte(tc.in)), json.Valid([]byte(tc.in)); got != want {
			t.Errorf("%s: Valid = %v, json.Valid = %v", tc.name, got, want)
		}
	}
}

func TestCompact(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		` { "a" : [ 1 , 2.5e3 , "x y\t" ] , "<b>" : "\u2028 &", "c": "` + "\xff\u2028" + `" } `,
		"\n\"s\"\n",
		`[ ]`,
		`[1,]`,
		``,
		`{"a":1} {}`,
	} {
		var std bytes.Buffer
		stdErr := json.Compact(&std, []byte(in))
		got, err := jsonv.Compact([]byte("prefix"), []byte(in))
		if (err != nil) != (stdErr != nil) {
			t.Errorf("Compact(%q) error = %v, json.Compact error = %v", in, err, stdErr)
			continue
		}
		if err != nil {
			if string(got) != "prefix" {
				t.Errorf("Compact(%q) changed dst on error: %q", in, got)
			}
			continue
		}
		if want := "prefix" + std.String(); string(got) != want {
			t.Errorf("Compact(%q) = %q, want %q", in, got, want)
		}
	}
}
