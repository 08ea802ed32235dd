//go:build js && wasm

package main

import (
	"context"
	"errors"
	"strings"

	"github.com/bosgo/bosgo/core"
	"github.com/hack-pad/safejs"

	"github.com/bosgo/bosgo/internal/jsonv"
)

// errorDetail is what a rejected Promise carries for the JS API to build
// its ClientResponseError from: the fields of the BosBase JS SDK's
// ClientResponseError plus code, the module's machine-readable reason.
type errorDetail struct {
	URL           string
	Status        int
	Response      map[string]any
	IsAbort       bool
	Message       string
	Code          string         // omitted when ""
	OriginalError *originalError // omitted when nil
}

// MarshalJSON encodes d as {url, status, response, isAbort, message,
// code?, originalError?}.
func (d errorDetail) MarshalJSON() ([]byte, error) {
	var w jsonv.ObjectWriter
	w.Field("url", d.URL)
	w.Field("status", d.Status)
	w.Field("response", d.Response)
	w.Field("isAbort", d.IsAbort)
	w.Field("message", d.Message)
	if d.Code != "" {
		w.Field("code", d.Code)
	}
	if d.OriginalError != nil {
		w.Field("originalError", *d.OriginalError)
	}
	return w.Bytes()
}

type originalError struct {
	Name    string // omitted when ""
	Message string
}

// MarshalJSON encodes e as {name?, message}.
func (e originalError) MarshalJSON() ([]byte, error) {
	var w jsonv.ObjectWriter
	if e.Name != "" {
		w.Field("name", e.Name)
	}
	w.Field("message", e.Message)
	return w.Bytes()
}

// detailOf describes err for JavaScript, faithfully converting core's
// *ClientResponseError (status, redacted URL, raw response body, isAbort).
func detailOf(err error) errorDetail {
	d := errorDetail{Response: map[string]any{}, Code: errorCode(err)}
	var cre *core.ClientResponseError
	if errors.As(err, &cre) {
		d.URL, d.Status, d.IsAbort = cre.URL, cre.Status, cre.IsAbort
		if cre.Response != nil {
			d.Response = cre.Response
		}
		d.Message = cre.Message()
		if cre.OriginalError != nil {
			d.OriginalError = describeOriginal(cre.OriginalError)
		}
		// A client-side reason is more useful to a person than core's
		// generic "the request was cancelled".
		if own := ownMessage(err); own != "" && d.Status == 0 {
			d.Message = own
		}
	} else {
		d.Message = strings.TrimPrefix(err.Error(), "bosbase: ")
		d.OriginalError = describeOriginal(err)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || d.Code == "popup_closed" || d.Code == "aborted" {
		d.IsAbort = true
	}
	return d
}

// ownMessage returns the message of the module's own error in err's chain
// (not ErrPanic, whose details are in the full message).
func ownMessage(err error) string {
	for _, c := range errorCodes {
		if c.err != ErrPanic && errors.Is(err, c.err) {
			return c.err.Error()
		}
	}
	return ""
}

// describeOriginal takes the message from err.Error(), never from the JS
// error found inside: a wrapper on the way (core's redaction of a URL
// callback's error) may have hidden secrets the JS message quotes.
func describeOriginal(err error) *originalError {
	o := &originalError{Message: strings.TrimPrefix(err.Error(), "bosbase: ")}
	var je *JSError
	if errors.As(err, &je) && je.Name != "" {
		o.Name = je.Name
		o.Message = strings.TrimPrefix(o.Message, je.Name+": ")
	}
	return o
}

// toJSError builds the JS value a Promise rejects with: an Error whose
// message is the human-readable message and whose "bosgo" property holds
// the errorDetail. web/bosbase.js turns it into a ClientResponseError.
func toJSError(err error) safejs.Value {
	d := detailOf(err)
	e, cerr := global("Error").New(d.Message)
	if cerr != nil {
		return safejs.Undefined()
	}
	if v, jerr := toJS(d); jerr == nil {
		_ = e.Set("bosgo", v)
	}
	return e
}
