package opener

import "context"

// Opener opens a URL for the user, normally in the system browser.
type Opener interface {
	// Open opens url, returning once the browser was asked to show it.
	Open(ctx context.Context, url string) error
}

// Func adapts a function to [Opener].
type Func func(ctx context.Context, url string) error

// Open calls f.
func (f Func) Open(ctx context.Context, url string) error { return f(ctx, url) }

// WithFallback returns an [Opener] that tries primary and, when it fails,
// calls show with the URL and the failure so the program can display the
// link (with a "copy this link" button). Open then returns nil: the link
// reached the user. show is also called for an invalid URL, but the
// result is the validation error, since such a link is of no use.
func WithFallback(primary Opener, show func(url string, cause error)) Opener {
	return Func(func(ctx context.Context, url string) error {
		if _, err := ValidateWeb(url); err != nil {
			return err
		}
		err := primary.Open(ctx, url)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return err
		}
		show(url, err)
		return nil
	})
}
