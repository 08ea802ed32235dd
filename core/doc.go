// Package core is the platform-free BosBase client: the auth protocol, the
// auth store contract, record access, realtime and pub/sub.
//
// Everything that differs per platform is a small port: the HTTP
// [Transport], the server-sent [EventStreamer], the pub/sub [SocketDialer],
// the [AuthStore] and the clock. Native defaults (net/http and
// github.com/coder/websocket) are used when the program is not built for
// GOOS=js, so [New] works out of the box in Go programs; the browser build
// (package wasm of this module) supplies fetch, EventSource, WebSocket and
// localStorage adapters instead.
//
// # Authentication
//
// A [Client] keeps the signed-in token and record in its [AuthStore]. Every
// successful auth call saves to the store, and every request carries the
// stored token in the Authorization header (the raw JWT, no "Bearer"),
// whether or not the token looks valid locally: the server decides.
//
//	pb := core.New("http://127.0.0.1:8090")
//	auth, err := pb.Collection("users").AuthWithPassword(ctx, "demo@example.com", "secret123")
//
// When the collection asks for a second factor the call fails with a
// [*ClientResponseError] of status 401 carrying the MFA id; [MFAID] reads it
// and [WithMFA] passes it to the second factor.
//
// # Errors
//
// Every failure is a [*ClientResponseError]: HTTP errors carry the status and
// the decoded body, transport failures carry status 0 and the original error,
// and cancellation keeps [context.Canceled] reachable through [errors.Is].
//
// # Realtime and OAuth2
//
// [Client.Realtime] follows record changes over server-sent events
// ([RecordService.Subscribe] for one collection). It connects on the first
// subscription, reconnects and resubmits after drops and auth changes, and
// leaves no goroutine once nothing is subscribed.
//
// [RecordService.AuthWithOAuth2] runs the whole OAuth2 sign-in, with the
// provider's redirect relayed over realtime ([OAuth2Realtime], the default)
// or received on a loopback listener ([OAuth2Loopback], native only). It
// always settles: cancellation, a timeout, a declined consent, a state
// mismatch or a dropped connection each end it with a typed error. The
// manual flow is [RecordService.ListAuthMethods] plus
// [RecordService.AuthWithOAuth2Code]. See docs/oauth2.md and
// docs/realtime.md.
//
// # Tokens
//
// Token claims are decoded without verifying the signature: the client does
// not have the key, and the server checks every token it receives. Decoding
// only serves local hints such as [AuthStore.IsValid] and expiry.
//
// # WebAssembly
//
// Under GOOS=js there is no default transport, event stream or socket: the
// wasm package provides them from the browser. Calling [New] without them
// yields errors wrapping [errors.ErrUnsupported].
package core
