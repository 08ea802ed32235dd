//go:build !js

package core_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/bosgo/bosgo/core"
)

// A native app that starts the system browser (xdg-open, open) hands it a
// one-time loopback URL, not the provider URL: a command line is readable
// by every local user. The launch URL redirects to the provider once.
func ExampleOAuth2Options_oneTimeLaunchURL() {
	srv := newStandInRealtime()
	defer srv.Close()

	pb := core.New(srv.URL)
	auth, err := pb.Collection("users").AuthWithOAuth2(context.Background(), core.OAuth2Options{
		Provider:         "demo",
		Mode:             core.OAuth2Loopback,
		OneTimeLaunchURL: true,
		URLCallback: func(ctx context.Context, launchURL string) error {
			// Here the app would run: exec.Command("xdg-open", launchURL).
			fmt.Println("state on the command line:", strings.Contains(launchURL, "state="))
			return standInBrowserOpens(ctx, launchURL)
		},
	})
	if err != nil {
		fmt.Println("sign-in failed:", err)
		return
	}
	fmt.Println(auth.Record.Email())
	// Output:
	// state on the command line: false
	// ada@example.com
}

// standInBrowserOpens plays the browser: it requests the launch URL, and
// the stand-in provider approves at the URL it redirects to.
func standInBrowserOpens(ctx context.Context, launchURL string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, launchURL, nil)
	if err != nil {
		return err
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	noFollow.CloseIdleConnections()
	return standInProviderApproves(ctx, resp.Header.Get("Location"))
}
