//go:build !js

package core_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/internal/testenv"
)

// TestFieldErrorsFromServer: a refused sign-up names the failing field and
// its message in Error() and in the typed accessor, and never the values.
func TestFieldErrorsFromServer(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	pb := core.New(srv.URL)
	_, err := pb.Collection("users").Create(t.Context(), map[string]any{
		"email": freshEmail("fielderr"), "password": "first-Secret-1", "passwordConfirm": "other-Secret-2",
	})
	var e *core.ClientResponseError
	if !errors.As(err, &e) || e.Status != http.StatusBadRequest {
		t.Fatalf("Create with mismatched passwords: %v, want a 400", err)
	}
	fe, ok := e.FieldErrors()["passwordConfirm"]
	if !ok || fe.Code != "validation_values_mismatch" || fe.Message == "" {
		t.Fatalf("FieldErrors = %+v, want passwordConfirm validation_values_mismatch", e.FieldErrors())
	}
	msg := err.Error()
	if !strings.Contains(msg, "(passwordConfirm: "+strings.TrimSuffix(fe.Message, ".")+")") {
		t.Errorf("Error() = %q, want the field and its message", msg)
	}
	if strings.Contains(msg, "Secret") {
		t.Errorf("Error() = %q quotes a value sent", msg)
	}
}

func TestFieldErrorsShapes(t *testing.T) {
	t.Parallel()
	e := &core.ClientResponseError{Status: 400, Response: map[string]any{"message": "Failed to create record.", "data": map[string]any{
		"password": map[string]any{"code": "validation_length_out_of_range", "message": "Must be at least 8 character(s).", "params": map[string]any{"min": 8.0}},
		"email":    map[string]any{"code": "validation_required", "message": "Cannot be blank."},
		"fields":   map[string]any{"0": map[string]any{"name": map[string]any{"code": "validation_required"}}},
		"junk":     "not an object",
	}}}
	got := e.FieldErrors()
	if len(got) != 3 || got["password"].Params["min"] != 8.0 || got["email"].Code != "validation_required" ||
		got["fields.0.name"].Code != "validation_required" {
		t.Fatalf("FieldErrors = %+v", got)
	}
	want := "bosbase: 400 Failed to create record. (email: Cannot be blank; fields.0.name: validation_required; password: Must be at least 8 character(s))"
	if e.Error() != want {
		t.Errorf("Error =\n %q, want\n %q", e.Error(), want)
	}
	if n := len((&core.ClientResponseError{Response: map[string]any{}}).FieldErrors()); n != 0 {
		t.Errorf("FieldErrors of an empty response has %d entries", n)
	}
}

// TestBadBaseURLMessage: the error shows the expected form, has one
// prefix, and is available from Client.Err before any call.
func TestBadBaseURLMessage(t *testing.T) {
	t.Parallel()
	for raw, want := range map[string]string{
		"127.0.0.1:18090":        `"http://127.0.0.1:18090"`,
		"localhost":              `"http://localhost"`,
		"ftp://example.com":      `"http://127.0.0.1:8090"`,
		"http://user:pw@h:bad/x": `"http://127.0.0.1:8090"`,
		"":                       `"http://127.0.0.1:8090"`,
	} {
		pb := core.New(raw)
		if !errors.Is(pb.Err(), core.ErrInvalidBaseURL) {
			t.Fatalf("New(%q).Err() = %v", raw, pb.Err())
		}
		_, err := pb.Collection("users").GetList(context.Background(), 1, 1)
		msg := err.Error()
		if !errors.Is(err, core.ErrInvalidBaseURL) || strings.Count(msg, "bosbase:") != 1 || strings.Count(msg, "invalid base URL") != 1 ||
			!strings.Contains(msg, "such as "+want) || strings.Contains(msg, "pw") {
			t.Errorf("New(%q): call error %q, want one prefix and the form %s", raw, msg, want)
		}
	}
	if err := core.New("http://127.0.0.1:8090").Err(); err != nil {
		t.Errorf("Err of a good URL = %v", err)
	}
}

// TestOAuth2TimeoutOnePrefix: the flow's timeout error says "bosbase: "
// once although it wraps the sentinel.
func TestOAuth2TimeoutOnePrefix(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	pb := rtNewClient(t, srv.URL)
	_, err := pb.Collection("users").AuthWithOAuth2(t.Context(), core.OAuth2Options{
		Provider: "oidc", Mode: core.OAuth2Loopback, Timeout: 300 * time.Millisecond,
		URLCallback: func(context.Context, string) error { return nil }, // nobody comes back
	})
	if !errors.Is(err, core.ErrOAuth2Timeout) {
		t.Fatalf("err = %v, want ErrOAuth2Timeout", err)
	}
	if n := strings.Count(err.Error(), "bosbase:"); n != 1 {
		t.Errorf("Error() = %q has %d prefixes", err.Error(), n)
	}
}

// TestEmptyCollectionFailsLocally: Collection("") fails every call with a
// clear error and sends nothing.
func TestEmptyCollectionFailsLocally(t *testing.T) {
	t.Parallel()
	pb := core.New("http://127.0.0.1:1", core.WithTransport(core.TransportFunc(func(context.Context, *core.Request) (*core.Response, error) {
		t.Error("a request was sent")
		return nil, errors.New("no")
	})))
	s := pb.Collection("")
	ctx := t.Context()
	_, errList := s.GetList(ctx, 1, 1)
	_, errOne := s.GetOne(ctx, "abc")
	_, errAuth := s.AuthWithPassword(ctx, "a@example.com", "pw")
	_, errSub := s.Subscribe(ctx, "*", func(core.RecordEvent) {})
	for i, err := range []error{errList, errOne, errAuth, errSub} {
		if err == nil || !strings.Contains(err.Error(), "empty collection name") || !strings.Contains(err.Error(), "Collection(") {
			t.Errorf("call %d: %v, want the empty-collection error", i, err)
		}
	}
}

// TestZeroClientPanicsWithAdvice: the zero Client says to use core.New
// instead of dereferencing nil.
func TestZeroClientPanicsWithAdvice(t *testing.T) {
	t.Parallel()
	var zero core.Client
	for name, call := range map[string]func(){
		"Collection": func() { zero.Collection("users") },
		"AuthStore":  func() { zero.AuthStore() },
		"Send":       func() { _ = zero.Send(context.Background(), "GET", "/api/health", nil, nil) },
		"Realtime": func() {
			_, _ = zero.Realtime.Subscribe(context.Background(), "posts/*", func(core.Event) {})
		},
		"PubSub.Subscribe": func() {
			_, _ = zero.PubSub.Subscribe(context.Background(), "t", func(core.PubSubMessage) {})
		},
		"PubSub.Publish": func() { _, _ = zero.PubSub.Publish(context.Background(), "t", "x") },
	} {
		func() {
			defer func() {
				if msg, _ := recover().(string); !strings.Contains(msg, "core.New") {
					t.Errorf("%s on the zero Client panicked with %q, want advice to use core.New", name, msg)
				}
			}()
			call()
		}()
	}
}
