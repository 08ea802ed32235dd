//go:build js && wasm

package main

import (
	"context"
	url "github.com/bosgo/bosgo/internal/urlx"
	"strings"
	"sync/atomic"

	"github.com/bosgo/bosgo/core"
)

// oauth2Progress is attached to the context of one popup sign-in; the
// observer middleware marks it when the flow starts exchanging the code.
type oauth2Progress struct {
	exchanging atomic.Bool
}

type oauth2ProgressKey struct{}

// withOAuth2Progress returns ctx carrying p.
func withOAuth2Progress(ctx context.Context, p *oauth2Progress) context.Context {
	return context.WithValue(ctx, oauth2ProgressKey{}, p)
}

// oauth2Observer is middleware that notices the code exchange (POST
// …/auth-with-oauth2) of a popup sign-in. From then on the popup is no
// longer needed, so the server's redirect page closing it is not "the user
// closed the popup".
func oauth2Observer(next core.Transport) core.Transport {
	return core.TransportFunc(func(ctx context.Context, req *core.Request) (*core.Response, error) {
		if p, ok := ctx.Value(oauth2ProgressKey{}).(*oauth2Progress); ok && isPath(req, "POST", "/auth-with-oauth2") {
			p.exchanging.Store(true)
		}
		return next.RoundTrip(ctx, req)
	})
}

// isPath reports whether req is a method request to a path ending in
// suffix under /api/collections/.
func isPath(req *core.Request, method, suffix string) bool {
	if !strings.EqualFold(req.Method, method) {
		return false
	}
	u, err := url.Parse(req.URL)
	if err != nil {
		return false
	}
	return strings.HasSuffix(u.Path, suffix) && strings.Contains(u.Path, "/api/collections/")
}
