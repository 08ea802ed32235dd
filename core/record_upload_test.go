//go:build !js

package core_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/bosgo/bosgo/core"
)

// uploadPart is one part of a multipart request as a test server saw it.
type uploadPart struct {
	Field, FileName, ContentType, Body string
}

// parseUpload reads a multipart/form-data request into its parts.
func parseUpload(r *http.Request) ([]uploadPart, error) {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return nil, errors.New("not multipart: " + r.Header.Get("Content-Type"))
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	var parts []uploadPart
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return parts, nil
		}
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(p)
		if err != nil {
			return nil, err
		}
		parts = append(parts, uploadPart{p.FormName(), p.FileName(), p.Header.Get("Content-Type"), string(b)})
	}
}

func TestUploadMultipartBody(t *testing.T) {
	t.Parallel()
	var got []uploadPart
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		parts, err := parseUpload(r)
		if err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		got = parts
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":"r1"}`))
	}))
	t.Cleanup(srv.Close)
	pb := core.New(srv.URL)
	_, err := pb.Collection("posts").Create(t.Context(), map[string]any{
		"title":        "hello",
		"count":        3,
		"tags":         []any{"a", "b"},
		"avatar":       &core.File{Name: `../dir\x"y"é.png`, Reader: strings.NewReader("PNGDATA")},
		"attachment+":  []*core.File{{Name: "a.txt", Data: []byte("one")}, {Name: "b.bin", ContentType: "application/x-test", Data: []byte("two")}},
		"documents":    []core.File{{Name: "line\r\nbreak.txt", Data: []byte("three")}},
		"attachment-":  []string{"old.txt"},
		"emptyPath":    core.File{Name: "dir/", Data: nil},
		"quote\"field": core.File{Name: "q.txt", Data: []byte("4")},
	}, core.WithBody("extra", true))
	if err != nil {
		t.Fatal(err)
	}
	want := []uploadPart{
		{"attachment+", "a.txt", "text/plain; charset=utf-8", "one"},
		{"attachment+", "b.bin", "application/x-test", "two"},
		{"avatar", `x"y"é.png`, "image/png", "PNGDATA"},
		{"documents", "linebreak.txt", "text/plain; charset=utf-8", "three"},
		{"emptyPath", "file", "application/octet-stream", ""},
		{`quote"field`, "q.txt", "text/plain; charset=utf-8", "4"},
	}
	if len(got) != len(want)+1 {
		t.Fatalf("got %d parts, want %d: %+v", len(got), len(want)+1, got)
	}
	for i, w := range want {
		if got[i] != w {
			t.Errorf("part %d = %+v, want %+v", i, got[i], w)
		}
	}
	payload := got[len(got)-1]
	if payload.Field != "@jsonPayload" || payload.FileName != "" || payload.ContentType != "application/json" {
		t.Fatalf("last part = %+v, want the @jsonPayload", payload)
	}
	var fields map[string]any
	if err := json.Unmarshal([]byte(payload.Body), &fields); err != nil {
		t.Fatal(err)
	}
	if len(fields) != 5 || fields["title"] != "hello" || fields["count"] != 3.0 || fields["extra"] != true ||
		len(fields["tags"].([]any)) != 2 || fields["attachment-"].([]any)[0] != "old.txt" {
		t.Errorf("@jsonPayload = %v", fields)
	}
}

func TestUploadNoFilesStaysJSON(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			http.Error(w, "content type "+ct, 400)
			return
		}
		_, _ = w.Write([]byte(`{"id":"r1"}`))
	}))
	t.Cleanup(srv.Close)
	if _, err := core.New(srv.URL).Collection("posts").Update(t.Context(), "r1", map[string]any{"attachment-": []string{"a.txt"}}); err != nil {
		t.Fatal(err)
	}
}

