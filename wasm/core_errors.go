//go:build js && wasm

package main

import "github.com/bosgo/bosgo/core"

// coreErrorCodes maps core's sentinel errors to JS error codes (err.code).
// The OAuth2 ones come first: their errors also wrap context errors.
func coreErrorCodes() []codedError {
	return []codedError{
		{core.ErrOAuth2Cancelled, "oauth2_cancelled"},
		{core.ErrOAuth2Redirect, "oauth2_redirect"},
		{core.ErrOAuth2StateMismatch, "oauth2_state_mismatch"},
		{core.ErrOAuth2Timeout, "timeout"},
		{core.ErrOAuth2UnknownProvider, "oauth2_unknown_provider"},
		{core.ErrOAuth2UnsafeURL, "oauth2_unsafe_url"},
		{core.ErrRealtimeDisconnected, "realtime_disconnected"},
		{core.ErrPubSubTimeout, "pubsub_timeout"},
		{core.ErrPubSubDisconnected, "pubsub_disconnected"},
		{core.ErrPubSubClosed, "pubsub_closed"},
		{core.ErrPubSubProtocol, "pubsub_protocol"},
		{core.ErrFilterValue, "filter_value"},
		{core.ErrNotAuthenticated, "not_authenticated"},
		{core.ErrTokenExpired, "token_expired"},
		{core.ErrSessionChanged, "session_changed"},
		{core.ErrInvalidBaseURL, "invalid_base_url"},
	}
}
