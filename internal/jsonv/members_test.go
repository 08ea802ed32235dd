package jsonv_test

import (
	"bytes"
	"errors"
	"sort"
	"strings"
	"testing"

	"github.com/bosgo/bosgo/internal/jsonv"
)

func TestMembers(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		in   string
		want map[string]string // nil: want a nil map
	}{
		{"empty", `{}`, map[string]string{}},
		{"empty with whitespace", " \t\r\n{ \t\r\n} \t\r\n", map[string]string{}},
		{"one", `{"a":1}`, map[string]string{"a": `1`}},
		{"whitespace everywhere", " \n{ \t\"a\" \r: \n 1 \t, \"b\"\n:\"x y\"\r\n}\t ",
			map[string]string{"a": `1`, "b": `"x y"`}},
		{"nested values kept with inner whitespace",
			`{"o": { "k" : [ 1 , {"z":null} ] } , "arr":[ ],"s":"\"}\"", "t":true,"f":false,"n":null}`,
			map[string]string{
				"o": `{ "k" : [ 1 , {"z":null} ] }`, "arr": `[ ]`, "s": `"\"}\""`,
				"t": `true`, "f": `false`, "n": `null`,
			}},
		{"duplicate keeps last", `{"a":1,"b":2,"a":[3]}`, map[string]string{"a": `[3]`, "b": `2`}},
		{"escaped key", `{"\u0074ype":"ready"}`, map[string]string{"type": `"ready"`}},
		{"escaped key collides with plain, last wins", `{"type":1,"\u0074\u0079pe":2}`, map[string]string{"type": `2`}},
		{"escapes in key", `{"a\"b\\c\/\n":0}`, map[string]string{"a\"b\\c/\n": `0`}},
		{"surrogate pair key", `{"\ud83d\ude00":0}`, map[string]string{"😀": `0`}},
		{"empty key", `{"":""}`, map[string]string{"": `""`}},
		{"big integer verbatim", `{"n":12345678901234567890,"m":-0.000000000000000000000001e-3}`,
			map[string]string{"n": `12345678901234567890`, "m": `-0.000000000000000000000001e-3`}},
		{"overflowing number verbatim", `{"n":1e400}`, map[string]string{"n": `1e400`}},
		{"string escapes verbatim", `{"s":"\u00e9\t<>"}`, map[string]string{"s": `"\u00e9\t<>"`}},
		{"null", `null`, nil},
		{"null with whitespace", " null\n", nil},
	}
	for _, c := range cases {
		got, err := jsonv.Members([]byte(c.in))
		if err != nil {
			t.Errorf("%s: Members(%q) error %v", c.name, c.in, err)
			continue
		}
		if (got == nil) != (c.want == nil) || len(got) != len(c.want) {
			t.Errorf("%s: Members(%q) = %q, want %q", c.name, c.in, got, c.want)
			continue
		}
		for k, w := range c.want {
			if g, ok := got[k]; !ok || string(g) != w {
				t.Errorf("%s: Members(%q)[%q] = %q (present %v), want %q", c.name, c.in, k, g, ok, w)
			}
		}
	}
}

// TestMembersSubSlices checks that raw values alias the input: nothing is
// copied or re-encoded.
func TestMembersSubSlices(t *testing.T) {
	t.Parallel()
	in := []byte(`{ "n" : 12345678901234567890 , "o" : {"a": [1, 2]} }`)
	m, err := jsonv.Members(in)
	if err != nil {
		t.Fatal(err)
	}
	for k, raw := range m {
		i := bytes.Index(in, raw)
		if i < 0 || len(raw) == 0 || &in[i] != &raw[0] {
			t.Errorf("member %q = %q is not a sub-slice of the input", k, raw)
		}
	}
	if string(m["n"]) != "12345678901234567890" {
		t.Errorf("n = %s", m["n"])
	}
	// Writing through the input shows through the member (same memory).
	in[bytes.Index(in, []byte("1234"))] = '9'
	if string(m["n"]) != "92345678901234567890" {
		t.Errorf("after editing the input, n = %s; want the member to alias the input", m["n"])
	}
}

