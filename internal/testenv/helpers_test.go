package testenv_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bosgo/bosgo/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// httpClient is the tests' plain HTTP client.
var httpClient = http.DefaultClient

// response is a decoded HTTP answer.
type response struct {
	status int
	body   []byte
}

// json decodes the body into a generic map.
func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
	return m
}

// call sends method url with an optional JSON body and raw auth token.
func call(t *testing.T, method, url, token string, body any) response {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	// Not t.Context(): calls also run in t.Cleanup, after it is cancelled.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, url, r)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{status: resp.StatusCode, body: data}
}

// expect fails the test unless r has the status (and, when message is not
// empty, the PocketBase error message).
func expect(t *testing.T, what string, r response, status int, message string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("%s: status %d, want %d; body %s", what, r.status, status, r.body)
	}
	if message != "" {
		if got, _ := r.json(t)["message"].(string); got != message {
			t.Fatalf("%s: message %q, want %q", what, got, message)
		}
	}
}

// authResponse is the shared auth response of PocketBase/BosBase.
type authResponse struct {
	Token  string         `json:"token"`
	Record map[string]any `json:"record"`
	Meta   map[string]any `json:"meta"`
}

func decodeAuth(t *testing.T, r response) authResponse {
	t.Helper()
	var a authResponse
	if err := json.Unmarshal(r.body, &a); err != nil || a.Token == "" {
		t.Fatalf("not an auth response (%v): %s", err, r.body)
	}
	return a
}

// login runs auth-with-password on collection and expects 200.
func login(t *testing.T, srv *testenv.Server, collection, email, password string) authResponse {
	t.Helper()
	r := call(t, http.MethodPost, srv.URL+"/api/collections/"+collection+"/auth-with-password", "",
		map[string]string{"identity": email, "password": password})
	expect(t, "login "+email, r, http.StatusOK, "")
	return decodeAuth(t, r)
}

// claims decodes a JWT payload without verifying it.
func claims(t *testing.T, token string) map[string]any {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %d parts", len(parts))
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatalf("JWT payload: %v", err)
	}
	var c map[string]any
	if err := json.Unmarshal(payload, &c); err != nil {
		t.Fatalf("JWT payload: %v", err)
	}
	return c
}

// count returns totalItems of a collection as the superuser sees it.
func count(t *testing.T, srv *testenv.Server, collection string) int {
	t.Helper()
	r := call(t, http.MethodGet, srv.URL+"/api/collections/"+collection+"/records?perPage=1", srv.SuperuserToken(t), nil)
	expect(t, "count "+collection, r, http.StatusOK, "")
	n, ok := r.json(t)["totalItems"].(float64)
	if !ok {
		t.Fatalf("count %s: no totalItems in %s", collection, r.body)
	}
	return int(n)
}
