//go:build js && wasm

package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"

	"github.com/bosgo/bosgo/core"

	"github.com/bosgo/bosgo/internal/jsonv"
)

// DefaultLockWait bounds how long a refresh waits for another tab's.
const DefaultLockWait = 10 * time.Second

// refreshSaveWait bounds how long the lock stays held after a successful
// refresh answer while this tab saves it.
const refreshSaveWait = 2 * time.Second

// RefreshLock makes auth-refresh single-flight across the tabs of an
// origin. It is [core.Middleware] for the client's transport: every POST to
// /api/collections/{c}/auth-refresh — core's auto-refresh and explicit
// authRefresh calls alike — first takes the Web Lock "bosgo-refresh:"+Key,
// so two tabs never refresh at the same moment (core already makes it
// single-flight within the tab).
//
// A successful refresh keeps the lock until this tab has saved the answer
// to the shared store (at most two seconds), then bumps a refresh
// generation kept in localStorage next to the session. A tab that waited
// for the lock and finds the generation moved on does not refresh again:
// another tab just did, so it answers with the session now in the shared
// store, as the server gave it to that tab. Comparing tokens would not do:
// a refresh within the same second returns the very same token. That
// shortcut is taken only when the token being refreshed was the shared
// store's when the refresh started: a refresh of any other session (an
// impersonation client's) never receives the shared store's session.
// Register it with [core.WithSessionMiddleware], so that clients holding
// another store do not inherit it.
//
// When the shared session changed while the refresh was in flight (a
// sign-out in any tab), core will not save the answer
// ([core.AuthStore.CompareAndSave]): the lock is released at once and the
// generation stays.
//
// A lock held longer than Wait (a hung tab) fails the refresh with an
// error wrapping [ErrLockTimeout] instead of hanging; the next refresh
// tries again. Wait zero means [DefaultLockWait].
type RefreshLock struct {
	Key   string         // the storage key of the session the lock guards
	Store core.AuthStore // the shared store the answers are saved to
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
	name := "bosgo-refresh:" + l.Key
	gen := readGeneration(name)
	sent := req.Header.Get("Authorization")
	shared := l.Store != nil && sent == l.Store.Token()
	release, _, err := webLock(ctx, name, wait)
	if err != nil {
		return nil, fmt.Errorf("auth-refresh: %w", err)
	}
	if shared && readGeneration(name) != gen && l.Store.IsValid() {
		release()
		return sessionResponse(l.Store)
	}
	var saved chan struct{}
	var removeListener func()
	if l.Store != nil {
		saved = make(chan struct{})
		var once sync.Once
		removeListener = l.Store.OnChange(func(core.AuthEvent) { once.Do(func() { close(saved) }) })
	}
	resp, err := next.RoundTrip(ctx, req)
	if err != nil || saved == nil || resp.StatusCode < 200 || resp.StatusCode > 299 {
		if removeListener != nil {
			removeListener()
		}
		if err != nil {
			release()
			return nil, err
		}
		resp.Body = &releasingBody{ReadCloser: resp.Body, release: release}
		return resp, nil
	}
	// core saves the answer right after it has closed the body: keep the
	// lock until then, so the next tab finds the new session.
	resp.Body = &releasingBody{ReadCloser: resp.Body, release: func() {
		if l.Store.Token() != sent {
			removeListener()
			release()
			return
		}
		go func() {
			defer release()
			defer removeListener()
			timer := time.NewTimer(refreshSaveWait)
			defer timer.Stop()
			select {
			case <-saved:
			case <-timer.C:
			}
			writeGeneration(name, readGeneration(name)+1)
		}()
	}}
	return resp, nil
}

// sessionResponse answers an auth-refresh with the session in store.
func sessionResponse(store core.AuthStore) (*core.Response, error) {
	body, err := jsonv.Marshal(map[string]any{"token": store.Token(), "record": store.Record()})
	if err != nil {
		return nil, fmt.Errorf("auth-refresh: %w", err)
	}
	return &core.Response{
		StatusCode: 200,
		Header:     core.Header{"content-type": "application/json"},
		Body:       io.NopCloser(bytes.NewReader(body)),
	}, nil
}

// readGeneration returns the refresh generation of the named lock, 0 when
// there is none or localStorage is unavailable.
func readGeneration(name string) int {
	v, err := global("localStorage").Call("getItem", name+":generation")
	if err != nil {
		return 0
	}
	n, _ := strconv.Atoi(stringOf(v))
	return n
}

// writeGeneration stores the refresh generation of the named lock.
func writeGeneration(name string, n int) {
	_, _ = global("localStorage").Call("setItem", name+":generation", strconv.Itoa(n))
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
