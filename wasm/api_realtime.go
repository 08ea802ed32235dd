//go:build js && wasm

package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/bosgo/bosgo/core"
	"github.com/hack-pad/safejs"

	"github.com/bosgo/bosgo/internal/jsonv"
)

// realtimeMethods are the subscription calls. A subscription's listener is
// the call's JS function; the result is a subscription id the JS side
// passes to "unsubscribeId" (what the returned UnsubscribeFunc does).
var realtimeMethods = map[string]asyncMethod{
	// {collection, topic, options}: record events, fn(event).
	"subscribe": {run: func(ctx context.Context, e *clientEntry, c *call) (any, error) {
		a, opts, err := c.callArgs()
		if err != nil {
			return nil, err
		}
		fn, err := listener(c)
		if err != nil {
			return nil, err
		}
		unsub, err := a.service(e).Subscribe(ctx, a.Topic, func(ev core.RecordEvent) {
			invokeJSON(fn, ev)
		}, opts...)
		if err != nil {
			return nil, err
		}
		return e.addSub(unsub), nil
	}},
	// {collection, topic?}: removes the collection's subscriptions of topic
	// (all of them without a topic).
	"unsubscribe": {run: func(ctx context.Context, e *clientEntry, c *call) (any, error) {
		a, _, err := c.callArgs()
		if err != nil {
			return nil, err
		}
		var topics []string
		if a.Topic != "" {
			topics = append(topics, a.Topic)
		}
		return true, a.service(e).Unsubscribe(ctx, topics...)
	}},
	// {topic, options}: any realtime topic, fn(data) with the parsed JSON.
	"realtimeSubscribe": {run: func(ctx context.Context, e *clientEntry, c *call) (any, error) {
		a, opts, err := c.callArgs()
		if err != nil {
			return nil, err
		}
		fn, err := listener(c)
		if err != nil {
			return nil, err
		}
		unsub, err := e.client.Realtime.Subscribe(ctx, a.Topic, func(ev core.Event) {
			invokeRawJSON(fn, ev.Data)
		}, opts...)
		if err != nil {
			return nil, err
		}
		return e.addSub(unsub), nil
	}},
	// {topic?}: by topic, or everything.
	"realtimeUnsubscribe": {run: func(ctx context.Context, e *clientEntry, c *call) (any, error) {
		a, _, err := c.callArgs()
		if err != nil {
			return nil, err
		}
		return true, e.client.Realtime.Unsubscribe(ctx, a.Topic)
	}},
	// {id}: one subscription made by subscribe, realtimeSubscribe or
	// pubsubSubscribe.
	"unsubscribeId": {run: func(ctx context.Context, e *clientEntry, c *call) (any, error) {
		var id float64
		if err := c.decode(func(f *jsonv.Fields) { id = f.Float("id") }); err != nil {
			return nil, err
		}
		if unsub := e.takeSub(id); unsub != nil {
			return true, unsub()
		}
		return true, nil
	}},
}

var errNoListener = errors.New("bosgo: subscribe needs a callback function")

func listener(c *call) (safejs.Value, error) {
	if !isFunction(c.fn) {
		return safejs.Undefined(), fmt.Errorf("%w: %w", errBadCall, errNoListener)
	}
	return c.fn, nil
}

// invokeJSON calls the JS listener fn with v as JS data. A listener that
// throws does not affect the subscription.
func invokeJSON(fn safejs.Value, v any) {
	jv, err := toJS(v)
	if err != nil {
		return
	}
	_, _ = fn.Invoke(jv)
}

// invokeRawJSON calls fn with the parsed JSON text data ({} when it is not
// JSON, as in the JS SDK).
func invokeRawJSON(fn safejs.Value, data string) {
	jv, err := jsonParse(data)
	if err != nil || !jsonv.Valid([]byte(data)) {
		jv, _ = safejs.ValueOf(map[string]any{})
	}
	_, _ = fn.Invoke(jv)
}
