package core

import url "github.com/bosgo/bosgo/internal/urlx"

// RecordService is the API of one collection: records and, for auth
// collections, authentication. Get one with [Client.Collection]; it is
// cheap and safe for concurrent use.
type RecordService struct {
	client     *Client
	collection string
}

// Name returns the collection name or id the service was created with.
func (s *RecordService) Name() string { return s.collection }

// basePath returns "/api/collections/{collection}".
func (s *RecordService) basePath() string {
	return "/api/collections/" + url.PathEscape(s.collection)
}

// recordsPath returns "/api/collections/{collection}/records".
func (s *RecordService) recordsPath() string { return s.basePath() + "/records" }

// emptyCollectionPath is the start of every path of a service created with
// an empty collection name.
const emptyCollectionPath = "/api/collections//"

// errEmptyCollection is the error of every call of Collection("").
func errEmptyCollection() error {
	return newClientError("", 0, `empty collection name: pass a collection name or id to Client.Collection, e.g. Collection("users")`, nil)
}
