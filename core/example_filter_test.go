package core_test

import (
	"fmt"
	"time"

	"github.com/bosgo/bosgo/core"
)

// Bind user input into a filter instead of formatting it in: the values
// cannot change the expression.
func ExampleClient_Filter() {
	pb := core.New("http://127.0.0.1:8090")

	search := `it's a "test" \o/`
	since := time.Date(2026, 1, 2, 15, 4, 5, 0, time.FixedZone("CET", 3600))
	fmt.Println(pb.Filter("title ~ {:search} && created >= {:since}", map[string]any{
		"search": search,
		"since":  since,
	}))
	fmt.Println(pb.Filter("published = {:p} && views > {:n} && deleted = {:none}", map[string]any{
		"p": true, "n": 10, "none": nil,
	}))

	// An attempt to break out of the literal stays inside it.
	fmt.Println(pb.Filter("title = {:t}", map[string]any{"t": `x' || title != '`}))

	// A trailing backslash cannot be represented safely: Filter fails
	// closed, FilterE says why.
	_, err := pb.FilterE("title = {:t}", map[string]any{"t": `C:\`})
	fmt.Println(err)
	// Output:
	// title ~ 'it\'s a "test" \o/' && created >= '2026-01-02 14:04:05.000Z'
	// published = '1' && views > 10 && deleted = null
	// title = 'x\' || title != \''
	// bosbase: filter parameter cannot be bound: {:t}: string ends with a backslash
}
