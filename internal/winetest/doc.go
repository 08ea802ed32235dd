// Package winetest adapts the Go runtime to Wine for the Windows builds of
// the desktop packages' tests, which `go tool task desktop:wine` runs under
// Debian's Wine 8 (see docs/desktop.md, "Windows under Wine"). Import it
// for its side effect from a _windows_test.go file:
//
//	import _ "github.com/bosgo/bosgo/internal/winetest"
//
// On real Windows, and on every other OS, importing it changes nothing.
// Test binaries that import it must be linked with -ldflags=-checklinkname=0.
package winetest
