//go:build js && wasm

package main

import (
	"context"
	"encoding/json"

	"github.com/bosgo/bosgo/core"

	"github.com/bosgo/bosgo/internal/jsonv"
)

// pubsubMethods are pb.pubsub's calls.
var pubsubMethods = map[string]asyncMethod{
	// {topic}: fn({id, topic, data, created}).
	"pubsubSubscribe": {run: func(ctx context.Context, e *clientEntry, c *call) (any, error) {
		a, _, err := c.callArgs()
		if err != nil {
			return nil, err
		}
		fn, err := listener(c)
		if err != nil {
			return nil, err
		}
		unsub, err := e.client.PubSub.Subscribe(ctx, a.Topic, func(m core.PubSubMessage) {
			invokeJSON(fn, pubsubMessage{ID: m.ID, Topic: m.Topic, Data: m.Data, Created: m.Created})
		})
		if err != nil {
			return nil, err
		}
		return e.addSub(unsub), nil
	}},
	// {topic, data} → {id, topic, created}.
	"pubsubPublish": {run: func(ctx context.Context, e *clientEntry, c *call) (any, error) {
		a, _, err := c.callArgs()
		if err != nil {
			return nil, err
		}
		ack, err := e.client.PubSub.Publish(ctx, a.Topic, a.Data)
		if err != nil {
			return nil, err
		}
		return map[string]any{"id": ack.ID, "topic": ack.Topic, "created": ack.Created}, nil
	}},
	// {topic?}: one topic, or every topic without one.
	"pubsubUnsubscribe": {run: func(ctx context.Context, e *clientEntry, c *call) (any, error) {
		a, _, err := c.callArgs()
		if err != nil {
			return nil, err
		}
		return true, e.client.PubSub.Unsubscribe(ctx, a.Topic)
	}},
	// {}: closes the socket and drops every subscription.
	"pubsubDisconnect": {run: func(ctx context.Context, e *clientEntry, c *call) (any, error) {
		return true, e.client.PubSub.Close()
	}},
}

// pubsubMessage is a pub/sub message as JS receives it.
type pubsubMessage struct {
	ID      string
	Topic   string
	Data    json.RawMessage
	Created string
}

// MarshalJSON encodes m as {id, topic, data, created}.
func (m pubsubMessage) MarshalJSON() ([]byte, error) {
	var w jsonv.ObjectWriter
	w.Field("id", m.ID)
	w.Field("topic", m.Topic)
	w.Field("data", m.Data)
	w.Field("created", m.Created)
	return w.Bytes()
}
