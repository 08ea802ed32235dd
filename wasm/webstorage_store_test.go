//go:build js && wasm

package main

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/core/storetest"
	"github.com/hack-pad/safejs"
)

// newTestStore returns an empty store on area under a fresh key, removed
// when the test ends.
func newTestStore(t *testing.T, area StorageArea) *WebStorageStore {
	t.Helper()
	key := uniqueKey("bosgo_test")
	s := NewWebStorageStore(area, key, nil)
	if !s.Persistent() {
		t.Fatalf("%s is not usable in this browser", area)
	}
	t.Cleanup(func() {
		_ = s.Close()
		_, _ = global(string(area)).Call("removeItem", key)
	})
	return s
}

func TestLocalStorageStoreContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) core.AuthStore { return newTestStore(t, LocalStorage) })
}

func TestSessionStorageStoreContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) core.AuthStore { return newTestStore(t, SessionStorage) })
}

func TestMemoryStoreContractInBrowser(t *testing.T) {
	storetest.Run(t, func(t *testing.T) core.AuthStore { return core.NewMemoryStore() })
}

func setItem(t *testing.T, area StorageArea, key, value string) {
	t.Helper()
	if _, err := global(string(area)).Call("setItem", key, value); err != nil {
		t.Fatal(err)
	}
}

func getItem(t *testing.T, area StorageArea, key string) safejs.Value {
	t.Helper()
	v, err := global(string(area)).Call("getItem", key)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestGarbageInStorageIsSignedOut: whatever sits under the key, reading it
// never fails and anything but {"token": "<string>", …} is signed out.
func TestGarbageInStorageIsSignedOut(t *testing.T) {
	tok := storetest.UnsignedToken(map[string]any{"id": "u1", "collectionId": "c1", "type": "auth", "exp": time.Now().Add(time.Hour).Unix()})
	cases := []string{
		"not json", "{", "null", "42", `"a string"`, "[]", "[1,2]", "{}",
		`{"token": 42}`, `{"token": null, "record": {"id": "u1"}}`, `{"token": ["x"]}`, `{"token": ""}`,
		`{"token": {"nested": true}}`, "\x00\xff", `{"token": "` + tok + `"`, /* truncated write */
	}
	for _, raw := range cases {
		s := newTestStore(t, LocalStorage)
		setItem(t, LocalStorage, s.Key(), raw)
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%q: panic %v", raw, r)
				}
			}()
			if s.Token() != "" || s.Record() != nil || s.IsValid() || s.IsSuperuser() {
				t.Errorf("%q: Token=%q Record=%v IsValid=%v, want signed out", raw, s.Token(), s.Record(), s.IsValid())
			}
		}()
	}
}

// TestTamperedTokenIsNotValid: a token whose payload was edited decodes
// to something else or nothing; IsValid is false for the garbage.
func TestTamperedTokenIsNotValid(t *testing.T) {
	s := newTestStore(t, LocalStorage)
	setItem(t, LocalStorage, s.Key(), `{"token":"eyJhbGciOiJIUzI1NiJ9.tampered!!.sig","record":{"id":"u1"}}`)
	if s.IsValid() || s.IsSuperuser() {
		t.Errorf("IsValid=%v IsSuperuser=%v for a tampered token, want false", s.IsValid(), s.IsSuperuser())
	}
}

