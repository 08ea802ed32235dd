//go:build !js

package core

import (
	"context"
	"errors"
)

// TEMPORARY until the native SSE streamer lands (helper: realtime).
type pendingStreamer struct{}

func (pendingStreamer) Open(context.Context, string, Header) (EventStream, error) {
	return nil, errors.ErrUnsupported
}

func defaultEventStreamer() EventStreamer { return pendingStreamer{} }
