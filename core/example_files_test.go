//go:build !js

package core_test

import (
	"context"
	"fmt"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/bosgo/bosgo/core"
)

// Upload an avatar for the signed-in user and build its thumbnail URL. (A
// stand-in server answers here and prints the parts it received; point
// core.New at BosBase.)
func ExampleRecordService_Update_upload() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		mr := multipart.NewReader(r.Body, params["boundary"])
		for p, err := mr.NextPart(); err == nil; p, err = mr.NextPart() {
			fmt.Printf("part %s %q %s\n", p.FormName(), p.FileName(), p.Header.Get("Content-Type"))
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id":"u1","collectionId":"_pb_users_auth_","name":"Jane","avatar":"me_k2l8r0p1s4.png"}`)
	}))
	defer srv.Close()

	pb := core.New(srv.URL)
	rec, err := pb.Collection("users").Update(context.Background(), "u1", map[string]any{
		"name":   "Jane",
		"avatar": &core.File{Name: "me.png", Reader: strings.NewReader("…png bytes…")},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(pb.Files().URL(rec, rec.String("avatar"), &core.FileURLOptions{Thumb: "100x100"})[len(srv.URL):])
	// Output:
	// part avatar "me.png" image/png
	// part @jsonPayload "" application/json
	// /api/files/_pb_users_auth_/u1/me_k2l8r0p1s4.png?thumb=100x100
}

// Files of a protected field need a short-lived file token in their URL.
func ExampleFileService_Token() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println(r.Method, r.URL.Path, "with session:", r.Header.Get("Authorization") != "")
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"token":"file-token"}`)
	}))
	defer srv.Close()

	pb := core.New(srv.URL)
	_ = pb.AuthStore().Save("session-token", core.Record{"id": "u1"})
	token, err := pb.Files().Token(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	post := core.Record{"id": "p1", "collectionName": "posts", "attachment": []any{"report_a1b2c3.pdf"}}
	u := pb.Files().URL(post, "report_a1b2c3.pdf", &core.FileURLOptions{Token: token, Download: true})
	fmt.Println(u[len(srv.URL):])
	// Output:
	// POST /api/files/token with session: true
	// /api/files/posts/p1/report_a1b2c3.pdf?download=true&token=file-token
}

// Count the records a filter matches without fetching them.
func ExampleRecordService_GetCount() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println(r.URL.Path, r.URL.Query().Get("filter"))
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"count":7}`)
	}))
	defer srv.Close()

	pb := core.New(srv.URL)
	n, err := pb.Collection("posts").GetCount(context.Background(), pb.Filter("published = {:p}", map[string]any{"p": true}))
	fmt.Println(n, err)
	// Output:
	// /api/collections/posts/records/count published = '1'
	// 7 <nil>
}
