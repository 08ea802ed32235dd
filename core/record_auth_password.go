package core

import "context"

// AuthWithPassword signs in with an identity (the email, or another
// identity field of the collection) and a password, and saves the session
// to the client's store.
//
// When the collection requires a second factor for this record, the call
// fails with the server's MFA challenge, a 401 [*ClientResponseError] whose
// id [MFAID] reads; pass it to the second factor with [WithMFA]:
//
//	auth, err := users.AuthWithPassword(ctx, email, password)
//	if mfaID, ok := core.MFAID(err); ok {
//		otp, _ := users.RequestOTP(ctx, email)
//		auth, err = users.AuthWithOTP(ctx, otp.OTPID, code, core.WithMFA(mfaID))
//	}
//
// Other failures: 400 for a wrong identity or password, 403 when password
// auth is disabled, 404 for an unknown or non-auth collection. The password
// travels in the JSON body only. Use WithBody("identityField", "username")
// to pick the identity field.
//
// Endpoint: POST /api/collections/{collection}/auth-with-password
func (s *RecordService) AuthWithPassword(ctx context.Context, identity, password string, opts ...RequestOption) (*AuthResponse, error) {
	body := map[string]any{"identity": identity, "password": password}
	return s.authSend(ctx, "POST", "/auth-with-password", body, newRequestConfig(opts))
}
