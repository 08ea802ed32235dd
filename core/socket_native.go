//go:build !js

package core

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"

	"github.com/coder/websocket"
)

// PubSubReadLimit is the largest incoming pub/sub frame [WebSocketDialer]
// accepts by default: the server's 256 KiB payload limit plus room for the
// message envelope (type, id, topic, created).
const PubSubReadLimit = 256<<10 + 64<<10

// WebSocketDialer is the native [SocketDialer], on
// github.com/coder/websocket. It sends the token as the Authorization
// header (the raw token, as for every other request), never in the URL.
// It is safe for concurrent use; its zero value is ready to use.
type WebSocketDialer struct {
	// HTTPClient performs the handshake; nil means http.DefaultClient.
	// Its Timeout, if any, bounds the handshake only.
	HTTPClient *http.Client
	// ReadLimit is the largest frame accepted, in bytes; a larger frame
	// closes the connection. Zero means [PubSubReadLimit].
	ReadLimit int64
}

var _ SocketDialer = (*WebSocketDialer)(nil)

// Dial opens a WebSocket to url ("ws://…" or "wss://…"). A handshake the
// server answers with another status than 101 gives a
// [*ClientResponseError] with that status and the decoded JSON body.
func (d *WebSocketDialer) Dial(ctx context.Context, url, token string) (Socket, error) {
	h := http.Header{}
	if token != "" {
		h.Set("Authorization", token)
	}
	c, resp, err := websocket.Dial(ctx, url, &websocket.DialOptions{HTTPClient: d.HTTPClient, HTTPHeader: h})
	if err != nil {
		if resp != nil && resp.StatusCode != http.StatusSwitchingProtocols {
			return nil, handshakeError(url, resp)
		}
		return nil, newTransportError(redactURL(url), withCtxErr(ctx, unwrapURLError(err)))
	}
	limit := d.ReadLimit
	if limit <= 0 {
		limit = PubSubReadLimit
	}
	c.SetReadLimit(limit)
	return &webSocket{c: c}, nil
}

// handshakeError turns a refused handshake into a *ClientResponseError.
func handshakeError(url string, resp *http.Response) error {
	var body []byte
	if resp.Body != nil {
		body, _ = io.ReadAll(io.LimitReader(resp.Body, 1024))
	}
	e := &ClientResponseError{URL: redactURL(url), Status: resp.StatusCode, Response: map[string]any{}}
	var m map[string]any
	if err := json.Unmarshal(bytes.TrimSpace(body), &m); err == nil && m != nil {
		e.Response = m
	} else {
		e.message = statusText(resp.StatusCode) + " (the server refused the WebSocket handshake)"
	}
	return e
}

// webSocket adapts a *websocket.Conn to [Socket].
type webSocket struct{ c *websocket.Conn }

// Read returns the next text frame; binary frames are skipped, as the
// server does.
func (s *webSocket) Read(ctx context.Context) ([]byte, error) {
	for {
		typ, b, err := s.c.Read(ctx)
		if err != nil {
			return nil, withCtxErr(ctx, err)
		}
		if typ == websocket.MessageText {
			return b, nil
		}
	}
}

// Write sends one text frame.
func (s *webSocket) Write(ctx context.Context, data []byte) error {
	return withCtxErr(ctx, s.c.Write(ctx, websocket.MessageText, data))
}

// Close performs the closing handshake (bounded by the library at 5 s).
func (s *webSocket) Close() error {
	err := s.c.Close(websocket.StatusNormalClosure, "")
	if errors.Is(err, net.ErrClosed) {
		return nil
	}
	return err
}

func defaultSocketDialer() SocketDialer { return &WebSocketDialer{} }
