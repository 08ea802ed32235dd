//go:build js && wasm

package main

import (
	"fmt"
	"sync"
	"time"

	"github.com/bosgo/bosgo/core"
	"github.com/hack-pad/safejs"

	"github.com/bosgo/bosgo/internal/jsonv"
)

// DefaultStorageKey is the Web Storage key of the session: the BosBase JS
// SDK's LocalAuthStore key, so a page moving between that SDK and bosgo
// keeps its users signed in.
const DefaultStorageKey = "bosbase_auth"

// WebStorageStore is a [core.AuthStore] on the browser's localStorage or
// sessionStorage, in the BosBase JS SDK's LocalAuthStore format: the value
// at Key is the JSON {"token": …, "record": …} ("model" is read as a
// legacy alias of "record").
//
// Every read goes to the storage, so a write by another tab (or by the JS
// SDK in this tab) is seen at once. A value that is not such JSON — garbage,
// a truncated write, a tampered entry — reads as signed out and never
// fails. Changes made by other tabs arrive as "storage" events and are
// reported to OnChange listeners like local ones (localStorage only; a
// sessionStorage session belongs to one tab).
//
// When the storage cannot be used (disabled, a sandboxed frame) or a write
// fails (quota), the store keeps the session in memory for this page and
// Save reports the error. It is safe for concurrent use; listeners run
// outside its lock, after the new state is visible.
type WebStorageStore struct {
	area      safejs.Value // localStorage or sessionStorage; undefined when unusable
	key       string
	now       func() time.Time
	listeners core.Listeners
	detailed  detailedListeners

	saveMu  sync.Mutex // serialises Save and Clear (write + classify), never held by listeners
	mu      sync.Mutex // guards mem, memOnly, seen
	mem     webSession // the session when memOnly
	memOnly bool       // the storage is unusable or the last write failed
	seen    webSession // what listeners were last told

	pump          eventPump
	removeStorage func() // removes the window "storage" listener
}

var _ core.AuthStore = (*WebStorageStore)(nil)

// webSession is one decoded value of the storage key.
type webSession struct {
	raw    string // the stored string, "" when absent
	token  string
	record core.Record
}

// StorageArea names the Web Storage a [WebStorageStore] uses.
type StorageArea string

// The storage areas.
const (
	LocalStorage   StorageArea = "localStorage"
	SessionStorage StorageArea = "sessionStorage"
)

// NewWebStorageStore returns a store on area under key ("" means
// [DefaultStorageKey]). now is the clock for IsValid (nil: time.Now). Call
// Close when the store is no longer used, to stop listening for other tabs.
func NewWebStorageStore(area StorageArea, key string, now func() time.Time) *WebStorageStore {
	if key == "" {
		key = DefaultStorageKey
	}
	if now == nil {
		now = time.Now
	}
	s := &WebStorageStore{key: key, now: now, area: safejs.Undefined(), removeStorage: func() {}}
	if v, err := safejs.Global().Get(string(area)); err == nil && !isNullish(v) {
		s.area = v
	} else {
		s.memOnly = true // e.g. SecurityError in a sandboxed frame
	}
	s.seen = s.read()
	if !s.memOnly && area == LocalStorage {
		s.listenForOtherTabs()
	}
	return s
}

// Key returns the storage key.
func (s *WebStorageStore) Key() string { return s.key }

// Persistent reports whether the session reaches the storage (false when
// the store fell back to memory).
func (s *WebStorageStore) Persistent() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return !s.memOnly
}

// Token returns the stored token, or "".
func (s *WebStorageStore) Token() string { return s.read().token }

// Record returns a copy of the stored record, or nil.
func (s *WebStorageStore) Record() core.Record { return s.read().record.Clone() }

// IsValid reports whether the stored token is well formed and unexpired.
func (s *WebStorageStore) IsValid() bool { return core.TokenValid(s.Token(), s.now()) }

// IsSuperuser reports whether the session is a superuser's.
func (s *WebStorageStore) IsSuperuser() bool {
	cur := s.read()
	return core.IsSuperuserToken(cur.token, cur.record)
}

// Save stores token and record and notifies the listeners before it
// returns. An empty token is a Clear.
func (s *WebStorageStore) Save(token string, record core.Record) error {
	_, err := s.swap(false, "", core.AuthEvent{Token: token, Record: record})
	return err
}

