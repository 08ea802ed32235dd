package core

import (
	"context"

	"github.com/bosgo/bosgo/internal/jsonv"
)

// HealthService checks the server's health. Get it with [Client.Health];
// it is cheap and safe for concurrent use.
type HealthService struct {
	client *Client
}

// Health returns the client's health service.
func (c *Client) Health() *HealthService { return &HealthService{client: c} }

// HealthCheck is the server's health answer.
type HealthCheck struct {
	// Code is the status the server reports, 200 when healthy.
	Code int `json:"code"`
	// Message is the server's message, e.g. "API is healthy.".
	Message string `json:"message"`
	// Data holds extra details; superusers get more (e.g. "canBackup").
	// Never nil on success.
	Data map[string]any `json:"data"`
}

func (h *HealthCheck) fromJSON(v any) error {
	f := jsonv.FieldsOf(v, "")
	h.Code = f.Int("code")
	h.Message = f.String("message")
	h.Data = f.Object("data")
	if h.Data == nil {
		h.Data = map[string]any{}
	}
	return f.Err()
}

// Check asks the server whether it is healthy. A server that answers with
// a non-2xx status gives a [*ClientResponseError]; an unreachable one a
// [*ClientResponseError] of status 0. Options: [WithQuery], [WithHeader].
//
// Endpoint: GET /api/health
func (s *HealthService) Check(ctx context.Context, opts ...RequestOption) (*HealthCheck, error) {
	var out HealthCheck
	if err := s.client.send(ctx, "GET", "/api/health", nil, &out, newRequestConfig(opts)); err != nil {
		return nil, err
	}
	return &out, nil
}
