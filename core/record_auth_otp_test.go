//go:build !js

package core_test

import (
	"strings"
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/internal/testenv"
)

// otpCode waits for the OTP mail of otpID to email and returns its code.
func otpCode(t testing.TB, srv *testenv.Server, email, otpID string) string {
	t.Helper()
	m := srv.WaitMailFunc(t, email, func(m testenv.Mail) bool { return m.Kind == "otp" && m.OTPID == otpID })
	if m.Code == "" {
		t.Fatalf("OTP mail to %s carries no code", email)
	}
	return m.Code
}

// waitOTPSentTo waits until the server has stored where the OTP was sent.
// PocketBase mails the code in the background and saves the OTP's sentTo
// only after the mail went out (so after the devserver captured it), and
// only an OTP whose sentTo is the record's email verifies the record. It
// polls the superuser API every 10 ms for at most 10 s.
func waitOTPSentTo(t testing.TB, srv *testenv.Server, otpID string) {
	t.Helper()
	su := core.New(srv.URL)
	token := srv.SuperuserToken(t)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(10 * time.Second)
	for {
		var otp core.Record
		err := su.Send(t.Context(), "GET", "/api/collections/_otps/records/"+otpID, nil, &otp, core.WithHeader("Authorization", token))
		if err == nil && otp.String("sentTo") != "" {
			return
		}
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("the OTP's sentTo is still empty after 10 s (last error: %v)", err)
		}
	}
}

func TestAuthWithOTP(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	u := srv.NewUser(t, testenv.UserOptions{Verified: true})
	pb := core.New(srv.URL)
	users := pb.Collection("users")

	otp, err := users.RequestOTP(t.Context(), u.Email)
	if err != nil {
		t.Fatalf("RequestOTP: %v", err)
	}
	if otp.OTPID == "" || otp.MFAID != "" {
		t.Fatalf("otp = %+v", otp)
	}
	auth, err := users.AuthWithOTP(t.Context(), otp.OTPID, otpCode(t, srv, u.Email, otp.OTPID))
	if err != nil {
		t.Fatalf("AuthWithOTP: %v", err)
	}
	if auth.Record.ID() != u.ID || pb.AuthStore().Token() != auth.Token {
		t.Errorf("auth record %q, saved %v", auth.Record.ID(), pb.AuthStore().Token() == auth.Token)
	}
}

func TestAuthWithOTPMarksVerified(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	u := srv.NewUser(t, testenv.UserOptions{Verified: false})
	users := core.New(srv.URL).Collection("users")
	otp, err := users.RequestOTP(t.Context(), u.Email)
	if err != nil {
		t.Fatalf("RequestOTP: %v", err)
	}
	code := otpCode(t, srv, u.Email, otp.OTPID)
	waitOTPSentTo(t, srv, otp.OTPID)
	auth, err := users.AuthWithOTP(t.Context(), otp.OTPID, code)
	if err != nil {
		t.Fatalf("AuthWithOTP: %v", err)
	}
	if !auth.Record.Bool("verified") {
		t.Error("an OTP sent to the record's email did not verify it")
	}
}

func TestAuthWithOTPFailures(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	u := srv.NewUser(t, testenv.UserOptions{Verified: true})
	pb := core.New(srv.URL)
	users := pb.Collection("users")

	otp, err := users.RequestOTP(t.Context(), u.Email)
	if err != nil {
		t.Fatalf("RequestOTP: %v", err)
	}
	code := otpCode(t, srv, u.Email, otp.OTPID)
	wrong := "00000000"
	if code == wrong {
		wrong = "11111111"
	}
	_, err = users.AuthWithOTP(t.Context(), otp.OTPID, wrong)
	e := authStatus(t, "wrong code", err, 400)
	if !strings.Contains(e.Message(), "Invalid or expired OTP") || strings.Contains(err.Error(), wrong) {
		t.Errorf("wrong code: %q", err.Error())
	}
	_, err = users.AuthWithOTP(t.Context(), "unknown-otp-id", code)
	authStatus(t, "unknown otp id", err, 400)
	if pb.AuthStore().Token() != "" {
		t.Error("a failed OTP sign-in saved a session")
	}
	// The right code still works after a wrong guess, and only once.
	if _, err := users.AuthWithOTP(t.Context(), otp.OTPID, code); err != nil {
		t.Fatalf("right code: %v", err)
	}
	_, err = users.AuthWithOTP(t.Context(), otp.OTPID, code)
	authStatus(t, "reused code", err, 400)
}

func TestRequestOTPFailures(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	users := core.New(srv.URL).Collection("users")

	// Unknown emails get an id too (no account probing).
	otp, err := users.RequestOTP(t.Context(), "nobody-"+srv.NewUser(t, testenv.UserOptions{}).Email)
	if err != nil || otp.OTPID == "" {
		t.Fatalf("unknown email: %+v, %v", otp, err)
	}
	_, err = users.RequestOTP(t.Context(), "not-an-email")
	authStatus(t, "invalid email", err, 400)
	_, err = core.New(srv.URL).Collection("nope").RequestOTP(t.Context(), "a@example.com")
	authStatus(t, "unknown collection", err, 404)
}

