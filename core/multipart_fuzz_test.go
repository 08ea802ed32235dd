//go:build !js

package core

import (
	"io"
	"mime"
	"mime/multipart"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzMultipartNames sends arbitrary field and file names through the
// multipart encoder and parses the body back as a server does: the body
// always parses, the file part keeps its field (minus control characters)
// and arrives under uploadName's name, which has no path separator or
// control character, and the other fields arrive in @jsonPayload.
func FuzzMultipartNames(f *testing.F) {
	for _, seed := range [][2]string{
		{"avatar", "me.png"}, {"attachment+", `../../etc/passwd`}, {`quote"field`, `C:\dir\"x".txt`},
		{"f", "line\r\nContent-Type: text/html\r\n\r\nboom"}, {"f", "é 名前.txt"}, {"f", "\xff\xfe.bin"},
		{"f", ""}, {"f", ".."}, {`a\`, `b\`}, {"tab\tfield", "nul\x00name"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, field, name string) {
		if field == "other" {
			return
		}
		body, err := multipartBody(map[string]any{field: File{Name: name, Data: []byte("data")}, "other": 1})
		if err != nil {
			t.Fatal(err)
		}
		_, params, err := mime.ParseMediaType(body.ContentType)
		if err != nil {
			t.Fatalf("content type %q: %v", body.ContentType, err)
		}
		mr := multipart.NewReader(body.Reader, params["boundary"])
		p, err := mr.NextPart()
		if err != nil {
			t.Fatalf("file part: %v", err)
		}
		sent := uploadName(name)
		if sent == "" || strings.ContainsAny(sent, "/\\\r\n\x00") || !utf8.ValidString(sent) {
			t.Fatalf("uploadName(%q) = %q", name, sent)
		}
		wantField := strings.Map(func(r rune) rune {
			if r < 0x20 || r == 0x7f {
				return -1
			}
			return r
		}, strings.ToValidUTF8(field, "_"))
		if got := p.FormName(); got != wantField && wantField != "" {
			t.Fatalf("field %q arrived as %q, want %q", field, got, wantField)
		}
		if got := p.FileName(); got != sent {
			t.Fatalf("name %q arrived as %q, want %q", name, got, sent)
		}
		if b, err := io.ReadAll(p); err != nil || string(b) != "data" {
			t.Fatalf("file content %q, %v", b, err)
		}
		p, err = mr.NextPart()
		if err != nil || p.FormName() != jsonPayloadField {
			t.Fatalf("payload part: %v", err)
		}
		if b, _ := io.ReadAll(p); string(b) != `{"other":1}` {
			t.Fatalf("payload %q", b)
		}
		if _, err := mr.NextPart(); err != io.EOF {
			t.Fatalf("after the payload: %v", err)
		}
	})
}
