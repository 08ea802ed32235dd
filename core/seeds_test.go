//go:build !js

package core_test

// The seeds' detailed examples (shared/seeds: the Python SDK's examples 1,
// 3, 4 and 5 and the GDScript SDK's examples 1 to 3) written in Go against
// the real devserver. Each seed function is a close Go reading of the
// original; the tests around them check what the seed promises.

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/internal/testenv"
)

// Python example 1: complete authentication flow with error handling.

var (
	errInvalidCredentials  = errors.New("invalid credentials")
	errPasswordAuthOff     = errors.New("password authentication is not enabled for this collection")
	errTooManyOTPAttempts  = errors.New("too many OTP attempts, please request a new OTP")
	errInvalidOTPCode      = errors.New("invalid OTP code")
	errNotImpersonatedUser = errors.New("impersonated client holds another record")
)

// seedAuthenticateUser is authenticate_user: password first, handling MFA
// if required. getUserOTPInput stands for the app's "enter the code" UI.
func seedAuthenticateUser(ctx context.Context, pb *core.Client, email, password string,
	getUserOTPInput func(otpID string) string, logf func(string, ...any)) (*core.AuthResponse, error) {
	// Try password authentication.
	authData, err := pb.Collection("users").AuthWithPassword(ctx, email, password)
	if err == nil {
		logf("Successfully authenticated: %s", authData.Record.Email())
		return authData, nil
	}
	// Check if MFA is required.
	if mfaID, ok := core.MFAID(err); ok {
		logf("MFA required, proceeding with second factor...")
		return seedHandleMFA(ctx, pb, email, mfaID, getUserOTPInput, logf)
	}
	// Handle other errors.
	switch core.StatusOf(err) {
	case 400:
		return nil, errInvalidCredentials
	case 403:
		return nil, errPasswordAuthOff
	}
	return nil, err
}

// seedHandleMFA is handle_mfa: the OTP second factor.
func seedHandleMFA(ctx context.Context, pb *core.Client, email, mfaID string,
	getUserOTPInput func(otpID string) string, logf func(string, ...any)) (*core.AuthResponse, error) {
	// Request OTP for second factor.
	otpResult, err := pb.Collection("users").RequestOTP(ctx, email)
	if err != nil {
		return nil, err
	}
	userEnteredOTP := getUserOTPInput(otpResult.OTPID)
	// Authenticate with OTP and MFA ID.
	authData, err := pb.Collection("users").AuthWithOTP(ctx, otpResult.OTPID, userEnteredOTP, core.WithMFA(mfaID))
	if err != nil {
		if core.StatusOf(err) == 429 {
			return nil, errTooManyOTPAttempts
		}
		return nil, errInvalidOTPCode
	}
	logf("MFA authentication successful")
	return authData, nil
}

func TestSeedPythonExample1CompleteAuthFlow(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	fromMail := func(email string) func(string) string {
		return func(otpID string) string { return otpCode(t, srv, email, otpID) }
	}

	t.Run("password only", func(t *testing.T) {
		t.Parallel()
		u := srv.NewUser(t, testenv.UserOptions{Verified: true})
		pb := core.New(srv.URL)
		auth, err := seedAuthenticateUser(t.Context(), pb, u.Email, u.Password, fromMail(u.Email), t.Logf)
		if err != nil || auth.Record.ID() != u.ID {
			t.Fatalf("authenticate: %v", err)
		}
		t.Logf("User is authenticated: %s", pb.AuthStore().Record().Email())
		if pb.AuthStore().Record().ID() != u.ID {
			t.Error("the store is not populated")
		}
	})
	t.Run("MFA with OTP from the mail", func(t *testing.T) {
		t.Parallel()
		u := srv.NewUser(t, testenv.UserOptions{Verified: true, MFA: true})
		pb := core.New(srv.URL)
		auth, err := seedAuthenticateUser(t.Context(), pb, u.Email, u.Password, fromMail(u.Email), t.Logf)
		if err != nil || auth.Record.ID() != u.ID || pb.AuthStore().Record().ID() != u.ID {
			t.Fatalf("authenticate with MFA: %v", err)
		}
	})
	t.Run("invalid credentials", func(t *testing.T) {
		t.Parallel()
		u := srv.NewUser(t, testenv.UserOptions{Verified: true})
		_, err := seedAuthenticateUser(t.Context(), core.New(srv.URL), u.Email, "wrong", fromMail(u.Email), t.Logf)
		if !errors.Is(err, errInvalidCredentials) {
			t.Fatalf("err = %v, want %v", err, errInvalidCredentials)
		}
	})
	t.Run("invalid then too many OTP codes", func(t *testing.T) {
		t.Parallel()
		u := srv.NewUser(t, testenv.UserOptions{Verified: true, MFA: true})
		pb := core.New(srv.URL)
		wrongCode := func(otpID string) string {
			if otpCode(t, srv, u.Email, otpID) == "00000000" {
				return "11111111"
			}
			return "00000000"
		}
		_, err := seedAuthenticateUser(t.Context(), pb, u.Email, u.Password, wrongCode, t.Logf)
		if !errors.Is(err, errInvalidOTPCode) {
			t.Fatalf("err = %v, want %v", err, errInvalidOTPCode)
		}
		// The server allows 5 OTP attempts per record within 180 s.
		for i := 0; i < 6 && errors.Is(err, errInvalidOTPCode); i++ {
			_, err = seedAuthenticateUser(t.Context(), pb, u.Email, u.Password, wrongCode, t.Logf)
		}
		if !errors.Is(err, errTooManyOTPAttempts) {
			t.Fatalf("err = %v, want %v", err, errTooManyOTPAttempts)
		}
	})
}

