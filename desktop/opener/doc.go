// Package opener opens URLs in the user's system browser, for desktop
// programs that sign in through a browser (RFC 8252: never an embedded
// web view).
//
// [System] runs the platform's opener directly (xdg-open, x-www-browser or
// www-browser on Linux and BSD; open on macOS; rundll32
// url.dll,FileProtocolHandler on Windows) and, unlike the Wails runtime's
// BrowserOpenURL, reports failures, so a program can fall back to showing
// the link ([WithFallback]). URLs are checked by [Validate] with the same
// rules as Wails v2's BrowserOpenURL, so a link that works here also works
// there.
//
// The package has no Wails dependency and no cgo; it is reusable by any
// Go desktop program.
package opener
