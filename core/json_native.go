//go:build !js

package core

import "encoding/json"

// jsonFallbackEncode encodes what jsonv cannot: a caller's structs and
// typed collections.
func jsonFallbackEncode(v any) ([]byte, error) { return json.Marshal(v) }

// jsonFallbackDecode decodes into what jsonv cannot: a caller's structs
// and typed collections.
func jsonFallbackDecode(data []byte, out any) error { return json.Unmarshal(data, out) }
