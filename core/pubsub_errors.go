package core

import (
	"context"
	"errors"
)

// Causes of pub/sub failures. Every [PubSubService] method fails with a
// [*ClientResponseError] of status 0 (or the HTTP status when the WebSocket
// handshake itself was refused); its cause, reachable with [errors.Is] and
// [errors.As], is one of these, a [*PubSubError], or the context's error.
var (
	// ErrPubSubTimeout means the server did not send "ready" within
	// [PubSubOptions.ConnectTimeout], or did not answer a request within
	// [PubSubOptions.AckTimeout].
	ErrPubSubTimeout = errors.New("timed out waiting for the pub/sub server")
	// ErrPubSubDisconnected means the connection was lost (or replaced after
	// an auth change) before the server answered the request. The request may
	// or may not have reached the server.
	ErrPubSubDisconnected = errors.New("the pub/sub connection was lost before the server answered")
	// ErrPubSubClosed means [PubSubService.Close] was called while the request
	// was waiting.
	ErrPubSubClosed = errors.New("the pub/sub service was closed")
	// ErrPubSubProtocol means the server answered a request with a frame of
	// the wrong type.
	ErrPubSubProtocol = errors.New("unexpected pub/sub reply")
)

// PubSubError is the server's refusal of one pub/sub request: an "error"
// frame carrying the request's id. Message is the server's text, e.g.
// "authentication required to publish", "payload too large" or "payload
// must be valid JSON".
//
// It arrives wrapped in a [*ClientResponseError]; find it with
//
//	var pe *core.PubSubError
//	if errors.As(err, &pe) { … pe.Message … }
type PubSubError struct {
	// Message is the server's text.
	Message string
	// RequestID is the id of the refused request.
	RequestID string
}

// Error returns the server's message.
func (e *PubSubError) Error() string {
	if e.Message == "" {
		return "the pub/sub server refused the request"
	}
	return e.Message
}

// pubsubFailure wraps cause into the SDK's error type for operation op
// ("publish", "subscribe", …) on the pub/sub endpoint u (already
// redacted). A cause that is a *ClientResponseError already (a refused
// handshake) is returned as is.
func pubsubFailure(u, op string, cause error) error {
	var cre *ClientResponseError
	if errors.As(cause, &cre) {
		return cause
	}
	msg := "pub/sub " + op + " failed"
	var pe *PubSubError
	if errors.As(cause, &pe) && pe.Message != "" {
		msg = pe.Message // the server's refusal, as Message is for HTTP errors
	}
	e := newClientError(u, 0, msg, cause)
	e.IsAbort = errors.Is(cause, context.Canceled) || errors.Is(cause, context.DeadlineExceeded)
	return e
}
