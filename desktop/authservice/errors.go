package authservice

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/desktop/tokenstore"
)

// Error is every error the service returns: Message is a sentence for the
// user, Code a stable identifier for the UI, and Err the cause (never
// shown, never containing a token or password).
type Error struct {
	Code    string // e.g. "wrong-credentials", "unreachable", "rate-limited"
	Message string
	Err     error
}

// Error returns the sentence.
func (e *Error) Error() string { return e.Message }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Error codes.
const (
	CodeInvalidInput     = "invalid-input"
	CodeWrongCredentials = "wrong-credentials"
	CodeWrongCode        = "wrong-code"
	CodeUnreachable      = "unreachable"
	CodeRateLimited      = "rate-limited"
	CodeForbidden        = "forbidden"
	CodeNotFound         = "not-found"
	CodeServer           = "server-error"
	CodeCancelled        = "cancelled"
	CodeTimeout          = "timeout"
	CodeNotSignedIn      = "not-signed-in"
	CodeNotSuperuser     = "not-superuser"
	CodeStorage          = "storage"
	CodeBusy             = "busy"
	CodeOAuth2           = "oauth2"
)

func inputError(msg string) error { return &Error{Code: CodeInvalidInput, Message: msg} }

// action names what the user tried, for the messages.
type action int

const (
	actConnect action = iota
	actPassword
	actOTPRequest
	actOTP
	actOAuth2
	actImpersonate
	actOther
)

// friendly turns an SDK error into an [*Error] whose message reads as a
// sentence. The server's own message is used where it is meant for users;
// URLs are never included beyond the server address.
func friendly(err error, act action, server string) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	wrap := func(code, msg string) error { return &Error{Code: code, Message: msg, Err: err} }
	switch {
	case errors.Is(err, core.ErrOAuth2Cancelled):
		return wrap(CodeCancelled, "Sign-in was cancelled in the browser.")
	case errors.Is(err, core.ErrOAuth2Timeout):
		return wrap(CodeTimeout, "Sign-in timed out: the browser did not come back in time. Please try again.")
	case errors.Is(err, core.ErrOAuth2StateMismatch):
		return wrap(CodeOAuth2, "The browser answered for a different sign-in attempt. Please try again.")
	case errors.Is(err, core.ErrOAuth2Redirect):
		return wrap(CodeOAuth2, "The sign-in provider reported a problem. Please try again.")
	case errors.Is(err, core.ErrOAuth2UnknownProvider):
		return wrap(CodeOAuth2, "That sign-in provider is not available on this server any more.")
	case errors.Is(err, core.ErrRealtimeDisconnected):
		return wrap(CodeUnreachable, "The connection to the server dropped while waiting for the browser. Please try again.")
	case errors.Is(err, context.Canceled):
		return wrap(CodeCancelled, "Cancelled.")
	case errors.Is(err, context.DeadlineExceeded):
		return wrap(CodeTimeout, "The server took too long to answer. Please try again.")
	case errors.Is(err, core.ErrInvalidBaseURL):
		return wrap(CodeInvalidInput, "The server address is not a valid URL; it should look like http://127.0.0.1:8090.")
	case errors.Is(err, tokenstore.ErrNoKeyring):
		return wrap(CodeStorage, "Your session could not be saved because the system keyring is not available.")
	case errors.Is(err, tokenstore.ErrClosed):
		return wrap(CodeStorage, "The session store is closed.")
	}
	status := core.StatusOf(err)
	var cre *core.ClientResponseError
	msg := ""
	if errors.As(err, &cre) {
		msg = strings.TrimSpace(cre.Message())
	}
	switch {
	case status == 0:
		return wrap(CodeUnreachable, fmt.Sprintf("Could not reach the server at %s. Check the address and that the server is running.", server))
	case status == http.StatusTooManyRequests:
		return wrap(CodeRateLimited, "Too many attempts. Please wait a minute and try again.")
	case status >= 500:
		return wrap(CodeServer, fmt.Sprintf("The server had a problem (error %d). Please try again later.", status))
	}
	switch act {
	case actConnect:
		if status == http.StatusNotFound || status == http.StatusBadRequest {
			return wrap(CodeNotFound, "This server has no auth collection by that name.")
		}
	case actPassword:
		if status == http.StatusBadRequest {
			return wrap(CodeWrongCredentials, "The email or password is incorrect.")
		}
	case actOTP:
		if status == http.StatusBadRequest {
			return wrap(CodeWrongCode, "That code is wrong or has expired. Check the email or request a new code.")
		}
	case actOTPRequest:
		if status == http.StatusBadRequest {
			return wrap(CodeInvalidInput, "Please enter a valid email address.")
		}
	case actImpersonate:
		switch status {
		case http.StatusNotFound:
			return wrap(CodeNotFound, "There is no such user.")
		case http.StatusUnauthorized, http.StatusForbidden:
			return wrap(CodeNotSuperuser, "Only a signed-in superuser can impersonate users.")
		}
	}
	switch status {
	case http.StatusUnauthorized:
		return wrap(CodeNotSignedIn, "Your session is no longer valid. Please sign in again.")
	case http.StatusForbidden:
		if msg != "" {
			return wrap(CodeForbidden, "The server refused: "+sentence(msg))
		}
		return wrap(CodeForbidden, "The server refused this request.")
	case http.StatusNotFound:
		return wrap(CodeNotFound, "The server could not find what was asked for.")
	}
	if msg != "" {
		return wrap(CodeServer, sentence(msg))
	}
	return wrap(CodeServer, fmt.Sprintf("The request failed (error %d).", status))
}

// sentence makes sure msg ends with a full stop.
func sentence(msg string) string {
	if msg == "" || strings.HasSuffix(msg, ".") || strings.HasSuffix(msg, "!") || strings.HasSuffix(msg, "?") {
		return msg
	}
	return msg + "."
}
