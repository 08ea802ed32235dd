// Package core is the BosBase client: sign-in (password, OTP, MFA, OAuth2,
// tokens), the session store, records, realtime and pub/sub.
//
//	pb := core.New("http://127.0.0.1:8090")
//	users := pb.Collection("users")
//	auth, err := users.AuthWithPassword(ctx, email, password)
//	if mfaID, ok := core.MFAID(err); ok { // the collection asks for a second factor
//		var otp *core.OTPResponse
//		if otp, err = users.RequestOTP(ctx, email); err != nil {
//			return err
//		}
//		auth, err = users.AuthWithOTP(ctx, otp.OTPID, codeFromTheMail, core.WithMFA(mfaID))
//	}
//	var e *core.ClientResponseError
//	if errors.As(err, &e) {
//		return fmt.Errorf("sign-in failed (%d): %w", e.Status, err)
//	}
//	fmt.Println("signed in as", auth.Record.Email())
//
// Create a [Client] with [New] (options: [WithAuthStore], [WithTimeout],
// [WithHTTPClient], [WithMiddleware]…); it is safe for concurrent use and
// meant to be reused. Its services are [Client.Collection] (records and
// auth of one collection, [RecordService]), [Client.Realtime] and
// [Client.PubSub]; [Client.Send] reaches endpoints the SDK has no method
// for. Per-call options ([RequestOption]) are [WithExpand],
// [WithFilterParams], [WithMFA]… Apps need nothing from the section
// "Ports" at the end: it is for people adapting core to a new platform.
//
// # Authentication
//
// A [Client] keeps the signed-in token and record in its [AuthStore]
// ([MemoryStore] unless [WithAuthStore] says otherwise; package
// core/storetest checks other stores against the contract). Every
// successful auth call saves to the store: [RecordService.AuthWithPassword],
// [RecordService.AuthWithOTP] after [RecordService.RequestOTP],
// [RecordService.AuthWithOAuth2], [RecordService.ExchangeOAuth2Code] (and
// its JS-SDK-shaped twin [RecordService.AuthWithOAuth2Code]),
// [RecordService.AuthWithToken] (BosBase token binding) and
// [RecordService.AuthRefresh]. [RecordService.Impersonate] returns a new
// client with a store of its own. A store of your own can embed
// *[MemoryStore] and override Save and Clear to persist (see
// ExampleMemoryStore_embedding).
//
// When the collection asks for a second factor, the first factor fails with
// the server's MFA challenge: a 401 [*ClientResponseError] whose body
// carries the MFA id. [MFAID] reads the id and [WithMFA] passes it to the
// second factor, as in the example at the top. Assign the OTP request's
// error to the outer err (=, not :=), or the second factor's result is lost
// in a shadowed variable.
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
// ([ClientResponseError.Message], [ClientResponseError.Data]; the failing
// fields of a refused write, typed, in [ClientResponseError.FieldErrors],
// which Error also names); failures
// without a response carry status 0 and the cause, and cancellation or a
// timeout sets IsAbort and keeps [context.Canceled] or
// [context.DeadlineExceeded] reachable through [errors.Is]. [StatusOf]
// returns the status (-1 for other errors) and [IsAbort] spots
// cancellations. Causes are reachable with [errors.Is] and [errors.As]:
// [ErrInvalidBaseURL], the ErrOAuth2… and ErrPubSub… sentinels,
// [ErrRealtimeDisconnected] and [*PubSubError].
//
// Use [errors.As] to get at the fields, never a bare type assertion: the
// SDK's errors may come wrapped. Every error text carries the "bosbase: "
// prefix once. Mistakes found on the client fail before any request, with
// a message that says what to do: a base URL without a scheme (see also
// [Client.Err]), Collection(""), a filter placeholder without a value. The
// zero Client panics with a message saying to use [New].
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
// [RecordService.ListAuthMethods], [OAuth2Provider.AuthCodeURL] and
// [RecordService.ExchangeOAuth2Code]. After any OAuth2 sign-in,
// [AuthResponse.OAuth2] reads the provider's data typed, including the
// provider's own access and refresh tokens (treat them as secrets). See
// docs/oauth2.md and docs/realtime.md.
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
//
// # Ports (for platform adapters only)
//
// Everything that differs per platform is a small port, set with an
// option; Go programs use the native defaults and need none of these
// names. [WithHTTPClient] is the one knob most apps want (a proxy, mTLS):
// natively it sets all three network ports from one *http.Client.
//
//   - HTTP: [Transport] ([Request], [Response], [Header], [TransportFunc]),
//     set with [WithTransport]; native default [HTTPTransport].
//   - Server-sent events for realtime: [EventStreamer] ([EventStream],
//     [Event]), set with [WithEventStreamer]; native default
//     [HTTPEventStreamer]. [SSEDecoder] ([NewSSEDecoder], [MaxEventSize],
//     [ErrEventTooLarge]) parses a stream for adapters that get raw bytes.
//   - WebSocket for pub/sub: [SocketDialer] ([Socket]), set with
//     [WithSocketDialer]; native default [WebSocketDialer]
//     ([PubSubReadLimit]) on github.com/coder/websocket.
//   - The session: [AuthStore]; [MemoryStore] is the reference, and
//     [Listeners] and [ClassifyAuthChange] help a store written from
//     scratch emit the same events. Package core/storetest checks a store
//     against the contract.
//   - The clock: [WithClock].
//
// The browser build (package wasm of this module) supplies fetch,
// WebSocket and localStorage adapters; under GOOS=js there are no native
// defaults. The ports stay in package core under this heading rather than
// in a package of their own: moving them would touch every adapter and
// the browser build while the API is being changed in parallel, for no
// gain in the compiled module.
package core
