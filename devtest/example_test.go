package devtest_test

import (
	"context"
	"fmt"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/devtest"
)

// Sign in with a one-time password in a test against the devserver
// (go tool task dev): the code comes from the captured mail. It needs the
// running devserver, so it is compiled, not run.
func ExampleWaitOTP() {
	ctx := context.Background()
	pb := core.New("http://127.0.0.1:8090")
	users := pb.Collection("users")

	otp, err := users.RequestOTP(ctx, "demo@example.com")
	if err != nil {
		fmt.Println(err)
		return
	}
	code, err := devtest.WaitOTP(ctx, pb, "demo@example.com", otp.OTPID)
	if err != nil {
		fmt.Println(err)
		return
	}
	auth, err := users.AuthWithOTP(ctx, otp.OTPID, code)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("signed in as", auth.Record.Email())
}

// Confirm a verification with the token of the captured mail.
func ExampleWaitToken() {
	ctx := context.Background()
	pb := core.New("http://127.0.0.1:8090")
	users := pb.Collection("users")

	if err := users.RequestVerification(ctx, "test@example.com"); err != nil {
		fmt.Println(err)
		return
	}
	token, err := devtest.WaitToken(ctx, pb, "test@example.com", devtest.KindVerification)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := users.ConfirmVerification(ctx, token); err != nil {
		fmt.Println(err)
	}
}
