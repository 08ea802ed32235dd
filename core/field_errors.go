package core

import "errors"

// FieldError is the reason the server gave for refusing one field of a
// request body: an entry of a 400 response's "data", e.g. for a file the
// file field refuses, {"code": "validation_file_size_limit", "message":
// "Failed to upload \"big.bin\" - the maximum allowed file size is 1024
// bytes."} or "validation_invalid_mime_type".
type FieldError struct {
	// Code is the machine-readable reason, e.g.
	// "validation_file_size_limit".
	Code string
	// Message is the server's human-readable reason.
	Message string
}

// FieldErrors returns the per-field reasons of err's
// [*ClientResponseError] (its response's "data"), keyed by field name; nil
// when err carries none.
func FieldErrors(err error) map[string]FieldError {
	var e *ClientResponseError
	if !errors.As(err, &e) {
		return nil
	}
	var out map[string]FieldError
	for name, v := range e.Data() {
		m, ok := v.(map[string]any)
		if !ok {
			continue
		}
		code, _ := m["code"].(string)
		msg, _ := m["message"].(string)
		if code == "" && msg == "" {
			continue
		}
		if out == nil {
			out = map[string]FieldError{}
		}
		out[name] = FieldError{Code: code, Message: msg}
	}
	return out
}
