package core

import (
	"context"
	url "github.com/bosgo/bosgo/internal/urlx"
)

// missingIDMessage is the BosBase SDKs' message for an empty record id.
const missingIDMessage = "Missing required record id."

// recordPath returns "/api/collections/{collection}/records/{id}", or a
// client-side 404 error for an empty id, which would otherwise address
// the list endpoint.
func (s *RecordService) recordPath(id string) (string, error) {
	if id == "" {
		return "", notFoundError(s.client.BuildURL(s.recordsPath()+"/"), missingIDMessage)
	}
	return s.recordsPath() + "/" + url.PathEscape(id), nil
}

// GetOne returns the record with the given id. An empty id fails without a
// request with a [*ClientResponseError] of status 404 ("Missing required
// record id."), as in the BosBase JS SDK; so does a record the caller may
// not view, from the server. Options: [WithExpand], [WithFields],
// [WithQuery], [WithHeader].
//
// Endpoint: GET /api/collections/{collection}/records/{id}
func (s *RecordService) GetOne(ctx context.Context, id string, opts ...RequestOption) (Record, error) {
	path, err := s.recordPath(id)
	if err != nil {
		return nil, err
	}
	var out Record
	if err := s.client.send(ctx, "GET", path, nil, &out, newRequestConfig(opts)); err != nil {
		return nil, err
	}
	return out, nil
}

// Create creates a record from body, anything that encodes to a JSON object
// (a map, a [Record] or a struct with json tags); [WithBody] fields are
// merged into a map body. Auth collections take "password" and
// "passwordConfirm" for sign-up. A map body with [File] values is sent as
// a streamed multipart upload (see [File]). Options: [WithExpand],
// [WithFields], [WithQuery], [WithHeader], [WithBody].
//
// Endpoint: POST /api/collections/{collection}/records
func (s *RecordService) Create(ctx context.Context, body any, opts ...RequestOption) (Record, error) {
	var out Record
	if err := s.client.send(ctx, "POST", s.recordsPath(), body, &out, newRequestConfig(opts)); err != nil {
		return nil, err
	}
	return out, nil
}

// Update changes the fields in body of the record with the given id and
// returns the updated record. An empty id fails like [RecordService.GetOne].
//
// When the updated record is the signed-in one (same id, and the service's
// collection is the stored record's collection name or id), the response
// is merged into the stored record and saved with the same token, so
// listeners see [AuthRecordUpdated]; "expand" is merged one level deep, as
// in the BosBase JS SDK. If saving to the store fails, the updated record
// is returned together with the error.
//
// Endpoint: PATCH /api/collections/{collection}/records/{id}
func (s *RecordService) Update(ctx context.Context, id string, body any, opts ...RequestOption) (Record, error) {
	path, err := s.recordPath(id)
	if err != nil {
		return nil, err
	}
	var out Record
	if err := s.client.send(ctx, "PATCH", path, body, &out, newRequestConfig(opts)); err != nil {
		return nil, err
	}
	if err := s.syncUpdated(out); err != nil {
		return out, err
	}
	return out, nil
}

// Delete deletes the record with the given id. An empty id fails like
// [RecordService.GetOne]. Deleting the signed-in record (matched as in
// [RecordService.Update]) clears the auth store, so listeners see
// [AuthSignedOut].
//
// Endpoint: DELETE /api/collections/{collection}/records/{id}
func (s *RecordService) Delete(ctx context.Context, id string, opts ...RequestOption) error {
	path, err := s.recordPath(id)
	if err != nil {
		return err
	}
	if err := s.client.send(ctx, "DELETE", path, nil, nil, newRequestConfig(opts)); err != nil {
		return err
	}
	store := s.client.store
	if token := store.Token(); s.isSignedIn(store.Record(), id) {
		if _, err := store.CompareAndSave(token, AuthEvent{}); err != nil {
			return newClientError("", 0, "clearing the session failed", err)
		}
	}
	return nil
}

// isSignedIn reports whether rec, the stored record, is the record id of
// this service's collection.
func (s *RecordService) isSignedIn(rec Record, id string) bool {
	if rec == nil || id == "" || rec.ID() != id {
		return false
	}
	return rec.String("collectionId") == s.collection || rec.CollectionName() == s.collection
}

// syncUpdated merges updated into the store when it is the signed-in
// record.
func (s *RecordService) syncUpdated(updated Record) error {
	store := s.client.store
	token, current := store.Token(), store.Record()
	if token == "" || !s.isSignedIn(current, updated.ID()) {
		return nil
	}
	oldExpand, _ := current["expand"].(map[string]any)
	newExpand, _ := updated["expand"].(map[string]any)
	merged := current // Record returns a copy: safe to change
	for k, v := range updated.Clone() {
		merged[k] = v
	}
	if oldExpand != nil || newExpand != nil {
		expand := make(map[string]any, len(oldExpand)+len(newExpand))
		for k, v := range oldExpand {
			expand[k] = v
		}
		for k, v := range newExpand {
			expand[k] = cloneValue(v)
		}
		merged["expand"] = expand
	}
	if _, err := store.CompareAndSave(token, AuthEvent{Token: token, Record: merged}); err != nil {
		return newClientError("", 0, "saving the session failed", err)
	}
	return nil
}
