package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
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
	var f pubsubFrame
	if err := json.Unmarshal(b, &f); err != nil {
		return pubsubFrame{}, errors.Join(errBadFrame, err)
	}
	f.Type = strings.ToLower(strings.TrimSpace(f.Type))
	if f.Type == "" {
		return pubsubFrame{}, errors.Join(errBadFrame, errors.New("no type"))
	}
	if f.Type == frameMessage && len(f.Data) == 0 {
		f.Data = json.RawMessage("null")
	}
	if len(f.Data) > 0 {
		// Keep listeners independent of the read buffer and give them the
		// canonical, compact form.
		var buf bytes.Buffer
		if err := json.Compact(&buf, f.Data); err != nil {
			return pubsubFrame{}, errors.Join(errBadFrame, err)
		}
		f.Data = buf.Bytes()
	}
	return f, nil
}

// encodeFrame serialises a client frame.
func encodeFrame(f pubsubFrame) ([]byte, error) {
	return json.Marshal(f)
}
