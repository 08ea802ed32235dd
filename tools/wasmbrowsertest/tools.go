//go:build tools

// Package tools pins github.com/agnivade/wasmbrowsertest, the runner that
// executes GOOS=js GOARCH=wasm test binaries in headless Chromium, with a
// newer chromedp and cdproto than it pins itself (v0.11.0 pins chromedp
// v0.10.0, whose cdproto cannot decode Chromium 156's events and logs
// "unknown IPAddressSpace value" on every run).
//
// Build it with `go tool task wasm:setup`, which installs it as
// bin/wasmtools/go_js_wasm_exec.
package tools

import _ "github.com/agnivade/wasmbrowsertest"