// Python example 3 and GDScript example 2: token management and refresh.

// seedCheckAuth is check_auth: verify a locally valid session with the
// server, clearing it when the server refuses.
func seedCheckAuth(ctx context.Context, pb *core.Client, logf func(string, ...any)) bool {
	if pb.AuthStore().IsValid() {
		logf("User is authenticated: %s", pb.AuthStore().Record().Email())
		// Verify token is still valid and refresh if needed.
		if _, err := pb.Collection("users").AuthRefresh(ctx); err != nil {
			logf("Token expired or invalid, clearing auth")
			_ = pb.AuthStore().Clear()
			return false
		}
		logf("Token refreshed successfully")
		return true
	}
	return false
}

// TestSeedPythonExample3TokenManagement auto-refreshes before expiry, so it
// asks for PocketBase's refreshable, expiring tokens.
func TestSeedPythonExample3TokenManagement(t *testing.T) {
	t.Parallel()
	srv := testenv.SharedPocketBase(t)
	u := srv.NewUser(t, testenv.UserOptions{Verified: true})

	// setup_auto_refresh: in Go the client does it; refresh 5 minutes
	// before expiration. The clock is moved instead of waiting.
	var clock shiftClock
	var log reqLog
	pb := core.New(srv.URL, core.WithAutoRefresh(5*time.Minute), core.WithClock(clock.now),
		core.WithMiddleware(log.middleware()))

	if seedCheckAuth(t.Context(), pb, t.Logf) {
		t.Fatal("check_auth without a session = true")
	}
	auth := authSignIn(t, pb, u)
	if !seedCheckAuth(t.Context(), pb, t.Logf) {
		t.Fatal("check_auth with a fresh session = false")
	}

	refreshes := log.count("/auth-refresh")
	clock.set(time.Until(claimsOf(t, auth.Token).Expiry) - 4*time.Minute)
	if _, err := pb.Collection("posts").GetList(t.Context(), 1, 1); err != nil {
		t.Fatal(err)
	}
	if got := log.count("/auth-refresh") - refreshes; got != 1 {
		t.Errorf("auto-refresh ran %d times within 5 minutes of expiry, want 1", got)
	}
	clock.set(0)

	revokeTokens(t, srv, &u)
	if seedCheckAuth(t.Context(), pb, t.Logf) {
		t.Fatal("check_auth with a revoked token = true")
	}
	if pb.AuthStore().Token() != "" {
		t.Error("check_auth did not clear the revoked session")
	}
}

func TestSeedGDScriptExample2TokenManagement(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	u := srv.NewUser(t, testenv.UserOptions{Verified: true})
	pb := core.New(srv.URL)
	authSignIn(t, pb, u)
	if !seedCheckAuth(t.Context(), pb, t.Logf) {
		t.Fatal("is_authenticated = false for a signed-in user")
	}
	_ = pb.AuthStore().Clear()
	if seedCheckAuth(t.Context(), pb, t.Logf) {
		t.Fatal("is_authenticated = true after logout")
	}
	t.Log("User not authenticated, redirecting to login...")
}

