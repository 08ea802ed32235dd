//go:build js && wasm

package main

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/bosgo/bosgo/core"
	"github.com/hack-pad/safejs"
)

// Popup is the window the OAuth2 sign-in runs in. It is opened blank,
// synchronously inside the JS call that starts the sign-in — browsers
// (Safari above all) only allow window.open in the synchronous part of a
// user gesture — and navigated to the provider once its URL is known.
type Popup struct {
	win safejs.Value
}

// popupName is the window name; a second sign-in reuses the window.
const popupName = "bosgo_oauth2"

// OpenPopup opens a blank, centred popup of about 1024×768 (clamped to the
// page's window, as the JS SDK does). It returns an error wrapping
// [ErrPopupBlocked] when the browser refuses.
func OpenPopup() (*Popup, error) {
	win := global("window")
	if !isFunction(get(win, "open")) {
		return nil, fmt.Errorf("window.open: %w", ErrNotBrowser)
	}
	w, err := win.Call("open", "", popupName, popupFeatures(win))
	if err != nil || isNullish(w) {
		return nil, ErrPopupBlocked
	}
	return &Popup{win: w}, nil
}

func popupFeatures(win safejs.Value) string {
	num := func(name string, def float64) float64 {
		f, err := get(win, name).Float()
		if err != nil || f <= 0 {
			return def
		}
		return f
	}
	iw, ih := num("innerWidth", 1024), num("innerHeight", 768)
	w, h := math.Min(1024, iw), math.Min(768, ih)
	left := num("screenX", 0) + (iw-w)/2
	top := num("screenY", 0) + (ih-h)/2
	return fmt.Sprintf("width=%d,height=%d,top=%d,left=%d,resizable,menubar=no", int(w), int(h), int(top), int(left))
}

// Navigate sends the popup to url, which must be http or https: the
// popup is a same-origin about:blank, where a javascript: URL would run
// with the app's origin. Another scheme fails with
// [core.ErrOAuth2UnsafeURL].
func (p *Popup) Navigate(url string) error {
	if !core.IsWebURL(url) {
		return core.ErrOAuth2UnsafeURL
	}
	if p.Closed() {
		return ErrPopupClosed
	}
	if err := get(p.win, "location").Set("href", url); err != nil {
		return fmt.Errorf("navigate the popup: %w", err)
	}
	return nil
}

// Closed reports whether the popup is closed. Caveat: when the popup shows
// a page of another origin that sends Cross-Origin-Opener-Policy, some
// browsers cut the link and report it closed while it is open; see
// PopupWatch.Grace and the JS option detectPopupClose.
func (p *Popup) Closed() bool {
	c, err := get(p.win, "closed").Bool()
	return err != nil || c
}

// Close closes the popup; it is harmless when it is already closed.
func (p *Popup) Close() {
	if !p.Closed() {
		_, _ = p.win.Call("close")
	}
}

// PopupWatch polls a popup for being closed by the user.
type PopupWatch struct {
	Interval time.Duration // poll period; 0 means 200 ms
	// Grace is how long a closed popup is given before it counts as
	// abandoned: the sign-in may be finishing (the redirect page closes the
	// popup itself). 0 means 400 ms.
	Grace time.Duration
	// Done reports that the sign-in no longer needs the popup (the code
	// arrived and is being exchanged): a close then is not an error.
	Done func() bool
}

// Watch blocks until ctx ends or the popup counts as abandoned, in which
// case it calls onClosed. The whole check takes under a second with the
// defaults.
func (w PopupWatch) Watch(ctx context.Context, p *Popup, onClosed func()) {
	interval, grace := w.Interval, w.Grace
	if interval <= 0 {
		interval = 200 * time.Millisecond
	}
	if grace <= 0 {
		grace = 400 * time.Millisecond
	}
	done := func() bool { return w.Done != nil && w.Done() }
	tick := time.NewTicker(interval)
	defer tick.Stop()
	var closedAt time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			if done() {
				return
			}
			if !p.Closed() {
				closedAt = time.Time{}
				continue
			}
			if closedAt.IsZero() {
				closedAt = now
			}
			if now.Sub(closedAt) >= grace {
				onClosed()
				return
			}
		}
	}
}
