package core

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Sentinel errors of [RecordService.AuthWithOAuth2]. Each reaches the caller
// wrapped in a [*ClientResponseError] with Status 0, so errors.Is finds it.
var (
	// ErrOAuth2Cancelled means the user declined at the provider, which
	// redirected back with error=access_denied.
	ErrOAuth2Cancelled = errors.New("bosbase: oauth2 sign-in cancelled at the provider")
	// ErrOAuth2Redirect means the provider redirected back with another error,
	// or without a code.
	ErrOAuth2Redirect = errors.New("bosbase: oauth2 redirect without a code")
	// ErrOAuth2StateMismatch means the redirect's state is not the one the
	// flow put in the URL (a stale or forged redirect).
	ErrOAuth2StateMismatch = errors.New("bosbase: oauth2 state mismatch")
	// ErrOAuth2Timeout means no redirect arrived within
	// [OAuth2Options.Timeout]. The error also wraps context.DeadlineExceeded
	// and has IsAbort set.
	ErrOAuth2Timeout = errors.New("bosbase: oauth2 sign-in timed out")
	// ErrOAuth2UnknownProvider means the collection has no enabled provider of
	// that name.
	ErrOAuth2UnknownProvider = errors.New("bosbase: unknown oauth2 provider")
	// ErrOAuth2UnsafeURL means the provider's auth URL (admin-configurable,
	// from the auth-methods answer) is not an http or https URL with a
	// host: a javascript:, data: or other URL is never opened.
	ErrOAuth2UnsafeURL = errors.New("bosbase: the oauth2 provider URL is not http or https")
)

// oauth2Error wraps a sentinel (and maybe a cause) as the SDK's error type.
func oauth2Error(msg string, sentinel error, cause error) *ClientResponseError {
	err := sentinel
	if cause != nil {
		err = fmt.Errorf("%w: %w", sentinel, cause)
	}
	return newClientError("", 0, msg, err)
}

// oauth2WaitError is the error of a flow whose wait context ended: a
// cancellation of the caller's ctx, or the flow's own timeout.
func oauth2WaitError(ctx context.Context, timeout time.Duration) *ClientResponseError {
	var e *ClientResponseError
	if err := ctx.Err(); err != nil {
		e = newClientError("", 0, "oauth2: sign-in cancelled", err)
	} else {
		e = oauth2Error("oauth2: no answer from the provider within "+timeout.String(), ErrOAuth2Timeout, context.DeadlineExceeded)
	}
	e.IsAbort = true
	return e
}

// redirectErrorText keeps a provider's error code printable and short: it
// is echoed in an error string.
func redirectErrorText(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s) && len(b) < 64; i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.' {
			b = append(b, c)
		}
	}
	return string(b)
}
