//go:build !js

package core_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/bosgo/bosgo/core"
)

// List a page of records with a bound filter, a sort and an expanded
// relation. (A stand-in server answers here; point core.New at BosBase.)
func ExampleRecordService_GetList() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println("query:", r.URL.Query().Get("filter"), "|", r.URL.Query().Get("sort"))
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"page":1,"perPage":2,"totalItems":3,"totalPages":2,"items":[`+
			`{"id":"p1","title":"Hello","expand":{"user":{"id":"u1","name":"Demo User"}}},`+
			`{"id":"p2","title":"World","expand":{"user":{"id":"u1","name":"Demo User"}}}]}`)
	}))
	defer srv.Close()

	pb := core.New(srv.URL)
	list, err := pb.Collection("posts").GetList(context.Background(), 1, 2,
		core.WithFilter(pb.Filter("user = {:me} && published = {:pub}", map[string]any{"me": "u1", "pub": true})),
		core.WithSort("-created"),
		core.WithExpand("user"),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("page %d of %d, %d posts\n", list.Page, list.TotalPages, list.TotalItems)
	for _, p := range list.Items {
		user, _ := p["expand"].(map[string]any)["user"].(map[string]any)
		fmt.Println(p.ID(), p.String("title"), "by", user["name"])
	}
	// Output:
	// query: user = 'u1' && published = '1' | -created
	// page 1 of 2, 3 posts
	// p1 Hello by Demo User
	// p2 World by Demo User
}

// GetFirstListItem reports "no match" as a 404, like the JS SDK.
func ExampleRecordService_GetFirstListItem() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"page":1,"perPage":1,"totalItems":-1,"totalPages":-1,"items":[]}`)
	}))
	defer srv.Close()

	pb := core.New(srv.URL)
	_, err := pb.Collection("posts").GetFirstListItem(context.Background(),
		pb.Filter("title = {:t}", map[string]any{"t": "missing"}))
	if core.StatusOf(err) == 404 {
		fmt.Println("no such post")
	}
	// Output:
	// no such post
}

// Pass a record on as the server sent it, without decoding it: the body
// is checked to be JSON and kept; the method's result stays empty. (A
// stand-in server answers here; point core.New at BosBase.)
func ExampleWithRawResult() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id":"p1","title":"Hello"}`)
	}))
	defer srv.Close()

	var raw []byte
	rec, err := core.New(srv.URL).Collection("posts").GetOne(context.Background(), "p1", core.WithRawResult(&raw))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(raw), rec == nil)
	// Output:
	// {"id":"p1","title":"Hello"} true
}
