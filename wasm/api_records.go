//go:build js && wasm

package main

import (
	"context"
	"fmt"

	"github.com/bosgo/bosgo/core"

	"github.com/bosgo/bosgo/internal/jsonv"
)

// recordMethods are the record (CRUD and list) calls of the JS
// RecordService.
var recordMethods = map[string]asyncMethod{
	"getList": {run: func(ctx context.Context, e *clientEntry, c *call) (any, error) {
		a, opts, err := c.callArgs()
		if err != nil {
			return nil, err
		}
		page, perPage := a.Page, a.PerPage
		if page <= 0 {
			page = 1
		}
		if perPage <= 0 {
			perPage = 30
		}
		return rawResult(opts, func(opts []core.RequestOption) error {
			_, err := a.service(e).GetList(ctx, page, perPage, opts...)
			return err
		})
	}},
	// One page of web/bosbase.js's getFullList, which asks for pages
	// until one comes back short, as core's GetFullList does.
	"getFullList": {run: func(ctx context.Context, e *clientEntry, c *call) (any, error) {
		a, opts, err := c.callArgs()
		if err != nil {
			return nil, err
		}
		batch := a.Batch
		if batch <= 0 {
			batch = core.DefaultBatch
		}
		if !querySets(a.Options, "skipTotal") {
			opts = append(opts, core.WithQuery("skipTotal", "true"))
		}
		return rawResult(opts, func(opts []core.RequestOption) error {
			_, err := a.service(e).GetList(ctx, max(a.Page, 1), batch, opts...)
			return err
		})
	}},
	"getFirstListItem": {run: func(ctx context.Context, e *clientEntry, c *call) (any, error) {
		a, opts, err := c.callArgs()
		if err != nil {
			return nil, err
		}
		return a.service(e).GetFirstListItem(ctx, a.Filter, opts...)
	}},
	"getOne": {run: func(ctx context.Context, e *clientEntry, c *call) (any, error) {
		a, opts, err := c.callArgs()
		if err != nil {
			return nil, err
		}
		return rawResult(opts, func(opts []core.RequestOption) error {
			_, err := a.service(e).GetOne(ctx, a.ID, opts...)
			return err
		})
	}},
	"create": {run: func(ctx context.Context, e *clientEntry, c *call) (any, error) {
		a, opts, err := c.callArgs()
		if err != nil {
			return nil, err
		}
		body, err := a.bodyOrForm(c)
		if err != nil {
			return nil, fmt.Errorf("%w: body: %w", errBadCall, err)
		}
		return a.service(e).Create(ctx, body, opts...)
	}},
	"update": {run: func(ctx context.Context, e *clientEntry, c *call) (any, error) {
		a, opts, err := c.callArgs()
		if err != nil {
			return nil, err
		}
		body, err := a.bodyOrForm(c)
		if err != nil {
			return nil, fmt.Errorf("%w: body: %w", errBadCall, err)
		}
		return a.service(e).Update(ctx, a.ID, body, opts...)
	}},
	"delete": {run: func(ctx context.Context, e *clientEntry, c *call) (any, error) {
		a, opts, err := c.callArgs()
		if err != nil {
			return nil, err
		}
		return true, a.service(e).Delete(ctx, a.ID, opts...)
	}},
	"send": {run: runSend},
}

// runSend is pb.send(path, {method, body, …options}) for endpoints the
// SDK has no method for. args: {path, method, body, options}.
func runSend(ctx context.Context, e *clientEntry, c *call) (any, error) {
	var a struct{ Path, Method string }
	if err := c.decode(func(f *jsonv.Fields) { a.Path, a.Method = f.String("path"), f.String("method") }); err != nil {
		return nil, err
	}
	ca, opts, err := c.callArgs()
	if err != nil {
		return nil, err
	}
	if a.Method == "" {
		a.Method = "GET"
	}
	return rawResult(opts, func(opts []core.RequestOption) error {
		return e.client.Send(ctx, a.Method, a.Path, ca.Body, nil, opts...)
	})
}

// rawResult runs a call with core.WithRawResult added to opts and parses
// the body it kept with the browser's JSON.parse: JavaScript receives what
// the server sent without Go decoding it and encoding it again. No body (a
// 204) is null.
func rawResult(opts []core.RequestOption, run func([]core.RequestOption) error) (any, error) {
	var raw []byte
	if err := run(append(opts, core.WithRawResult(&raw))); err != nil {
		return nil, err
	}
	if raw == nil {
		return nil, nil
	}
	return jsonParse(string(raw))
}

// querySets reports whether the call's options set the query parameter
// key explicitly (options[key] true, in options.query or the legacy
// options.params), as core's GetFullList checks its request's query.
func querySets(options any, key string) bool {
	o, _ := options.(map[string]any)
	if o[key] == true {
		return true
	}
	for _, name := range []string{"query", "params"} {
		if q, ok := o[name].(map[string]any); ok {
			if _, set := q[key]; set {
				return true
			}
		}
	}
	return false
}
