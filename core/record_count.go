package core

import (
	"context"

	"github.com/bosgo/bosgo/internal/jsonv"
)

// GetCount returns how many of the collection's records match filter ("" for
// all) and the collection's list rule, without fetching them. Build filter
// with [Client.Filter] when it holds user input. Options: [WithQuery],
// [WithHeader].
//
// Endpoint: GET /api/collections/{collection}/records/count (BosBase)
func (s *RecordService) GetCount(ctx context.Context, filter string, opts ...RequestOption) (int, error) {
	rc := newRequestConfig(opts)
	addQuery(rc.query, "filter", nonEmpty(filter))
	var out any
	if err := s.client.send(ctx, "GET", s.recordsPath()+"/count", nil, &out, rc); err != nil {
		return 0, err
	}
	f := jsonv.FieldsOf(out, "")
	n := f.Int("count")
	if err := f.Err(); err != nil {
		return 0, newClientError(s.client.BuildURL(s.recordsPath()+"/count"), 200, "invalid count response", err)
	}
	return n, nil
}
