package core

import "context"

// BosBase custom token binding: bind an arbitrary string of your choice (a
// device id, an API key) to a record once, proving the record's email and
// password, then sign in with that string alone. The server stores only a
// SHA-256 hash of the string. Bindings survive password and email changes;
// they end with [RecordService.UnbindToken] or the record's deletion. These
// endpoints exist on BosBase only, not on PocketBase.

// BindToken binds token to the record with this email and password. Binding
// a string already bound in the collection moves it to this record.
//
// Failures: 400 "Failed to bind token." for a wrong email or password (the
// record is looked up by email only), 400 for an empty or too long token
// (over 1024 characters), 403 when password auth is disabled. Email,
// password and token travel in the JSON body only.
//
// Endpoint: POST /api/collections/{collection}/bind-token
func (s *RecordService) BindToken(ctx context.Context, email, password, token string, opts ...RequestOption) error {
	body := map[string]any{"email": email, "password": password, "token": token}
	return s.postNoContent(ctx, "/bind-token", body, opts)
}

// UnbindToken removes the binding of token to the record with this email and
// password. It succeeds also when nothing was bound.
//
// Failures: as [RecordService.BindToken], with the message "Failed to
// unbind token.".
//
// Endpoint: POST /api/collections/{collection}/unbind-token
func (s *RecordService) UnbindToken(ctx context.Context, email, password, token string, opts ...RequestOption) error {
	body := map[string]any{"email": email, "password": password, "token": token}
	return s.postNoContent(ctx, "/unbind-token", body, opts)
}

// AuthWithToken signs in with a string bound by [RecordService.BindToken]
// and saves the session to the client's store. It works even when password
// auth is disabled, and MFA applies to it (method "token"): see [MFAID].
//
// Failures: 400 "Failed to authenticate." for a string that is not bound.
//
// Endpoint: POST /api/collections/{collection}/auth-with-token
func (s *RecordService) AuthWithToken(ctx context.Context, token string, opts ...RequestOption) (*AuthResponse, error) {
	return s.authSend(ctx, "POST", "/auth-with-token", map[string]any{"token": token}, newRequestConfig(opts))
}
