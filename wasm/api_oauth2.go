//go:build js && wasm

package main

import (
	"context"
	"fmt"

	"github.com/bosgo/bosgo/core"
	"github.com/hack-pad/safejs"

	"github.com/bosgo/bosgo/internal/jsonv"
)

// oauth2Args are authWithOAuth2's own options besides callArgs.
type oauth2Args struct {
	DetectPopupClose *bool   // default true
	PopupCloseGrace  float64 // ms; 0 = 400 ms
}

// read takes the options from the decoded argument object.
func (o *oauth2Args) read(f *jsonv.Fields) {
	if f.Value("detectPopupClose") != nil {
		b := f.Bool("detectPopupClose")
		o.DetectPopupClose = &b
	}
	o.PopupCloseGrace = f.Float("popupCloseGrace")
}

// oauth2Method is authWithOAuth2 ({collection, provider, scopes,
// createData, timeout, detectPopupClose, popupCloseGrace, options}, fn =
// urlCallback?). Without a urlCallback it opens the popup in prepare,
// synchronously inside the JS call, and fails at once with ErrPopupBlocked
// when the browser refuses. The popup is closed whatever the outcome;
// closing it, the AbortSignal, the timeout, the provider's denial and a
// realtime drop each reject with their own error code.
var oauth2Method = asyncMethod{
	prepare: func(e *clientEntry, c *call) error {
		if isFunction(c.fn) {
			return nil // the app opens the URL itself
		}
		p, err := OpenPopup()
		if err != nil {
			return err
		}
		c.prepared = p
		c.cleanup = append(c.cleanup, p.Close)
		return nil
	},
	run: runOAuth2,
}

func runOAuth2(ctx context.Context, e *clientEntry, c *call) (any, error) {
	a, opts, err := c.callArgs()
	if err != nil {
		return nil, err
	}
	var oa oauth2Args
	if err := c.decode(oa.read); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	progress := &oauth2Progress{}
	ctx = withOAuth2Progress(ctx, progress)

	o := core.OAuth2Options{
		Provider:       a.Provider,
		Scopes:         a.Scopes,
		CreateData:     a.CreateData,
		Timeout:        ms(a.Timeout),
		RequestOptions: opts,
	}
	popup, _ := c.prepared.(*Popup)
	if popup != nil {
		o.URLCallback = func(_ context.Context, url string) error { return popup.Navigate(url) }
		if oa.DetectPopupClose == nil || *oa.DetectPopupClose {
			watch := PopupWatch{Grace: ms(oa.PopupCloseGrace), Done: progress.exchanging.Load}
			goSafe(func() { watch.Watch(ctx, popup, func() { cancel(ErrPopupClosed) }) })
		}
	} else {
		fn := c.fn
		o.URLCallback = func(cctx context.Context, url string) error { return callURLCallback(cctx, fn, url) }
	}
	resp, err := a.service(e).AuthWithOAuth2(ctx, o)
	if popup != nil {
		popup.Close()
	}
	if err != nil {
		return nil, withCause(ctx, err)
	}
	return resp, nil
}

// callURLCallback calls the app's urlCallback(url) and waits for the
// promise it may return; a throw or a rejection fails the sign-in.
func callURLCallback(ctx context.Context, fn safejs.Value, url string) error {
	v, err := fn.Invoke(url)
	if err != nil {
		return fmt.Errorf("urlCallback threw: %w", err)
	}
	if _, err := await(ctx, v); err != nil {
		return fmt.Errorf("urlCallback failed: %w", err)
	}
	return nil
}
