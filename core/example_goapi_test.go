//go:build !js

package core_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/core/storetest"
)

// Sign in with a one-time password: request it (the server mails a code),
// then exchange the OTP id and the code the user typed for a session.
func ExampleRecordService_AuthWithOTP() {
	srv := newFlowsBosBase()
	defer srv.Close()
	ctx := context.Background()
	users := core.New(srv.URL).Collection("users")

	otp, err := users.RequestOTP(ctx, "demo@example.com")
	if err != nil {
		fmt.Println("cannot request a code:", err)
		return
	}
	code := "87654321" // in a real app: what the user typed from the mail
	auth, err := users.AuthWithOTP(ctx, otp.OTPID, code)
	if err != nil {
		fmt.Println("sign-in failed:", err)
		return
	}
	fmt.Println("signed in as", auth.Record.Email())
	// Output:
	// signed in as demo@example.com
}

// Refresh the session: a new token for the same record. It is also the
// authoritative check that the server still accepts the stored token; the
// client refreshes refreshable tokens on its own shortly before they expire
// (WithAutoRefresh).
func ExampleRecordService_AuthRefresh() {
	srv := newFlowsBosBase()
	defer srv.Close()
	ctx := context.Background()
	pb := core.New(srv.URL)
	users := pb.Collection("users")
	if _, err := users.AuthWithOTP(ctx, "otp0000000000002", "87654321"); err != nil {
		fmt.Println(err)
		return
	}
	before := pb.AuthStore().Token()

	auth, err := users.AuthRefresh(ctx)
	if err != nil {
		// A 401 here means the token was revoked: the client has cleared the store.
		fmt.Println("refresh failed:", err, "signed in:", pb.AuthStore().IsValid())
		return
	}
	fmt.Println("new token:", auth.Token != before, "stored:", pb.AuthStore().Token() == auth.Token)
	fmt.Println("still", pb.AuthStore().Record().Email())
	// Output:
	// new token: true stored: true
	// still demo@example.com
}

// The manual OAuth2 code flow, for apps that receive the provider's
// redirect themselves: build the provider URL for your redirect URL, check
// the state on the way back, and exchange the code with the same provider
// value. The provider's own tokens come back typed in OAuth2().
func ExampleRecordService_ExchangeOAuth2Code() {
	srv := newFlowsBosBase()
	defer srv.Close()
	ctx := context.Background()
	users := core.New(srv.URL).Collection("users")

	methods, err := users.ListAuthMethods(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	provider, ok := methods.Provider("oidc")
	if !ok {
		fmt.Println("oidc sign-in is not configured")
		return
	}
	const redirectURL = "https://app.example.com/oauth2/callback"
	authURL, err := provider.AuthCodeURL(redirectURL, "openid", "email")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("send the user to a URL with scope", mustQuery(authURL, "scope"))

	// … the provider redirects to redirectURL?code=…&state=…
	code, state := "code0000000001", provider.State
	if state != provider.State {
		fmt.Println("state mismatch: do not exchange the code")
		return
	}
	auth, err := users.ExchangeOAuth2Code(ctx, provider, code, redirectURL,
		core.WithCreateData(map[string]any{"name": "Ada"}))
	if err != nil {
		fmt.Println("exchange failed:", err)
		return
	}
	meta := auth.OAuth2()
	fmt.Println("signed in as", auth.Record.Email(), "new:", auth.IsNew(), "name:", auth.Record.String("name"))
	fmt.Println("provider token expires", meta.Expiry.Format(time.DateOnly), "avatar", meta.AvatarURL)
	// Output:
	// send the user to a URL with scope openid email
	// signed in as ada@example.com new: true name: Ada
	// provider token expires 2030-01-02 avatar https://idp.example/ada.png
}

// A refused write names its failing fields: errors.As gives the SDK's
// error, and FieldErrors the reason per field, typed, to show next to each
// input. Neither the error text nor the fields hold the values sent.
func ExampleClientResponseError_FieldErrors() {
	srv := newFlowsBosBase()
	defer srv.Close()
	ctx := context.Background()
	pb := core.New(srv.URL)

	_, err := pb.Collection("users").Create(ctx, map[string]any{
		"email": "new@example.com", "password": "secret-123", "passwordConfirm": "secret-124",
	})
	fmt.Println(strings.Replace(err.Error(), srv.URL, "SERVER", 1))
	var e *core.ClientResponseError
	if errors.As(err, &e) {
		for field, fe := range e.FieldErrors() {
			fmt.Printf("%s: %s (%s)\n", field, fe.Message, fe.Code)
		}
	}
	// Output:
	// bosbase: SERVER/api/collections/users/records: 400 Failed to create record. (passwordConfirm: Values don't match)
	// passwordConfirm: Values don't match. (validation_values_mismatch)
}

// Bind user input into a filter at the call: the values are rendered as
// filter literals, so they cannot change the expression.
func ExampleWithFilterParams() {
	srv := newFlowsBosBase()
	defer srv.Close()
	ctx := context.Background()
	posts := core.New(srv.URL).Collection("posts")

	title := `it's "quoted"` // user input
	rec, err := posts.GetFirstListItem(ctx, "title = {:title}", core.WithFilterParams(map[string]any{"title": title}))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rec.String("filter")) // the stand-in server echoes the filter it got

	_, err = posts.GetFirstListItem(ctx, "title = {:title}", core.WithFilterParams(nil))
	fmt.Println(errors.Is(err, core.ErrFilterValue), "(no request sent)")
	// Output:
	// title = 'it\'s "quoted"'
	// true (no request sent)
}

