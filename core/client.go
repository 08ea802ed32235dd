package core

import (
	"fmt"
	url "github.com/bosgo/bosgo/internal/urlx"
	"strings"
	"time"
)

// Client is a BosBase client. Create it with [New]; it is safe for
// concurrent use by multiple goroutines, and meant to be reused. The zero
// Client is not usable: its calls (and those of its nil Realtime and
// PubSub) panic with a message saying to use New.
type Client struct {
	// Realtime is the client's realtime (server-sent events) service.
	Realtime *RealtimeService
	// PubSub is the client's pub/sub (WebSocket) service.
	PubSub *PubSubService

	baseURL string // absolute, without trailing slash
	baseErr error  // non-nil when the base URL could not be parsed

	store     AuthStore
	transport Transport // the middleware chain around the base transport
	events    EventStreamer
	sockets   SocketDialer
	cfg       config
	refresh   refresher // auto-refresh state (refresh.go)
}

// config is what the options set; Clone-able by value.
type config struct {
	store       AuthStore
	transport   Transport
	events      EventStreamer
	sockets     SocketDialer
	middleware  []Middleware
	sessionMW   []Middleware // bound to store: not inherited by withStore
	lang        string
	userAgent   string
	timeout     time.Duration
	autoRefresh time.Duration
	now         func() time.Time
	pubsub      PubSubOptions // pub/sub tuning (pubsub.go)
}

// Option configures a [Client] in [New].
type Option func(*config)

// Defaults used when the matching option is not given.
const (
	// DefaultLang is the Accept-Language sent when [WithLang] is not used.
	DefaultLang = "en-US"
	// DefaultTimeout bounds every request unless [WithTimeout] says
	// otherwise; realtime and pub/sub streams are not bounded by it.
	DefaultTimeout = 60 * time.Second
	// DefaultAutoRefreshThreshold is how close to expiry a refreshable
	// token gets refreshed before a request, unless [WithAutoRefresh] says
	// otherwise.
	DefaultAutoRefreshThreshold = 2 * time.Minute
)

// WithAuthStore sets the store that keeps the session. Unset, the client
// uses a new [MemoryStore].
func WithAuthStore(s AuthStore) Option { return func(c *config) { c.store = s } }

// WithTransport sets the HTTP port. Unset, native builds use net/http
// ([HTTPTransport]) and js builds have none until the wasm adapters set one.
func WithTransport(t Transport) Option { return func(c *config) { c.transport = t } }

// WithEventStreamer sets the server-sent events port used by realtime.
// Unset, native builds read the stream over net/http.
func WithEventStreamer(e EventStreamer) Option { return func(c *config) { c.events = e } }

// WithSocketDialer sets the WebSocket port used by pub/sub. Unset, native
// builds use github.com/coder/websocket.
func WithSocketDialer(d SocketDialer) Option { return func(c *config) { c.sockets = d } }

// WithLang sets the Accept-Language header. Unset, it is [DefaultLang].
func WithLang(lang string) Option { return func(c *config) { c.lang = lang } }

// WithUserAgent sets the User-Agent header. Unset, the transport's default
// is sent.
func WithUserAgent(ua string) Option { return func(c *config) { c.userAgent = ua } }

// WithTimeout bounds each request (not streams). Zero means no bound
// beyond the caller's context. Unset, it is [DefaultTimeout].
func WithTimeout(d time.Duration) Option { return func(c *config) { c.timeout = d } }

// WithAutoRefresh sets how close to expiry a refreshable token is
// refreshed before a request; zero or negative turns auto-refresh off.
// Unset, it is [DefaultAutoRefreshThreshold].
//
// Before a request, when the stored token is an auth token with
// "refreshable": true whose expiry (by the [WithClock] clock) is within
// threshold, the client calls auth-refresh on the collection of the stored
// record once and sends the request with the new token. The refresh is
// single-flight: concurrent requests share one auth-refresh and wait for
// it; a waiter whose context ends returns at once with the context's error
// while the refresh goes on for the others (bounded by the client's
// timeout, or [DefaultTimeout] without one). Tokens that are not
// refreshable (BosBase static tokens, impersonation tokens) are never
// auto-refreshed, and neither are [RecordService.AuthRefresh] itself and
// requests sent [WithoutAuth] or with an explicit Authorization header.
//
// A failed auto-refresh does not fail the request: it is sent with the old
// token and the server decides (a 401 then clears the store, see
// [Client.Send]). A token the server refused to refresh (a 4xx other than
// 408 and 429) is not tried again; after a network error or a 5xx the next
// request tries again. The answer is saved only if the store still holds
// the refreshed token, so a sign-out during the refresh stays signed out.
// Pick a threshold shorter than the tokens' lifetime, or every request
// refreshes first.
func WithAutoRefresh(threshold time.Duration) Option {
	return func(c *config) { c.autoRefresh = threshold }
}

// WithMiddleware appends middleware to the request chain. The first
// middleware given is the outermost: it sees the request first and the
// response last. Requests reach middleware complete, with the
// Authorization header already set.
func WithMiddleware(mw ...Middleware) Option {
	return func(c *config) { c.middleware = append(c.middleware, mw...) }
}

