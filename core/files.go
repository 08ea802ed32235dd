package core

import (
	"context"

	"github.com/bosgo/bosgo/internal/jsonv"
	url "github.com/bosgo/bosgo/internal/urlx"
)

// FileService builds file URLs and asks for file tokens. Get it with
// [Client.Files]; it is cheap and safe for concurrent use.
type FileService struct {
	client *Client
}

// Files returns the client's file service.
func (c *Client) Files() *FileService { return &FileService{client: c} }

// FileURLOptions are the query parameters of a file URL; the zero value
// (or nil) asks for the original file, shown inline.
type FileURLOptions struct {
	// Thumb asks for a thumbnail of an image, e.g. "100x100", "0x50" or
	// "100x100t"; the size must be one the field lists in its thumbs
	// setting, or the server sends the original.
	Thumb string
	// Download makes the server send the file as an attachment
	// (Content-Disposition: attachment) instead of inline.
	Download bool
	// Token is a file token from [FileService.Token], needed for files of
	// a protected file field.
	Token string
	// Query holds further query parameters, serialised like [WithQuery].
	Query map[string]any
}

// URL returns the absolute URL of the file filename of record, e.g.
// http://127.0.0.1:8090/api/files/{collectionId}/{recordId}/{filename}?thumb=100x100.
// The collection is the record's "collectionId", else its
// "collectionName". It returns "" when filename is empty or the record has
// no id or collection, as the BosBase JS SDK's files.getURL does. The URL
// carries opts.Token in its query: do not log it.
func (s *FileService) URL(record Record, filename string, opts *FileURLOptions) string {
	collection := record.String("collectionId")
	if collection == "" {
		collection = record.CollectionName()
	}
	if filename == "" || record.ID() == "" || collection == "" {
		return ""
	}
	u := s.client.BuildURL("/api/files/" + url.PathEscape(collection) + "/" +
		url.PathEscape(record.ID()) + "/" + url.PathEscape(filename))
	if opts == nil {
		return u
	}
	q := url.Values{}
	for k, v := range opts.Query {
		addQuery(q, k, v)
	}
	if opts.Thumb != "" {
		q.Set("thumb", opts.Thumb)
	}
	if opts.Download {
		q.Set("download", "true")
	}
	if opts.Token != "" {
		q.Set("token", opts.Token)
	}
	if len(q) == 0 {
		return u
	}
	return u + "?" + q.Encode()
}

// Token asks the server for a short-lived file token (180 s by default)
// for the signed-in record, to pass to [FileService.URL] for files of
// protected file fields. Without a session the server answers 401.
//
// Endpoint: POST /api/files/token
func (s *FileService) Token(ctx context.Context, opts ...RequestOption) (string, error) {
	var out any
	if err := s.client.send(ctx, "POST", "/api/files/token", nil, &out, newRequestConfig(opts)); err != nil {
		return "", err
	}
	f := jsonv.FieldsOf(out, "")
	token := f.String("token")
	if err := f.Err(); err != nil {
		return "", newClientError(s.client.BuildURL("/api/files/token"), 200, "invalid file token response", err)
	}
	return token, nil
}
