//go:build !js

package core_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/bosgo/bosgo/core"
)

// Sign in with an OAuth2 provider, the redirect relayed by the server over
// realtime (the default mode). URLCallback opens the URL for the user: the
// system browser on desktop, a popup in the browser. (A stand-in server
// and provider answer here: the "provider" approves at once and redirects
// back.)
func ExampleRecordService_AuthWithOAuth2() {
	srv := newStandInRealtime()
	defer srv.Close()

	pb := core.New(srv.URL)
	auth, err := pb.Collection("users").AuthWithOAuth2(context.Background(), core.OAuth2Options{
		Provider:    "demo",
		Scopes:      []string{"openid", "email"},
		CreateData:  map[string]any{"name": "Ada"},
		URLCallback: standInProviderApproves,
	})
	if err != nil {
		fmt.Println("sign-in failed:", err)
		return
	}
	fmt.Println(auth.Record.Email(), auth.Record.String("name"), "new:", auth.IsNew())
	fmt.Println("stored:", pb.AuthStore().Record().ID())
	// Output:
	// ada@example.com Ada new: true
	// stored: u1
}

// The same sign-in for a native app through a loopback redirect (RFC
// 8252): the SDK listens on 127.0.0.1, so the provider must allow
// http://127.0.0.1:<port>/callback as a redirect URL.
func ExampleRecordService_AuthWithOAuth2_loopback() {
	srv := newStandInRealtime()
	defer srv.Close()

	pb := core.New(srv.URL)
	auth, err := pb.Collection("users").AuthWithOAuth2(context.Background(), core.OAuth2Options{
		Provider:    "demo",
		Mode:        core.OAuth2Loopback,
		CreateData:  map[string]any{"name": "Ada"},
		URLCallback: standInProviderApproves,
	})
	if err != nil {
		fmt.Println("sign-in failed:", err)
		return
	}
	fmt.Println(auth.Record.Email(), "new:", auth.IsNew())
	// Output:
	// ada@example.com new: true
}

// standInProviderApproves plays the browser and a provider that approves
// at once: it redirects to the URL's redirect_uri with a code and the
// state, as a real provider does after the user agrees.
func standInProviderApproves(ctx context.Context, authURL string) error {
	u, err := url.Parse(authURL)
	if err != nil {
		return err
	}
	q := u.Query()
	back := q.Get("redirect_uri") + "?" + url.Values{"state": {q.Get("state")}, "code": {"demo-code"}}.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, back, nil)
	if err != nil {
		return err
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	go func() { // the browser is another process: do not hold the flow
		if resp, err := noFollow.Do(req.WithContext(context.WithoutCancel(ctx))); err == nil {
			resp.Body.Close()
		}
	}()
	return nil
}
