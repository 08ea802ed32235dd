package core

// FieldError is the server's verdict on one field of a request it refused
// (typically a 400 "Failed to create record."), as the response's "data"
// carries it.
type FieldError struct {
	// Code is the machine-readable reason, e.g.
	// "validation_values_mismatch" or "validation_required".
	Code string
	// Message is the reason for people, e.g. "Values don't match.".
	Message string
	// Params are the message's parameters (e.g. {"min": 8}), or nil.
	Params map[string]any
}

// FieldErrors returns the failing fields of the response by name, e.g.
// {"passwordConfirm": {Code: "validation_values_mismatch", Message:
// "Values don't match."}}, or an empty map. Nested fields are named with
// dots ("fields.0.name"). It is the typed form of
// [ClientResponseError.Data]; natively, [ClientResponseError.Error] lists
// the same fields and messages (never the values sent).
//
//	var e *core.ClientResponseError
//	if errors.As(err, &e) {
//		for field, fe := range e.FieldErrors() {
//			fmt.Println(field, fe.Code, fe.Message)
//		}
//	}
func (e *ClientResponseError) FieldErrors() map[string]FieldError {
	out := map[string]FieldError{}
	collectFieldErrors(out, "", e.Data(), 0)
	return out
}

// collectFieldErrors flattens data into out: an object with a string
// "code" or "message" is one field's error, any other object nests.
func collectFieldErrors(out map[string]FieldError, prefix string, data map[string]any, depth int) {
	if depth > 8 {
		return
	}
	for name, v := range data {
		m, ok := v.(map[string]any)
		if !ok {
			continue
		}
		code, _ := m["code"].(string)
		msg, _ := m["message"].(string)
		if code == "" && msg == "" {
			collectFieldErrors(out, prefix+name+".", m, depth+1)
			continue
		}
		params, _ := m["params"].(map[string]any)
		out[prefix+name] = FieldError{Code: code, Message: msg, Params: params}
	}
}
