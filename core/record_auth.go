package core

import (
	"context"

	"github.com/bosgo/bosgo/internal/jsonv"
)

// AuthResponse is the answer of every successful auth call: the token, the
// signed-in record and, for OAuth2, extra data about the provider user.
type AuthResponse struct {
	// Token is the auth token, saved to the client's store.
	Token string `json:"token"`
	// Record is the signed-in record.
	Record Record `json:"record"`
	// Meta holds, for OAuth2, the provider's data about the user
	// (id, name, email, avatarURL, rawUser…), the provider's own access
	// and refresh tokens and their expiry, and "isNew"; it is nil for the
	// other methods. [AuthResponse.OAuth2] reads it typed.
	Meta map[string]any `json:"meta,omitempty"`
}

// IsNew reports whether an OAuth2 sign-in created the record.
func (r *AuthResponse) IsNew() bool {
	b, _ := r.Meta["isNew"].(bool)
	return b
}

func (r *AuthResponse) fromJSON(v any) error {
	o := jsonv.FieldsOf(v, "")
	r.Token = o.String("token")
	if rec := o.Object("record"); rec != nil {
		r.Record = Record(rec)
	}
	if meta := o.Object("meta"); meta != nil {
		r.Meta = meta
	}
	return o.Err()
}

// MarshalJSON encodes r as encoding/json would from its json tags.
func (r AuthResponse) MarshalJSON() ([]byte, error) {
	var w jsonv.ObjectWriter
	w.Field("token", r.Token)
	w.Field("record", r.Record)
	if len(r.Meta) > 0 {
		w.Field("meta", r.Meta)
	}
	return w.Bytes()
}

// authSend posts an auth call to path under the collection, then saves
// the token and record to the client's store.
func (s *RecordService) authSend(ctx context.Context, method, path string, body any, rc *requestConfig) (*AuthResponse, error) {
	out, err := s.authRequest(ctx, method, path, body, rc)
	if err != nil {
		return nil, err
	}
	if err := s.client.store.Save(out.Token, out.Record); err != nil {
		return out, newClientError("", 0, "saving the session failed", err)
	}
	return out, nil
}

// authRequest sends an auth call to path under the collection and checks
// that the answer carries a token, without saving anything.
func (s *RecordService) authRequest(ctx context.Context, method, path string, body any, rc *requestConfig) (*AuthResponse, error) {
	var out AuthResponse
	if err := s.client.send(ctx, method, s.basePath()+path, body, &out, rc); err != nil {
		return nil, err
	}
	if out.Token == "" {
		return nil, newClientError(redactURL(s.client.BuildURL(s.basePath()+path)), 200,
			"the auth response carries no token (keep \"token\" in WithFields)", nil)
	}
	return &out, nil
}

// postNoContent posts body to path under the collection and expects no
// data back (the server answers 204).
func (s *RecordService) postNoContent(ctx context.Context, path string, body map[string]any, opts []RequestOption) error {
	return s.client.send(ctx, "POST", s.basePath()+path, body, nil, newRequestConfig(opts))
}

// storedRecordMatches reports whether claims (of a verification or email
// change token) belong to the record in the client's store.
func (c *Client) storedRecordMatches(token string) (Record, bool) {
	claims, err := ParseToken(token)
	if err != nil || claims.ID == "" {
		return nil, false
	}
	rec := c.store.Record()
	if rec == nil || rec.ID() != claims.ID {
		return nil, false
	}
	if cid := rec.String("collectionId"); cid != "" && claims.CollectionID != "" && cid != claims.CollectionID {
		return nil, false
	}
	return rec, true
}