// WithSessionMiddleware appends middleware that belongs to the session in
// the client's own store, such as a lock around that store's refreshes.
// It runs inside (after) the [WithMiddleware] chain. Unlike that chain it
// is not inherited by clients that keep their session in another store:
// the client [RecordService.Impersonate] returns never runs it, so
// middleware bound to the parent's store never touches the impersonation
// session, nor the other way round.
func WithSessionMiddleware(mw ...Middleware) Option {
	return func(c *config) { c.sessionMW = append(c.sessionMW, mw...) }
}

// WithClock sets the clock used for token expiry. Unset, it is time.Now.
func WithClock(now func() time.Time) Option { return func(c *config) { c.now = now } }

// New returns a client for the BosBase server at baseURL, e.g.
// "http://127.0.0.1:8090". A malformed baseURL does not fail here: every
// call of the client then returns an error wrapping [ErrInvalidBaseURL]
// that shows the expected form, and [Client.Err] returns it at once.
func New(baseURL string, opts ...Option) *Client {
	cfg := config{lang: DefaultLang, timeout: DefaultTimeout, autoRefresh: DefaultAutoRefreshThreshold, now: time.Now}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if cfg.now == nil {
		cfg.now = time.Now
	}
	if cfg.store == nil {
		cfg.store = &MemoryStore{Now: cfg.now}
	}
	if cfg.transport == nil {
		cfg.transport = defaultTransport()
	}
	if cfg.events == nil {
		cfg.events = defaultEventStreamer()
	}
	if cfg.sockets == nil {
		cfg.sockets = defaultSocketDialer()
	}
	c := &Client{store: cfg.store, events: cfg.events, sockets: cfg.sockets, cfg: cfg}
	c.baseURL, c.baseErr = normalizeBaseURL(baseURL)
	c.transport = chain(cfg.transport, append(cfg.middleware[:len(cfg.middleware):len(cfg.middleware)], cfg.sessionMW...))
	c.init()
	return c
}

// init wires the services that hang off the client.
func (c *Client) init() {
	c.Realtime = newRealtimeService(c, true)
	c.PubSub = newPubSubService(c)
}

// withStore returns a client sharing c's configuration but keeping its
// session in store. It leaves out c's session middleware, which is bound
// to c's store (see [WithSessionMiddleware]).
func (c *Client) withStore(store AuthStore) *Client {
	cfg := c.cfg
	cfg.middleware = append([]Middleware(nil), cfg.middleware...)
	cfg.sessionMW = nil
	cfg.store = store
	n := &Client{baseURL: c.baseURL, baseErr: c.baseErr, store: store, events: c.events, sockets: c.sockets, cfg: cfg}
	n.transport = chain(cfg.transport, cfg.middleware)
	n.init()
	return n
}

// AuthStore returns the client's auth store.
func (c *Client) AuthStore() AuthStore {
	c.mustBeNew()
	return c.store
}

// Err returns the configuration error found by [New]: an error wrapping
// [ErrInvalidBaseURL] that says what form was expected, or nil. Every call
// of the client fails with it too; Err lets a program report it at start-up.
func (c *Client) Err() error { return c.baseErr }

// zeroClientPanic is the panic of a call on the zero Client or its nil
// services.
const zeroClientPanic = "bosbase: a core.Client must be created with core.New (the zero Client has no store, transport or services)"

// mustBeNew panics with a message that says what to do when c is the zero
// Client (or nil), which has no store, transport or services.
func (c *Client) mustBeNew() {
	if c == nil || c.store == nil {
		panic(zeroClientPanic)
	}
}

// BaseURL returns the normalised base URL, without a trailing slash.
func (c *Client) BaseURL() string { return c.baseURL }

// BuildURL returns the absolute URL of path (e.g. "/api/health").
func (c *Client) BuildURL(path string) string {
	if path == "" {
		return c.baseURL
	}
	return c.baseURL + "/" + strings.TrimLeft(path, "/")
}

// now returns the client's current time.
func (c *Client) now() time.Time { return c.cfg.now() }

// Collection returns the service for the collection with the given name
// or id. It is cheap: services are not cached and hold no state.
//
// An empty nameOrID makes every call of the service fail without a request
// (there is no collection without a name).
func (c *Client) Collection(nameOrID string) *RecordService {
	c.mustBeNew()
	return &RecordService{client: c, collection: nameOrID}
}

// Admins returns the service of the _superusers collection.
//
// Deprecated: use Collection("_superusers"); kept because the GDScript SDK
// documents it.
func (c *Client) Admins() *RecordService { return c.Collection("_superusers") }

func normalizeBaseURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		u.RawQuery, u.Fragment, u.User = "", "", nil
		return strings.TrimRight(u.String(), "/"), nil
	}
	// url.Parse's error quotes raw whole, user:password included: it is
	// never shown. The message says what is expected instead, with the
	// most likely fix when raw lacks a scheme ("127.0.0.1:8090").
	shown := redactURL(strings.TrimSpace(raw))
	want := `"http://127.0.0.1:8090"`
	if shown != "" && !strings.Contains(shown, "://") && !strings.Contains(shown, "@") {
		want = `"http://` + shown + `"`
	}
	return "", fmt.Errorf("%w %q: want an absolute http(s) URL such as %s", ErrInvalidBaseURL, shown, want)
}
