package hostile

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Outcome is what a runner observed for one case.
type Outcome struct {
	// OK reports that the operation succeeded; Value is its result (see
	// [Op]).
	OK    bool   `json:"ok"`
	Value string `json:"value"`

	// Typed reports that the failure was the SDK's error type
	// (*core.ClientResponseError natively, ClientResponseError in JS).
	Typed   bool   `json:"typed"`
	Status  int    `json:"status"`
	Abort   bool   `json:"isAbort"`
	Message string `json:"message"`
	// ErrorText is the whole error string (err.Error() / String(err)),
	// checked for leaked secrets.
	ErrorText string `json:"errorText"`
	MFAID     string `json:"mfaId"`

	// Token is the store's token after the operation.
	Token string `json:"token"`
	// Elapsed is how long the operation took; Hung reports that it did not
	// settle within the deadline plus HangGrace; Panic holds a recovered
	// panic or an uncaught exception.
	Elapsed time.Duration `json:"elapsed"`
	Hung    bool          `json:"hung"`
	Panic   string        `json:"panic"`
}

// Check compares o with the case's expectation and returns every mismatch
// joined, or nil.
func Check(c Case, o Outcome) error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if o.Panic != "" {
		bad("panicked: %s", o.Panic)
	}
	if o.Hung {
		bad("hung: no result within %v", c.deadline()+HangGrace)
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	w := c.Want
	switch {
	case w.OK && !o.OK:
		bad("failed (status %d, abort %v): %s; want success", o.Status, o.Abort, o.Message)
	case w.OK && w.Value != "" && o.Value != w.Value:
		bad("value = %q, want %q", clip(o.Value), clip(w.Value))
	case !w.OK && o.OK:
		bad("succeeded with %q; want an error (status %d)", clip(o.Value), w.Status)
	case !w.OK:
		if !o.Typed {
			bad("error is not the SDK's error type: %s", o.ErrorText)
		}
		if o.Status != w.Status {
			bad("status = %d, want %d (message %q)", o.Status, w.Status, o.Message)
		}
		if o.Abort != w.Abort {
			bad("isAbort = %v, want %v (message %q)", o.Abort, w.Abort, o.Message)
		}
		if w.Message != "" && !strings.Contains(o.Message, w.Message) {
			bad("message = %q, want it to contain %q", o.Message, w.Message)
		}
		if w.Text != "" && !strings.Contains(o.ErrorText, w.Text) {
			bad("error text = %q, want it to contain %q", o.ErrorText, w.Text)
		}
		if o.MFAID != w.MFAID {
			bad("mfaId = %q, want %q", o.MFAID, w.MFAID)
		}
	}
	if strings.Contains(o.ErrorText, Password) || strings.Contains(o.Message, Password) {
		bad("the error leaks the password")
	}
	if c.Session != "" && (strings.Contains(o.ErrorText, c.Session) || strings.Contains(o.Message, c.Session)) {
		bad("the error leaks the session token")
	}
	var wantToken string
	switch w.Store {
	case StoreKept:
		wantToken = c.Session
	case StoreCleared:
		wantToken = ""
	case StoreValue:
		wantToken = o.Value
	case StoreToken:
		wantToken = w.Token
	}
	if o.Token != wantToken {
		bad("store token = %q, want %q", clip(o.Token), clip(wantToken))
	}
	return errors.Join(errs...)
}

// clip shortens s for a failure message.
func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}
