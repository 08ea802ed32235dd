//go:build js && wasm

package main

import (
	"testing"

	"github.com/bosgo/bosgo/core"

	"github.com/bosgo/bosgo/internal/jsonv"
)

// FuzzDecodeSession: whatever is stored under the auth key, decoding never
// panics, and a session is either signed out or carries a string token.
// (Under GOOS=js go test runs the seed corpus in testdata/fuzz; -fuzz needs
// a native build.)
func FuzzDecodeSession(f *testing.F) {
	for _, s := range []string{"", "null", "{}", `{"token":"a.b.c","record":{"id":"u1"}}`, `{"token":"x","model":{"id":"m"}}`, `{"token":1}`, "[", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		s := decodeSession(raw)
		if s.token == "" && (s.record != nil || s.raw != "") {
			t.Fatalf("signed-out session with leftovers: %+v", s)
		}
		if s.token != "" {
			_ = core.TokenValid(s.token, timeZero)
			_ = s.record.Clone()
		}
	})
}

// FuzzSendOptions: any JSON options object decodes without panicking and
// converts to request options.
func FuzzSendOptions(f *testing.F) {
	for _, s := range []string{`{}`, `{"expand":"a","fields":"b","filter":"c","sort":"-d","skipTotal":true}`, `{"query":{"x":[1,"2",null,{"y":true}]},"headers":{"X-A":"1"}}`, `{"mfaId":"m","custom":1.5,"params":{"p":2}}`, `{"body":{"a":{"b":[]}}}`, `[]`, `null`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := jsonv.Decode([]byte(raw))
		if err != nil {
			return
		}
		opts, err := decodeOptions(v)
		if err != nil && opts != nil {
			t.Fatalf("error %v with options", err)
		}
	})
}
