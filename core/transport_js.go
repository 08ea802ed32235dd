//go:build js

package core

import "context"

func defaultTransport() Transport {
	return TransportFunc(func(context.Context, *Request) (*Response, error) {
		return nil, unsupportedPort("transport").err()
	})
}
