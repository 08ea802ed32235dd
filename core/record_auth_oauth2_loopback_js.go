//go:build js

package core

import (
	"context"
	"errors"
)

// oauth2Loopback is not available in the browser, which cannot listen for
// connections.
func (s *RecordService) oauth2Loopback(context.Context, OAuth2Options) (*AuthResponse, error) {
	return nil, newClientError("", 0, "oauth2: loopback mode needs a native build (a browser cannot listen for the redirect)", errors.ErrUnsupported)
}
