package core

import (
	"context"
	url "github.com/bosgo/bosgo/internal/urlx"
	"math"
	"time"
)

// Impersonate signs in as the record recordID of this collection on behalf
// of the superuser signed in on the client, and returns a new [Client] that
// holds the impersonation session in its own [MemoryStore]. The new client
// shares the configuration (transport, middleware, timeouts, clock) of the
// original, except its [WithSessionMiddleware], which is bound to the
// original's store; the original's own session is left untouched.
//
// duration is the lifetime of the impersonation token, in whole seconds
// (rounded up); zero means the collection's default (7 days for most
// collections, 1 day for _superusers). Impersonation tokens are not
// refreshable: once one has expired, the new client's calls fail with
// [ErrTokenExpired] and its store is cleared (see [Client.Send]);
// impersonate again.
//
// Failures: 401 without a session, 403 when the signed-in record is not a
// superuser, 404 for an unknown record, 400 for a negative duration.
//
// Endpoint: POST /api/collections/{collection}/impersonate/{id}
func (s *RecordService) Impersonate(ctx context.Context, recordID string, duration time.Duration, opts ...RequestOption) (*Client, error) {
	body := map[string]any{"duration": int64(math.Ceil(duration.Seconds()))}
	out, err := s.authRequest(ctx, "POST", "/impersonate/"+url.PathEscape(recordID), body, newRequestConfig(opts))
	if err != nil {
		return nil, err
	}
	store := &MemoryStore{Now: s.client.cfg.now}
	if err := store.Save(out.Token, out.Record); err != nil {
		return nil, newClientError("", 0, "saving the session failed", err)
	}
	return s.client.withStore(store), nil
}
