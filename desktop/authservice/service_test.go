package authservice_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bosgo/bosgo/desktop/authservice"
	"github.com/bosgo/bosgo/internal/secretscan"
	"github.com/bosgo/bosgo/internal/testenv"
)

func TestConnectListsMethods(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	svc, _ := e.start(t)
	m, err := svc.Connect(e.srv.URL+"/", "users")
	if err != nil {
		t.Fatal(err)
	}
	if !m.Password || !m.OTP || !m.MFA || len(m.OAuth2) != 1 || m.OAuth2[0].Name != "oidc" || m.OAuth2[0].DisplayName == "" {
		t.Errorf("methods = %+v; want password, OTP, MFA and the oidc provider", m)
	}
	if st := svc.State(); st.ServerURL != e.srv.URL || st.Collection != "users" || st.Storage.Tier != "keyring" || !st.Storage.Ready {
		t.Errorf("state = %+v", st)
	}
	_, err = svc.Connect(e.srv.URL, "no_such_collection")
	wantCode(t, err, authservice.CodeNotFound)
	_, err = svc.Connect("ftp://example.com", "users")
	wantCode(t, err, authservice.CodeInvalidInput)
	_, err = svc.Connect("http://127.0.0.1:1", "users")
	e2 := wantCode(t, err, authservice.CodeUnreachable)
	if !strings.Contains(e2.Message, "http://127.0.0.1:1") {
		t.Errorf("unreachable message does not name the server: %q", e2.Message)
	}
}

// TestPasswordSignInSurvivesRestart: sign in, then a new service on the
// same folder and keyring (an app restart) is still signed in, and the
// folder never holds the token or the email in plaintext.
func TestPasswordSignInSurvivesRestart(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u := e.srv.NewUser(t, testenv.UserOptions{Verified: true, Name: "Restart Person"})
	svc, ev := e.start(t)
	res := signIn(t, svc, u)
	if st := ev.lastState(t); !st.SignedIn || st.Session.Email != u.Email {
		t.Errorf("auth:change after sign-in = %+v", st)
	}
	sess := res.State.Session
	if sess.Name != "Restart Person" || sess.Collection != "users" || sess.IsSuperuser || !sess.Valid || sess.ExpiresText == "" {
		t.Errorf("session = %+v", sess)
	}
	if st := svc.State(); st.Storage.Path == "" {
		t.Fatal("no session file path in the state")
	}
	// "eyJhbGciOi" starts every JWT's header segment.
	secretscan.Dir(t, e.dir, u.Email, u.Password, "Restart Person", u.ID, "eyJhbGciOi")

	svc2, ev2 := e.start(t)
	st := svc2.State()
	if !st.SignedIn || st.Session.Email != u.Email || st.Session.ID != u.ID {
		t.Fatalf("after restart: %+v, want signed in as %s", st, u.Email)
	}
	if got := ev2.lastState(t); !got.SignedIn {
		t.Error("the first auth:change after restart is not signed in")
	}
}

func TestWrongPassword(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u := e.srv.NewUser(t, testenv.UserOptions{Verified: true})
	svc, _ := e.start(t)
	_, err := svc.SignInWithPassword(u.Email, "not-the-password", "")
	wantCode(t, err, authservice.CodeWrongCredentials)
	_, err = svc.SignInWithPassword("", "", "")
	wantCode(t, err, authservice.CodeInvalidInput)
	if svc.State().SignedIn {
		t.Error("signed in after a wrong password")
	}
}

func TestOTPSignIn(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u := e.srv.NewUser(t, testenv.UserOptions{Verified: true})
	svc, _ := e.start(t)
	req, err := svc.RequestOTP(u.Email)
	if err != nil || req.OTPID == "" {
		t.Fatalf("RequestOTP = %+v, %v", req, err)
	}
	mail := e.srv.WaitMailFunc(t, u.Email, func(m testenv.Mail) bool { return m.Kind == "otp" && m.OTPID == req.OTPID })
	_, err = svc.SignInWithOTP(req.OTPID, "00000000", "")
	wantCode(t, err, authservice.CodeWrongCode)
	res, err := svc.SignInWithOTP(req.OTPID, mail.Code, "")
	if err != nil || res.Status != authservice.StatusSignedIn || res.State.Session.Email != u.Email {
		t.Fatalf("SignInWithOTP = %+v, %v", res, err)
	}
}