// FileStore keeps the session like core.MemoryStore and also writes it to
// a file: embed *core.MemoryStore and override Save and Clear.
type FileStore struct {
	*core.MemoryStore
	path string
}

type savedSession struct {
	Token  string      `json:"token"`
	Record core.Record `json:"record"`
}

// OpenFileStore loads the session saved at path, if any.
func OpenFileStore(path string) (*FileStore, error) {
	s := &FileStore{MemoryStore: core.NewMemoryStore(), path: path}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, err
	}
	var saved savedSession
	if err := json.Unmarshal(data, &saved); err != nil {
		return nil, err
	}
	_ = s.MemoryStore.Save(saved.Token, saved.Record) // load only: no write back
	return s, nil
}

// Save updates memory (and notifies listeners), then writes the file.
func (s *FileStore) Save(token string, rec core.Record) error {
	if token == "" {
		return s.Clear() // the embedded Save would call the embedded Clear
	}
	_ = s.MemoryStore.Save(token, rec)
	data, err := json.Marshal(savedSession{Token: token, Record: rec})
	if err != nil {
		return err
	}
	return os.WriteFile(s.path, data, 0o600)
}

// Clear signs out in memory, then removes the file.
func (s *FileStore) Clear() error {
	_ = s.MemoryStore.Clear()
	if err := os.Remove(s.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// A custom store: embed *core.MemoryStore and override Save and Clear to
// persist. Token, Record, IsValid, IsSuperuser, OnChange and the change
// events come from the embedded store; TestFileStoreContract runs the
// storetest contract suite on this type.
func ExampleMemoryStore_embedding() {
	srv := newFlowsBosBase()
	defer srv.Close()
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "bosgo-example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "session.json")

	store, err := OpenFileStore(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	pb := core.New(srv.URL, core.WithAuthStore(store))
	if _, err := pb.Collection("users").AuthWithOTP(ctx, "otp0000000000002", "87654321"); err != nil {
		fmt.Println(err)
		return
	}

	// The next start of the program finds the session on disk.
	reopened, err := OpenFileStore(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("restored:", reopened.Record().Email(), reopened.IsValid())
	_ = pb.AuthStore().Clear()
	_, err = os.Stat(path)
	fmt.Println("file removed on sign-out:", errors.Is(err, fs.ErrNotExist))
	// Output:
	// restored: demo@example.com true
	// file removed on sign-out: true
}

// TestFileStoreContract: the embedding pattern of ExampleMemoryStore_embedding
// passes the AuthStore contract suite.
func TestFileStoreContract(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) core.AuthStore {
		s, err := OpenFileStore(filepath.Join(t.TempDir(), "session.json"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func mustQuery(raw, key string) string {
	req, err := http.NewRequest("GET", raw, nil)
	if err != nil {
		return ""
	}
	return req.URL.Query().Get(key)
}

// newFlowsBosBase starts a stand-in BosBase for the OTP, refresh, OAuth2
// code, field-error and filter examples, answering the real wire shapes.
func newFlowsBosBase() *httptest.Server {
	demo := map[string]any{"id": "demouser0000001", "collectionId": "_pb_users_auth_", "collectionName": "users", "email": "demo@example.com", "verified": true}
	ada := map[string]any{"id": "adauser00000001", "collectionId": "_pb_users_auth_", "collectionName": "users", "email": "ada@example.com", "name": "", "verified": true}
	long := time.Now().Add(24 * time.Hour)
	demoToken := exampleToken(demo, true, long)

	mux := http.NewServeMux()
	reply := func(w http.ResponseWriter, status int, body any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(body)
	}
	bad := func(w http.ResponseWriter, msg string, data map[string]any) {
		reply(w, 400, map[string]any{"status": 400, "message": msg, "data": data})
	}
	mux.HandleFunc("POST /api/collections/users/request-otp", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, map[string]any{"otpId": "otp0000000000002"})
	})
	mux.HandleFunc("POST /api/collections/users/auth-with-otp", func(w http.ResponseWriter, r *http.Request) {
		var b struct{ OTPID, Password string }
		_ = json.NewDecoder(r.Body).Decode(&b)
		if b.OTPID != "otp0000000000002" || b.Password != "87654321" {
			bad(w, "Failed to authenticate.", map[string]any{})
			return
		}
		reply(w, 200, map[string]any{"token": demoToken, "record": demo})
	})
	mux.HandleFunc("POST /api/collections/users/auth-refresh", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != demoToken {
			reply(w, 401, map[string]any{"status": 401, "message": "The request requires valid record authorization token.", "data": map[string]any{}})
			return
		}
		reply(w, 200, map[string]any{"token": exampleToken(demo, true, long.Add(time.Hour)), "record": demo})
	})
	mux.HandleFunc("GET /api/collections/users/auth-methods", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, map[string]any{
			"password": map[string]any{"enabled": false, "identityFields": []string{}},
			"oauth2": map[string]any{"enabled": true, "providers": []any{map[string]any{
				"name": "oidc", "displayName": "OIDC", "state": "state000000001", "codeVerifier": "verifier0000001",
				"codeChallenge": "challenge00001", "codeChallengeMethod": "S256",
				"authURL": "https://idp.example/auth?client_id=app&code_challenge=challenge00001&code_challenge_method=S256&response_type=code&scope=openid&state=state000000001&redirect_uri=",
			}}},
			"mfa": map[string]any{"enabled": false, "duration": 0},
			"otp": map[string]any{"enabled": true, "duration": 180},
		})
	})
	mux.HandleFunc("POST /api/collections/users/auth-with-oauth2", func(w http.ResponseWriter, r *http.Request) {
		var b struct {
			Provider, Code, CodeVerifier, RedirectURL string
			CreateData                                map[string]any
		}
		_ = json.NewDecoder(r.Body).Decode(&b)
		if b.Provider != "oidc" || b.Code != "code0000000001" || b.CodeVerifier != "verifier0000001" || b.RedirectURL != "https://app.example.com/oauth2/callback" {
			bad(w, "Failed to authenticate.", map[string]any{})
			return
		}
		rec := map[string]any{}
		for k, v := range ada {
			rec[k] = v
		}
		if name, ok := b.CreateData["name"].(string); ok {
			rec["name"] = name
		}
		reply(w, 200, map[string]any{"token": exampleToken(rec, true, long), "record": rec, "meta": map[string]any{
			"id": "idp-ada", "name": "Ada L.", "email": "ada@example.com", "avatarURL": "https://idp.example/ada.png",
			"accessToken": "provider-access", "refreshToken": "provider-refresh", "expiry": "2030-01-02 03:04:05.000Z",
			"isNew": true, "rawUser": map[string]any{"sub": "idp-ada"},
		}})
	})
	mux.HandleFunc("POST /api/collections/users/records", func(w http.ResponseWriter, r *http.Request) {
		var b map[string]any
		_ = json.NewDecoder(r.Body).Decode(&b)
		if b["password"] != b["passwordConfirm"] {
			bad(w, "Failed to create record.", map[string]any{
				"passwordConfirm": map[string]any{"code": "validation_values_mismatch", "message": "Values don't match."},
			})
			return
		}
		reply(w, 200, map[string]any{"id": "newuser00000001", "email": b["email"]})
	})
	mux.HandleFunc("GET /api/collections/posts/records", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, map[string]any{"page": 1, "perPage": 1, "totalItems": -1, "totalPages": -1, "items": []any{
			map[string]any{"id": "post00000000001", "filter": r.URL.Query().Get("filter")},
		}})
	})
	return httptest.NewServer(mux)
}
