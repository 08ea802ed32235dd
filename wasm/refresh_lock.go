//go:build js && wasm

package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/bosgo/bosgo/core"
)

// DefaultLockWait bounds how long a refresh waits for another tab's.
const DefaultLockWait = 10 * time.Second

// RefreshLock makes auth-refresh single-flight across the tabs of an
// origin. It is [core.Middleware] for the client's transport: every POST to
// /api/collections/{c}/auth-refresh — core's auto-refresh and explicit
// authRefresh calls alike — first takes the Web Lock "bosgo-refresh:"+Key,
// so two tabs never refresh at the same moment (core already makes it
// single-flight within the tab).
//
// After waiting, if the store no longer holds the token the request
// carries (another tab refreshed it meanwhile and the new token is in the
// shared localStorage), the request is sent with the current token, so it
// never refreshes — or gets the store cleared over — a stale one. The lock
// is released when the response body is closed.
//
// A lock held longer than Wait (a hung tab) fails the refresh with an
// error wrapping [ErrLockTimeout] instead of hanging; the next refresh
// tries again. Wait zero means [DefaultLockWait].
type RefreshLock struct {
	Key   string         // the storage key of the session the lock guards
	Store core.AuthStore // where the current token is read after the wait
	Wait  time.Duration
}

// Middleware returns the middleware to pass to [core.WithMiddleware].
func (l *RefreshLock) Middleware() core.Middleware {
	return func(next core.Transport) core.Transport {
		return core.TransportFunc(func(ctx context.Context, req *core.Request) (*core.Response, error) {
			if !isPath(req, "POST", "/auth-refresh") {
				return next.RoundTrip(ctx, req)
			}
			return l.roundTrip(ctx, next, req)
		})
	}
}

func (l *RefreshLock) roundTrip(ctx context.Context, next core.Transport, req *core.Request) (*core.Response, error) {
	wait := l.Wait
	if wait <= 0 {
		wait = DefaultLockWait
	}
	release, _, err := webLock(ctx, "bosgo-refresh:"+l.Key, wait)
	if err != nil {
		return nil, fmt.Errorf("auth-refresh: %w", err)
	}
	r := *req
	if sent := req.Header.Get("Authorization"); sent != "" && l.Store != nil {
		if cur := l.Store.Token(); cur != "" && cur != sent && l.Store.IsValid() {
			r.Header = req.Header.Clone()
			r.Header.Set("Authorization", cur)
		}
	}
	resp, err := next.RoundTrip(ctx, &r)
	if err != nil {
		release()
		return nil, err
	}
	resp.Body = &releasingBody{ReadCloser: resp.Body, release: release}
	return resp, nil
}

// releasingBody releases the lock when the body is closed.
type releasingBody struct {
	io.ReadCloser
	release func()
}

// Close closes the body and releases the lock.
func (b *releasingBody) Close() error {
	err := b.ReadCloser.Close()
	b.release()
	return err
}
