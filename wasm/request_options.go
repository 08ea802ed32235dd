//go:build js && wasm

package main

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/bosgo/bosgo/core"
)

// sendOptions are the per-call options of the JS API, named as in the
// BosBase JS SDK. Keys the SDK does not know become query parameters, as
// the JS SDK's normalizeUnknownQueryParams does.
type sendOptions struct {
	Expand    string            `json:"expand"`
	Fields    string            `json:"fields"`
	Filter    string            `json:"filter"`
	Sort      string            `json:"sort"`
	SkipTotal bool              `json:"skipTotal"`
	MFAID     string            `json:"mfaId"`
	Query     map[string]any    `json:"query"`
	Headers   map[string]string `json:"headers"`
	Body      map[string]any    `json:"body"` // extra JSON body fields

	rest map[string]any // unknown keys
}

// knownOptionKeys are never sent as query parameters. signal and
// requestKey belong to the JS side; batch/page/perPage to list calls.
var knownOptionKeys = map[string]bool{
	"expand": true, "fields": true, "filter": true, "sort": true, "skipTotal": true,
	"mfaId": true, "query": true, "headers": true, "body": true,
	"signal": true, "requestKey": true, "$autoCancel": true, "$cancelKey": true,
	"fetch": true, "params": true, "batch": true, "page": true, "perPage": true,
	"autoRefreshThreshold": true,
}

// UnmarshalJSON decodes the known keys and keeps the others.
func (o *sendOptions) UnmarshalJSON(data []byte) error {
	type plain sendOptions
	if err := json.Unmarshal(data, (*plain)(o)); err != nil {
		return err
	}
	var all map[string]any
	if err := json.Unmarshal(data, &all); err != nil {
		return err
	}
	for k, v := range all {
		if !knownOptionKeys[k] {
			if o.rest == nil {
				o.rest = map[string]any{}
			}
			o.rest[k] = v
		}
	}
	// The legacy "params" object is merged into the query, as in the JS SDK.
	if p, ok := all["params"].(map[string]any); ok {
		if o.Query == nil {
			o.Query = map[string]any{}
		}
		for k, v := range p {
			o.Query[k] = v
		}
	}
	return nil
}

// requestOptions converts o to core's request options.
func (o *sendOptions) requestOptions() []core.RequestOption {
	var opts []core.RequestOption
	add := func(opt core.RequestOption) { opts = append(opts, opt) }
	if o.Expand != "" {
		add(core.WithExpand(o.Expand))
	}
	if o.Fields != "" {
		add(core.WithFields(o.Fields))
	}
	if o.Filter != "" {
		add(core.WithFilter(o.Filter))
	}
	if o.Sort != "" {
		add(core.WithSort(o.Sort))
	}
	if o.SkipTotal {
		add(core.WithSkipTotal())
	}
	if o.MFAID != "" {
		add(core.WithMFA(o.MFAID))
	}
	for _, k := range sortedKeys(o.Query) {
		add(core.WithQuery(k, o.Query[k]))
	}
	for _, k := range sortedKeys(o.rest) {
		add(core.WithQuery(k, o.rest[k]))
	}
	for k, v := range o.Headers {
		add(core.WithHeader(k, v))
	}
	for k, v := range o.Body {
		add(core.WithBody(k, v))
	}
	return opts
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// decodeOptions decodes the "options" member of a call's arguments.
func decodeOptions(raw json.RawMessage) ([]core.RequestOption, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var o sendOptions
	if err := json.Unmarshal(raw, &o); err != nil {
		return nil, fmt.Errorf("%w: options: %w", errBadCall, err)
	}
	return o.requestOptions(), nil
}
