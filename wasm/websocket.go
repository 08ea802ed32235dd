//go:build js && wasm

package main

import (
	"context"
	"errors"
	"fmt"
	url "github.com/bosgo/bosgo/internal/urlx"
	"sync"

	"github.com/bosgo/bosgo/core"
	"github.com/hack-pad/safejs"
)

// WebSocketDialer is the browser's [core.SocketDialer] over the global
// WebSocket. Browsers cannot set headers on a WebSocket handshake, so the
// token travels as the ?token= query parameter, which BosBase accepts
// (reference §4.1). It is safe for concurrent use.
type WebSocketDialer struct{}

var _ core.SocketDialer = WebSocketDialer{}

// ErrSocketClosed is wrapped by Read and Write errors once the socket has
// closed; the close code and reason follow it in the message.
var ErrSocketClosed = errors.New("websocket closed")

// Dial opens rawURL (ws:// or wss://; http(s) is switched) and returns once
// the socket is open. It fails when the browser reports an error or a
// close before opening, or when ctx ends.
func (WebSocketDialer) Dial(ctx context.Context, rawURL, token string) (core.Socket, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("websocket: bad url %q: %w", redact(rawURL), err)
	}
	switch u.Scheme {
	case "http":
		u.Scheme = "ws"
	case "https":
		u.Scheme = "wss"
	}
	if token != "" {
		q := u.Query()
		q.Set("token", token)
		u.RawQuery = q.Encode()
	}
	ctor := global("WebSocket")
	if !isFunction(ctor) {
		return nil, fmt.Errorf("websocket: %w", ErrNotBrowser)
	}
	ws, err := ctor.New(u.String())
	if err != nil {
		return nil, fmt.Errorf("websocket: %s: %w", redact(rawURL), urlRejected(err))
	}
	_ = ws.Set("binaryType", "arraybuffer")
	s := newBrowserSocket(ws)
	select {
	case <-s.opened:
		return s, nil
	case <-s.closed:
		return nil, fmt.Errorf("websocket: %s: %w", redact(rawURL), s.closeErr())
	case <-ctx.Done():
		_ = s.Close()
		return nil, fmt.Errorf("websocket: %s: %w", redact(rawURL), ctx.Err())
	}
}

// browserSocket is one open browser WebSocket. Incoming frames are queued
// by the JS event handlers (which must not block) and handed out by Read.
type browserSocket struct {
	ws      safejs.Value
	removes []func() // the handler callbacks

	opened    chan struct{}
	closed    chan struct{}
	readyMu   sync.Mutex // guards openOnce/closeOnce use with err
	openOnce  sync.Once
	closeOnce sync.Once
	err       error // why it closed; set before closed is closed

	mu     sync.Mutex // guards queue
	queue  [][]byte
	notify chan struct{} // capacity 1: "queue may be non-empty"
}

func newBrowserSocket(ws safejs.Value) *browserSocket {
	s := &browserSocket{ws: ws, opened: make(chan struct{}), closed: make(chan struct{}), notify: make(chan struct{}, 1)}
	s.on("onopen", func([]safejs.Value) any {
		s.openOnce.Do(func() { close(s.opened) })
		return nil
	})
	s.on("onmessage", func(args []safejs.Value) any {
		data := get(arg0(args), "data")
		var frame []byte
		if data.Type() == safejs.TypeString {
			frame = []byte(stringOf(data))
		} else if b, err := bytesFromJS(data); err == nil {
			frame = b
		}
		s.mu.Lock()
		s.queue = append(s.queue, frame)
		s.mu.Unlock()
		select {
		case s.notify <- struct{}{}:
		default:
		}
		return nil
	})
	s.on("onerror", func([]safejs.Value) any {
		s.finish(fmt.Errorf("%w: the browser reported a socket error", ErrSocketClosed))
		return nil
	})
	s.on("onclose", func(args []safejs.Value) any {
		ev := arg0(args)
		code, _ := get(ev, "code").Int()
		s.finish(fmt.Errorf("%w: code %d %s", ErrSocketClosed, code, stringOf(get(ev, "reason"))))
		return nil
	})
	return s
}

// on installs a handler property (onopen, onmessage, …).
func (s *browserSocket) on(prop string, fn func([]safejs.Value) any) {
	cb, remove := newCallback(fn)
	_ = s.ws.Set(prop, cb)
	s.removes = append(s.removes, remove)
}

// finish records why the socket ended and wakes every waiter.
func (s *browserSocket) finish(err error) {
	s.closeOnce.Do(func() {
		s.readyMu.Lock()
		s.err = err
		s.readyMu.Unlock()
		close(s.closed)
		for _, remove := range s.removes {
			remove()
		}
	})
}

func (s *browserSocket) closeErr() error {
	s.readyMu.Lock()
	defer s.readyMu.Unlock()
	return s.err
}

// Read returns the next frame; frames that arrived before the close are
// still returned.
func (s *browserSocket) Read(ctx context.Context) ([]byte, error) {
	for {
		s.mu.Lock()
		if len(s.queue) > 0 {
			f := s.queue[0]
			s.queue = s.queue[1:]
			s.mu.Unlock()
			return f, nil
		}
		s.mu.Unlock()
		select {
		case <-s.notify:
		case <-s.closed:
			s.mu.Lock()
			empty := len(s.queue) == 0
			s.mu.Unlock()
			if empty {
				return nil, s.closeErr()
			}
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// Write sends one text frame.
func (s *browserSocket) Write(ctx context.Context, data []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case <-s.closed:
		return s.closeErr()
	default:
	}
	if _, err := s.ws.Call("send", string(data)); err != nil {
		return fmt.Errorf("websocket send: %w", err)
	}
	return nil
}

// Close closes the socket normally; it is safe to call twice.
func (s *browserSocket) Close() error {
	_, _ = s.ws.Call("close", 1000)
	s.finish(fmt.Errorf("%w: closed by the client", ErrSocketClosed))
	return nil
}
