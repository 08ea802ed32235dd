package core

import (
	"errors"
	"io"
)

// File is a file to upload with a record. Put it (or a *File, or a slice
// of either) in a create or update body as the value of a file field, next
// to the record's other fields:
//
//	pb.Collection("users").Update(ctx, id, map[string]any{
//		"name":   "Jane",
//		"avatar": &core.File{Name: "me.png", Reader: f},
//	})
//
// A body with files is sent as multipart/form-data: the files as file
// parts, every other field as JSON in one "@jsonPayload" part (so numbers,
// bools and lists keep their types), as the BosBase JS SDK does. To add
// files to a multi-file field without replacing the ones it has, use the
// field name with a "+" suffix ("attachments+"); to remove files, send
// their names under the field name with a "-" suffix ("attachments-":
// []string{"a_x1y2z3.txt"}), which needs no multipart body.
//
// Natively the body is streamed: the client reads Reader while it sends
// the request and holds no more than a small buffer, so a large file is
// never held in memory. The browser build has no multipart encoder (the
// wasm module leaves mime/multipart out): there a body with a File fails
// with an error wrapping [errors.ErrUnsupported], and uploads go through
// the browser's FormData (see the JavaScript API's create and update).
type File struct {
	// Name is the file name sent to the server. Only its last path
	// element is sent ("C:\tmp\a.png" and "/tmp/a.png" send "a.png");
	// quotes and non-ASCII characters are sent safely, control characters
	// are dropped. The server stores the file under a sanitised name with
	// a random suffix, which the returned record holds.
	Name string
	// ContentType is the part's Content-Type; "" means the type that the
	// name's extension suggests, or application/octet-stream.
	ContentType string
	// Reader is read once, to its end, while the request is sent. The
	// client does not close it. When nil, Data is sent.
	Reader io.Reader
	// Data is the file's content when Reader is nil.
	Data []byte
}

// RawBody is a request body that the client sends as it is instead of
// encoding it as JSON, e.g. to [Client.Send] or a record's Create and
// Update. The browser adapters use it to send a FormData.
type RawBody struct {
	// ContentType is the body's Content-Type; "" leaves it to the
	// transport (the browser sets FormData's, with its boundary).
	ContentType string
	// Reader is read once while the request is sent.
	Reader io.Reader
}

// errNilFile is the cause of the error for a nil *File in a body.
var errNilFile = errors.New("nil *core.File")

// uploadBody turns a body that carries files into a multipart [RawBody]
// (multipartBody, per platform); other bodies are returned as they are.
func uploadBody(body any) (any, error) {
	var fields map[string]any
	switch b := body.(type) {
	case RawBody:
		return &b, nil
	case map[string]any:
		fields = b
	case Record:
		fields = b
	default:
		return body, nil
	}
	for _, v := range fields {
		if isFileValue(v) {
			return multipartBody(fields)
		}
	}
	return body, nil
}

// isFileValue reports whether v is a file or a list holding one.
func isFileValue(v any) bool {
	switch t := v.(type) {
	case File, *File, []File, []*File:
		return true
	case []any:
		for _, e := range t {
			if isFileValue(e) {
				return true
			}
		}
	}
	return false
}
