//go:build js && wasm

package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/bosgo/bosgo/core"
	"github.com/hack-pad/safejs"

	"github.com/bosgo/bosgo/internal/jsonv"
)

// clientEntry is one client the JS side holds by handle.
type clientEntry struct {
	id        float64
	client    *core.Client
	store     core.AuthStore
	storeKind string // "local", "session" or "memory"
	storeKey  string
	ctx       context.Context // cancelled by dispose: every call ends
	cancel    context.CancelFunc

	mu      sync.Mutex // guards closers, subs, nextSub
	closers []func()
	subs    map[float64]func() error
	nextSub float64
}

var handles = struct {
	sync.Mutex // guards next, m
	next       float64
	m          map[float64]*clientEntry
}{m: map[float64]*clientEntry{}}

// clientOptions are the options of newClient, as JS passes them.
type clientOptions struct {
	AuthStore            string   // "local" (default), "session", "memory"
	StorageKey           string   // default DefaultStorageKey
	Lang                 string   // Accept-Language
	Timeout              *float64 // ms per request; 0 = none
	AutoRefreshThreshold *float64 // ms; 0 = off
	LockWait             *float64 // ms; bound of the cross-tab refresh lock
	// Port is the name of a global object web/bosbase.js defines for a
	// client of the JS SDK's API: its fetch(url, init) sends the client's
	// requests (beforeSend/afterSend hooks, a custom fetch), and with
	// authStore "js" its getItem/setItem/removeItem read and write the
	// page's JS auth store (the key is ignored), so core uses that store.
	Port string
}

// read takes the options from the decoded options object; a missing or
// null number stays nil (the default).
func (o *clientOptions) read(f *jsonv.Fields) {
	o.AuthStore = f.String("authStore")
	o.StorageKey = f.String("storageKey")
	o.Lang = f.String("lang")
	o.Port = f.String("port")
	optional := func(name string) *float64 {
		if f.Value(name) == nil {
			return nil
		}
		v := f.Float(name)
		return &v
	}
	o.Timeout = optional("timeout")
	o.AutoRefreshThreshold = optional("autoRefreshThreshold")
	o.LockWait = optional("lockWait")
}

func ms(v float64) time.Duration { return time.Duration(v * float64(time.Millisecond)) }

// bridgeNewClient: (baseURL, options, onAuthChange) → handle.
func bridgeNewClient(args []safejs.Value) (any, error) {
	baseURL := stringOf(arg0(args))
	var o clientOptions
	if err := fromJS(argN(args, 1), o.read); err != nil {
		return nil, fmt.Errorf("%w: options: %w", errBadCall, err)
	}
	var store core.AuthStore
	closeStore := func() {}
	switch o.AuthStore {
	case "", "local", "session":
		area := LocalStorage
		if o.AuthStore == "session" {
			area = SessionStorage
		} else {
			o.AuthStore = "local"
		}
		ws := NewWebStorageStore(area, o.StorageKey, nil)
		store, closeStore = ws, func() { _ = ws.Close() }
		o.StorageKey = ws.Key()
	case "memory":
		store = core.NewMemoryStore()
	case "js":
		store = NewWebStorageStore(StorageArea(o.Port), o.Port, nil)
	default:
		return nil, fmt.Errorf("%w: authStore must be \"local\", \"session\", \"memory\" or \"js\", not %q", errBadCall, o.AuthStore)
	}
	if o.StorageKey == "" {
		o.StorageKey = DefaultStorageKey
	}
	// core reads every answer whole: one promise for the fetch and its
	// body. The event stream is read as it comes.
	fetch := &FetchTransport{Port: o.Port, Buffer: true}
	opts := []core.Option{
		core.WithAuthStore(store),
		core.WithTransport(fetch),
		core.WithEventStreamer(&SSEStreamer{Transport: &FetchTransport{Port: o.Port}}),
		core.WithSocketDialer(WebSocketDialer{}),
		core.WithMiddleware(oauth2Observer),
	}
	if o.AuthStore == "local" {
		// Only a localStorage session is shared by tabs, so only its
		// refreshes need the cross-tab lock.
		lock := &RefreshLock{Key: o.StorageKey, Store: store}
		if o.LockWait != nil {
			lock.Wait = ms(*o.LockWait)
		}
		// Session middleware: an impersonation client, whose session is
		// in its own memory store, must never take this store's answers.
		opts = append(opts, core.WithSessionMiddleware(lock.Middleware()))
	}
	if o.Lang != "" {
		opts = append(opts, core.WithLang(o.Lang))
	}
	if o.Timeout != nil {
		opts = append(opts, core.WithTimeout(ms(*o.Timeout)))
	}
	if o.AutoRefreshThreshold != nil {
		opts = append(opts, core.WithAutoRefresh(ms(*o.AutoRefreshThreshold)))
	}
	e := register(core.New(resolveBaseURL(baseURL), opts...), store, o.AuthStore, o.StorageKey, argN(args, 2))
	e.addCloser(closeStore)
	return e.id, nil
}

