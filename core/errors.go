package core

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors for conditions found on the client side.
var (
	// ErrNotAuthenticated means that an action needs a signed-in record
	// and the auth store is empty. The calls of [Client] leave that
	// decision to the server, which answers 401, so they do not return it;
	// it is for applications and adapters that check the store first (the
	// browser module maps it to the error code "not_authenticated").
	ErrNotAuthenticated = errors.New("bosbase: not authenticated")
	// ErrTokenExpired means that a token is known to be expired and cannot
	// be refreshed. The client returns it, before sending anything, for a
	// request that would carry such a stored token, and clears the store
	// (the expiry rule of [Client.Send]); the browser module maps it to
	// the error code "token_expired".
	ErrTokenExpired = errors.New("bosbase: token expired")
	// ErrSessionChanged means that a call would have written a session it
	// did not create (an auth-refresh answer) but the store no longer
	// holds the token it was sent with: the user signed out or signed in
	// again meanwhile. The store was left as it is.
	ErrSessionChanged = errors.New("bosbase: the session changed during the call")
	// ErrInvalidBaseURL is wrapped by the error of every call of a client
	// whose base URL could not be parsed or is not an absolute http(s)
	// URL.
	ErrInvalidBaseURL = errors.New("bosbase: invalid base URL")
)

// ClientResponseError is the one error type of the SDK, named as in the
// BosBase SDKs. HTTP errors carry the status and the decoded body;
// transport failures and cancellation carry Status 0 and the original
// error, which [errors.Is] and [errors.As] reach through Unwrap.
type ClientResponseError struct {
	// URL is the request URL with secrets in its query redacted.
	URL string
	// Status is the HTTP status code, or 0 when no response arrived.
	Status int
	// Response is the decoded JSON body; never nil. For a non-JSON body it
	// is empty and Message says what came instead. The MFA challenge is
	// the body {"mfaId": "…"}: see [MFAID].
	Response map[string]any
	// IsAbort reports that the request was cancelled or timed out through
	// its context.
	IsAbort bool
	// OriginalError is the underlying cause, if any.
	OriginalError error

	message string
}

// Error returns a one-line description: "bosbase: ", the redacted URL,
// the status, the message, natively the failing fields with their messages
// (see [ClientResponseError.FieldErrors]; never their values) and, when no
// response arrived, the cause. The "bosbase: " prefix appears once, however
// deep the cause chain. It carries no token, password, OTP code or OAuth2
// secret, as long as URL was redacted (the SDK's errors always are).
func (e *ClientResponseError) Error() string {
	var b strings.Builder
	b.WriteString("bosbase: ")
	if e.URL != "" {
		b.WriteString(e.URL)
		b.WriteString(": ")
	}
	if e.Status != 0 {
		fmt.Fprintf(&b, "%d ", e.Status)
	}
	msg := e.Message()
	if e.OriginalError != nil && e.Status == 0 {
		// One prefix per chain: the causes' own "bosbase: " go, and a
		// cause that starts with the message replaces it.
		cause := strings.ReplaceAll(e.OriginalError.Error(), "bosbase: ", "")
		if strings.HasPrefix(cause, msg) {
			msg = cause
		} else if cause != "" {
			msg += ": " + cause
		}
	}
	b.WriteString(msg)
	writeFieldErrors(&b, e)
	return b.String()
}

// Unwrap returns the original error, so that [errors.Is] and [errors.As]
// reach the cause (a context error, a sentinel, a [*PubSubError]).
func (e *ClientResponseError) Unwrap() error { return e.OriginalError }

// Message returns the server's message, or a description of what went
// wrong when the server sent none.
func (e *ClientResponseError) Message() string {
	if m, ok := e.Response["message"].(string); ok && m != "" {
		return m
	}
	if e.message != "" {
		return e.message
	}
	switch {
	case e.IsAbort:
		return "the request was cancelled"
	case e.Status == 401 && e.Response["mfaId"] != nil:
		return "multi-factor authentication required"
	case e.Status == 0:
		return "the request failed"
	}
	return "something went wrong"
}

// Data returns the per-field validation errors of the response, or an
// empty map.
func (e *ClientResponseError) Data() map[string]any {
	if d, ok := e.Response["data"].(map[string]any); ok {
		return d
	}
	return map[string]any{}
}

// MFAID reports the MFA id of an error that is the server's MFA challenge
// (a 401 whose body carries "mfaId"). Pass the id to the second factor with
// [WithMFA].
func MFAID(err error) (string, bool) {
	var e *ClientResponseError
	if !errors.As(err, &e) || e.Status != 401 {
		return "", false
	}
	id, ok := e.Response["mfaId"].(string)
	return id, ok && id != ""
}

// StatusOf returns the HTTP status of err's [*ClientResponseError], 0 when
// no response arrived, and -1 when err is nil or of another kind.
func StatusOf(err error) int {
	var e *ClientResponseError
	if !errors.As(err, &e) {
		return -1
	}
	return e.Status
}

// IsAbort reports whether err is a cancellation or timeout of the request's
// context.
func IsAbort(err error) bool {
	var e *ClientResponseError
	if errors.As(err, &e) && e.IsAbort {
		return true
	}
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// newTransportError wraps a failure that produced no response.
func newTransportError(url string, err error) *ClientResponseError {
	return &ClientResponseError{
		URL:           url,
		Response:      map[string]any{},
		IsAbort:       errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded),
		OriginalError: err,
	}
}

// newClientError builds an error for a condition found on the client side,
// with the status the BosBase SDKs use for it (e.g. 404 for a missing id).
func newClientError(url string, status int, msg string, cause error) *ClientResponseError {
	return &ClientResponseError{URL: url, Status: status, Response: map[string]any{}, message: msg, OriginalError: cause}
}
