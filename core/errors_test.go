package core_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/bosgo/bosgo/core"
)

func TestMFAID(t *testing.T) {
	t.Parallel()
	challenge := &core.ClientResponseError{Status: 401, Response: map[string]any{"mfaId": "m1"}}
	tests := []struct {
		name   string
		err    error
		wantID string
		wantOK bool
	}{
		{"challenge", challenge, "m1", true},
		{"wrapped challenge", fmt.Errorf("sign in: %w", challenge), "m1", true},
		{"plain 401", &core.ClientResponseError{Status: 401, Response: map[string]any{"message": "Missing or invalid authentication."}}, "", false},
		{"mfaId on a 400", &core.ClientResponseError{Status: 400, Response: map[string]any{"mfaId": "m1"}}, "", false},
		{"empty mfaId", &core.ClientResponseError{Status: 401, Response: map[string]any{"mfaId": ""}}, "", false},
		{"mfaId not a string", &core.ClientResponseError{Status: 401, Response: map[string]any{"mfaId": 7.0}}, "", false},
		{"other error", errors.New("boom"), "", false},
		{"nil", nil, "", false},
	}
	for _, tt := range tests {
		id, ok := core.MFAID(tt.err)
		if id != tt.wantID || ok != tt.wantOK {
			t.Errorf("%s: MFAID = %q, %v; want %q, %v", tt.name, id, ok, tt.wantID, tt.wantOK)
		}
	}
	if got := challenge.Message(); got != "multi-factor authentication required" {
		t.Errorf("challenge Message = %q", got)
	}
}

func TestStatusOfAndIsAbort(t *testing.T) {
	t.Parallel()
	if got := core.StatusOf(nil); got != -1 {
		t.Errorf("StatusOf(nil) = %d", got)
	}
	if got := core.StatusOf(errors.New("x")); got != -1 {
		t.Errorf("StatusOf(other) = %d", got)
	}
	if got := core.StatusOf(fmt.Errorf("w: %w", &core.ClientResponseError{Status: 404})); got != 404 {
		t.Errorf("StatusOf(wrapped 404) = %d", got)
	}
	if !core.IsAbort(&core.ClientResponseError{IsAbort: true}) || !core.IsAbort(context.Canceled) ||
		!core.IsAbort(fmt.Errorf("x: %w", context.DeadlineExceeded)) || core.IsAbort(errors.New("x")) {
		t.Error("IsAbort misclassifies")
	}
}

func TestClientResponseErrorMessageAndData(t *testing.T) {
	t.Parallel()
	e := &core.ClientResponseError{
		URL:    "http://h/api/collections/users/auth-with-password",
		Status: 400,
		Response: map[string]any{"status": 400.0, "message": "Failed to authenticate.", "data": map[string]any{
			"identity": map[string]any{"code": "validation_required", "message": "Cannot be blank."},
		}},
	}
	if e.Message() != "Failed to authenticate." {
		t.Errorf("Message = %q", e.Message())
	}
	if _, ok := e.Data()["identity"]; !ok {
		t.Errorf("Data = %v", e.Data())
	}
	want := "bosbase: http://h/api/collections/users/auth-with-password: 400 Failed to authenticate. (identity: Cannot be blank)"
	if e.Error() != want {
		t.Errorf("Error = %q, want %q", e.Error(), want)
	}
	if d := (&core.ClientResponseError{Response: map[string]any{}}).Data(); d == nil || len(d) != 0 {
		t.Errorf("Data of an empty response = %v", d)
	}
	var target *core.ClientResponseError
	if !errors.As(fmt.Errorf("wrap: %w", e), &target) || target != e {
		t.Error("errors.As does not find the error")
	}
	cause := errors.New("dial tcp: connection refused")
	te := &core.ClientResponseError{URL: "http://h/x", Response: map[string]any{}, OriginalError: cause}
	if !errors.Is(te, cause) || !strings.Contains(te.Error(), "connection refused") {
		t.Errorf("transport error %q does not carry its cause", te.Error())
	}
}
