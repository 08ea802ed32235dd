package testenv_test

import (
	"net/http"
	"testing"

	"github.com/bosgo/bosgo/internal/testenv"
)

func TestPasswordAuth(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)

	demo := login(t, srv, "users", "demo@example.com", "secret123")
	if demo.Record["email"] != "demo@example.com" || demo.Record["name"] != "Demo User" || demo.Record["verified"] != true {
		t.Fatalf("demo record: %v", demo.Record)
	}
	if c := claims(t, demo.Token); c["type"] != "auth" || c["refreshable"] != false { // static, as on BosBase
		t.Fatalf("demo token claims: %v", c)
	}

	admin := login(t, srv, "_superusers", srv.Superuser.Email, srv.Superuser.Password)
	if admin.Record["email"] != srv.Superuser.Email {
		t.Fatalf("superuser record: %v", admin.Record)
	}

	wrong := call(t, http.MethodPost, srv.URL+"/api/collections/users/auth-with-password", "",
		map[string]string{"identity": "demo@example.com", "password": "nope"})
	expect(t, "wrong password", wrong, http.StatusBadRequest, "Failed to authenticate.")
}

func TestMFAUserGetsBareMFAID(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)

	r := call(t, http.MethodPost, srv.URL+"/api/collections/users/auth-with-password", "",
		map[string]string{"identity": "mfa@example.com", "password": "password123"})
	body := r.json(t)
	if r.status != http.StatusUnauthorized || len(body) != 1 || body["mfaId"] == "" || body["mfaId"] == nil {
		t.Fatalf("want 401 with exactly {mfaId}, got %d %s", r.status, r.body)
	}
}

func TestOTPAuth(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	user := srv.NewUser(t, testenv.UserOptions{Verified: true, Name: "OTP Person"})

	otpID := requestOTP(t, srv, user.Email)
	mail := srv.WaitMailFunc(t, user.Email, func(m testenv.Mail) bool { return m.Kind == "otp" && m.OTPID == otpID })
	if len(mail.Code) != 8 || mail.To != user.Email {
		t.Fatalf("OTP mail: %+v", mail)
	}

	wrong := call(t, http.MethodPost, srv.URL+"/api/collections/users/auth-with-otp", "",
		map[string]string{"otpId": otpID, "password": "00000000x"})
	expect(t, "wrong OTP", wrong, http.StatusBadRequest, "Invalid or expired OTP.")

	r := call(t, http.MethodPost, srv.URL+"/api/collections/users/auth-with-otp", "",
		map[string]string{"otpId": otpID, "password": mail.Code})
	expect(t, "auth-with-otp", r, http.StatusOK, "")
	if a := decodeAuth(t, r); a.Record["id"] != user.ID {
		t.Fatalf("OTP signed in %v, want %s", a.Record["id"], user.ID)
	}
}

func TestMFAPasswordThenOTP(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	user := srv.NewUser(t, testenv.UserOptions{Verified: true, MFA: true})

	first := call(t, http.MethodPost, srv.URL+"/api/collections/users/auth-with-password", "",
		map[string]string{"identity": user.Email, "password": user.Password})
	mfaID, _ := first.json(t)["mfaId"].(string)
	if first.status != http.StatusUnauthorized || mfaID == "" {
		t.Fatalf("first factor: %d %s", first.status, first.body)
	}

	otpID := requestOTP(t, srv, user.Email)
	mail := srv.WaitMailFunc(t, user.Email, func(m testenv.Mail) bool { return m.OTPID == otpID })
	r := call(t, http.MethodPost, srv.URL+"/api/collections/users/auth-with-otp", "",
		map[string]string{"otpId": otpID, "password": mail.Code, "mfaId": mfaID})
	expect(t, "second factor", r, http.StatusOK, "")
	if a := decodeAuth(t, r); a.Record["id"] != user.ID {
		t.Fatalf("MFA signed in %v, want %s", a.Record["id"], user.ID)
	}
}

func TestVerificationMailCaptured(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	user := srv.NewUser(t, testenv.UserOptions{})

	r := call(t, http.MethodPost, srv.URL+"/api/collections/users/request-verification", "",
		map[string]string{"email": user.Email})
	expect(t, "request-verification", r, http.StatusNoContent, "")
	if m := srv.WaitMail(t, user.Email, "verification"); m.Token == "" || claims(t, m.Token)["type"] != "verification" {
		t.Fatalf("verification mail: %+v", m)
	}
}

// requestOTP asks for an OTP mail and returns its otpId.
func requestOTP(t *testing.T, srv *testenv.Server, email string) string {
	t.Helper()
	r := call(t, http.MethodPost, srv.URL+"/api/collections/users/request-otp", "", map[string]string{"email": email})
	expect(t, "request-otp", r, http.StatusOK, "")
	id, _ := r.json(t)["otpId"].(string)
	if id == "" {
		t.Fatalf("request-otp: no otpId in %s", r.body)
	}
	return id
}
