package core

import "context"

// AuthRefresh checks the stored token with the server and saves what it
// answers: a new token when the stored one is refreshable (PocketBase
// tokens), the same token when it is not (BosBase static and impersonation
// tokens), and the record's current data either way. It works for every
// auth collection; call it on the collection of the signed-in record.
//
// It is the authoritative "am I still signed in?" check, since
// [AuthStore.IsValid] only looks at the token locally. A 401 means the
// token is no longer accepted (expired, or revoked by a password or email
// change); the client then clears the store, as it does for any 401 to a
// request that carried the current token. 403 means the token belongs to
// another collection.
//
// AuthRefresh never triggers auto-refresh itself.
//
// Endpoint: POST /api/collections/{collection}/auth-refresh
func (s *RecordService) AuthRefresh(ctx context.Context, opts ...RequestOption) (*AuthResponse, error) {
	rc := newRequestConfig(opts)
	rc.noRetry = true
	return s.authSend(ctx, "POST", "/auth-refresh", nil, rc)
}
