//go:build !js

package core_test

import (
	"slices"
	"testing"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/internal/testenv"
)

// TestFilterBoolAgainstServer: Filter binds booleans as '1' and '0', which
// BosBase on PostgreSQL accepts (it answers 400 to "published = true"), and
// which must still select the right rows of a real bool field on SQLite
// PocketBase: the devserver's posts.published.
func TestFilterBoolAgainstServer(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	pb, u := recordsSignIn(t, srv)
	posts := pb.Collection("posts")
	want := map[bool][]string{}
	for i, published := range []bool{true, false, true, false, false} {
		rec, err := posts.Create(t.Context(), map[string]any{"title": "bool filter " + string(rune('a'+i)), "user": u.ID, "published": published})
		if err != nil {
			t.Fatalf("create post: %v", err)
		}
		want[published] = append(want[published], rec.ID())
	}

	type flag bool // a named bool binds like a bool
	for _, c := range []struct {
		name  string
		expr  string
		value any
		lit   string
		want  []string
	}{
		{"= true", "published = {:p}", true, "'1'", want[true]},
		{"= false", "published = {:p}", false, "'0'", want[false]},
		{"!= true", "published != {:p}", true, "'1'", want[false]},
		{"named", "published = {:p}", flag(true), "'1'", want[true]},
	} {
		bound := pb.Filter("user = {:u} && "+c.expr, map[string]any{"u": u.ID, "p": c.value})
		if wantExpr := "user = '" + u.ID + "' && " + c.expr[:len(c.expr)-len("{:p}")] + c.lit; bound != wantExpr {
			t.Errorf("%s: Filter = %q, want %q", c.name, bound, wantExpr)
		}
		got, err := posts.GetFullList(t.Context(), core.WithFilter(bound), core.WithSort("title"))
		if err != nil {
			t.Errorf("%s: %q: %v", c.name, bound, err)
			continue
		}
		if !slices.Equal(recordIDs(got), c.want) {
			t.Errorf("%s: %q matched %v, want %v", c.name, bound, recordTitles(got), c.want)
		}
	}
}
