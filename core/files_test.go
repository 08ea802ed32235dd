//go:build !js

package core_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/bosgo/bosgo/core"
)

func TestFilesURL(t *testing.T) {
	t.Parallel()
	pb := core.New("http://127.0.0.1:8090/base/")
	rec := core.Record{"id": "r1", "collectionId": "pbc_1", "collectionName": "posts"}
	tests := []struct {
		name     string
		record   core.Record
		filename string
		opts     *core.FileURLOptions
		want     string
	}{
		{"plain", rec, "a.png", nil, "http://127.0.0.1:8090/base/api/files/pbc_1/r1/a.png"},
		{"collectionName fallback", core.Record{"id": "r1", "collectionName": "posts"}, "a.png", nil,
			"http://127.0.0.1:8090/base/api/files/posts/r1/a.png"},
		{"escaped name", rec, "a b/?#é.png", &core.FileURLOptions{},
			"http://127.0.0.1:8090/base/api/files/pbc_1/r1/a%20b%2F%3F%23%C3%A9.png"},
		{"options", rec, "a.png", &core.FileURLOptions{Thumb: "100x100", Download: true, Token: "tok", Query: map[string]any{"v": 2}},
			"http://127.0.0.1:8090/base/api/files/pbc_1/r1/a.png?download=true&thumb=100x100&token=tok&v=2"},
		{"no filename", rec, "", nil, ""},
		{"no id", core.Record{"collectionId": "c"}, "a.png", nil, ""},
		{"no collection", core.Record{"id": "r1"}, "a.png", nil, ""},
		{"nil record", nil, "a.png", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := pb.Files().URL(tt.record, tt.filename, tt.opts); got != tt.want {
				t.Errorf("URL = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFilesTokenFaults(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, body string
		status     int
		wantStatus int
		wantToken  string
	}{
		{"ok", `{"token":"ft"}`, 200, -1, "ft"},
		{"missing auth", `{"status":401,"message":"Missing auth context.","data":{}}`, 401, 401, ""},
		{"token not a string", `{"token":5}`, 200, 200, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method != "POST" || r.URL.Path != "/api/files/token" {
					http.Error(w, "unexpected "+r.Method+" "+r.URL.Path, 500)
					return
				}
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			}))
			t.Cleanup(srv.Close)
			tok, err := core.New(srv.URL).Files().Token(t.Context())
			if got := core.StatusOf(err); got != tt.wantStatus || tok != tt.wantToken {
				t.Fatalf("Token = %q, status %d (%v); want %q, status %d", tok, got, err, tt.wantToken, tt.wantStatus)
			}
		})
	}
}
