// Package engines runs the browser end-to-end scenarios of web/e2e in the
// engines other than Chromium: Firefox ESR over WebDriver BiDi (built into
// Firefox; Debian has no geckodriver) and WebKitGTK over classic W3C
// WebDriver (WebKitWebDriver, whose BiDi is not enabled in Debian's
// build), both from Debian's packages, through internal/webdriver (which
// the benchmark uses too). One scenario list runs per engine
// (scenarios_test.go). Chromium keeps its chromedp suite (TestWeb in
// web/e2e). `go tool task web:engines` runs it.
package engines
