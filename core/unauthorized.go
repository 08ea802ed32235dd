package core

import "errors"

// clearOnUnauthorized applies the 401 rule after a request that carried the
// stored token sent: a 401 answer means the server no longer accepts the
// token, so the store is cleared, but only if it still holds sent (a newer
// session saved meanwhile is kept).
//
// It does nothing when sent is "" (the request went without the stored
// token: [WithoutAuth], an explicit Authorization header, or no session),
// and nothing for the MFA challenge, a 401 whose body carries "mfaId".
//
// The comparison and the clear are one [AuthStore.CompareAndSave], so a
// session saved meanwhile, by another goroutine or another tab, is never
// lost.
func (c *Client) clearOnUnauthorized(sent string, err error) {
	var e *ClientResponseError
	if sent == "" || !errors.As(err, &e) || e.Status != 401 {
		return
	}
	if _, mfa := e.Response["mfaId"]; mfa {
		return
	}
	_, _ = c.store.CompareAndSave(sent, AuthEvent{})
}
