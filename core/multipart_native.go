//go:build !js

package core

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"mime/multipart"
	"net/textproto"
	"path"
	"slices"
	"strings"
)

// errNilFile is the cause of the error for a nil *File in a body.
var errNilFile = errors.New("nil *core.File")

// uploadBody turns a map body that carries files into a multipart
// [RawBody]; other bodies are returned as they are. (The js build's
// uploadBody leaves every body as it is.)
func uploadBody(body any) (any, error) {
	var fields map[string]any
	switch b := body.(type) {
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

// jsonPayloadField is the multipart part whose JSON object the server
// merges into the body, so non-file fields keep their JSON types.
const jsonPayloadField = "@jsonPayload"

// multipartBody encodes fields as a streamed multipart/form-data body: the
// files as file parts, the other fields as one @jsonPayload part. Nothing
// is read from the files here: the returned reader is a chain of the
// parts' small header buffers and the files' own readers, read as the
// request is sent, with no goroutine behind it.
func multipartBody(fields map[string]any) (*RawBody, error) {
	var chain multipartChain
	w := multipart.NewWriter(&chain.buf)
	payload := map[string]any{}
	for _, key := range slices.Sorted(maps.Keys(fields)) {
		v := fields[key]
		if !isFileValue(v) {
			payload[key] = v
			continue
		}
		files, err := filesOf(v)
		if err != nil {
			return nil, fmt.Errorf("bosbase: field %q: %w", key, err)
		}
		for _, f := range files {
			if _, err := w.CreatePart(fileHeader(key, f)); err != nil {
				return nil, err
			}
			chain.add(f.reader())
		}
	}
	if len(payload) > 0 {
		data, err := encodeJSON(payload)
		if err != nil {
			return nil, fmt.Errorf("bosbase: cannot encode the record fields: %w", err)
		}
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="`+jsonPayloadField+`"`)
		h.Set("Content-Type", "application/json")
		pw, err := w.CreatePart(h)
		if err != nil {
			return nil, err
		}
		if _, err := pw.Write(data); err != nil {
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	chain.add(nil)
	return &RawBody{ContentType: w.FormDataContentType(), Reader: io.MultiReader(chain.parts...)}, nil
}

// multipartChain collects the readers of a multipart body: what the
// multipart.Writer wrote to buf so far, then a file's reader, and so on.
type multipartChain struct {
	buf   bytes.Buffer
	parts []io.Reader
}

// add appends the buffered bytes, then r (when non-nil).
func (c *multipartChain) add(r io.Reader) {
	if c.buf.Len() > 0 {
		c.parts = append(c.parts, bytes.NewReader(bytes.Clone(c.buf.Bytes())))
		c.buf.Reset()
	}
	if r != nil {
		c.parts = append(c.parts, r)
	}
}

// filesOf lists the files of a field value (see isFileValue).
func filesOf(v any) ([]*File, error) {
	switch t := v.(type) {
	case File:
		return []*File{&t}, nil
	case *File:
		if t == nil {
			return nil, errNilFile
		}
		return []*File{t}, nil
	case []File:
		out := make([]*File, len(t))
		for i := range t {
			out[i] = &t[i]
		}
		return out, nil
	case []*File:
		return filesOfAny(t)
	case []any:
		return filesOfAny(t)
	}
	return nil, fmt.Errorf("unexpected file value %T", v)
}

func filesOfAny[T any](list []T) ([]*File, error) {
	var out []*File
	for _, e := range list {
		fs, err := filesOf(any(e))
		if err != nil {
			return nil, fmt.Errorf("a list mixing files and other values cannot be sent (%w)", err)
		}
		out = append(out, fs...)
	}
	return out, nil
}

func (f *File) reader() io.Reader {
	if f.Reader != nil {
		return f.Reader
	}
	return bytes.NewReader(f.Data)
}

// fileHeader is the header of a file part.
func fileHeader(field string, f *File) textproto.MIMEHeader {
	name := uploadName(f.Name)
	ct := f.ContentType
	if ct == "" {
		ct = mime.TypeByExtension(path.Ext(name))
	}
	if ct == "" || strings.ContainsAny(ct, "\r\n") {
		ct = "application/octet-stream"
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="`+quoteParam(field)+`"; filename="`+quoteParam(name)+`"`)
	h.Set("Content-Type", ct)
	return h
}

// uploadName is the file name sent for name: its last path element ("/"
// or "\" separated), valid UTF-8, without control characters; "file" when
// nothing is left.
func uploadName(name string) string {
	name = strings.ToValidUTF8(name, "_")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	if name = strings.TrimSpace(name); name == "" || name == "." || name == ".." {
		return "file"
	}
	return name
}

// quoteParam escapes s for a quoted-string parameter (RFC 2045 /
// mime.ParseMediaType): backslash and double quote are escaped, control
// characters (CR and LF would end the header) are dropped, invalid UTF-8
// is replaced. Other characters (non-ASCII included) are sent as they
// are, as browsers do.
func quoteParam(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "_"))
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)
}
