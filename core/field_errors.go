package core

import "errors"

// FieldErrors returns the per-field reasons of err's [*ClientResponseError]
// (see [ClientResponseError.FieldErrors]), e.g. for a file the file field
// refuses {"avatar": {Code: "validation_file_size_limit", ...}}; nil when
// err is not a response error or carries no field reasons. It saves the
// errors.As step where only the fields matter.
func FieldErrors(err error) map[string]FieldError {
	var e *ClientResponseError
	if !errors.As(err, &e) {
		return nil
	}
	if out := e.FieldErrors(); len(out) > 0 {
		return out
	}
	return nil
}
