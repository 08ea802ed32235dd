package core

import (
	"context"
	"strconv"

	"github.com/bosgo/bosgo/internal/jsonv"
)

// ListResult is one page of records, as GET …/records returns it.
type ListResult struct {
	// Page is the page number, from 1.
	Page int `json:"page"`
	// PerPage is the page size the server used.
	PerPage int `json:"perPage"`
	// TotalItems is the number of matching records, -1 with
	// [WithSkipTotal].
	TotalItems int `json:"totalItems"`
	// TotalPages is the number of pages, -1 with [WithSkipTotal].
	TotalPages int `json:"totalPages"`
	// Items are the page's records; never nil on success.
	Items []Record `json:"items"`
}

func (l *ListResult) fromJSON(v any) error {
	o := jsonv.FieldsOf(v, "")
	l.Page = o.Int("page")
	l.PerPage = o.Int("perPage")
	l.TotalItems = o.Int("totalItems")
	l.TotalPages = o.Int("totalPages")
	l.Items = recordsField(o, "items")
	return o.Err()
}

// MarshalJSON encodes l as encoding/json would from its json tags.
func (l ListResult) MarshalJSON() ([]byte, error) {
	var w jsonv.ObjectWriter
	w.Field("page", l.Page)
	w.Field("perPage", l.PerPage)
	w.Field("totalItems", l.TotalItems)
	w.Field("totalPages", l.TotalPages)
	w.Field("items", recordsJSON(l.Items))
	return w.Bytes()
}

// DefaultBatch is the page size [RecordService.GetFullList] uses unless
// [WithBatch] says otherwise, as in the BosBase JS SDK.
const DefaultBatch = 500

// WithBatch sets the page size [RecordService.GetFullList] fetches with; n
// <= 0 means [DefaultBatch]. The server caps pages at 1000 records. Other
// calls ignore it.
func WithBatch(n int) RequestOption {
	return func(rc *requestConfig) { rc.batch = n }
}

// GetList returns page page (from 1) of the collection's records, perPage
// records per page (the server caps it at 1000; 0 means its default, 30).
// Options: [WithFilter], [WithSort], [WithExpand], [WithFields],
// [WithSkipTotal], [WithQuery], [WithHeader]. The page and perPage
// arguments win over the same keys given with WithQuery.
//
// Endpoint: GET /api/collections/{collection}/records
func (s *RecordService) GetList(ctx context.Context, page, perPage int, opts ...RequestOption) (*ListResult, error) {
	return s.getList(ctx, page, perPage, newRequestConfig(opts))
}

func (s *RecordService) getList(ctx context.Context, page, perPage int, rc *requestConfig) (*ListResult, error) {
	if page > 0 {
		rc.query.Set("page", strconv.Itoa(page))
	}
	if perPage > 0 {
		rc.query.Set("perPage", strconv.Itoa(perPage))
	}
	if rc.params != nil {
		f, err := bindFilter(rc.query.Get("filter"), rc.params)
		if err != nil {
			return nil, newClientError("", 0, "filter parameter cannot be bound", err)
		}
		rc.query.Set("filter", f)
	}
	var out ListResult
	if err := s.client.send(ctx, "GET", s.recordsPath(), nil, &out, rc); err != nil {
		return nil, err
	}
	if out.Items == nil {
		out.Items = []Record{}
	}
	return &out, nil
}

// GetFullList returns every record matching the options, fetching pages of
// [DefaultBatch] records (or [WithBatch]) with skipTotal until a page comes
// back short. It takes the same options as [RecordService.GetList]; pass
// [WithQuery]("skipTotal", false) to have the server count anyway. The
// returned slice is never nil on success.
//
// Endpoint: GET /api/collections/{collection}/records (repeated)
func (s *RecordService) GetFullList(ctx context.Context, opts ...RequestOption) ([]Record, error) {
	batch := newRequestConfig(opts).batch
	if batch <= 0 {
		batch = DefaultBatch
	}
	all := []Record{}
	for page := 1; ; page++ {
		// A fresh config per page: nothing a page does leaks into the
		// next one or back into the caller's options.
		rc := newRequestConfig(opts)
		if !rc.query.Has("skipTotal") {
			rc.query.Set("skipTotal", "true")
		}
		list, err := s.getList(ctx, page, batch, rc)
		if err != nil {
			return nil, err
		}
		all = append(all, list.Items...)
		perPage := list.PerPage
		if perPage <= 0 {
			perPage = batch
		}
		if len(list.Items) == 0 || len(list.Items) < perPage {
			return all, nil
		}
	}
}

// GetFirstListItem returns the first record matching filter. When filter
// holds user input, put {:name} placeholders in it and pass the values with
// [WithFilterParams], which binds them as [Client.Filter] does:
//
//	rec, err := users.GetFirstListItem(ctx, "email = {:email}", core.WithFilterParams(map[string]any{"email": email}))
//
// When none matches, the error is a [*ClientResponseError] with status
// 404, as in the BosBase JS SDK.
//
// Endpoint: GET /api/collections/{collection}/records?page=1&perPage=1
func (s *RecordService) GetFirstListItem(ctx context.Context, filter string, opts ...RequestOption) (Record, error) {
	rc := newRequestConfig(opts)
	rc.query.Set("skipTotal", "true")
	if filter != "" {
		rc.query.Set("filter", filter)
	}
	list, err := s.getList(ctx, 1, 1, rc)
	if err != nil {
		return nil, err
	}
	if len(list.Items) == 0 {
		return nil, notFoundError(s.client.BuildURL(s.recordsPath()), "The requested resource wasn't found.")
	}
	return list.Items[0], nil
}

// notFoundError is the client-side 404 the BosBase SDKs raise for a
// missing record, shaped like a server error body.
func notFoundError(rawURL, msg string) *ClientResponseError {
	e := newClientError(redactURL(rawURL), 404, msg, nil)
	e.Response = map[string]any{"status": float64(404), "message": msg, "data": map[string]any{}}
	return e
}
