package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
)

func TestPubSubFrameDecode(t *testing.T) {
	t.Parallel()
	bad := []string{
		``, `null`, `[]`, `"ready"`, `{}`, `{"type":""}`, `{"type":"  "}`, `{"type":5}`,
		`{"type":"pong","requestId":7}`, `{"type":"message","data":}`, `{"type":"ready"`, `{"type":"ready"} x`,
	}
	for _, in := range bad {
		if f, err := decodeFrame([]byte(in)); !errors.Is(err, errBadFrame) {
			t.Errorf("decodeFrame(%q) = %+v, %v; want errBadFrame", in, f, err)
		}
	}
	good := []struct {
		in   string
		want pubsubFrame
	}{
		{`{"type":"ready","clientId":"abc"}`, pubsubFrame{Type: "ready", ClientID: "abc"}},
		{`{"type":" Published ","requestId":"r1","id":"m","topic":"t","created":"c","extra":[1]}`,
			pubsubFrame{Type: "published", RequestID: "r1", ID: "m", Topic: "t", Created: "c"}},
		{`{"type":"message","topic":"t"}`, pubsubFrame{Type: "message", Topic: "t", Data: json.RawMessage("null")}},
		{`{"type":"message","topic":"t","data":null}`, pubsubFrame{Type: "message", Topic: "t", Data: json.RawMessage("null")}},
		{`{"type":"message","data": { "a" : [1, 2] } }`, pubsubFrame{Type: "message", Data: json.RawMessage(`{"a":[1,2]}`)}},
		{`{"type":"error","message":"payload too large","requestId":"r2"}`, pubsubFrame{Type: "error", Message: "payload too large", RequestID: "r2"}},
	}
	for _, c := range good {
		f, err := decodeFrame([]byte(c.in))
		if err != nil || f.Type != c.want.Type || f.Topic != c.want.Topic || f.RequestID != c.want.RequestID ||
			f.ID != c.want.ID || f.Created != c.want.Created || f.ClientID != c.want.ClientID ||
			f.Message != c.want.Message || !bytes.Equal(f.Data, c.want.Data) {
			t.Errorf("decodeFrame(%s) = %+v (data %s), %v; want %+v", c.in, f, f.Data, err, c.want)
		}
	}
}

func TestPubSubFrameEncode(t *testing.T) {
	t.Parallel()
	b, err := encodeFrame(pubsubFrame{Type: "publish", Topic: "t", Data: json.RawMessage(`null`), RequestID: "r"})
	if err != nil || string(b) != `{"type":"publish","topic":"t","data":null,"requestId":"r"}` {
		t.Fatalf("encodeFrame = %s, %v", b, err)
	}
	b, err = encodeFrame(pubsubFrame{Type: "unsubscribe", RequestID: "r"}) // topic "" = all
	if err != nil || string(b) != `{"type":"unsubscribe","requestId":"r"}` {
		t.Fatalf("encodeFrame = %s, %v", b, err)
	}
}

// FuzzPubSubFrame checks that decoding any server frame never panics, that
// a decoded frame has a type and valid JSON data, and that encoding it and
// decoding again gives the same frame.
func FuzzPubSubFrame(f *testing.F) {
	for _, s := range []string{
		`{"type":"ready","clientId":"0123456789abcdef"}`,
		`{"type":"message","id":"m","topic":"t","data":{"a":[1,"x",null]},"created":"2026-11-22 10:00:00.000Z"}`,
		`{"type":"error","requestId":"r","message":"payload too large"}`,
		`{"type":"PONG ","requestId":"r"}`,
		`{"type":"message"}`,
		`not json`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		f1, err := decodeFrame(b)
		if err != nil {
			if !errors.Is(err, errBadFrame) {
				t.Fatalf("error %v does not wrap errBadFrame", err)
			}
			return
		}
		if f1.Type == "" {
			t.Fatal("decoded a frame without type")
		}
		if len(f1.Data) > 0 && !json.Valid(f1.Data) {
			t.Fatalf("invalid data %q", f1.Data)
		}
		enc, err := encodeFrame(f1)
		if err != nil {
			t.Fatalf("encode %+v: %v", f1, err)
		}
		f2, err := decodeFrame(enc)
		if err != nil {
			t.Fatalf("re-decode %s: %v", enc, err)
		}
		enc2, err := encodeFrame(f2)
		if err != nil || !bytes.Equal(enc, enc2) {
			t.Fatalf("not stable: %s then %s (%v)", enc, enc2, err)
		}
	})
}