// register adds a client to the handle table and forwards its auth store's
// changes to onAuthChange (a JS function, or nothing).
func register(c *core.Client, store core.AuthStore, kind, key string, onAuthChange safejs.Value) *clientEntry {
	ctx, cancel := context.WithCancel(context.Background())
	e := &clientEntry{client: c, store: store, storeKind: kind, storeKey: key, ctx: ctx, cancel: cancel, subs: map[float64]func() error{}}
	if isFunction(onAuthChange) {
		e.addCloser(forwardAuthChanges(store, onAuthChange))
	}
	handles.Lock()
	handles.next++
	e.id = handles.next
	handles.m[e.id] = e
	handles.Unlock()
	return e
}

// forwardAuthChanges calls fn(kind, token, record, external) after each
// change of store.
func forwardAuthChanges(store core.AuthStore, fn safejs.Value) (remove func()) {
	send := func(ev core.AuthEvent, external bool) {
		rec, err := toJS(ev.Record)
		if err != nil || ev.Record == nil {
			rec = safejs.Null()
		}
		_, _ = fn.Invoke(ev.Kind.String(), ev.Token, rec, external)
	}
	if ws, ok := store.(*WebStorageStore); ok {
		return ws.onChangeDetailed(send)
	}
	return store.OnChange(func(ev core.AuthEvent) { send(ev, false) })
}

func (e *clientEntry) addCloser(fn func()) {
	e.mu.Lock()
	e.closers = append(e.closers, fn)
	e.mu.Unlock()
}

// addSub keeps an unsubscribe function and returns its id.
func (e *clientEntry) addSub(unsub func() error) float64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.nextSub++
	e.subs[e.nextSub] = unsub
	return e.nextSub
}

// takeSub removes and returns the unsubscribe function of id.
func (e *clientEntry) takeSub(id float64) func() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	fn := e.subs[id]
	delete(e.subs, id)
	return fn
}

// entryOf finds the client of a handle.
func entryOf(h safejs.Value) (*clientEntry, error) {
	id, err := h.Float()
	if err != nil {
		return nil, fmt.Errorf("%w: missing client handle", errBadCall)
	}
	handles.Lock()
	e := handles.m[id]
	handles.Unlock()
	if e == nil {
		return nil, fmt.Errorf("%w: the client was disposed", errBadCall)
	}
	return e, nil
}

// bridgeDispose: (handle). It cancels the client's calls, closes its
// realtime and pub/sub connections and stops its listeners. Disposing
// twice is harmless.
func bridgeDispose(args []safejs.Value) (any, error) {
	id, err := arg0(args).Float()
	if err != nil {
		return nil, nil
	}
	handles.Lock()
	e := handles.m[id]
	delete(handles.m, id)
	handles.Unlock()
	if e == nil {
		return nil, nil
	}
	e.cancel()
	e.mu.Lock()
	closers := e.closers
	e.closers, e.subs = nil, map[float64]func() error{}
	e.mu.Unlock()
	for i := len(closers) - 1; i >= 0; i-- {
		closers[i]()
	}
	goSafe(func() { // closing streams may wait for their goroutines
		_ = e.client.Realtime.Close()
		_ = e.client.PubSub.Close()
	})
	return nil, nil
}

// resolveBaseURL resolves a relative base URL ("/", "api/") against the
// page's location, as the JS SDK does; absolute URLs are unchanged.
func resolveBaseURL(base string) string {
	if base == "" {
		base = "/"
	}
	href := stringOf(get(get(global("window"), "location"), "href"))
	if href == "" {
		return base
	}
	u, err := global("URL").New(base, href)
	if err != nil {
		return base
	}
	return stringOf(get(u, "href"))
}
