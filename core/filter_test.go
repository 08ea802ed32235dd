package core

import (
	"encoding/json"
	"errors"
	"math"
	"net"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

type status string

type flag bool

type wrappedTime time.Time

type textID struct{ v string }

func (t textID) MarshalText() ([]byte, error) { return []byte("id:" + t.v), nil }

func TestFilterValues(t *testing.T) {
	t.Parallel()
	str := "it's"
	var nilStr *string
	n := 42
	yes := true
	ts := time.Date(2026, 3, 4, 5, 6, 7, 890_000_000, time.FixedZone("CET", 3600))
	cases := []struct {
		name  string
		value any
		want  string
	}{
		{"nil", nil, "null"},
		{"nil pointer", nilStr, "null"},
		{"true", true, "'1'"},
		{"false", false, "'0'"},
		{"named bool", flag(true), "'1'"},
		{"pointer to bool", &yes, "'1'"},
		{"int", 42, "42"},
		{"negative int64", int64(-7), "-7"},
		{"int8", int8(-8), "-8"},
		{"uint64 max", uint64(math.MaxUint64), "18446744073709551615"},
		{"float", 1.5, "1.5"},
		{"negative float", -0.25, "-0.25"},
		{"large float has no exponent", 1e21, "1000000000000000000000"},
		{"small float has no exponent", 1e-7, "0.0000001"},
		{"float32", float32(0.1), "0.1"},
		{"json.Number int", json.Number("12"), "12"},
		{"json.Number exp", json.Number("1e3"), "1000"},
		{"pointer to int", &n, "42"},
		{"string", "abc", "'abc'"},
		{"empty string", "", "''"},
		{"quote", "it's", `'it\'s'`},
		{"pointer to string", &str, `'it\'s'`},
		{"named string", status("draft's"), `'draft\'s'`},
		{"double quote", `say "hi"`, `'say "hi"'`},
		{"plain backslash", `C:\dir`, `'C:\dir'`},
		{"backslash before n", `a\nb`, `'a\\nb'`},
		{"backslash before quote", `a\'b`, `'a\\\'b'`},
		{"two backslashes", `a\\b`, `'a\\\b'`},
		{"trailing backslash", `abc\`, "'abc\uFFFD'"},
		{"trailing backslashes", `abc\\`, "'abc\uFFFD\uFFFD'"},
		{"only a backslash", `\`, "'\uFFFD'"},
		{"NUL", "a\x00b", "'a\uFFFDb'"},
		{"invalid UTF-8", "a\xffb", "'a\uFFFDb'"},
		{"newline", "a\nb", "'a\nb'"},
		{"unicode", "héllo 🌍", "'héllo 🌍'"},
		{"time in UTC with ms", ts, "'2026-03-04 04:06:07.890Z'"},
		{"pointer to time", &ts, "'2026-03-04 04:06:07.890Z'"},
		{"named time", wrappedTime(ts), "'2026-03-04 04:06:07.890Z'"},
		{"MarshalText", textID{"x'y"}, `'id:x\'y'`},
		{"IP (MarshalText)", net.IPv4(10, 0, 0, 1), "'10.0.0.1'"},
		{"slice as JSON", []string{"a", "b'"}, `'["a","b\'"]'`},
		{"map as JSON", map[string]int{"a": 1}, `'{"a":1}'`},
		{"NaN", math.NaN(), "null"},
		{"Inf", math.Inf(1), "null"},
		{"unencodable", make(chan int), "null"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := (*Client)(nil).Filter("f = {:v}", map[string]any{"v": tc.value})
			if want := "f = " + tc.want; got != want {
				t.Errorf("Filter(%#v) = %q, want %q", tc.value, got, want)
			}
		})
	}
}

func TestFilterPlaceholders(t *testing.T) {
	t.Parallel()
	c := New("http://127.0.0.1:1")
	cases := []struct {
		name   string
		expr   string
		params map[string]any
		want   string
	}{
		{"several", "a = {:a} && b > {:b} || c = {:a}", map[string]any{"a": "x", "b": 2}, "a = 'x' && b > 2 || c = 'x'"},
		{"unknown placeholder kept", "a = {:a} && b = {:missing}", map[string]any{"a": 1}, "a = 1 && b = {:missing}"},
		{"value holding a placeholder is not expanded", "a = {:a} && b = {:b}", map[string]any{"a": "{:b}", "b": "' || 1=1"}, `a = '{:b}' && b = '\' || 1=1'`},
		{"unterminated", "a = {:a", map[string]any{"a": 1}, "a = {:a"},
		{"nested brace", "a = {:x {:a}", map[string]any{"a": 1}, "a = {:x 1"},
		{"adjacent", "{:a}{:a}", map[string]any{"a": true}, "'1''1'"},
		{"no params", "a = 1", nil, "a = 1"},
		{"empty name", "a = {:}", map[string]any{"": "e"}, "a = 'e'"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := c.Filter(tc.expr, tc.params); got != tc.want {
				t.Errorf("Filter(%q) = %q, want %q", tc.expr, got, tc.want)
			}
		})
	}
}

func TestFilterE(t *testing.T) {
	t.Parallel()
	c := New("http://127.0.0.1:1")
	bad := []struct {
		name   string
		expr   string
		params map[string]any
		inErr  string
	}{
		{"missing parameter", "a = {:nope}", nil, "{:nope}"},
		{"trailing backslash", "a = {:v}", map[string]any{"v": `secret\`}, "backslash"},
		{"NUL", "a = {:v}", map[string]any{"v": "x\x00"}, "NUL"},
		{"invalid UTF-8", "a = {:v}", map[string]any{"v": "\xc3"}, "UTF-8"},
		{"NaN", "a = {:v}", map[string]any{"v": math.NaN()}, "NaN"},
		{"unencodable", "a = {:v}", map[string]any{"v": func() {}}, "JSON"},
		{"bad json.Number", "a = {:v}", map[string]any{"v": json.Number("x")}, "json.Number"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := c.FilterE(tc.expr, tc.params)
			if !errors.Is(err, ErrFilterValue) || !strings.Contains(err.Error(), tc.inErr) {
				t.Fatalf("FilterE error = %v, want ErrFilterValue mentioning %q", err, tc.inErr)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("error %q leaks the value", err)
			}
			if want := c.Filter(tc.expr, tc.params); got != want {
				t.Errorf("FilterE result %q differs from Filter's %q", got, want)
			}
		})
	}
	got, err := c.FilterE("a = {:a} && b = {:b}", map[string]any{"a": `C:\dir's`, "b": 3})
	if err != nil || got != `a = 'C:\dir\'s' && b = 3` {
		t.Errorf("FilterE of good values = %q, %v", got, err)
	}
}

// hostileStrings are values that try to break out of a string literal.
var hostileStrings = []string{
	"", "plain", "it's", "''", `'`, `\`, `\\`, `\\\`, `a\`, `a\\`, `\'`, `\\'`, `\\\'`,
	`' || 1=1`, `' || title != '`, `\' || title != '`, `\\' || title != '`,
	`x\' || id != '`, `" || 1=1 || "`, `\" || 1=1`, `a\nb`, "a\nb", "tab\there",
	"line1\r\nline2", `{:other}`, `{:t}`, "héllo wörld 🌍", "\u202e\u0000x", "\xff\xfe",
	`C:\Users\x`, `\n\t\r\"`, `%_`, `' && user = '`, `\\\\\' ||`,
}

func FuzzFilter(f *testing.F) {
	for _, s := range hostileStrings {
		f.Add(s, `\`)
		f.Add(`\`, s)
	}
	f.Fuzz(func(t *testing.T, x, y string) {
		// A bool rides along: it must bind as the quoted '1' or '0' (the
		// form PostgreSQL servers accept) and never disturb its neighbours.
		z := len(x)%2 == 0
		zLit := map[bool]string{true: "'1'", false: "'0'"}[z]
		expr := "a = {:x} && b = {:y} && c = {:z}"
		out, err := bindFilter(expr, map[string]any{"x": x, "y": y, "z": z})
		wantErr := !exactString(x) || !exactString(y)
		if (err != nil) != wantErr {
			t.Errorf("FilterE(%q, %q) error = %v, want error: %v", x, y, err, wantErr)
		}
		for _, p := range []struct {
			name string
			scan func(string, int) (string, int, bool)
			want func(string) (string, bool)
		}{
			{"fexpr v0.5.0", scanTextV05, func(v string) (string, bool) { return v, exactString(v) && !hasAmbiguousBackslash(v) }},
			{"fexpr v0.6.0", scanTextV06, func(v string) (string, bool) { return representable(v), true }},
		} {
			// The bound expression must lex as: a = <text> && b = <text>
			// with the texts ending exactly where the template resumes.
			rest, ok := strings.CutPrefix(out, "a = ")
			if !ok {
				t.Fatalf("%s: %q lost its prefix", p.name, out)
			}
			lit1, end, closed := p.scan(rest, 0)
			if !closed {
				t.Fatalf("%s: first literal of %q is unterminated", p.name, out)
			}
			rest, ok = strings.CutPrefix(rest[end:], " && b = ")
			if !ok {
				t.Fatalf("%s: first literal of %q breaks out: the expression continues with %q", p.name, out, rest[end:])
			}
			lit2, end, closed := p.scan(rest, 0)
			if !closed || rest[end:] != " && c = "+zLit {
				t.Fatalf("%s: second literal of %q breaks out, is unterminated or the bool is not %s (ends at %d of %q)", p.name, out, zLit, end, rest)
			}
			for _, c := range []struct{ in, got string }{{x, lit1}, {y, lit2}} {
				if want, exact := p.want(c.in); exact && c.got != want {
					t.Errorf("%s: %q parses back as %q, want %q", p.name, c.in, c.got, want)
				}
			}
		}
	})
}

// TestFilterHostileScan runs the fuzz property over the seed values
// without the fuzzing engine, so plain `go test` checks it too.
func TestFilterHostileScan(t *testing.T) {
	t.Parallel()
	for _, x := range hostileStrings {
		for _, y := range hostileStrings {
			out := (*Client)(nil).Filter("a = {:x} && b = {:y}", map[string]any{"x": x, "y": y})
			for name, scan := range map[string]func(string, int) (string, int, bool){"v0.5.0": scanTextV05, "v0.6.0": scanTextV06} {
				rest := strings.TrimPrefix(out, "a = ")
				_, end, ok := scan(rest, 0)
				if !ok || !strings.HasPrefix(rest[end:], " && b = ") {
					t.Fatalf("%s: %q (x=%q y=%q): first literal breaks out", name, out, x, y)
				}
				rest = strings.TrimPrefix(rest[end:], " && b = ")
				if _, end, ok := scan(rest, 0); !ok || end != len(rest) {
					t.Fatalf("%s: %q (x=%q y=%q): second literal breaks out", name, out, x, y)
				}
			}
		}
	}
}

// exactString reports whether s can be bound without any replacement.
func exactString(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0) && !strings.HasSuffix(s, `\`)
}

// representable is what a fexpr v0.6.0 server reads for s: s itself, with
// what cannot be represented replaced by U+FFFD.
func representable(s string) string {
	s = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
	t := strings.TrimRight(s, `\`)
	return t + strings.Repeat("\uFFFD", len(s)-len(t))
}

// hasAmbiguousBackslash reports whether s has a backslash that the two
// parser versions read differently (one before n, t, r, a quote or a
// backslash).
func hasAmbiguousBackslash(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '\\' && strings.IndexByte(`ntr\'"`, s[i+1]) >= 0 {
			return true
		}
	}
	return false
}

// TestFilterPortsCatchNaiveBinding checks that the scanner ports see the
// injection the BosBase JS SDK's binding (quotes escaped, backslashes not)
// allows, so that the properties above can fail.
func TestFilterPortsCatchNaiveBinding(t *testing.T) {
	t.Parallel()
	naive := func(s string) string { return "'" + strings.ReplaceAll(s, "'", `\'`) + "'" }
	out := "a = " + naive(`\`) + " && b = " + naive(` || id != `)
	rest := strings.TrimPrefix(out, "a = ")
	for name, scan := range map[string]func(string, int) (string, int, bool){"v0.5.0": scanTextV05, "v0.6.0": scanTextV06} {
		lit, end, ok := scan(rest, 0)
		if ok && strings.HasPrefix(rest[end:], " && b = ") {
			t.Errorf("%s: naive binding %q did not break out (literal %q)", name, out, lit)
		}
	}
}
