//go:build !js

package core_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/bosgo/bosgo/core"
)

// Create a client. Nothing is sent until the first call; the defaults are
// a memory store, net/http, en-US, a 60 s timeout and auto-refresh of
// refreshable tokens 2 minutes before they expire.
func ExampleNew() {
	pb := core.New("http://127.0.0.1:8090/",
		core.WithLang("de-DE"),
		core.WithTimeout(30*time.Second),
		core.WithAutoRefresh(5*time.Minute),
	)
	fmt.Println(pb.BaseURL())
	fmt.Println(pb.BuildURL("/api/health"))
	fmt.Println("signed in:", pb.AuthStore().IsValid())
	// Output:
	// http://127.0.0.1:8090
	// http://127.0.0.1:8090/api/health
	// signed in: false
}

// Sign in with email and password. The session lands in the client's
// store and goes with every later request.
func ExampleRecordService_AuthWithPassword() {
	srv := newExampleBosBase()
	defer srv.Close()
	ctx := context.Background()

	pb := core.New(srv.URL)
	auth, err := pb.Collection("users").AuthWithPassword(ctx, "demo@example.com", "secret123")
	if err != nil {
		fmt.Println("sign-in failed:", err)
		return
	}
	fmt.Println("signed in as", auth.Record.Email())
	fmt.Println("stored:", pb.AuthStore().Token() == auth.Token, pb.AuthStore().IsValid())

	// A wrong password is a 400; the error never contains the password.
	// errors.As reaches the SDK's error however it was wrapped.
	_, err = pb.Collection("users").AuthWithPassword(ctx, "demo@example.com", "wrong")
	var e *core.ClientResponseError
	if errors.As(err, &e) {
		fmt.Println(e.Status, e.Message())
	}
	// Output:
	// signed in as demo@example.com
	// stored: true true
	// 400 Failed to authenticate.
}

// Handle the MFA challenge: the first factor fails with a 401 carrying an
// MFA id, which the second factor (here an emailed one-time password)
// passes back with WithMFA.
func ExampleMFAID() {
	srv := newExampleBosBase()
	defer srv.Close()
	ctx := context.Background()
	pb := core.New(srv.URL)
	users := pb.Collection("users")

	auth, err := users.AuthWithPassword(ctx, "mfa@example.com", "password123")
	if mfaID, ok := core.MFAID(err); ok {
		fmt.Println("MFA required")
		var otp *core.OTPResponse
		if otp, err = users.RequestOTP(ctx, "mfa@example.com"); err != nil { // =: keep the outer err
			fmt.Println(err)
			return
		}
		code := "12345678" // in a real app: what the user typed from the mail
		auth, err = users.AuthWithOTP(ctx, otp.OTPID, code, core.WithMFA(mfaID))
	}
	if err != nil {
		fmt.Println("sign-in failed:", err)
		return
	}
	fmt.Println("signed in as", auth.Record.Email())
	// Output:
	// MFA required
	// signed in as mfa@example.com
}

// A superuser acts as another user through a second client; the
// superuser's own client keeps its session.
func ExampleRecordService_Impersonate() {
	srv := newExampleBosBase()
	defer srv.Close()
	ctx := context.Background()

	pb := core.New(srv.URL)
	if _, err := pb.Collection("_superusers").AuthWithPassword(ctx, "admin@example.com", "adminpassword"); err != nil {
		fmt.Println(err)
		return
	}
	userClient, err := pb.Collection("users").Impersonate(ctx, "demouser0000001", time.Hour)
	if err != nil {
		fmt.Println("impersonation failed:", err)
		return
	}
	claims, _ := core.ParseToken(userClient.AuthStore().Token())
	fmt.Println("impersonating", userClient.AuthStore().Record().Email())
	fmt.Println("refreshable:", claims.Refreshable, "lifetime:", time.Until(claims.Expiry).Round(time.Minute))
	fmt.Println("original is superuser:", pb.AuthStore().IsSuperuser())
	// Output:
	// impersonating demo@example.com
	// refreshable: false lifetime: 1h0m0s
	// original is superuser: true
}

