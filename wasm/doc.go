//go:build js && wasm

// Command wasm is bosgo built for the browser (GOOS=js GOARCH=wasm): the
// core client with browser adapters for its ports, exposed to JavaScript
// through one namespace global that web/bosbase.js wraps in a JS SDK-like
// API.
//
// Adapters (all on github.com/hack-pad/safejs, none on net/http):
//
//   - [FetchTransport]: core.Transport over the browser's fetch, with an
//     AbortController tied to the request context.
//   - [SSEStreamer]: core.EventStreamer reading text/event-stream over
//     fetch (see its doc for why not EventSource).
//   - [WebSocketDialer]: core.SocketDialer over the browser's WebSocket,
//     sending the token as ?token=.
//   - [WebStorageStore]: core.AuthStore on localStorage or sessionStorage,
//     in the BosBase JS SDK's format, synced across tabs by storage events.
//   - [RefreshLock]: cross-tab single-flight of auth-refresh through the
//     Web Locks API, with a bounded wait.
//   - [Popup]: the OAuth2 popup, opened synchronously in the caller's
//     gesture and watched for being closed.
//
// The JavaScript boundary (bridge.go) follows one contract: every export
// that can block returns a Promise settled from its own goroutine, one
// recover wrapper turns a Go panic into a rejection or an error result, and
// no per-call js.Func is ever created (callbacks go through one dispatcher,
// see callbacks.go), so nothing needs releasing and a late JS call into a
// finished callback is a no-op.
package main
