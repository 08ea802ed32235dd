package jsonv

// ObjectWriter builds a JSON object member by member, in call order, so a
// type can encode itself the way encoding/json would from its struct tags.
// The zero value is an empty object.
type ObjectWriter struct {
	buf []byte
	err error
}

// Field appends the member name: v, v encoded as by [Marshal]. The first
// encoding error is kept and returned by [ObjectWriter.Bytes].
func (w *ObjectWriter) Field(name string, v any) {
	if w.err != nil {
		return
	}
	if w.buf == nil {
		w.buf = append(make([]byte, 0, 64), '{')
	} else {
		w.buf = append(w.buf, ',')
	}
	w.buf = AppendString(w.buf, name)
	w.buf = append(w.buf, ':')
	w.buf, w.err = Append(w.buf, v)
}

// Bytes returns the object, or the first error of [ObjectWriter.Field].
// Later calls of Field do not change the returned slice.
func (w *ObjectWriter) Bytes() ([]byte, error) {
	if w.err != nil {
		return nil, w.err
	}
	if w.buf == nil {
		return []byte("{}"), nil
	}
	// Clip, so that a later Field does not overwrite the '}' in place.
	return append(w.buf[:len(w.buf):len(w.buf)], '}'), nil
}
