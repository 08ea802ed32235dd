//go:build !js

// Package e2e holds the end-to-end tests of bosgo's browser build: headless
// Chromium (driven with chromedp) uses the demo page (web/index.html) and
// web/bosbase.js against a real devserver that serves the web folder, with
// the WebAssembly module built from the current sources.
//
// The tests only run when BOSGO_WEB_E2E is set; `go tool task web:e2e` sets
// it. They need Debian's chromium (or BOSGO_CHROMIUM=/path/to/chrome) and,
// for the BosBase JS SDK interop test, the pinned npm package installed by
// `go tool task web:setup`. Screenshots of the demo's states are written to
// artifacts/web/ at the repository root.
//
// With BOSGO_EXTERNAL_URL (go tool task test:external) they run against an
// external BosBase or PocketBase instead, the pages served by a local site
// (external_test.go; docs/devserver.md, "Conformance against your
// deployment").
package e2e
