//go:build js && wasm

package main

import (
	"context"
	"errors"
)

// Errors the browser adapters add to core's. They reach JavaScript as a
// ClientResponseError with a matching code (see errorCode); the JS API
// turns ErrPopupBlocked into a PopupBlockedError.
var (
	// ErrPopupBlocked: the browser refused to open the OAuth2 popup.
	ErrPopupBlocked = errors.New("the browser blocked the sign-in popup: call authWithOAuth2 directly in a click handler, before any await, or use authWithOAuth2Redirect")
	// ErrPopupClosed: the user closed the OAuth2 popup before finishing.
	ErrPopupClosed = errors.New("the sign-in popup was closed before sign-in finished")
	// ErrLockTimeout: another tab held the refresh lock for too long.
	ErrLockTimeout = errors.New("timed out waiting for another tab to finish refreshing the session")
	// ErrAborted: the call's AbortSignal fired.
	ErrAborted = errors.New("the call was aborted by its AbortSignal")
	// ErrNotBrowser: a browser API the call needs is missing.
	ErrNotBrowser = errors.New("this needs a browser API that is not available here")
)

// errorCode returns the machine-readable reason the JS API exposes as
// err.code, or "" for plain server errors.
func errorCode(err error) string {
	for _, c := range errorCodes {
		if errors.Is(err, c.err) {
			return c.code
		}
	}
	for _, c := range coreErrorCodes() {
		if errors.Is(err, c.err) {
			return c.code
		}
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "aborted"
	}
	return ""
}

type codedError struct {
	err  error
	code string
}

// errorCodes lists the module's own errors first: a cause chain may hold
// both context.Canceled and the reason it was cancelled.
var errorCodes = []codedError{
	{ErrPopupBlocked, "popup_blocked"},
	{ErrPopupClosed, "popup_closed"},
	{ErrLockTimeout, "lock_timeout"},
	{ErrAborted, "aborted"},
	{ErrNotBrowser, "not_browser"},
	{ErrPanic, "internal"},
}
