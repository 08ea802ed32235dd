package jsonv_test

import (
	"os"

	"github.com/bosgo/bosgo/internal/jsonv"
)

func Example() {
	rec, err := jsonv.Object([]byte(`{"id": "abc", "tags": ["a", "b"], "score": 1e3}`))
	if err != nil {
		panic(err)
	}
	rec["note"] = "<b>&</b>"
	out, err := jsonv.Marshal(rec)
	if err != nil {
		panic(err)
	}
	os.Stdout.Write(append(out, '\n'))
	// Output:
	// {"id":"abc","note":"\u003cb\u003e\u0026\u003c/b\u003e","score":1000,"tags":["a","b"]}
}
