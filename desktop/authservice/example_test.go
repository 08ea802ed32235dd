package authservice_test

import (
	"context"
	"fmt"

	"github.com/bosgo/bosgo/desktop/authservice"
	"github.com/bosgo/bosgo/desktop/opener"
)

// Wire the service into an app: Start from the startup hook, Stop from
// the shutdown hook, bind the *Service, and push events to the UI. (This
// example needs a running server, so it only compiles.)
func ExampleNew() {
	emit := authservice.EmitterFunc(func(name string, data any) {
		// In a Wails app: runtime.EventsEmit(wailsCtx, name, data)
		if st, ok := data.(authservice.State); ok && name == authservice.EventAuthChange {
			fmt.Println("signed in:", st.SignedIn, "stored as:", st.Storage.Tier)
		}
	})
	svc := authservice.New(authservice.Config{Emitter: emit, Opener: opener.System{}})
	ctx := context.Background()
	if err := svc.Start(ctx); err != nil {
		fmt.Println(err)
		return
	}
	defer svc.Stop(ctx)

	res, err := svc.SignInWithPassword("demo@example.com", "secret123", "")
	if err != nil {
		fmt.Println(err) // a sentence, e.g. "The email or password is incorrect."
		return
	}
	if res.Status == authservice.StatusMFARequired {
		otp, _ := svc.RequestOTP("demo@example.com")
		res, err = svc.SignInWithOTP(otp.OTPID, "12345678", res.MFAID)
	}
	fmt.Println(res.State.Session.Email, err)
}
