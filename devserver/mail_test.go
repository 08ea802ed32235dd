package main

import (
	"bytes"
	"net/mail"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/mails"
	"github.com/pocketbase/pocketbase/tools/mailer"
)

func TestMailboxCapturesInsteadOfSending(t *testing.T) {
	t.Parallel()
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: t.TempDir()})
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = app.ResetBootstrapState() })

	var console bytes.Buffer
	box := newMailbox(&console)
	box.bind(app)

	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		t.Fatal(err)
	}
	rec := core.NewRecord(users)
	rec.Id = "rec123456789012"
	rec.SetEmail("a@example.com")

	// SMTP is off, so without the capture hook these would run sendmail and
	// fail; a nil error means nothing was really sent.
	sends := []func() error{
		func() error { return mails.SendRecordOTP(app, rec, "otp1", "12345678") },
		func() error { return mails.SendRecordPasswordReset(app, rec) },
		func() error { return mails.SendRecordChangeEmail(app, rec, "new@example.com") },
		func() error { return mails.SendRecordVerification(app, rec) },
		func() error {
			return app.NewMailClient().Send(&mailer.Message{To: []mail.Address{{Address: "A@example.com"}}, Subject: "Hello"})
		},
		func() error {
			return app.NewMailClient().Send(&mailer.Message{To: []mail.Address{{Address: "b@example.com"}}, Subject: "Other"})
		},
	}
	for i, send := range sends {
		if err := send(); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
	}

	got := box.list("a@example.com")
	var kinds []string
	for _, m := range got {
		kinds = append(kinds, m.Kind)
	}
	want := []string{mailKindOther, mailKindVerification, mailKindPasswordReset, mailKindOTP}
	if !slices.Equal(kinds, want) {
		t.Fatalf("kinds newest first = %v, want %v", kinds, want)
	}
	otp := got[3]
	if otp.OTPID != "otp1" || otp.Code != "12345678" || otp.Subject == "" || otp.Time.IsZero() {
		t.Errorf("otp capture: %+v", otp)
	}
	if got[1].Token == "" || got[2].Token == "" {
		t.Errorf("verification/reset tokens missing: %+v / %+v", got[1], got[2])
	}
	// The email-change mail goes to the new address.
	if change := box.list("new@example.com"); len(change) != 1 || change[0].Kind != mailKindEmailChange ||
		change[0].Token == "" || change[0].NewEmail != "new@example.com" {
		t.Errorf("email change capture: %+v", change)
	}
	if n := len(box.list("")); n != 6 {
		t.Errorf("list(\"\") has %d mails, want 6", n)
	}
	if !strings.Contains(console.String(), "[mail] otp to=a@example.com code=12345678 otpId=otp1") {
		t.Errorf("console does not announce the OTP:\n%s", console.String())
	}
}

func TestMailboxIsBounded(t *testing.T) {
	t.Parallel()
	var console bytes.Buffer
	box := newMailbox(&console)
	for i := range maxMails + 5 {
		subject := "n" + strings.Repeat("x", i%3)
		if err := box.capture(&core.MailerEvent{Message: &mailer.Message{To: []mail.Address{{Address: "x@example.com"}}, Subject: subject}}); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(box.list("")); n != maxMails {
		t.Fatalf("kept %d mails, want %d", n, maxMails)
	}
}
