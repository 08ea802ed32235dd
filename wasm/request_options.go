//go:build js && wasm

package main

import (
	"fmt"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/internal/jsonv"

	"github.com/bosgo/bosgo/internal/smallsort"
)

// sendOptions are the per-call options of the JS API, named as in the
// BosBase JS SDK. Keys the SDK does not know become query parameters, as
// the JS SDK's normalizeUnknownQueryParams does.
type sendOptions struct {
	Expand    string
	Fields    string
	Filter    string
	Sort      string
	SkipTotal bool
	MFAID     string
	Query     map[string]any
	Headers   map[string]string
	Body      map[string]any // extra JSON body fields

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

// read takes the known keys from the decoded options and keeps the others.
func (o *sendOptions) read(f *jsonv.Fields, all map[string]any) {
	o.Expand = f.String("expand")
	o.Fields = f.String("fields")
	o.Filter = f.String("filter")
	o.Sort = f.String("sort")
	o.SkipTotal = f.Bool("skipTotal")
	o.MFAID = f.String("mfaId")
	o.Query = f.Object("query")
	o.Headers = f.StringMap("headers")
	o.Body = f.Object("body")
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
	smallsort.Sort(keys)
	return keys
}

// decodeOptions decodes the "options" member of a call's arguments.
func decodeOptions(raw any) ([]core.RequestOption, error) {
	if raw == nil {
		return nil, nil
	}
	f := jsonv.FieldsOf(raw, "options")
	var o sendOptions
	if f.Err() == nil {
		o.read(f, raw.(map[string]any))
	}
	if err := f.Err(); err != nil {
		return nil, fmt.Errorf("%w: options: %w", errBadCall, err)
	}
	return o.requestOptions(), nil
}
