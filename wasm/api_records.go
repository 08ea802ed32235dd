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
		return a.service(e).GetList(ctx, page, perPage, opts...)
	}},
	"getFullList": {run: func(ctx context.Context, e *clientEntry, c *call) (any, error) {
		a, opts, err := c.callArgs()
		if err != nil {
			return nil, err
		}
		if a.Batch > 0 {
			opts = append(opts, core.WithBatch(a.Batch))
		}
		items, err := a.service(e).GetFullList(ctx, opts...)
		if items == nil && err == nil {
			items = []core.Record{}
		}
		return items, err
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
		return a.service(e).GetOne(ctx, a.ID, opts...)
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
	var out any
	if err := e.client.Send(ctx, a.Method, a.Path, ca.Body, &out, opts...); err != nil {
		return nil, err
	}
	return out, nil
}
