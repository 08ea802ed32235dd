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
// AuthRefresh never triggers auto-refresh itself. The answer is saved only
// if the store still holds the token that was sent
// ([AuthStore.CompareAndSave]): when the session changed while the call
// was in flight (a sign-out, another sign-in, here or in another tab), the
// store is left as it is and the error wraps [ErrSessionChanged]. A token
// given with an explicit Authorization header is the caller's choice: its
// answer is saved as a sign-in is.
//
// Endpoint: POST /api/collections/{collection}/auth-refresh
func (s *RecordService) AuthRefresh(ctx context.Context, opts ...RequestOption) (*AuthResponse, error) {
	rc := newRequestConfig(opts)
	rc.noRetry = true
	if rc.header.Get("Authorization") != "" {
		return s.authSend(ctx, "POST", "/auth-refresh", nil, rc)
	}
	out, err := s.authRequest(ctx, "POST", "/auth-refresh", nil, rc)
	if err != nil {
		return nil, err
	}
	saved, err := s.client.store.CompareAndSave(rc.sent, AuthEvent{Token: out.Token, Record: out.Record})
	switch {
	case err != nil:
		return out, newClientError("", 0, "saving the session failed", err)
	case !saved && s.client.store.Token() != out.Token:
		return out, newClientError("", 0, "the session changed during auth-refresh; the answer was not saved", ErrSessionChanged)
	}
	return out, nil
}
