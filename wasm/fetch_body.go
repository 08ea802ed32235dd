//go:build js && wasm

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/hack-pad/safejs"
)

// streamBody is a response body read chunk by chunk from a fetch
// ReadableStream. Read blocks on the stream's reader (never on the JS event
// loop, which would deadlock); Close cancels the stream and releases the
// request. It is safe to Close while a Read is blocked.
type streamBody struct {
	parent  context.Context    // the request's context
	ctx     context.Context    // parent, also cancelled by Close
	cancel  context.CancelFunc // cancels ctx
	reader  safejs.Value       // ReadableStreamDefaultReader, or undefined for no body
	release func()             // stops the request's AbortController watch

	mu   sync.Mutex // guards buf, err
	buf  []byte
	err  error
	once sync.Once
}

func newStreamBody(parent context.Context, stream safejs.Value, release func()) *streamBody {
	ctx, cancel := context.WithCancel(parent)
	b := &streamBody{parent: parent, ctx: ctx, cancel: cancel, reader: safejs.Undefined(), release: release}
	if !isNullish(stream) {
		if r, err := stream.Call("getReader"); err == nil {
			b.reader = r
		}
	}
	return b
}

// errBodyClosed is returned by Read after Close.
var errBodyClosed = errors.New("read on closed response body")

// Read implements io.Reader. Reads must not overlap (as for any
// io.Reader); Close may be called at any time.
func (b *streamBody) Read(p []byte) (int, error) {
	b.mu.Lock()
	if len(b.buf) == 0 && b.err == nil {
		b.mu.Unlock()
		chunk, err := b.next()
		b.mu.Lock()
		b.buf, b.err = chunk, err
	}
	n := copy(p, b.buf)
	b.buf = b.buf[n:]
	var err error
	if len(b.buf) == 0 {
		err = b.err
	}
	b.mu.Unlock()
	if n > 0 {
		return n, nil
	}
	return 0, err
}

// next awaits the next non-empty chunk.
func (b *streamBody) next() ([]byte, error) {
	if b.reader.IsUndefined() {
		return nil, io.EOF
	}
	for {
		if err := b.ctxErr(); err != nil {
			return nil, err
		}
		p, err := b.reader.Call("read")
		if err != nil {
			return nil, fmt.Errorf("read body: %w", err)
		}
		res, err := await(b.ctx, p)
		if err != nil {
			if cerr := b.ctxErr(); cerr != nil {
				return nil, cerr
			}
			return nil, fmt.Errorf("read body: %w", err)
		}
		if boolOf(get(res, "done")) {
			return nil, io.EOF
		}
		chunk, err := bytesFromJS(get(res, "value"))
		if err != nil {
			return nil, fmt.Errorf("read body: %w", err)
		}
		if len(chunk) > 0 {
			return chunk, nil
		}
	}
}

// ctxErr says why reading must stop: the request's context ended, or the
// body was closed.
func (b *streamBody) ctxErr() error {
	if err := b.parent.Err(); err != nil {
		return fmt.Errorf("read body: %w", err)
	}
	if b.ctx.Err() != nil {
		return errBodyClosed
	}
	return nil
}

// Close cancels the stream and releases the request; it is safe to call
// more than once.
func (b *streamBody) Close() error {
	b.once.Do(func() {
		b.cancel()
		if !b.reader.IsUndefined() {
			if p, err := b.reader.Call("cancel"); err == nil {
				swallowRejection(p) // rejects with AbortError after an abort
			}
		}
		if b.release != nil {
			b.release()
		}
	})
	return nil
}
