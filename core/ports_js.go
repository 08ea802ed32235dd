//go:build js

package core

import (
	"context"
	"errors"
	"fmt"
)

type unsupportedPort string

func (p unsupportedPort) err() error {
	return fmt.Errorf("bosbase: no %s for GOOS=js; use the wasm package's adapters: %w", string(p), errors.ErrUnsupported)
}

func (p unsupportedPort) Open(context.Context, string, Header) (EventStream, error) {
	return nil, p.err()
}

func (p unsupportedPort) Dial(context.Context, string, string) (Socket, error) { return nil, p.err() }

func defaultEventStreamer() EventStreamer { return unsupportedPort("event streamer") }

func defaultSocketDialer() SocketDialer { return unsupportedPort("socket dialer") }
