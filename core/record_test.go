package core_test

import (
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
)

func TestRecordAccessors(t *testing.T) {
	t.Parallel()
	r := core.Record{
		"id": "r1", "email": "a@example.com", "collectionName": "users", "verified": true, "count": 3.0,
		"created": "2026-01-02 03:04:05.678Z", "bad": "yesterday", "num": "3",
	}
	if r.ID() != "r1" || r.Email() != "a@example.com" || r.CollectionName() != "users" {
		t.Errorf("ID/Email/CollectionName = %q %q %q", r.ID(), r.Email(), r.CollectionName())
	}
	if !r.Bool("verified") || r.Bool("count") || r.Bool("missing") {
		t.Error("Bool gives the field only when it is a bool")
	}
	if r.Float("count") != 3 || r.Float("num") != 0 || r.Float("missing") != 0 {
		t.Error("Float gives the field only when it is a number")
	}
	if r.String("count") != "" || r.String("missing") != "" {
		t.Error("String gives the field only when it is a string")
	}
	if want := time.Date(2026, 1, 2, 3, 4, 5, 678e6, time.UTC); !r.Time("created").Equal(want) {
		t.Errorf("Time(created) = %v, want %v", r.Time("created"), want)
	}
	if !r.Time("bad").IsZero() || !r.Time("missing").IsZero() {
		t.Error("Time of a non-datetime must be the zero time")
	}
	var nilRec core.Record
	if nilRec.ID() != "" || nilRec.Bool("x") || nilRec.Clone() != nil {
		t.Error("a nil Record reads as empty and clones to nil")
	}
}

func TestRecordCloneIsDeep(t *testing.T) {
	t.Parallel()
	r := core.Record{
		"tags":   []any{"a", map[string]any{"k": "v"}},
		"expand": map[string]any{"user": core.Record{"id": "u1"}},
	}
	c := r.Clone()
	c["tags"].([]any)[0] = "changed"
	c["tags"].([]any)[1].(map[string]any)["k"] = "changed"
	c["expand"].(map[string]any)["user"].(core.Record)["id"] = "changed"
	if r["tags"].([]any)[0] != "a" || r["tags"].([]any)[1].(map[string]any)["k"] != "v" ||
		r["expand"].(map[string]any)["user"].(core.Record)["id"] != "u1" {
		t.Errorf("changing the clone changed the original: %v", r)
	}
}

func TestRecordDecode(t *testing.T) {
	t.Parallel()
	var post struct {
		ID        string `json:"id"`
		Title     string `json:"title"`
		Published bool   `json:"published"`
	}
	r := core.Record{"id": "p1", "title": "Hello", "published": true, "extra": 1.0}
	if err := r.Decode(&post); err != nil || post.ID != "p1" || post.Title != "Hello" || !post.Published {
		t.Errorf("Decode = %+v, %v", post, err)
	}
	if err := (core.Record{"title": 5.0}).Decode(&post); err == nil {
		t.Error("Decode of a mistyped field must fail")
	}
	if err := (core.Record{"f": func() {}}).Decode(&post); err == nil {
		t.Error("Decode of an unencodable record must fail")
	}
}
