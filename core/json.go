package core

import (
	"errors"

	"github.com/bosgo/bosgo/internal/jsonv"
)

// core encodes and decodes JSON with internal/jsonv, which needs no
// reflection, so that the browser build does not link encoding/json's
// encoder and decoder (about 110 KB of brotli-compressed wasm). Values
// jsonv does not know (a caller's struct as a body or as the out value of
// [Client.Send]) go to jsonFallbackEncode and jsonFallbackDecode:
// encoding/json in native builds (json_native.go), an
// [ErrJSONNeedsReflection] error in js builds (json_js.go).

// ErrJSONNeedsReflection is the cause of the error a js/wasm build gives
// for a body, an out value or a Decode target that only encoding/json could
// handle (a struct, a typed slice or map). The browser build leaves
// encoding/json out for size; pass map[string]any, [Record], []any,
// strings, numbers and bools, or decode into *any or *map[string]any.
var ErrJSONNeedsReflection = errors.New("bosbase: this value needs encoding/json, which the js/wasm build leaves out (use map[string]any, Record, []any or basic values)")

// encodeJSON encodes v like encoding/json.Marshal.
func encodeJSON(v any) ([]byte, error) {
	b, err := jsonv.Marshal(v)
	var unsupported *jsonv.UnsupportedTypeError
	if errors.As(err, &unsupported) {
		return jsonFallbackEncode(v)
	}
	return b, err
}

// jsonValueDecoder is implemented by the SDK's own result types: they take
// their fields from a decoded JSON value.
type jsonValueDecoder interface {
	fromJSON(v any) error
}

// rawResult is the out value of a call made with [WithRawResult]: the body
// is kept as it came, once it is known to be valid JSON.
type rawResult struct{ dst *[]byte }

// decodeJSON decodes data into out like encoding/json.Unmarshal, for the
// SDK's result types, *any, *map[string]any, *Record, *[]any and *[]Record;
// other targets go to jsonFallbackDecode.
func decodeJSON(data []byte, out any) error {
	switch o := out.(type) {
	case rawResult:
		if !jsonv.Valid(data) {
			_, err := jsonv.Decode(data) // the error says where
			return err
		}
		*o.dst = data
		return nil
	case jsonValueDecoder:
		v, err := jsonv.Decode(data)
		if err != nil {
			return err
		}
		return o.fromJSON(v)
	case *any:
		v, err := jsonv.Decode(data)
		if err != nil {
			return err
		}
		*o = v
		return nil
	case *map[string]any:
		m, err := jsonv.Object(data)
		if err != nil {
			return err
		}
		*o = m
		return nil
	case *Record:
		m, err := jsonv.Object(data)
		if err != nil {
			return err
		}
		*o = Record(m)
		return nil
	case *[]any, *[]Record:
		v, err := jsonv.Decode(data)
		if err != nil {
			return err
		}
		if v == nil {
			return nil
		}
		arr, ok := v.([]any)
		if !ok {
			return &jsonv.FieldError{Want: "an array"}
		}
		if p, ok := o.(*[]any); ok {
			*p = arr
			return nil
		}
		recs, err := recordsOf("", arr)
		if err != nil {
			return err
		}
		*o.(*[]Record) = recs
		return nil
	}
	return jsonFallbackDecode(data, out)
}

// recordsField reads an array of record objects (null elements stay nil).
func recordsField(f *jsonv.Fields, name string) []Record {
	arr := f.Array(name)
	if arr == nil {
		return nil
	}
	recs, err := recordsOf(name, arr)
	if err != nil {
		f.Fail(name, "an array of objects")
	}
	return recs
}

func recordsOf(field string, arr []any) ([]Record, error) {
	out := make([]Record, len(arr))
	for i, e := range arr {
		switch t := e.(type) {
		case nil:
		case map[string]any:
			out[i] = Record(t)
		default:
			return nil, &jsonv.FieldError{Field: field, Want: "an array of objects"}
		}
	}
	return out, nil
}

// mustJSON encodes values jsonv always handles (maps of strings and the
// like), where an error cannot happen.
func mustJSON(v any) []byte {
	b, err := jsonv.Marshal(v)
	if err != nil {
		panic("bosbase: mustJSON: " + err.Error())
	}
	return b
}

// recordsJSON gives recs in a form jsonv encodes: nil stays null.
func recordsJSON(recs []Record) any {
	if recs == nil {
		return nil
	}
	out := make([]any, len(recs))
	for i, r := range recs {
		out[i] = r
	}
	return out
}
