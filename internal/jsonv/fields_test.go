package jsonv_test

import (
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/bosgo/bosgo/internal/jsonv"
)

// fieldsOf decodes text and starts reading it.
func fieldsOf(t *testing.T, text string) *jsonv.Fields {
	t.Helper()
	v, err := jsonv.Decode([]byte(text))
	if err != nil {
		t.Fatalf("Decode(%s): %v", text, err)
	}
	return jsonv.FieldsOf(v, "")
}

// wantFieldError checks that err is exactly one *FieldError.
func wantFieldError(t *testing.T, err error, field, want string) {
	t.Helper()
	var fe *jsonv.FieldError
	if !errors.As(err, &fe) || fe.Field != field || fe.Want != want {
		t.Fatalf("error = %#v (%v); want FieldError{%q, %q}", err, err, field, want)
	}
}

func TestFieldsReadsTypedMembers(t *testing.T) {
	t.Parallel()
	f := fieldsOf(t, `{"s":"x","b":true,"f":-1.25,"i":42,"big":9007199254740992,"neg":-9007199254740992,
		"o":{"k":1},"a":[1,"x",null],"ss":["a",null,"b"],"es":[],"sm":{"a":"1","b":null},"n":null}`)
	if got := f.String("s"); got != "x" {
		t.Errorf("String = %q", got)
	}
	if !f.Bool("b") {
		t.Error("Bool = false")
	}
	if got := f.Float("f"); got != -1.25 {
		t.Errorf("Float = %v", got)
	}
	if got := f.Float("i"); got != 42 {
		t.Errorf("Float(i) = %v", got)
	}
	if got := f.Int("i"); got != 42 {
		t.Errorf("Int = %v", got)
	}
	if got := f.Int("big"); got != 1<<53 {
		t.Errorf("Int(2^53) = %v", got)
	}
	if got := f.Int("neg"); got != -(1 << 53) {
		t.Errorf("Int(-2^53) = %v", got)
	}
	if got := f.Object("o"); !reflect.DeepEqual(got, map[string]any{"k": 1.0}) {
		t.Errorf("Object = %#v", got)
	}
	if got := f.Array("a"); !reflect.DeepEqual(got, []any{1.0, "x", nil}) {
		t.Errorf("Array = %#v", got)
	}
	if got := f.Strings("ss"); !reflect.DeepEqual(got, []string{"a", "", "b"}) {
		t.Errorf("Strings = %#v", got)
	}
	if got := f.Strings("es"); got == nil || len(got) != 0 {
		t.Errorf("Strings([]) = %#v; want empty, not nil (as encoding/json)", got)
	}
	if got := f.StringMap("sm"); !reflect.DeepEqual(got, map[string]string{"a": "1", "b": ""}) {
		t.Errorf("StringMap = %#v", got)
	}
	if !f.Has("n") || f.Has("missing") || !f.Has("s") {
		t.Errorf("Has: n %v, missing %v, s %v", f.Has("n"), f.Has("missing"), f.Has("s"))
	}
	if f.Value("s") != "x" || f.Value("n") != nil || f.Value("missing") != nil {
		t.Errorf("Value: %#v %#v %#v", f.Value("s"), f.Value("n"), f.Value("missing"))
	}
	if err := f.Err(); err != nil {
		t.Fatalf("Err = %v", err)
	}
}

func TestFieldsNullAndMissingReadAsZero(t *testing.T) {
	t.Parallel()
	for _, text := range []string{`{}`, `null`, `{"x":null}`} {
		f := fieldsOf(t, text)
		if f.String("x") != "" || f.Bool("x") || f.Float("x") != 0 || f.Int("x") != 0 ||
			f.Object("x") != nil || f.Array("x") != nil || f.Strings("x") != nil || f.StringMap("x") != nil {
			t.Errorf("%s: a member read as non-zero", text)
		}
		called := false
		f.Child("x", func(c *jsonv.Fields) {
			called = true
			if c.String("y") != "" || c.Has("y") {
				t.Errorf("%s: child of null has members", text)
			}
		})
		if !called {
			t.Errorf("%s: Child not called for a null/missing member", text)
		}
		if err := f.Err(); err != nil {
			t.Errorf("%s: Err = %v", text, err)
		}
	}
}

func TestFieldsMismatches(t *testing.T) {
	t.Parallel()
	doc := `{"s":1,"b":"true","f":"1","i":1.5,"o":[],"a":{},"ss":["a",2],"sm":{"a":true},"str":"x"}`
	cases := []struct {
		read func(*jsonv.Fields) any
		want string
		name string
	}{
		{func(f *jsonv.Fields) any { return f.String("s") }, "a string", "s"},
		{func(f *jsonv.Fields) any { return f.Bool("b") }, "a bool", "b"},
		{func(f *jsonv.Fields) any { return f.Float("f") }, "a number", "f"},
		{func(f *jsonv.Fields) any { return f.Int("i") }, "an integer", "i"},
		{func(f *jsonv.Fields) any { return f.Int("str") }, "an integer", "str"},
		{func(f *jsonv.Fields) any { return f.Object("o") }, "an object", "o"},
		{func(f *jsonv.Fields) any { return f.Array("a") }, "an array", "a"},
		{func(f *jsonv.Fields) any { return f.Strings("ss") }, "an array of strings", "ss"},
		{func(f *jsonv.Fields) any { return f.Strings("a") }, "an array", "a"},
		{func(f *jsonv.Fields) any { return f.StringMap("sm") }, "an object of strings", "sm"},
		{func(f *jsonv.Fields) any { return f.StringMap("o") }, "an object", "o"},
	}
	for _, c := range cases {
		f := fieldsOf(t, doc)
		got := c.read(f)
		if !reflect.ValueOf(got).IsZero() {
			t.Errorf("%s: mismatch read as %#v, want the zero value", c.name, got)
		}
		wantFieldError(t, f.Err(), c.name, c.want)
	}
}

