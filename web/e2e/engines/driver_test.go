//go:build !js

package engines

import (
	"encoding/json"
	"errors"
	"fmt"
)

// engine is one browser under automation.
type engine interface {
	// name is the engine's name in test names and messages.
	name() string
	// open opens a tab with storage of its own (a fresh profile's), or,
	// with share set, a second tab in share's storage (another tab of the
	// same profile).
	open(share tabDriver) (tabDriver, error)
	// close stops the browser and its driver.
	close() error
}

// tabDriver drives one tab.
type tabDriver interface {
	navigate(url string) error
	reload() error
	// eval evaluates a JavaScript expression in the page, awaits it if it
	// is a promise, and returns its JSON. It has no user activation (a
	// gesture needs click: tab.clickRun).
	eval(expr string) (json.RawMessage, error)
	// click clicks the element with the id with the mouse, a real user
	// gesture.
	click(id string) error
	// popups lists the open windows this tab opened.
	popups() ([]string, error)
	// closePopup closes one of them, as the user closing the window.
	closePopup(id string) error
	// popup drives one of them (to click in it); closing the tab closes
	// its popups.
	popup(id string) tabDriver
	// logs is what the page logged (console messages and errors), where
	// the protocol reports them.
	logs() string
	close() error
}

// errStale is returned by eval when the page went away during the call (a
// navigation); the caller may retry.
var errStale = errors.New("the page navigated during the call")

// wrapExpr makes expr's value a JSON string, awaited: both protocols then
// return a plain string, whatever the value's type.
func wrapExpr(expr string) string {
	return fmt.Sprintf(`(async () => { const v = await (%s); return JSON.stringify(v === undefined ? null : v); })()`, expr)
}
