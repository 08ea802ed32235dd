package opener_test

import (
	"context"
	"fmt"

	"github.com/bosgo/bosgo/desktop/opener"
)

// Open a sign-in page in the system browser; when no browser opens, show
// the link so the user can copy it.
func ExampleWithFallback() {
	noBrowser := opener.System{Commands: [][]string{{"no-such-browser-command"}}}
	o := opener.WithFallback(noBrowser, func(url string, cause error) {
		fmt.Println("Could not open your browser:", cause)
		fmt.Println("Copy this link:", url)
	})
	_ = o.Open(context.Background(), "https://idp.example/authorize?state=abc123")
	// Output:
	// Could not open your browser: opener: no program to open a web browser was found
	// Copy this link: https://idp.example/authorize?state=abc123
}

func ExampleValidate() {
	_, err := opener.Validate("https://idp.example/authorize?state=ab~cd")
	fmt.Println(err)
	// Output: opener: invalid URL: shell metacharacters not allowed
}
