//go:build js

package core

// jsonFallbackEncode refuses what jsonv cannot encode: the browser build
// leaves encoding/json out for size.
func jsonFallbackEncode(any) ([]byte, error) { return nil, ErrJSONNeedsReflection }

// jsonFallbackDecode refuses what jsonv cannot decode into: the browser
// build leaves encoding/json out for size.
func jsonFallbackDecode([]byte, any) error { return ErrJSONNeedsReflection }