// TestMFAPasswordThenOTP: the first factor answers mfa-required, the OTP
// with the MFA id completes the sign-in.
func TestMFAPasswordThenOTP(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u := e.srv.NewUser(t, testenv.UserOptions{Verified: true, MFA: true})
	svc, _ := e.start(t)
	first, err := svc.SignInWithPassword(u.Email, u.Password, "")
	if err != nil || first.Status != authservice.StatusMFARequired || first.MFAID == "" || first.State.SignedIn {
		t.Fatalf("first factor = %+v, %v; want mfa-required", first, err)
	}
	req, err := svc.RequestOTP(u.Email)
	if err != nil {
		t.Fatal(err)
	}
	mail := e.srv.WaitMailFunc(t, u.Email, func(m testenv.Mail) bool { return m.Kind == "otp" && m.OTPID == req.OTPID })
	res, err := svc.SignInWithOTP(req.OTPID, mail.Code, first.MFAID)
	if err != nil || res.Status != authservice.StatusSignedIn || res.State.Session.Email != u.Email {
		t.Fatalf("second factor = %+v, %v", res, err)
	}
}

func TestSignOut(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u := e.srv.NewUser(t, testenv.UserOptions{Verified: true})
	svc, ev := e.start(t)
	res := signIn(t, svc, u)
	path := res.State.Storage.Path
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no session file after sign-in: %v", err)
	}
	st, err := svc.SignOut()
	if err != nil || st.SignedIn || st.Session != nil {
		t.Fatalf("SignOut = %+v, %v", st, err)
	}
	if got := ev.lastState(t); got.SignedIn {
		t.Error("last auth:change is still signed in")
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("session file after sign-out: %v", err)
	}
	svc2, _ := e.start(t)
	if svc2.State().SignedIn {
		t.Error("signed in after sign-out and restart")
	}
}

func TestImpersonate(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	svc, _ := e.start(t)
	if _, err := svc.Connect(e.srv.URL, "_superusers"); err != nil {
		t.Fatal(err)
	}
	res, err := svc.SignInWithPassword(e.srv.Superuser.Email, e.srv.Superuser.Password, "")
	if err != nil || !res.State.Session.IsSuperuser {
		t.Fatalf("superuser sign-in = %+v, %v", res, err)
	}
	before := svc.State().Session

	imp, err := svc.Impersonate("users", "demo@example.com", 5)
	if err != nil {
		t.Fatal(err)
	}
	if imp.User.Email != "demo@example.com" || imp.User.IsSuperuser || imp.Minutes != 5 {
		t.Errorf("impersonated user = %+v", imp.User)
	}
	exp, err := time.Parse(time.RFC3339, imp.User.Expires)
	if err != nil || time.Until(exp) > 6*time.Minute || time.Until(exp) < 3*time.Minute {
		t.Errorf("impersonation token expires %q, want in about 5 minutes", imp.User.Expires)
	}
	var titles []string
	for _, p := range imp.Posts {
		titles = append(titles, p.Title)
	}
	if !slices.Contains(titles, "Welcome to bosgo") || slices.Contains(titles, "Token binding explained") {
		t.Errorf("demo user's posts = %v; want theirs only", titles)
	}
	if imp.Visible < len(imp.Posts) {
		t.Errorf("visible posts %d < own posts %d", imp.Visible, len(imp.Posts))
	}
	if after := svc.State().Session; after.ID != before.ID || !after.IsSuperuser {
		t.Error("impersonating changed the superuser's own session")
	}
	_, err = svc.Impersonate("users", "nobody-at-all@example.com", 5)
	wantCode(t, err, authservice.CodeNotFound)
	_, err = svc.Impersonate("users", "demo@example.com", 0)
	wantCode(t, err, authservice.CodeInvalidInput)
}

func TestImpersonateNeedsSuperuser(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u := e.srv.NewUser(t, testenv.UserOptions{Verified: true})
	svc, _ := e.start(t)
	signIn(t, svc, u)
	_, err := svc.Impersonate("users", "demo@example.com", 5)
	wantCode(t, err, authservice.CodeNotSuperuser)
}

func TestCorruptSessionIsReported(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u := e.srv.NewUser(t, testenv.UserOptions{Verified: true})
	svc, _ := e.start(t)
	path := signIn(t, svc, u).State.Storage.Path
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)-3] ^= 0x40
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	st := func() authservice.State { s, _ := e.start(t); return s.State() }()
	if st.SignedIn || !strings.Contains(st.Storage.Notice, "could not be read") || !st.Storage.Ready {
		t.Errorf("after tampering: %+v", st)
	}
	if m, _ := filepath.Glob(filepath.Join(e.dir, "*.corrupt")); len(m) != 1 {
		t.Errorf("corrupt files kept: %v", m)
	}
}
