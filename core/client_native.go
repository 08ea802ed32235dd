//go:build !js

package core

import "net/http"

// WithHTTPClient makes every native port use hc: requests ([HTTPTransport]),
// the realtime stream ([HTTPEventStreamer], which ignores hc.Timeout so that
// the stream is not cut) and the pub/sub handshake ([WebSocketDialer]). Set
// a proxy, mTLS certificates or custom root CAs once, here. A
// [WithTransport], [WithEventStreamer] or [WithSocketDialer] given after it
// replaces that one port. Not available under GOOS=js, where the browser
// owns the connections.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) {
		c.transport = &HTTPTransport{Client: hc}
		c.events = &HTTPEventStreamer{Client: hc}
		c.sockets = &WebSocketDialer{HTTPClient: hc}
	}
}
