package core

import "io"

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
// to encode (an error wrapping [ErrJSONNeedsReflection]), and uploads go
// through the browser's FormData (see the JavaScript API's create and
// update).
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
// encoding it as JSON: pass a *RawBody as the body of [Client.Send] or a
// record's Create and Update. The browser adapters use it to send a
// FormData.
type RawBody struct {
	// ContentType is the body's Content-Type; "" leaves it to the
	// transport (the browser sets FormData's, with its boundary).
	ContentType string
	// Reader is read once while the request is sent.
	Reader io.Reader
}
