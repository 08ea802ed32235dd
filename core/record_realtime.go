package core

import (
	"context"
	"strings"

	"github.com/bosgo/bosgo/internal/jsonv"
)

// RecordEvent is a realtime change of a record.
type RecordEvent struct {
	// Action is "create", "update" or "delete".
	Action string `json:"action"`
	// Record is the record after the change (before it, for a delete),
	// expanded and field-picked as the subscription's options asked.
	Record Record `json:"record"`
}

func (e *RecordEvent) fromJSON(v any) error {
	o := jsonv.FieldsOf(v, "")
	e.Action = o.String("action")
	if rec := o.Object("record"); rec != nil {
		e.Record = Record(rec)
	}
	return o.Err()
}

// MarshalJSON encodes e as encoding/json would from its json tags.
func (e RecordEvent) MarshalJSON() ([]byte, error) {
	var w jsonv.ObjectWriter
	w.Field("action", e.Action)
	w.Field("record", e.Record)
	return w.Bytes()
}

// Subscribe registers fn for changes of the collection's records: topic
// "*" for every record (the server checks the list rule for each event),
// or a record id for that record (checked against the view rule). opts may
// carry [WithExpand], [WithFields], [WithFilter], [WithQuery] and
// [WithHeader], applied by the server to each event. Events whose data is
// not a record event are skipped.
//
// It is [RealtimeService.Subscribe] on the topic "<collection>/<topic>";
// the returned function removes fn.
//
// Endpoint: GET /api/realtime (server-sent events), POST /api/realtime (topic "{collection}/{topic}")
func (s *RecordService) Subscribe(ctx context.Context, topic string, fn func(RecordEvent), opts ...RequestOption) (unsubscribe func() error, err error) {
	if s.collection == "" {
		return nil, errEmptyCollection()
	}
	if topic == "" {
		return nil, newClientError("", 0, `realtime: empty record topic (use "*" or a record id)`, nil)
	}
	if fn == nil {
		return nil, newClientError("", 0, "realtime: nil listener", nil)
	}
	return s.client.Realtime.Subscribe(ctx, s.collection+"/"+topic, func(ev Event) {
		var re RecordEvent
		if err := decodeJSON([]byte(ev.Data), &re); err != nil || re.Action == "" {
			return
		}
		fn(re)
	}, opts...)
}

// Unsubscribe removes the collection's subscriptions of the given topics
// ("*" or record ids), with any options. Without topics it removes every
// subscription of the collection.
//
// Endpoint: POST /api/realtime
func (s *RecordService) Unsubscribe(ctx context.Context, topics ...string) error {
	rt := s.client.Realtime
	if len(topics) == 0 {
		prefix := s.collection + "/"
		return rt.removeListeners(ctx, func(k string, _ *rtListener) bool {
			return strings.HasPrefix(k, prefix) || k == s.collection || strings.HasPrefix(k, s.collection+"?")
		})
	}
	return rt.removeListeners(ctx, func(k string, _ *rtListener) bool {
		for _, t := range topics {
			topic := s.collection + "/" + t
			if k == topic || strings.HasPrefix(k, topic+"?") {
				return true
			}
		}
		return false
	})
}
