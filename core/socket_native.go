//go:build !js

package core

import (
	"context"
	"errors"
)

// TEMPORARY until the native WebSocket dialer lands (helper: pubsub).
type pendingDialer struct{}

func (pendingDialer) Dial(context.Context, string, string) (Socket, error) {
	return nil, errors.ErrUnsupported
}

func defaultSocketDialer() SocketDialer { return pendingDialer{} }
