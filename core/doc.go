// Package core is the platform-free BosBase client: the auth protocol, the
// auth store contract, record access, realtime and pub/sub.
//
// Everything that differs per platform is a small port: the HTTP
// [Transport], the server-sent [EventStreamer], the pub/sub [SocketDialer],
// the [AuthStore] and the clock ([WithClock]). Native defaults
// ([HTTPTransport], [HTTPEventStreamer], [WebSocketDialer] on
// github.com/coder/websocket, [MemoryStore]) are used when the program is
// not built for GOOS=js, so [New] works out of the box in Go programs; the
// browser build (package wasm of this module) supplies fetch, WebSocket and
// localStorage adapters instead.
//
// A [Client] is safe for concurrent use and meant to be reused. Its
// services are [Client.Collection] (records and auth of one collection),
// [Client.Realtime] and [Client.PubSub]; [Client.Send] reaches endpoints the
// SDK has no method for.
//
// # Authentication
//
// A [Client] keeps the signed-in token and record in its [AuthStore]
// ([MemoryStore] unless [WithAuthStore] says otherwise; package
// core/storetest checks other stores against the contract). Every
// successful auth call saves to the store: [RecordService.AuthWithPassword],
// [RecordService.AuthWithOTP] after [RecordService.RequestOTP],
// [RecordService.AuthWithOAuth2] and [RecordService.AuthWithOAuth2Code],
// [RecordService.AuthWithToken] (BosBase token binding) and
// [RecordService.AuthRefresh]. [RecordService.Impersonate] returns a new
// client with a store of its own.
//
//	pb := core.New("http://127.0.0.1:8090")
//	auth, err := pb.Collection("users").AuthWithPassword(ctx, "demo@example.com", "secret123")
//
// When the collection asks for a second factor, the first factor fails with
// the server's MFA challenge: a 401 [*ClientResponseError] whose body
// carries the MFA id. [MFAID] reads the id and [WithMFA] passes it to the
// second factor:
//
//	if mfaID, ok := core.MFAID(err); ok {
//		otp, _ := users.RequestOTP(ctx, email) // then read the code from the mail
//		auth, err = users.AuthWithOTP(ctx, otp.OTPID, code, core.WithMFA(mfaID))
//	}
//
// Every request carries the stored token in the Authorization header (the
// raw JWT, no "Bearer"), whether or not the token looks valid locally: the
// server decides. The one exception is the expiry rule: a token that
// cannot be refreshed and is past its "exp" is not sent; the call fails
// with [ErrTokenExpired] and the store is cleared ([AuthExpired]).
// [WithoutAuth] or an explicit Authorization header ([WithHeader]) opts a
// call out.
//
// Calls that write a session they did not just create (auth-refresh, the
// 401 rule, record merges) use [AuthStore.CompareAndSave], so a sign-out or
// another sign-in made meanwhile, here or in another tab, is never undone.
// docs/sessions.md states all the session rules.
//
// Auto-refresh: before a request, a refreshable token ("refreshable": true,
// as PocketBase issues them) that expires within the threshold of
// [WithAutoRefresh] (default [DefaultAutoRefreshThreshold]) is refreshed
// first. The refresh is single-flight: concurrent requests share one
// auth-refresh and wait for it, each only as long as its own context
// allows. BosBase static and impersonation tokens are never refreshed, and
// a failed refresh does not fail the request, which goes out with the old
// token.
//
// The 401 rule: a 401 answer to a request that carried the stored token
// clears the store, but only while the store still holds that token, and
// never for the MFA challenge. [AuthStore.IsValid] is a local hint;
// [RecordService.AuthRefresh] is the authoritative check. See [Client.Send]
// and [WithAutoRefresh] for the details.
//
// # Errors
//
// Every call that talks to the server fails with a [*ClientResponseError]:
// HTTP errors carry the status and the decoded {status, message, data} body
// ([ClientResponseError.Message], [ClientResponseError.Data]); failures
// without a response carry status 0 and the cause, and cancellation or a
// timeout sets IsAbort and keeps [context.Canceled] or
// [context.DeadlineExceeded] reachable through [errors.Is]. [StatusOf]
// returns the status (-1 for other errors) and [IsAbort] spots
// cancellations. Causes are reachable with [errors.Is] and [errors.As]:
// [ErrInvalidBaseURL], the ErrOAuth2… and ErrPubSub… sentinels,
// [ErrRealtimeDisconnected] and [*PubSubError].
//
// Local helpers return plain errors wrapping their own sentinel:
// [ParseToken] ([ErrMalformedToken]), [Client.FilterE] ([ErrFilterValue])
// and [SSEDecoder] ([ErrEventTooLarge]).
//
// Error text never holds a token, password, OTP code, MFA id, OAuth2 code,
// state or PKCE verifier: secrets travel in JSON bodies and headers, URLs in
// errors have their secret query parameters replaced by REDACTED and their
// user:password part removed, and a URL callback's error is scrubbed of the
// provider URL it may quote.
//
// # Tokens
//
// [ParseToken] decodes a token's claims ([TokenClaims]) without verifying
// the signature: the client does not have the key, and the server checks
// every token it receives. Decoding only serves local hints: expiry (with
// [ExpiryLeeway] for clock skew, see [TokenValid]), whether to auto-refresh,
// and [IsSuperuserToken].
//
// # Records and filters
//
// [RecordService] has the record calls ([RecordService.GetList],
// [RecordService.GetFullList], [RecordService.GetFirstListItem],
// [RecordService.GetOne], [RecordService.Create], [RecordService.Update],
// [RecordService.Delete]); updating or deleting the signed-in record keeps
// the store in step. Never build a filter by pasting user input into it:
// [Client.Filter] binds {:name} placeholders to values rendered as filter
// literals, so a value can never change the structure of the expression,
// and what no literal can carry fails closed; [Client.FilterE] also reports
// it.
//
// # Realtime and OAuth2
//
// [Client.Realtime] follows record changes over server-sent events
// ([RecordService.Subscribe] for one collection). It connects on the first
// subscription, reconnects and resubmits after drops and auth changes, and
// leaves no goroutine once nothing is subscribed.
//
// [RecordService.AuthWithOAuth2] runs the whole OAuth2 sign-in with PKCE and
// a checked state, in one of two modes: [OAuth2Realtime] (the default, as
// the JS SDK) has the provider redirect to the server, which relays the code
// over a one-off realtime connection; [OAuth2Loopback] (native only, RFC
// 8252) receives the redirect on a listener on 127.0.0.1. It always
// settles: cancellation, a timeout, a declined consent, a state mismatch or
// a dropped connection each end it with a typed error. The manual flow is
// [RecordService.ListAuthMethods] plus [RecordService.AuthWithOAuth2Code].
// See docs/oauth2.md and docs/realtime.md.
//
// # Pub/sub
//
// [Client.PubSub] publishes and subscribes to topics over BosBase's
// WebSocket at /api/pubsub ([PubSubService.Publish],
// [PubSubService.Subscribe]). The stored token is presented at the
// handshake, and the connection is replaced when the token changes.
// Subscriptions survive reconnects; messages published while disconnected
// are not replayed. The server has no topic ACLs: anyone may subscribe to
// any topic, and publishing needs a signed-in record. Tune it with
// [WithPubSub]. See docs/pubsub.md.
//
// # WebAssembly
//
// Under GOOS=js the package has no default transport, event streamer or
// socket dialer, and [HTTPTransport], [HTTPEventStreamer] and
// [WebSocketDialer] do not exist: the wasm package provides the ports from
// the browser. Calling [New] without them yields errors wrapping
// [errors.ErrUnsupported]. [OAuth2Loopback] is not available (a browser
// cannot listen), and fails with [errors.ErrUnsupported]. A browser
// WebSocket cannot carry headers, so pub/sub sends the token as the
// ?token= query parameter there, which errors show redacted.
package core
