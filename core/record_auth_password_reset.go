package core

import "context"

// RequestPasswordReset mails a password reset link to email. The server
// answers the same way for unknown emails (no account probing), and sends
// at most one mail per record every two minutes.
//
// Failures: 400 for an invalid email or when password auth is disabled
// (the server uses 400 here, not 403), 404 for an unknown collection.
//
// Endpoint: POST /api/collections/{collection}/request-password-reset
func (s *RecordService) RequestPasswordReset(ctx context.Context, email string, opts ...RequestOption) error {
	return s.postNoContent(ctx, "/request-password-reset", map[string]any{"email": email}, opts)
}

// ConfirmPasswordReset sets a new password with the token from the reset
// mail. It also marks the record verified. Changing the password revokes
// every token issued to the record so far, including the one in the store:
// sign in again afterwards (the store is left as it is, as in the BosBase JS
// SDK; the next request that gets a 401 clears it).
//
// Failures: 400 for an invalid or expired token, a token of another
// collection, a too short password or passwordConfirm not matching. The
// token and passwords travel in the JSON body only.
//
// Endpoint: POST /api/collections/{collection}/confirm-password-reset
func (s *RecordService) ConfirmPasswordReset(ctx context.Context, token, password, passwordConfirm string, opts ...RequestOption) error {
	body := map[string]any{"token": token, "password": password, "passwordConfirm": passwordConfirm}
	return s.postNoContent(ctx, "/confirm-password-reset", body, opts)
}
