package core

import "context"

// RequestEmailChange mails a confirmation link to newEmail. It needs a
// signed-in record of this collection: the change is for the stored
// session's record.
//
// Failures: 401 without a session of this collection, 400 when newEmail is
// invalid, unchanged or taken, and for _superusers (who change their email
// directly with an update).
//
// Endpoint: POST /api/collections/{collection}/request-email-change
func (s *RecordService) RequestEmailChange(ctx context.Context, newEmail string, opts ...RequestOption) error {
	return s.postNoContent(ctx, "/request-email-change", map[string]any{"newEmail": newEmail}, opts)
}

// ConfirmEmailChange applies the email change with the token from the
// confirmation mail and the record's current password. The change revokes
// every token issued to the record, so when the token belongs to the record
// in the client's store (same id and collection, read from the token's
// claims), the store is cleared, as the BosBase JS SDK does: sign in again
// with the new email.
//
// Failures: 400 for an invalid or expired token, a wrong password, or a new
// email taken meanwhile. The token and password travel in the JSON body
// only.
//
// Endpoint: POST /api/collections/{collection}/confirm-email-change
func (s *RecordService) ConfirmEmailChange(ctx context.Context, token, password string, opts ...RequestOption) error {
	body := map[string]any{"token": token, "password": password}
	if err := s.postNoContent(ctx, "/confirm-email-change", body, opts); err != nil {
		return err
	}
	stored := s.client.store.Token()
	if _, ok := s.client.storedRecordMatches(token); ok {
		if _, err := s.client.store.CompareAndSave(stored, AuthEvent{}); err != nil {
			return newClientError("", 0, "clearing the session failed", err)
		}
	}
	return nil
}
