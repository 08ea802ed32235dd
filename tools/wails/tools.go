//go:build tools

// Package tools pins the Wails CLI at v2.13.0 in its own module, so the
// root module does not carry the CLI's dependencies. (`go install
// …/cmd/wails@latest` resolves to v2.9.2, which does not compile on Go
// 1.26; see docs/desktop.md.)
//
// Build it with `go tool task desktop:setup`, which writes bin/wails.
package tools

import _ "github.com/wailsapp/wails/v2/cmd/wails"
