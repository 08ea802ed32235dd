package core

import "context"

// AuthResponse is the answer of every successful auth call.
type AuthResponse struct {
	Token  string         `json:"token"`
	Record Record         `json:"record"`
	Meta   map[string]any `json:"meta,omitempty"` // OAuth2: provider data and "isNew"
}

// IsNew reports whether an OAuth2 sign-in created the record.
func (r *AuthResponse) IsNew() bool {
	b, _ := r.Meta["isNew"].(bool)
	return b
}

// authSend posts an auth call to path under the collection, then saves
// the token and record to the client's store.
func (s *RecordService) authSend(ctx context.Context, method, path string, body any, rc *requestConfig) (*AuthResponse, error) {
	var out AuthResponse
	if err := s.client.send(ctx, method, s.basePath()+path, body, &out, rc); err != nil {
		return nil, err
	}
	if out.Token == "" {
		return nil, newClientError(redactURL(s.client.BuildURL(s.basePath()+path)), 200,
			"the auth response carries no token (keep \"token\" in WithFields)", nil)
	}
	if err := s.client.store.Save(out.Token, out.Record); err != nil {
		return &out, newClientError("", 0, "saving the session failed", err)
	}
	return &out, nil
}
