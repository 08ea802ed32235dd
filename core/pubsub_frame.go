package core

import (
	"encoding/json"
	"errors"
	"strings"

	"github.com/bosgo/bosgo/internal/jsonv"
)

// Frame types of the pub/sub protocol (BosBase apis/pubsub.go). Client →
// server: ping, subscribe, unsubscribe, publish. Server → client: ready,
// pong, subscribed, unsubscribed, published, message, error.
const (
	frameReady        = "ready"
	framePing         = "ping"
	framePong         = "pong"
	frameSubscribe    = "subscribe"
	frameSubscribed   = "subscribed"
	frameUnsubscribe  = "unsubscribe"
	frameUnsubscribed = "unsubscribed"
	framePublish      = "publish"
	framePublished    = "published"
	frameMessage      = "message"
	frameError        = "error"
)

// pubsubFrame is one JSON text frame of the pub/sub protocol, in either
// direction. Only the fields of its type are set.
type pubsubFrame struct {
	Type      string          `json:"type"`
	Topic     string          `json:"topic,omitempty"`
	Data      json.RawMessage `json:"data,omitempty"`
	RequestID string          `json:"requestId,omitempty"`
	ID        string          `json:"id,omitempty"`
	Created   string          `json:"created,omitempty"`
	ClientID  string          `json:"clientId,omitempty"`
	Message   string          `json:"message,omitempty"`
}

// errBadFrame is the cause of every frame decoding failure.
var errBadFrame = errors.New("bosbase: malformed pub/sub frame")

// decodeFrame parses one server frame. Like the server, it trims and
// lower-cases the type; unknown fields are ignored. A message frame without
// data gets JSON null, so listeners always see valid JSON. Anything that is
// not a JSON object with a string "type" and string-valued known fields is
// an error wrapping errBadFrame.
func decodeFrame(b []byte) (pubsubFrame, error) {
	members, err := jsonv.Members(b)
	if err == nil && members == nil {
		err = errors.New("null frame")
	}
	if err != nil {
		return pubsubFrame{}, errors.Join(errBadFrame, err)
	}
	var f pubsubFrame
	for _, m := range []struct {
		name string
		dst  *string
	}{
		{"type", &f.Type}, {"topic", &f.Topic}, {"requestId", &f.RequestID}, {"id", &f.ID},
		{"created", &f.Created}, {"clientId", &f.ClientID}, {"message", &f.Message},
	} {
		raw, ok := members[m.name]
		if !ok {
			continue
		}
		v, err := jsonv.Decode(raw)
		if err != nil {
			return pubsubFrame{}, errors.Join(errBadFrame, err)
		}
		switch t := v.(type) {
		case nil:
		case string:
			*m.dst = t
		default:
			return pubsubFrame{}, errors.Join(errBadFrame, errors.New("field "+m.name+" is not a string"))
		}
	}
	f.Type = strings.ToLower(strings.TrimSpace(f.Type))
	if f.Type == "" {
		return pubsubFrame{}, errors.Join(errBadFrame, errors.New("no type"))
	}
	if raw, ok := members["data"]; ok && string(raw) != "null" {
		// Keep listeners independent of the read buffer and give them the
		// canonical, compact form.
		f.Data, err = jsonv.Compact(nil, raw)
		if err != nil {
			return pubsubFrame{}, errors.Join(errBadFrame, err)
		}
	}
	if f.Type == frameMessage && len(f.Data) == 0 {
		f.Data = json.RawMessage("null")
	}
	return f, nil
}

// encodeFrame serialises a client frame, with encoding/json's field order
// and omitempty rules for pubsubFrame.
func encodeFrame(f pubsubFrame) ([]byte, error) {
	var w jsonv.ObjectWriter
	w.Field("type", f.Type)
	if f.Topic != "" {
		w.Field("topic", f.Topic)
	}
	if len(f.Data) > 0 {
		w.Field("data", f.Data)
	}
	for _, m := range []struct{ name, value string }{
		{"requestId", f.RequestID}, {"id", f.ID}, {"created", f.Created}, {"clientId", f.ClientID}, {"message", f.Message},
	} {
		if m.value != "" {
			w.Field(m.name, m.value)
		}
	}
	return w.Bytes()
}
