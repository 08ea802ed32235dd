package devtest_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/devtest"
	"github.com/bosgo/bosgo/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// TestWaitOTPSignsIn: the helper reads the code of exactly the OTP that
// was requested, and the code signs in.
func TestWaitOTPSignsIn(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	u := srv.NewUser(t, testenv.UserOptions{Verified: true})
	pb := core.New(srv.URL)
	users := pb.Collection("users")
	first, err := users.RequestOTP(t.Context(), u.Email)
	if err != nil {
		t.Fatal(err)
	}
	otp, err := users.RequestOTP(t.Context(), u.Email)
	if err != nil {
		t.Fatal(err)
	}
	if first.OTPID == otp.OTPID {
		t.Skip("the server reused the OTP") // cannot tell the mails apart then
	}
	code, err := devtest.WaitOTP(t.Context(), pb, u.Email, otp.OTPID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := users.AuthWithOTP(t.Context(), otp.OTPID, code); err != nil {
		t.Fatalf("AuthWithOTP with the captured code: %v", err)
	}
	mails, err := devtest.Mails(t.Context(), pb, u.Email)
	if err != nil || len(mails) < 2 || mails[0].To != u.Email || mails[0].Kind != devtest.KindOTP {
		t.Fatalf("Mails = %+v, %v", mails, err)
	}
}

func TestWaitTokenVerifies(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	u := srv.NewUser(t, testenv.UserOptions{})
	pb := core.New(srv.URL)
	users := pb.Collection("users")
	if err := users.RequestVerification(t.Context(), u.Email); err != nil {
		t.Fatal(err)
	}
	token, err := devtest.WaitToken(t.Context(), pb, u.Email, devtest.KindVerification)
	if err != nil {
		t.Fatal(err)
	}
	if err := users.ConfirmVerification(t.Context(), token); err != nil {
		t.Fatalf("ConfirmVerification with the captured token: %v", err)
	}
}

// TestWaitMailEnds: with no matching mail the wait ends with the context
// and ErrNoMail.
func TestWaitMailEnds(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	pb := core.New(srv.URL)
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	_, err := devtest.WaitMail(ctx, pb, "nobody-devtest@example.com", func(devtest.Mail) bool { return true })
	if !errors.Is(err, devtest.ErrNoMail) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want ErrNoMail and DeadlineExceeded", err)
	}
}

// TestMailsWithoutDevMode: a server without the dev endpoints gives an
// error that says how to turn them on.
func TestMailsWithoutDevMode(t *testing.T) {
	t.Parallel()
	srv := testenv.Start(t, testenv.Options{Dev: new(false)})
	_, err := devtest.Mails(t.Context(), core.New(srv.URL), "")
	if core.StatusOf(err) != 404 || !strings.Contains(err.Error(), "-dev") {
		t.Fatalf("err = %v, want a 404 that mentions -dev", err)
	}
}