func TestFieldsIntRange(t *testing.T) {
	t.Parallel()
	bad := []string{`1.5`, `-0.5`, `1152921504606846976` /* 2^60 */, `9007199254740994` /* 2^53+2 */, `-9007199254740994`, `1e300`}
	for _, n := range bad {
		f := fieldsOf(t, `{"n":`+n+`}`)
		if got := f.Int("n"); got != 0 {
			t.Errorf("Int(%s) = %d, want 0", n, got)
		}
		wantFieldError(t, f.Err(), "n", "an integer")
	}
	good := map[string]int{`0`: 0, `-0`: 0, `7`: 7, `-7`: -7, `1e3`: 1000, `2.0`: 2}
	for n, want := range good {
		f := fieldsOf(t, `{"n":`+n+`}`)
		if got := f.Int("n"); got != want || f.Err() != nil {
			t.Errorf("Int(%s) = %d, %v; want %d", n, got, f.Err(), want)
		}
	}
	// Direct values that did not come from JSON text.
	f := jsonv.FieldsOf(map[string]any{"inf": math.Inf(1), "nan": math.NaN()}, "")
	if f.Int("inf") != 0 {
		t.Error("Int(+Inf) != 0")
	}
	wantFieldError(t, f.Err(), "inf", "an integer")
	f = jsonv.FieldsOf(map[string]any{"nan": math.NaN()}, "")
	if f.Int("nan") != 0 {
		t.Error("Int(NaN) != 0")
	}
	wantFieldError(t, f.Err(), "nan", "an integer")
}

func TestFieldsFirstErrorWins(t *testing.T) {
	t.Parallel()
	f := fieldsOf(t, `{"a":1,"b":2,"c":"ok"}`)
	f.String("a")
	f.Bool("b")
	f.Fail("z", "something")
	if f.String("c") != "ok" {
		t.Error("reads after a mismatch stop working")
	}
	wantFieldError(t, f.Err(), "a", "a string")

	f = fieldsOf(t, `{}`)
	f.Fail("x", "a thing")
	f.Fail("y", "another")
	wantFieldError(t, f.Err(), "x", "a thing")
}

func TestFieldsOfNonObject(t *testing.T) {
	t.Parallel()
	for _, v := range []any{"s", 1.0, true, []any{}, map[string]string{}} {
		f := jsonv.FieldsOf(v, "outer")
		wantFieldError(t, f.Err(), "outer", "an object")
		if f.String("x") != "" || f.Has("x") {
			t.Errorf("FieldsOf(%#v) has members", v)
		}
	}
	f := jsonv.FieldsOf([]any{1.0}, "")
	wantFieldError(t, f.Err(), "", "an object")
	if got, want := f.Err().Error(), "jsonv: JSON value is not an object"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	fe := &jsonv.FieldError{Field: "token", Want: "a string"}
	if got, want := fe.Error(), `jsonv: JSON field "token" is not a string`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestFieldsChild(t *testing.T) {
	t.Parallel()
	// A mismatch inside the child ends up in the parent.
	f := fieldsOf(t, `{"c":{"n":"x","ok":"y"},"d":1}`)
	var got string
	f.Child("c", func(c *jsonv.Fields) {
		c.Int("n")
		got = c.String("ok")
	})
	if got != "y" {
		t.Errorf("child read %q", got)
	}
	wantFieldError(t, f.Err(), "n", "an integer")

	// A non-object child: read is not called, the error names the child.
	f = fieldsOf(t, `{"c":[1]}`)
	f.Child("c", func(*jsonv.Fields) { t.Error("read called for an array") })
	wantFieldError(t, f.Err(), "c", "an object")

	// The parent's earlier error wins over the child's.
	f = fieldsOf(t, `{"a":true,"c":{"n":"x"}}`)
	f.String("a")
	f.Child("c", func(c *jsonv.Fields) { c.Int("n") })
	wantFieldError(t, f.Err(), "a", "a string")

	// A clean child leaves no error; nested children propagate upward.
	f = fieldsOf(t, `{"c":{"d":{"e":false}}}`)
	f.Child("c", func(c *jsonv.Fields) {
		c.Child("d", func(d *jsonv.Fields) {
			if d.Bool("e") {
				t.Error("e read as true")
			}
		})
	})
	if f.Err() != nil {
		t.Fatalf("Err = %v", f.Err())
	}
	f.Child("c", func(c *jsonv.Fields) {
		c.Child("d", func(d *jsonv.Fields) { d.String("e") })
	})
	wantFieldError(t, f.Err(), "e", "a string")

	// A child of a non-object parent reads as null.
	f = jsonv.FieldsOf(1.0, "")
	f.Child("c", func(c *jsonv.Fields) {
		if c.Err() != nil {
			t.Errorf("child of a failed parent has error %v", c.Err())
		}
	})
	wantFieldError(t, f.Err(), "", "an object")
}
