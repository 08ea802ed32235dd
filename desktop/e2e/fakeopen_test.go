//go:build desktope2e

package e2e

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"
)

// Environment of the fake xdg-open.
const (
	xdgLogEnv  = "BOSGO_E2E_XDG_LOG"  // file the fake appends each URL to
	xdgModeEnv = "BOSGO_E2E_XDG_MODE" // file holding "follow" or "fail"
)

// fakeXDGOpen plays the system browser: it records the URL and, in
// "follow" mode, visits it with an HTTP client that follows redirects
// (mock OIDC provider → the server's redirect endpoint or the app's
// loopback listener), like a user who is already signed in at the
// provider. In "fail" mode it exits 3, like xdg-open without a browser.
func fakeXDGOpen(args []string) int {
	if len(args) != 1 {
		fmt.Fprintln(os.Stderr, "fake xdg-open: want one URL")
		return 1
	}
	if f, err := os.OpenFile(os.Getenv(xdgLogEnv), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600); err == nil {
		_, _ = fmt.Fprintln(f, args[0])
		_ = f.Close()
	}
	mode, _ := os.ReadFile(os.Getenv(xdgModeEnv))
	if strings.TrimSpace(string(mode)) == "fail" {
		return 3
	}
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Get(args[0])
	if err != nil {
		fmt.Fprintln(os.Stderr, "fake xdg-open: request failed")
		return 4
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	return 0
}
