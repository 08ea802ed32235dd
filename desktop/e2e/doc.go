//go:build desktope2e

// Package e2e drives the real desktop app: the dev-mode binary (cgo,
// WebKitGTK) in a virtual X display with a private D-Bus session and an
// unlocked gnome-keyring, through headless Chromium (chromedp) at the
// app's dev server. It is behind the desktope2e build tag so that plain
// `go test ./...` stays free of cgo; run it with
// `go tool task desktop:test`.
package e2e
