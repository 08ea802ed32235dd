package core

import "context"

// RequestVerification mails a verification link to email. The server
// answers the same way for unknown and already verified emails, and sends
// at most one mail per record every two minutes.
//
// Failures: 400 for an invalid email or for _superusers (always verified),
// 404 for an unknown collection.
//
// Endpoint: POST /api/collections/{collection}/request-verification
func (s *RecordService) RequestVerification(ctx context.Context, email string, opts ...RequestOption) error {
	return s.postNoContent(ctx, "/request-verification", map[string]any{"email": email}, opts)
}

// ConfirmVerification marks the record verified with the token from the
// verification mail. When the token belongs to the record in the client's
// store (same id and collection, read from the token's claims), the stored
// record is updated to verified too, as the BosBase JS SDK does; the stored
// token is kept. The update is a compare-and-save: if the session changed
// meanwhile, the store is left as it is.
//
// Failures: 400 for an invalid or expired token, or one issued for an email
// the record no longer has.
//
// Endpoint: POST /api/collections/{collection}/confirm-verification
func (s *RecordService) ConfirmVerification(ctx context.Context, token string, opts ...RequestOption) error {
	if err := s.postNoContent(ctx, "/confirm-verification", map[string]any{"token": token}, opts); err != nil {
		return err
	}
	stored := s.client.store.Token()
	rec, ok := s.client.storedRecordMatches(token)
	if stored == "" || !ok || rec.Bool("verified") {
		return nil
	}
	rec["verified"] = true
	if _, err := s.client.store.CompareAndSave(stored, AuthEvent{Token: stored, Record: rec}); err != nil {
		return newClientError("", 0, "saving the session failed", err)
	}
	return nil
}