// Python example 4 and GDScript example 3: admin impersonation for support.

type supportReport struct {
	CanAccess  int // published posts on the first page of 10
	TotalPosts int // every post the user can see
}

// seedImpersonateUserForSupport is impersonate_user_for_support. admin is
// how the seed signs the superuser in: pb.collection("_superusers") in
// Python, pb.admins() in GDScript.
func seedImpersonateUserForSupport(ctx context.Context, pb *core.Client, admin *core.RecordService,
	email, password, userID string, logf func(string, ...any)) (*supportReport, error) {
	// Authenticate as admin.
	if _, err := admin.AuthWithPassword(ctx, email, password); err != nil {
		return nil, fmt.Errorf("admin authentication failed: %w", err)
	}
	// Impersonate the user (1 hour token).
	userClient, err := pb.Collection("users").Impersonate(ctx, userID, time.Hour)
	if err != nil {
		return nil, fmt.Errorf("impersonation failed: %w", err)
	}
	logf("Impersonating user: %s", userClient.AuthStore().Record().Email())
	if userClient.AuthStore().Record().ID() != userID {
		return nil, errNotImpersonatedUser
	}
	// Use the impersonated client to test user experience.
	userRecords, err := userClient.Collection("posts").GetFullList(ctx)
	if err != nil {
		return nil, fmt.Errorf("failed to get user records: %w", err)
	}
	logf("User can see %d posts", len(userRecords))
	// Check what the user sees.
	userView, err := userClient.Collection("posts").GetList(ctx, 1, 10, core.WithFilter("published = '1'"))
	if err != nil {
		return nil, fmt.Errorf("failed to get user view: %w", err)
	}
	for _, p := range userView.Items {
		if !p.Bool("published") {
			return nil, fmt.Errorf("filter published = '1' returned post %s", p.ID())
		}
	}
	return &supportReport{CanAccess: len(userView.Items), TotalPosts: len(userRecords)}, nil
}

func TestSeedPythonExample4AdminImpersonation(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	u := srv.NewUser(t, testenv.UserOptions{Verified: true})
	pb := core.New(srv.URL)
	result, err := seedImpersonateUserForSupport(t.Context(), pb, pb.Collection("_superusers"),
		srv.Superuser.Email, srv.Superuser.Password, u.ID, t.Logf)
	if err != nil {
		t.Fatalf("Impersonation failed: %v", err)
	}
	t.Logf("User access check: %+v", *result)
	// The seeded posts: at least 4 published, 6 in all.
	if result.CanAccess < 4 || result.CanAccess > 10 || result.TotalPosts < 6 || result.TotalPosts < result.CanAccess {
		t.Errorf("result = %+v", *result)
	}
	if !pb.AuthStore().IsSuperuser() {
		t.Error("the admin client lost its session")
	}
	// Refused for a non-superuser, as the seed's error path shows.
	other := core.New(srv.URL)
	_, err = seedImpersonateUserForSupport(t.Context(), other, other.Collection("users"), u.Email, u.Password, u.ID, t.Logf)
	if core.StatusOf(err) != 403 {
		t.Errorf("impersonation by a user: %v, want 403", err)
	}
}

func TestSeedGDScriptExample3AdminImpersonation(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	u := srv.NewUser(t, testenv.UserOptions{Verified: true})
	pb := core.New(srv.URL)
	// Admins is deprecated; pb.admins() is the GDScript seed's spelling.
	admins := pb.Admins()
	result, err := seedImpersonateUserForSupport(t.Context(), pb, admins, srv.Superuser.Email, srv.Superuser.Password, u.ID, t.Logf)
	if err != nil {
		t.Fatalf("impersonate_user_for_support: %v", err)
	}
	if result.CanAccess == 0 || result.TotalPosts == 0 {
		t.Errorf("result = %+v", *result)
	}
	_, err = seedImpersonateUserForSupport(t.Context(), pb, admins, srv.Superuser.Email, "wrong", u.ID, t.Logf)
	if core.StatusOf(err) != 400 {
		t.Errorf("admin authentication with a wrong password: %v, want 400", err)
	}
}

// Python example 5: API key generation for server-to-server.

type apiKey struct {
	Token       string
	ExpiresAt   time.Time
	GeneratedAt time.Time
}

