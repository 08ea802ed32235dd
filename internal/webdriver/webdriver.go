//go:build !js

// Package webdriver drives the browsers other than Chromium from Go, for the
// end-to-end tests (web/e2e/engines) and the benchmark (bench/cmd/bosgo-bench):
// Firefox ESR over WebDriver BiDi (its built-in remote agent; Debian has no
// geckodriver) and WebKitGTK over classic W3C WebDriver (WebKitWebDriver,
// whose BiDi is not enabled in Debian's build) under a private Xvfb display.
// Both come from Debian's packages (firefox-esr, webkit2gtk-driver, xvfb).
// It implements the few commands those callers need, not the protocols.
package webdriver

import (
	"encoding/json"
	"errors"
	"fmt"
)

// Engine is one browser under automation.
type Engine interface {
	// Name is the engine's name ("Firefox", "WebKit").
	Name() string
	// Open opens a tab with storage of its own (a fresh profile's), or,
	// with share set, a second tab in share's storage (another tab of the
	// same profile).
	Open(share Tab) (Tab, error)
	// Close stops the browser and its driver.
	Close() error
}

// Tab drives one tab.
type Tab interface {
	// Navigate loads url and returns once the page has loaded.
	Navigate(url string) error
	Reload() error
	// Eval evaluates a JavaScript expression in the page, awaits it if it
	// is a promise, and returns its value as JSON. It has no user
	// activation: a gesture needs Click.
	Eval(expr string) (json.RawMessage, error)
	// Click clicks the element with the id with the mouse, a real user
	// gesture.
	Click(id string) error
	// Popups lists the open windows this tab opened.
	Popups() ([]string, error)
	// ClosePopup closes one of them, as the user closing the window.
	ClosePopup(id string) error
	// Popup drives one of them (to click in it); closing the tab closes
	// its popups.
	Popup(id string) Tab
	// Logs is what the page logged (console messages and errors), where
	// the protocol reports them.
	Logs() string
	Close() error
}

// Start starts the engine named name: "Firefox" or "WebKit". profile is an
// empty directory for Firefox's profile.
func Start(name, profile string) (Engine, error) {
	switch name {
	case "Firefox":
		return StartFirefox(profile)
	case "WebKit":
		return StartWebKit()
	}
	return nil, fmt.Errorf("webdriver: no engine %q (Firefox or WebKit)", name)
}

// ErrStale is returned by Eval when the page went away during the call (a
// navigation); the caller may retry.
var ErrStale = errors.New("the page navigated during the call")

// wrapExpr makes expr's value a JSON string, awaited: both protocols then
// return a plain string, whatever the value's type.
func wrapExpr(expr string) string {
	return fmt.Sprintf(`(async () => { const v = await (%s); return JSON.stringify(v === undefined ? null : v); })()`, expr)
}