// TestJSSDKFormatInterop: the value is the BosBase JS SDK LocalAuthStore's
// JSON {token, record}, both ways, including the legacy "model" name.
func TestJSSDKFormatInterop(t *testing.T) {
	exp := time.Now().Add(time.Hour).Unix()
	tok := storetest.UnsignedToken(map[string]any{"id": "u1", "collectionId": "_pb_users_auth_", "type": "auth", "exp": exp})

	// Written by the JS SDK: JSON.stringify({token, record}).
	s := newTestStore(t, LocalStorage)
	sdk, err := jsonStringifyGo(map[string]any{"token": tok, "record": map[string]any{"id": "u1", "email": "u1@example.com", "collectionName": "users"}})
	if err != nil {
		t.Fatal(err)
	}
	setItem(t, LocalStorage, s.Key(), sdk)
	if s.Token() != tok || s.Record().Email() != "u1@example.com" || !s.IsValid() {
		t.Errorf("JS SDK value read as Token=%q Record=%v Valid=%v", s.Token(), s.Record(), s.IsValid())
	}
	setItem(t, LocalStorage, s.Key(), `{"token":"`+tok+`","model":{"id":"u9"}}`)
	if s.Record().ID() != "u9" {
		t.Errorf("legacy model field: Record = %v, want id u9", s.Record())
	}

	// Written by us, read as the JS SDK does: JSON.parse(getItem(key)).
	if err := s.Save(tok, core.Record{"id": "u2", "email": "u2@example.com"}); err != nil {
		t.Fatal(err)
	}
	parsed, err := jsonParse(stringOf(getItem(t, LocalStorage, s.Key())))
	if err != nil {
		t.Fatalf("our value is not JSON: %v", err)
	}
	if stringOf(get(parsed, "token")) != tok || stringOf(get(get(parsed, "record"), "email")) != "u2@example.com" {
		t.Errorf("our value %q is not {token, record}", stringOf(getItem(t, LocalStorage, s.Key())))
	}
	if err := s.Clear(); err != nil {
		t.Fatal(err)
	}
	if !getItem(t, LocalStorage, s.Key()).IsNull() {
		t.Error("Clear left the key in localStorage; the JS SDK removes it")
	}
}

func jsonStringifyGo(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// TestOtherTabChangesNotify: a "storage" event (what the browser fires in
// this tab when another tab writes the key) reaches OnChange listeners as
// an external change, classified like a local one.
func TestOtherTabChangesNotify(t *testing.T) {
	s := newTestStore(t, LocalStorage)
	events := make(chan core.AuthEvent, 4)
	external := make(chan bool, 4)
	defer s.OnChange(func(ev core.AuthEvent) { events <- ev })()
	defer s.onChangeDetailed(func(_ core.AuthEvent, ext bool) { external <- ext })()

	tok := storetest.UnsignedToken(map[string]any{"id": "u7", "collectionId": "c1", "type": "auth", "exp": time.Now().Add(time.Hour).Unix()})
	value := `{"token":"` + tok + `","record":{"id":"u7","collectionName":"users"}}`
	setItem(t, LocalStorage, s.Key(), value) // the other tab's write…
	dispatchStorageEvent(t, s.Key(), value)  // …and the event it causes here

	select {
	case ev := <-events:
		if ev.Kind != core.AuthSignedIn || ev.Token != tok || ev.Record.ID() != "u7" {
			t.Errorf("event %v %q %v, want signed-in u7", ev.Kind, ev.Token, ev.Record)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no OnChange event for another tab's sign-in")
	}
	if ext := <-external; !ext {
		t.Error("the change was not reported as external")
	}

	_, _ = global("localStorage").Call("removeItem", s.Key())
	dispatchStorageEvent(t, s.Key(), "")
	select {
	case ev := <-events:
		if ev.Kind != core.AuthSignedOut {
			t.Errorf("event %v, want signed-out", ev.Kind)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no OnChange event for another tab's sign-out")
	}

	// Other keys are ignored.
	dispatchStorageEvent(t, "some_other_key", value)
	_ = s.Save(tok, core.Record{"id": "u7"}) // a local change to flush the queue
	if ev := <-events; ev.Kind != core.AuthSignedIn {
		t.Errorf("after an unrelated key: event %v, want only the local sign-in", ev.Kind)
	}
	select {
	case ev := <-events:
		t.Errorf("unexpected extra event %v", ev.Kind)
	default:
	}
}

// dispatchStorageEvent fires a StorageEvent on window as the browser does
// for another tab's write (newValue "" means removed).
func dispatchStorageEvent(t *testing.T, key, newValue string) {
	t.Helper()
	init := map[string]any{"key": key, "storageArea": global("localStorage")}
	if newValue != "" {
		init["newValue"] = newValue
	} else {
		init["newValue"] = nil
	}
	jsInit, err := newObject(init)
	if err != nil {
		t.Fatal(err)
	}
	ev, err := global("StorageEvent").New("storage", jsInit)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := global("window").Call("dispatchEvent", ev); err != nil {
		t.Fatal(err)
	}
}