func TestUploadNilFile(t *testing.T) {
	t.Parallel()
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { requests.Add(1) }))
	t.Cleanup(srv.Close)
	_, err := core.New(srv.URL).Collection("posts").Create(t.Context(), map[string]any{"avatar": (*core.File)(nil)})
	if core.StatusOf(err) != 0 || !strings.Contains(err.Error(), "avatar") || requests.Load() != 0 {
		t.Fatalf("err = %v, requests %d; want a client-side error naming the field", err, requests.Load())
	}
}

// TestUploadStreams checks that the body is sent while the file is still
// being read: the server sees the first chunk before the rest exists.
func TestUploadStreams(t *testing.T) {
	t.Parallel()
	firstChunk := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		buf := make([]byte, 4096)
		seen := ""
		for !strings.Contains(seen, "FIRST") {
			n, err := r.Body.Read(buf)
			seen += string(buf[:n])
			if err != nil {
				http.Error(w, "body ended before the first chunk", 400)
				return
			}
		}
		close(firstChunk)
		if _, err := io.Copy(io.Discard, r.Body); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		_, _ = w.Write([]byte(`{"id":"r1"}`))
	}))
	t.Cleanup(srv.Close)
	pr, pw := io.Pipe()
	go func() {
		_, _ = pw.Write([]byte("FIRST"))
		<-firstChunk // the rest is written only once the server has the start
		_, _ = pw.Write([]byte("REST"))
		_ = pw.Close()
	}()
	if _, err := core.New(srv.URL).Collection("posts").Create(t.Context(), map[string]any{
		"attachment": &core.File{Name: "s.bin", Reader: pr},
	}); err != nil {
		t.Fatal(err)
	}
}

// endlessReader yields zero bytes forever, counting them.
type endlessReader struct{ n atomic.Int64 }

func (r *endlessReader) Read(p []byte) (int, error) {
	clear(p)
	r.n.Add(int64(len(p)))
	return len(p), nil
}

// TestUploadCancelStopsRequest cancels an endless upload once the server
// has received part of it: the call returns an abort error, the server
// sees its request body cut off, and the client stops reading the file.
func TestUploadCancelStopsRequest(t *testing.T) {
	t.Parallel()
	started := make(chan struct{})
	serverErr := make(chan error, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.CopyN(io.Discard, r.Body, 1<<20); err != nil {
			serverErr <- err
			return
		}
		close(started)
		_, err := io.Copy(io.Discard, r.Body)
		serverErr <- err
	}))
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithCancel(t.Context())
	go func() {
		<-started
		cancel()
	}()
	file := &endlessReader{}
	_, err := core.New(srv.URL).Collection("posts").Create(ctx, map[string]any{
		"attachment": &core.File{Name: "endless.bin", Reader: file},
	})
	if !core.IsAbort(err) || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want an abort wrapping context.Canceled", err)
	}
	if err := <-serverErr; err == nil {
		t.Fatal("the server read the whole body: the upload did not stop")
	}
	read := file.n.Load()
	srv.Close() // waits for the handler; no more reads may happen after the call returned
	if after := file.n.Load(); after != read {
		t.Fatalf("the file was read on after the call returned (%d -> %d bytes)", read, after)
	}
}

func TestFieldErrors(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(400)
		_, _ = w.Write([]byte(`{"status":400,"message":"Failed to create record.","data":{"avatar":{"code":"validation_file_size_limit","message":"too big"},"other":5}}`))
	}))
	t.Cleanup(srv.Close)
	_, err := core.New(srv.URL).Collection("users").Create(t.Context(), map[string]any{"avatar": core.File{Name: "a.png"}})
	fe := core.FieldErrors(err)
	if len(fe) != 1 || fe["avatar"] != (core.FieldError{Code: "validation_file_size_limit", Message: "too big"}) {
		t.Fatalf("FieldErrors = %v (err %v)", fe, err)
	}
	if core.FieldErrors(errors.New("x")) != nil || core.FieldErrors(nil) != nil {
		t.Fatal("FieldErrors of a non-API error is not nil")
	}
}
