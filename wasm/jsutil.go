//go:build js && wasm

package main

import (
	"encoding/json"
	"errors"
	"fmt"

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

// jsonParse parses s with the browser's JSON.parse.
func jsonParse(s string) (safejs.Value, error) {
	return get(global("JSON"), "parse").Invoke(s)
}

// jsonStringify serialises v with the browser's JSON.stringify.
func jsonStringify(v safejs.Value) (string, error) {
	r, err := get(global("JSON"), "stringify").Invoke(v)
	if err != nil {
		return "", err
	}
	if r.IsUndefined() {
		return "", errors.New("value cannot be serialised to JSON")
	}
	return r.String()
}

// toJS converts a Go value to a JavaScript value through JSON: structs
// with json tags, maps, slices and scalars all arrive as plain JS data.
func toJS(v any) (safejs.Value, error) {
	if v == nil {
		return safejs.Null(), nil
	}
	data, err := json.Marshal(v)
	if err != nil {
		return safejs.Undefined(), fmt.Errorf("encode result: %w", err)
	}
	return jsonParse(string(data))
}

// fromJS decodes JavaScript data (plain objects, arrays, scalars) into a Go
// value through JSON. Undefined and null leave out untouched.
func fromJS(v safejs.Value, out any) error {
	if isNullish(v) {
		return nil
	}
	s, err := jsonStringify(v)
	if err != nil {
		return fmt.Errorf("argument is not JSON data: %w", err)
	}
	if err := json.Unmarshal([]byte(s), out); err != nil {
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
