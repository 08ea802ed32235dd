//go:build js && wasm

package main

import (
	"fmt"

	"github.com/bosgo/bosgo/core"
	"github.com/hack-pad/safejs"

	"github.com/bosgo/bosgo/internal/jsonv"
)

// syncMethods are the bridge's non-blocking methods: __bosgo.sync(handle,
// name, args).
var syncMethods = map[string]syncMethod{
	"token":       func(e *clientEntry, _ safejs.Value) (any, error) { return e.store.Token(), nil },
	"record":      syncRecord,
	"isValid":     func(e *clientEntry, _ safejs.Value) (any, error) { return e.store.IsValid(), nil },
	"isSuperuser": func(e *clientEntry, _ safejs.Value) (any, error) { return e.store.IsSuperuser(), nil },
	"save":        syncSave,
	"clear":       func(e *clientEntry, _ safejs.Value) (any, error) { return nil, e.store.Clear() },
	"storeInfo":   syncStoreInfo,
	"baseURL":     func(e *clientEntry, _ safejs.Value) (any, error) { return e.client.BaseURL(), nil },
	"buildURL":    syncBuildURL,
	"filter":      syncFilter,
	"realtimeState": func(e *clientEntry, _ safejs.Value) (any, error) {
		return map[string]any{"isConnected": e.client.Realtime.IsConnected(), "clientId": e.client.Realtime.ClientID()}, nil
	},
	"pubsubState": func(e *clientEntry, _ safejs.Value) (any, error) {
		return map[string]any{"isConnected": e.client.PubSub.IsConnected(), "clientId": e.client.PubSub.ClientID()}, nil
	},
}

func syncRecord(e *clientEntry, _ safejs.Value) (any, error) {
	rec := e.store.Record()
	if rec == nil {
		return safejs.Null(), nil
	}
	return rec, nil
}

// syncSave: {token, record}.
func syncSave(e *clientEntry, args safejs.Value) (any, error) {
	var token string
	var rec core.Record
	if err := fromJS(args, func(f *jsonv.Fields) { token, rec = f.String("token"), f.Object("record") }); err != nil {
		return nil, fmt.Errorf("%w: save: %w", errBadCall, err)
	}
	return nil, e.store.Save(token, rec)
}

// syncStoreInfo describes the store: {kind, key, persistent}.
func syncStoreInfo(e *clientEntry, _ safejs.Value) (any, error) {
	info := map[string]any{"kind": e.storeKind, "key": nil, "persistent": false}
	if ws, ok := e.store.(*WebStorageStore); ok {
		info["key"], info["persistent"] = ws.Key(), ws.Persistent()
	}
	return info, nil
}

// syncBuildURL: {path}.
func syncBuildURL(e *clientEntry, args safejs.Value) (any, error) {
	return e.client.BuildURL(stringOf(get(args, "path"))), nil
}

// syncFilter: {raw, params} → the filter with its placeholders bound.
func syncFilter(e *clientEntry, args safejs.Value) (any, error) {
	var raw string
	var params map[string]any
	if err := fromJS(args, func(f *jsonv.Fields) { raw, params = f.String("raw"), f.Object("params") }); err != nil {
		return nil, fmt.Errorf("%w: filter: %w", errBadCall, err)
	}
	return e.client.FilterE(raw, params)
}
