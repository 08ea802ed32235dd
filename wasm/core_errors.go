//go:build js && wasm

package main

import "github.com/bosgo/bosgo/core"

// coreErrorCodes maps core's sentinel errors to JS error codes.
func coreErrorCodes() []codedError {
	return []codedError{
		{core.ErrNotAuthenticated, "not_authenticated"},
		{core.ErrTokenExpired, "token_expired"},
		{core.ErrInvalidBaseURL, "invalid_base_url"},
	}
}