// seedGenerateAPIKey is generate_api_key: a long-lived impersonation token
// of the superuser itself.
func seedGenerateAPIKey(ctx context.Context, pb *core.Client, adminEmail, adminPassword string) (*apiKey, error) {
	// Authenticate as admin.
	if _, err := pb.Collection("_superusers").AuthWithPassword(ctx, adminEmail, adminPassword); err != nil {
		return nil, err
	}
	// Get superuser ID.
	adminRecord := pb.AuthStore().Record()
	// Generate impersonation token (1 year duration for long-lived API key).
	const year = 31536000 * time.Second
	apiClient, err := pb.Collection("_superusers").Impersonate(ctx, adminRecord.ID(), year)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	return &apiKey{Token: apiClient.AuthStore().Token(), ExpiresAt: now.Add(year), GeneratedAt: now}, nil
}

func TestSeedPythonExample5APIKey(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	pb := core.New(srv.URL)
	key, err := seedGenerateAPIKey(t.Context(), pb, srv.Superuser.Email, srv.Superuser.Password)
	if err != nil {
		t.Fatalf("Failed to generate API key: %v", err)
	}
	c := claimsOf(t, key.Token)
	if c.Refreshable || c.Expiry.Sub(key.ExpiresAt).Abs() > time.Minute {
		t.Errorf("API key claims = %+v, want non-refreshable, exp %v", c, key.ExpiresAt)
	}

	// Using the API key in another service.
	serviceClient := core.New(srv.URL)
	_ = serviceClient.AuthStore().Save(key.Token, core.Record{"id": c.ID, "email": srv.Superuser.Email})
	if !serviceClient.AuthStore().IsSuperuser() || !serviceClient.AuthStore().IsValid() {
		t.Error("the service client's session is not a valid superuser session")
	}
	// Make authenticated requests: superusers see every post, drafts too.
	data, err := serviceClient.Collection("posts").GetFullList(t.Context(), core.WithFilter("published = '0'"))
	if err != nil || len(data) < 2 {
		t.Fatalf("GetFullList with the API key: %d drafts, %v", len(data), err)
	}
}

// GDScript example 1: complete authentication flow, reading the raw error
// body (auth_result.data["mfaId"]) instead of the MFAID helper.

func seedGDAuthenticateUser(ctx context.Context, pb *core.Client, email, password string,
	getUserOTPInput func(otpID string) string) (*core.AuthResponse, error) {
	authResult, err := pb.Collection("users").AuthWithPassword(ctx, email, password)
	var authErr *core.ClientResponseError
	if errors.As(err, &authErr) {
		// Check if MFA is required.
		responseData := authErr.Response
		if mfaID, ok := responseData["mfaId"].(string); authErr.Status == 401 && ok {
			return seedHandleMFA(ctx, pb, email, mfaID, getUserOTPInput, func(string, ...any) {})
		}
		// Handle other errors.
		switch authErr.Status {
		case 400:
			return nil, errInvalidCredentials
		case 403:
			return nil, errPasswordAuthOff
		}
		return nil, fmt.Errorf("authentication failed: %w", authErr)
	}
	return authResult, err
}

func TestSeedGDScriptExample1CompleteAuthFlow(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	mfa := srv.NewUser(t, testenv.UserOptions{Verified: true, MFA: true})
	pb := core.New(srv.URL)
	result, err := seedGDAuthenticateUser(t.Context(), pb, mfa.Email, mfa.Password,
		func(otpID string) string { return otpCode(t, srv, mfa.Email, otpID) })
	if err != nil || result.Record.ID() != mfa.ID {
		t.Fatalf("authenticate_user: %v", err)
	}
	t.Logf("User is authenticated: %s", pb.AuthStore().Record().Email())

	_, err = seedGDAuthenticateUser(t.Context(), core.New(srv.URL), "nobody@example.com", "password123", nil)
	if !errors.Is(err, errInvalidCredentials) {
		t.Errorf("unknown user: %v, want %v", err, errInvalidCredentials)
	}
	// "Error Handling with MFA": the raw body of the challenge is only the id.
	_, err = pb.Collection("users").AuthWithPassword(t.Context(), mfa.Email, mfa.Password)
	var authErr *core.ClientResponseError
	if !errors.As(err, &authErr) || len(authErr.Response) != 1 || authErr.Response["mfaId"] == nil {
		t.Errorf("MFA challenge body = %v", err)
	}
}