// newExampleBosBase starts a stand-in BosBase that answers the exact wire
// shapes of the endpoints the examples use, so they run without a server.
func newExampleBosBase() *httptest.Server {
	users := map[string]map[string]any{
		"demo@example.com": {"id": "demouser0000001", "collectionId": "_pb_users_auth_", "collectionName": "users", "email": "demo@example.com", "verified": true},
		"mfa@example.com":  {"id": "mfauser00000001", "collectionId": "_pb_users_auth_", "collectionName": "users", "email": "mfa@example.com", "verified": true},
	}
	admin := map[string]any{"id": "superuser000001", "collectionId": "pbc_3142635823", "collectionName": "_superusers", "email": "admin@example.com"}
	adminToken := exampleToken(admin, false, time.Now().Add(100*365*24*time.Hour))

	mux := http.NewServeMux()
	reply := func(w http.ResponseWriter, status int, body any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(body)
	}
	failed := map[string]any{"data": map[string]any{}, "message": "Failed to authenticate.", "status": 400}
	auth := func(w http.ResponseWriter, rec map[string]any, tok string) {
		reply(w, 200, map[string]any{"token": tok, "record": rec})
	}
	mux.HandleFunc("POST /api/collections/users/auth-with-password", func(w http.ResponseWriter, r *http.Request) {
		var b struct{ Identity, Password string }
		_ = json.NewDecoder(r.Body).Decode(&b)
		switch {
		case b.Identity == "demo@example.com" && b.Password == "secret123":
			auth(w, users[b.Identity], exampleToken(users[b.Identity], false, time.Now().Add(100*365*24*time.Hour)))
		case b.Identity == "mfa@example.com" && b.Password == "password123":
			reply(w, 401, map[string]any{"mfaId": "mfa0000000000001"}) // the whole body
		default:
			reply(w, 400, failed)
		}
	})
	mux.HandleFunc("POST /api/collections/users/request-otp", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, map[string]any{"otpId": "otp0000000000001"})
	})
	mux.HandleFunc("POST /api/collections/users/auth-with-otp", func(w http.ResponseWriter, r *http.Request) {
		var b struct{ OTPID, Password string }
		_ = json.NewDecoder(r.Body).Decode(&b)
		if r.URL.Query().Get("mfaId") != "mfa0000000000001" || b.OTPID != "otp0000000000001" || b.Password != "12345678" {
			reply(w, 400, failed)
			return
		}
		auth(w, users["mfa@example.com"], exampleToken(users["mfa@example.com"], false, time.Now().Add(100*365*24*time.Hour)))
	})
	mux.HandleFunc("POST /api/collections/_superusers/auth-with-password", func(w http.ResponseWriter, r *http.Request) {
		var b struct{ Identity, Password string }
		_ = json.NewDecoder(r.Body).Decode(&b)
		if b.Identity != "admin@example.com" || b.Password != "adminpassword" {
			reply(w, 400, failed)
			return
		}
		auth(w, admin, adminToken)
	})
	mux.HandleFunc("POST /api/collections/users/impersonate/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != adminToken {
			reply(w, 403, map[string]any{"data": map[string]any{}, "message": "The request requires valid superuser authorization token.", "status": 403})
			return
		}
		var b struct{ Duration int64 }
		_ = json.NewDecoder(r.Body).Decode(&b)
		for _, u := range users {
			if u["id"] == r.PathValue("id") {
				auth(w, u, exampleToken(u, false, time.Now().Add(time.Duration(b.Duration)*time.Second)))
				return
			}
		}
		reply(w, 404, map[string]any{"data": map[string]any{}, "message": "The requested resource wasn't found.", "status": 404})
	})
	return httptest.NewServer(mux)
}

// exampleToken returns an unsigned JWT-shaped auth token for rec.
func exampleToken(rec map[string]any, refreshable bool, exp time.Time) string {
	claims, _ := json.Marshal(map[string]any{
		"id": rec["id"], "collectionId": rec["collectionId"], "type": "auth", "refreshable": refreshable, "exp": exp.Unix(),
	})
	enc := base64.RawURLEncoding.EncodeToString
	return strings.Join([]string{enc([]byte(`{"alg":"HS256","typ":"JWT"}`)), enc(claims), enc([]byte("signature"))}, ".")
}
