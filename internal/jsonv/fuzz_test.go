package jsonv_test

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"

	"github.com/bosgo/bosgo/internal/jsonv"
)

// fuzzSeeds are the inputs every JSON fuzz target starts from.
var fuzzSeeds = []string{
	``, ` `, `null`, `true`, `false`, `0`, `-0`, `1.5e-7`, `1e309`, `5e-324`, `1e21`,
	`123456789012345678901234567890`, `01`, `-`, `1.`, `1e`, `"`, `"\`, `"\u"`,
	`"\u0000"`, `"\ud83d\ude00"`, `"\ud83d"`, `"\ude00\ud83d"`, `"\ud83d\ud83d\ude00"`,
	"\"\xff\xed\xa0\x80\"", `"<>&` + "\u2028\u2029" + `"`, `"\/\b\f\n\r\t\"\\"`,
	"\ufeff1", `[]`, `{}`, `[1,]`, `{"a":1,}`, `{"a":1,"a":2}`, `{"a" : [ 1 , {"b":null} ] }`,
	`[[[[[]]]]]`, `{"token":"eyJhbGciOi","record":{"id":"x","n":1.25,"ok":true,"tags":["a","b"]}}`,
	"\t[ 1 ,\n 2 ]\r\n", `{} {}`, `nul`, `[1 2]`, `{"a" 1}`, `{1:2}`,
}

func FuzzDecode(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := jsonv.Decode(data)
		var want any
		wantErr := json.Unmarshal(data, &want)
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("Decode(%q) error = %v, encoding/json error = %v", data, err, wantErr)
		}
		if err == nil && !jsonEqual(got, want) {
			t.Fatalf("Decode(%q) = %#v, encoding/json gives %#v", data, got, want)
		}
		obj, err := jsonv.Object(data)
		var wantObj map[string]any
		wantErr = json.Unmarshal(data, &wantObj)
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("Object(%q) error = %v, encoding/json error = %v", data, err, wantErr)
		}
		if err == nil && (obj == nil) != (wantObj == nil) {
			t.Fatalf("Object(%q) = %#v, encoding/json gives %#v", data, obj, wantObj)
		}
		if err == nil && obj != nil && !jsonEqual(obj, wantObj) {
			t.Fatalf("Object(%q) = %#v, encoding/json gives %#v", data, obj, wantObj)
		}
	})
}

func FuzzRoundTrip(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var v any
		if json.Unmarshal(data, &v) != nil {
			return
		}
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("json.Marshal: %v", err)
		}
		got, err := jsonv.Marshal(v)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("Marshal(%#v) = %s, %v; encoding/json gives %s", v, got, err, want)
		}
	})
}

func FuzzMarshalString(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := map[string]any{s: []any{s, []byte(s), []string{s}, map[string]string{s: s}}}
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("json.Marshal: %v", err)
		}
		got, err := jsonv.Marshal(v)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("Marshal(%q) = %s, %v; encoding/json gives %s", s, got, err, want)
		}
	})
}

func FuzzMarshalFloat(f *testing.F) {
	for _, x := range []float64{0, 1, -1, 0.1, 1e-6, 1e-7, 1e20, 1e21, 5e-324, math.MaxFloat64, 1.0000001e-7, math.SmallestNonzeroFloat32} {
		f.Add(math.Float64bits(x))
	}
	f.Fuzz(func(t *testing.T, bits uint64) {
		for _, v := range []any{math.Float64frombits(bits), math.Float32frombits(uint32(bits))} {
			want, wantErr := json.Marshal(v)
			got, err := jsonv.Marshal(v)
			if (err != nil) != (wantErr != nil) || !bytes.Equal(got, want) {
				t.Fatalf("Marshal(%v %T) = %s, %v; encoding/json gives %s, %v", v, v, got, err, want, wantErr)
			}
		}
	})
}

func FuzzCompact(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var want bytes.Buffer
		want.WriteString("dst")
		wantErr := json.Compact(&want, data)
		got, err := jsonv.Compact([]byte("dst"), data)
		if (err != nil) != (wantErr != nil) || !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("Compact(%q) = %q, %v; json.Compact gives %q, %v", data, got, err, want.Bytes(), wantErr)
		}
		// A json.RawMessage is compacted with HTML escaping on the way out.
		raw := json.RawMessage(data)
		wantRaw, wantErr := json.Marshal(raw)
		gotRaw, err := jsonv.Marshal(raw)
		if (err != nil) != (wantErr != nil) || !bytes.Equal(gotRaw, wantRaw) {
			t.Fatalf("Marshal(RawMessage(%q)) = %q, %v; encoding/json gives %q, %v", data, gotRaw, err, wantRaw, wantErr)
		}
		num := json.Number(data)
		wantNum, wantErr := json.Marshal(num)
		gotNum, err := jsonv.Marshal(num)
		if (err != nil) != (wantErr != nil) || !bytes.Equal(gotNum, wantNum) {
			t.Fatalf("Marshal(Number(%q)) = %q, %v; encoding/json gives %q, %v", data, gotNum, err, wantNum, wantErr)
		}
	})
}

func FuzzValid(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if got, want := jsonv.Valid(data), json.Valid(data); got != want {
			t.Fatalf("Valid(%q) = %v, json.Valid = %v", data, got, want)
		}
	})
}