// Clear removes the session and notifies the listeners before it returns.
func (s *WebStorageStore) Clear() error {
	_, err := s.swap(false, "", core.AuthEvent{})
	return err
}

// CompareAndSave replaces the session only if the storage still holds the
// token old (see [core.AuthStore]). It reads the storage again and writes
// it within one JavaScript task, without yielding in between: nothing of
// this page runs between the two, and since Web Storage access is
// synchronous and per origin, neither does another tab's write of the key
// as this browser's storage orders them.
func (s *WebStorageStore) CompareAndSave(old string, next core.AuthEvent) (bool, error) {
	return s.swap(true, old, next)
}

// swap is Save, Clear and CompareAndSave (when cas is true).
func (s *WebStorageStore) swap(cas bool, old string, next core.AuthEvent) (bool, error) {
	rec := next.Record.Clone()
	ev := core.AuthEvent{Kind: core.ClearKind(next.Kind)}
	var sess webSession
	if next.Token != "" {
		var w jsonv.ObjectWriter // {"token", "record"}, the JS SDK's format
		w.Field("token", next.Token)
		w.Field("record", rec)
		data, err := w.Bytes()
		if err != nil {
			return false, fmt.Errorf("bosgo: encode the session: %w", err)
		}
		sess = webSession{raw: string(data), token: next.Token, record: rec}
	}
	s.saveMu.Lock()
	if cas && s.read().token != old {
		s.saveMu.Unlock()
		return false, nil
	}
	werr := s.write(sess)
	s.mu.Lock()
	if next.Token != "" {
		ev = core.AuthEvent{Kind: core.ClassifyAuthChange(s.seen.token, s.seen.record, next.Token, rec), Token: next.Token, Record: rec}
	}
	s.seen = sess
	s.mu.Unlock()
	s.pump.queue(func() { s.emit(ev, false) })
	s.saveMu.Unlock()
	s.pump.drain()
	return true, werr
}

// OnChange registers fn for every change, local or from another tab.
func (s *WebStorageStore) OnChange(fn func(core.AuthEvent)) (remove func()) {
	return s.listeners.Add(fn)
}

// Close stops listening for other tabs' changes. The store still works.
func (s *WebStorageStore) Close() error {
	s.removeStorage()
	return nil
}

// read returns the current session: from memory when the storage is not
// used, else decoded from the storage.
func (s *WebStorageStore) read() webSession {
	s.mu.Lock()
	if s.memOnly {
		defer s.mu.Unlock()
		return s.mem
	}
	s.mu.Unlock()
	v, err := s.area.Call("getItem", s.key)
	if err != nil {
		return webSession{}
	}
	return decodeSession(stringOf(v))
}

// write stores next ("" raw removes the key). On failure the store keeps
// next in memory and reports the error.
func (s *WebStorageStore) write(next webSession) error {
	s.mu.Lock()
	memOnly := s.memOnly
	s.mem = next
	s.mu.Unlock()
	if memOnly {
		if s.area.IsUndefined() {
			return nil // never had a storage: memory is the store
		}
		s.mu.Lock()
		s.memOnly = false // try the storage again
		s.mu.Unlock()
	}
	var err error
	if next.raw == "" {
		_, err = s.area.Call("removeItem", s.key)
	} else {
		_, err = s.area.Call("setItem", s.key, next.raw)
	}
	if err != nil {
		s.mu.Lock()
		s.memOnly = true
		s.mu.Unlock()
		return fmt.Errorf("bosgo: the session could not be written to %s (kept in memory for this page): %w", s.key, err)
	}
	return nil
}

// maxStoredSize bounds what is decoded from the storage.
const maxStoredSize = 1 << 20

// decodeSession decodes a stored value; anything that is not the JSON
// object {"token": "<string>", …} is a signed-out session.
func decodeSession(raw string) webSession {
	if raw == "" || len(raw) > maxStoredSize {
		return webSession{}
	}
	v, err := jsonv.Object([]byte(raw))
	if err != nil {
		return webSession{}
	}
	tok, ok := v["token"].(string)
	if !ok || tok == "" {
		return webSession{}
	}
	rec, _ := v["record"].(map[string]any)
	if rec == nil {
		rec, _ = v["model"].(map[string]any) // the JS SDK's legacy name of record
	}
	return webSession{raw: raw, token: tok, record: core.Record(rec)}
}
