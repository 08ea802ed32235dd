//go:build js && wasm

package main

import (
	"errors"
	"fmt"

	"github.com/bosgo/bosgo/internal/jsonv"
	"github.com/hack-pad/safejs"
)

// global returns the global property name, or undefined when reading it
// fails.
func global(name string) safejs.Value {
	v, err := safejs.Global().Get(name)
	if err != nil {
		return safejs.Undefined()
	}
	return v
}

// get reads v[name], giving undefined instead of an error.
func get(v safejs.Value, name string) safejs.Value {
	if v.IsUndefined() || v.IsNull() {
		return safejs.Undefined()
	}
	r, err := v.Get(name)
	if err != nil {
		return safejs.Undefined()
	}
	return r
}

// isFunction reports whether v is a JavaScript function.
func isFunction(v safejs.Value) bool { return v.Type() == safejs.TypeFunction }

// isNullish reports whether v is null or undefined.
func isNullish(v safejs.Value) bool { return v.IsNull() || v.IsUndefined() }

// stringOf returns v as a Go string when it is a JS string, else "".
func stringOf(v safejs.Value) string {
	if v.Type() != safejs.TypeString {
		return ""
	}
	s, err := v.String()
	if err != nil {
		return ""
	}
	return s
}

// boolOf returns v's truthiness, false on error.
func boolOf(v safejs.Value) bool {
	b, err := v.Truthy()
	return err == nil && b
}

// newObject returns a new JS object with the members of m. Unlike
// safejs.ValueOf it accepts safejs.Value members (at any depth).
func newObject(m map[string]any) (safejs.Value, error) {
	o, err := global("Object").New()
	if err != nil {
		return safejs.Undefined(), err
	}
	for k, v := range m {
		if err := o.Set(k, v); err != nil {
			return safejs.Undefined(), fmt.Errorf("set %s: %w", k, err)
		}
	}
	return o, nil
}

// JSON.parse and JSON.stringify, looked up once: every call uses them, and
// each lookup is two crossings of the JS boundary.
var jsJSONParse, jsJSONStringify = get(global("JSON"), "parse"), get(global("JSON"), "stringify")

// jsonParse parses s with the browser's JSON.parse.
func jsonParse(s string) (safejs.Value, error) {
	return jsJSONParse.Invoke(s)
}

// jsonStringify serialises v with the browser's JSON.stringify.
func jsonStringify(v safejs.Value) (string, error) {
	r, err := jsJSONStringify.Invoke(v)
	if err != nil {
		return "", err
	}
	if r.IsUndefined() {
		return "", errors.New("value cannot be serialised to JSON")
	}
	return r.String()
}

// toJS converts a Go value to a JavaScript value through JSON (encoded by
// internal/jsonv, so without encoding/json's reflection): maps, slices,
// scalars and types with a MarshalJSON method, such as core's results,
// all arrive as plain JS data.
func toJS(v any) (safejs.Value, error) {
	if v == nil {
		return safejs.Null(), nil
	}
	data, err := jsonv.Marshal(v)
	if err != nil {
		return safejs.Undefined(), fmt.Errorf("encode result: %w", err)
	}
	return jsonParse(string(data))
}

// fromJS reads a JavaScript object (plain data) through JSON with read,
// which takes the members it knows from a [jsonv.Fields]. Undefined and
// null read nothing; anything else that is not an object, or a member of
// the wrong type, is an error.
func fromJS(v safejs.Value, read func(*jsonv.Fields)) error {
	if isNullish(v) {
		return nil
	}
	s, err := jsonStringify(v)
	if err != nil {
		return fmt.Errorf("argument is not JSON data: %w", err)
	}
	val, err := jsonv.Decode([]byte(s))
	if err != nil {
		return fmt.Errorf("argument is not JSON data: %w", err)
	}
	f := jsonv.FieldsOf(val, "")
	if f.Err() == nil {
		read(f)
	}
	if err := f.Err(); err != nil {
		return fmt.Errorf("argument has the wrong shape: %w", err)
	}
	return nil
}

// bytesToJS copies b into a new Uint8Array.
func bytesToJS(b []byte) (safejs.Value, error) {
	arr, err := global("Uint8Array").New(len(b))
	if err != nil {
		return safejs.Undefined(), err
	}
	if _, err := safejs.CopyBytesToJS(arr, b); err != nil {
		return safejs.Undefined(), err
	}
	return arr, nil
}

// bytesFromJS copies a Uint8Array (or an ArrayBuffer) into a Go slice.
func bytesFromJS(v safejs.Value) ([]byte, error) {
	if ok, _ := v.InstanceOf(global("ArrayBuffer")); ok {
		var err error
		if v, err = global("Uint8Array").New(v); err != nil {
			return nil, err
		}
	}
	n, err := get(v, "byteLength").Int()
	if err != nil {
		return nil, err
	}
	b := make([]byte, n)
	if _, err := safejs.CopyBytesToGo(b, v); err != nil {
		return nil, err
	}
	return b, nil
}

// jsErrorString describes a thrown JS value ("TypeError: Failed to fetch").
func jsErrorString(v safejs.Value) string {
	if isNullish(v) {
		return "unknown error"
	}
	name, msg := stringOf(get(v, "name")), stringOf(get(v, "message"))
	switch {
	case name != "" && msg != "":
		return name + ": " + msg
	case msg != "":
		return msg
	}
	s, err := v.String()
	if err != nil || s == "" {
		return "unknown error"
	}
	return s
}

// logError writes to the browser console. Messages never carry tokens,
// passwords or codes.
func logError(msg string, err error) {
	_, _ = global("console").Call("error", msg+err.Error())
}