// TestAuthMethodDisabled: OTP is off for _superusers on the devserver (the
// PocketBase default), which is the disabled-method case of every OTP call.
func TestAuthMethodDisabled(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	pb := core.New(srv.URL)
	_, err := pb.Collection("_superusers").RequestOTP(t.Context(), srv.Superuser.Email)
	e := authStatus(t, "RequestOTP on _superusers", err, 403)
	if e.Message() != "The collection is not configured to allow OTP authentication." {
		t.Errorf("message = %q", e.Message())
	}
	_, err = pb.Collection("_superusers").AuthWithOTP(t.Context(), "some-id", "12345678")
	authStatus(t, "AuthWithOTP on _superusers", err, 403)
}

func TestMFAPasswordThenOTP(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	u := srv.NewUser(t, testenv.UserOptions{Verified: true, MFA: true})
	pb := core.New(srv.URL)
	users := pb.Collection("users")

	_, err := users.AuthWithPassword(t.Context(), u.Email, u.Password)
	mfaID, ok := core.MFAID(err)
	if !ok {
		t.Fatalf("first factor: err = %v, want the MFA challenge", err)
	}
	e := authStatus(t, "first factor", err, 401)
	if len(e.Response) != 1 || e.Message() != "multi-factor authentication required" {
		t.Errorf("challenge body = %v, message %q", e.Response, e.Message())
	}
	if pb.AuthStore().Token() != "" {
		t.Fatal("the MFA challenge saved a session")
	}

	otp, err := users.RequestOTP(t.Context(), u.Email)
	if err != nil {
		t.Fatalf("RequestOTP: %v", err)
	}
	auth, err := users.AuthWithOTP(t.Context(), otp.OTPID, otpCode(t, srv, u.Email, otp.OTPID), core.WithMFA(mfaID))
	if err != nil {
		t.Fatalf("second factor: %v", err)
	}
	if auth.Record.ID() != u.ID || pb.AuthStore().Token() != auth.Token {
		t.Errorf("second factor: record %q, saved %v", auth.Record.ID(), pb.AuthStore().Token() == auth.Token)
	}
}

func TestMFASecondFactorFailures(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	u := srv.NewUser(t, testenv.UserOptions{Verified: true, MFA: true})
	users := core.New(srv.URL).Collection("users")

	_, err := users.AuthWithPassword(t.Context(), u.Email, u.Password)
	mfaID, ok := core.MFAID(err)
	if !ok {
		t.Fatalf("first factor: %v", err)
	}
	// The same method twice is refused.
	_, err = users.AuthWithPassword(t.Context(), u.Email, u.Password, core.WithMFA(mfaID))
	e := authStatus(t, "password twice", err, 400)
	if e.Message() != "A different authentication method is required." {
		t.Errorf("message = %q", e.Message())
	}
	// Without the MFA id, the OTP is just another first factor: a new challenge.
	otp, err := users.RequestOTP(t.Context(), u.Email)
	if err != nil {
		t.Fatalf("RequestOTP: %v", err)
	}
	_, err = users.AuthWithOTP(t.Context(), otp.OTPID, otpCode(t, srv, u.Email, otp.OTPID))
	if id, ok := core.MFAID(err); !ok || id == mfaID {
		t.Errorf("OTP without WithMFA: err = %v, want a new challenge", err)
	}
	// An unknown MFA id is refused.
	otp, err = users.RequestOTP(t.Context(), u.Email)
	if err != nil {
		t.Fatalf("RequestOTP: %v", err)
	}
	_, err = users.AuthWithOTP(t.Context(), otp.OTPID, otpCode(t, srv, u.Email, otp.OTPID), core.WithMFA("unknownmfaid123"))
	authStatus(t, "unknown MFA id", err, 400)
}

// TestMFAChallengeKeepsSession: a signed-in client that meets an MFA
// challenge (a 401 to a request that carried its token) keeps its session.
func TestMFAChallengeKeepsSession(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	plain := srv.NewUser(t, testenv.UserOptions{Verified: true})
	mfa := srv.NewUser(t, testenv.UserOptions{Verified: true, MFA: true})
	var log reqLog
	pb := core.New(srv.URL, core.WithMiddleware(log.middleware()))
	auth := authSignIn(t, pb, plain)

	_, err := pb.Collection("users").AuthWithPassword(t.Context(), mfa.Email, mfa.Password)
	if _, ok := core.MFAID(err); !ok {
		t.Fatalf("err = %v, want the MFA challenge", err)
	}
	if reqs := log.all(); reqs[len(reqs)-1].Auth != auth.Token {
		t.Fatal("the challenged request did not carry the stored token")
	}
	if pb.AuthStore().Token() != auth.Token {
		t.Error("the MFA challenge cleared the store")
	}
}