func TestMembersErrors(t *testing.T) {
	t.Parallel()
	typeErrs := []string{`[]`, `[{"a":1}]`, `"x"`, `"{}"`, `1`, `-1.5e3`, `true`, `false`, " [ ] "}
	for _, in := range typeErrs {
		m, err := jsonv.Members([]byte(in))
		var te *jsonv.TypeError
		if !errors.As(err, &te) || m != nil {
			t.Errorf("Members(%q) = %q, %v (%T); want nil, *TypeError", in, m, err, err)
			continue
		}
		// Same kind named as Object's error.
		_, objErr := jsonv.Object([]byte(in))
		if objErr == nil || err.Error() != objErr.Error() {
			t.Errorf("Members(%q) error %q, Object error %v", in, err, objErr)
		}
	}
	syntaxErrs := []string{
		``, ` `, `{`, `}`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{"a":1 "b":2}`, `{a:1}`, `{1:2}`,
		`{"a":1}}`, `{"a":1} {}`, `{"a":[1,]}`, `{"a":01}`, `{"a":nul}`, `nul`, `{"a":"\x"}`,
		"{\"a\":\"\x01\"}", `{"a` + "\n" + `":1}`, `{"a":1.}`, `{"a":"}`, `{"a":[}`,
		strings.Repeat(`{"a":`, 10001) + `1` + strings.Repeat(`}`, 10001),
	}
	for _, in := range syntaxErrs {
		m, err := jsonv.Members([]byte(in))
		var se *jsonv.SyntaxError
		if !errors.As(err, &se) || m != nil {
			name := in
			if len(name) > 40 {
				name = name[:40] + "…"
			}
			t.Errorf("Members(%q) = %q, %v (%T); want nil, *SyntaxError", name, m, err, err)
		}
	}
}

// FuzzMembers checks Members against Object: they fail on the same
// inputs (except that Members, which decodes no number, accepts numbers
// too large for a float64), give the same keys, and each raw member, free
// of surrounding whitespace, decodes to Object's value for its key.
func FuzzMembers(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	for _, s := range []string{
		` { "a" : 1 , "b" : [ 1 , 2 ] } `, `{"\u0074ype":"x","type":"y"}`, `{"n":12345678901234567890}`,
		`{"a":1e400}`, `{"a":{"b":{"c":[[],{}]}}}`, `{"":null}`, "{\"\xff\":1}", `{"\ud800":1,"\ufffd":2}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := jsonv.Members(data)
		obj, objErr := jsonv.Object(data)
		var rangeErr *jsonv.RangeError
		if errors.As(objErr, &rangeErr) {
			// Members keeps numbers as text, so an overflowing number is
			// no error for it; that raw member alone fails to decode.
			if err != nil {
				// A valid non-object (e.g. 1e400 or [1e400]) is a type
				// error for Members before any number is decoded.
				var te *jsonv.TypeError
				if !errors.As(err, &te) || bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n"), []byte("{")) {
					t.Fatalf("Members(%q) error %v; Object only has a range error %v", data, err, objErr)
				}
				return
			}
			failing := 0
			for _, raw := range m {
				if _, derr := jsonv.Decode(raw); derr != nil {
					if !errors.As(derr, &rangeErr) {
						t.Fatalf("Members(%q): raw %q fails with %v, want a *RangeError", data, raw, derr)
					}
					failing++
				}
			}
			if failing == 0 {
				t.Fatalf("Members(%q) = %q: no member has the number Object rejects (%v)", data, m, objErr)
			}
			return
		}
		if (err != nil) != (objErr != nil) {
			t.Fatalf("Members(%q) error = %v, Object error = %v", data, err, objErr)
		}
		if err != nil {
			if m != nil {
				t.Fatalf("Members(%q) = %q with error %v", data, m, err)
			}
			var se *jsonv.SyntaxError
			var te *jsonv.TypeError
			if errors.As(objErr, &se) != errors.As(err, &se) || errors.As(objErr, &te) != errors.As(err, &te) {
				t.Fatalf("Members(%q) error %T, Object error %T", data, err, objErr)
			}
			return
		}
		if (m == nil) != (obj == nil) {
			t.Fatalf("Members(%q) = %q, Object = %#v", data, m, obj)
		}
		if len(m) != len(obj) {
			t.Fatalf("Members(%q) has keys %q, Object has %q", data, keys(m), keys(obj))
		}
		for k, raw := range m {
			want, ok := obj[k]
			if !ok {
				t.Fatalf("Members(%q) has key %q, Object has %q", data, k, keys(obj))
			}
			if len(raw) == 0 || isSpace(raw[0]) || isSpace(raw[len(raw)-1]) {
				t.Fatalf("Members(%q)[%q] = %q: empty or surrounded by whitespace", data, k, raw)
			}
			if !bytes.Contains(data, raw) {
				t.Fatalf("Members(%q)[%q] = %q is not in the input", data, k, raw)
			}
			got, derr := jsonv.Decode(raw)
			if derr != nil || !jsonEqual(got, want) {
				t.Fatalf("Members(%q)[%q] = %q decodes to %#v, %v; Object gives %#v", data, k, raw, got, derr, want)
			}
		}
	})
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
