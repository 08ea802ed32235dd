package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/mailer"
)

// maxMails bounds the number of captured mails kept in memory.
const maxMails = 1000

// Kinds of captured mail.
const (
	mailKindOTP           = "otp"
	mailKindPasswordReset = "passwordReset"
	mailKindVerification  = "verification"
	mailKindEmailChange   = "emailChange"
	mailKindOther         = "other"
)

// capturedMail is one intercepted email, as GET /api/dev/mails returns it.
type capturedMail struct {
	To       string    `json:"to"`
	Kind     string    `json:"kind"`
	OTPID    string    `json:"otpId,omitempty"`
	Code     string    `json:"code,omitempty"`
	Token    string    `json:"token,omitempty"`
	NewEmail string    `json:"newEmail,omitempty"`
	Subject  string    `json:"subject"`
	Time     time.Time `json:"time"`
}

// mailbox captures every email the app sends instead of sending it.
//
// The typed mailer hooks (OTP, password reset, ...) run first and note the
// secrets of their message; the generic OnMailerSend hook then records the
// message and never calls e.Next, so nothing is ever really sent. A failed
// send would make PocketBase delete the OTP, so the hook always succeeds.
//
// A mailbox is safe for concurrent use: PocketBase sends mails from
// background goroutines.
type mailbox struct {
	console io.Writer // where each capture is announced

	mu      sync.Mutex
	mails   []capturedMail                    // guarded by mu; oldest first, at most maxMails
	pending map[*mailer.Message]*capturedMail // guarded by mu; typed-hook details by message
}

func newMailbox(console io.Writer) *mailbox {
	return &mailbox{console: console, pending: map[*mailer.Message]*capturedMail{}}
}

// bind registers the capture hooks on app.
func (b *mailbox) bind(app core.App) {
	app.OnMailerRecordOTPSend().BindFunc(b.typed(mailKindOTP, func(m map[string]any, c *capturedMail) {
		c.OTPID, c.Code = metaString(m, "otpId"), metaString(m, "password")
	}))
	app.OnMailerRecordPasswordResetSend().BindFunc(b.typed(mailKindPasswordReset, func(m map[string]any, c *capturedMail) {
		c.Token = metaString(m, "token")
	}))
	app.OnMailerRecordVerificationSend().BindFunc(b.typed(mailKindVerification, func(m map[string]any, c *capturedMail) {
		c.Token = metaString(m, "token")
	}))
	app.OnMailerRecordEmailChangeSend().BindFunc(b.typed(mailKindEmailChange, func(m map[string]any, c *capturedMail) {
		c.Token, c.NewEmail = metaString(m, "token"), metaString(m, "newEmail")
	}))
	app.OnMailerSend().Bind(&hook.Handler[*core.MailerEvent]{
		Id:   "devserverCaptureMail",
		Func: b.capture, // sends nothing unless SMTP is enabled in the settings
	})
}

// typed returns a typed-hook handler that notes the secrets of the message
// for capture to pick up.
func (b *mailbox) typed(kind string, fill func(map[string]any, *capturedMail)) func(*core.MailerRecordEvent) error {
	return func(e *core.MailerRecordEvent) error {
		c := &capturedMail{Kind: kind}
		fill(e.Meta, c)
		b.mu.Lock()
		b.pending[e.Message] = c
		b.mu.Unlock()
		defer func() {
			b.mu.Lock()
			delete(b.pending, e.Message)
			b.mu.Unlock()
		}()
		return e.Next()
	}
}

// capture records the message and reports success without sending it,
// unless SMTP is enabled in the settings (nothing the devserver seeds).
func (b *mailbox) capture(e *core.MailerEvent) error {
	msg := e.Message
	b.mu.Lock()
	c := capturedMail{Kind: mailKindOther}
	if p := b.pending[msg]; p != nil {
		c = *p
	}
	if len(msg.To) > 0 {
		c.To = msg.To[0].Address
	}
	c.Subject = msg.Subject
	c.Time = time.Now().UTC()
	b.mu.Unlock()

	b.add(c)
	if e.App != nil && e.App.Settings().SMTP.Enabled {
		// A superuser turned SMTP on (the conformance harness points it
		// at its mail sink): send the mail as well.
		return e.Next()
	}
	return nil
}

// add records and announces one mail.
func (b *mailbox) add(c capturedMail) {
	b.mu.Lock()
	if len(b.mails) == maxMails {
		b.mails = append(b.mails[:0], b.mails[1:]...)
	}
	b.mails = append(b.mails, c)
	b.mu.Unlock()
	b.announce(c)
}

// announce prints the capture on the dev console. Printing the code or
// token is the point: it is how a developer signs in with OTP locally.
func (b *mailbox) announce(c capturedMail) {
	var secret string
	switch {
	case c.Code != "":
		secret = fmt.Sprintf(" code=%s otpId=%s", c.Code, c.OTPID)
	case c.Token != "":
		secret = " token=" + c.Token
	}
	if c.NewEmail != "" {
		secret += " newEmail=" + c.NewEmail
	}
	fmt.Fprintf(b.console, "[mail] %s to=%s%s subject=%q\n", c.Kind, c.To, secret, c.Subject)
}

// list returns the captured mails to the given address (all when to is
// empty), newest first.
func (b *mailbox) list(to string) []capturedMail {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]capturedMail, 0)
	for i := len(b.mails) - 1; i >= 0; i-- {
		if to == "" || strings.EqualFold(b.mails[i].To, to) {
			out = append(out, b.mails[i])
		}
	}
	return out
}

func metaString(meta map[string]any, key string) string {
	s, _ := meta[key].(string)
	return s
}
