// Package devtest reads the mail that the bosgo devserver captured, for
// apps that test their sign-in flows against it: the OTP code of
// [core.RecordService.RequestOTP], the token of a password reset,
// verification or email change.
//
// The devserver (go tool task dev, or cd devserver && go run . -dev)
// never sends mail: with -dev it keeps every message and serves it at
// GET /api/dev/mails, on loopback only. This package polls that endpoint
// through the app's own [core.Client]:
//
//	otp, err := users.RequestOTP(ctx, email)
//	if err != nil {
//		return err
//	}
//	code, err := devtest.WaitOTP(ctx, pb, email, otp.OTPID)
//	if err != nil {
//		return err
//	}
//	auth, err := users.AuthWithOTP(ctx, otp.OTPID, code)
//
// Mail is sent in the background after the request that causes it, so
// every Wait function polls until the mail is there, ctx ends, or
// [DefaultWait] passes when ctx has no deadline. It works only against the
// devserver in dev mode (a real BosBase server has no such endpoint: the
// calls then fail with a 404).
package devtest

import (
	"context"
	"errors"
	"time"

	"github.com/bosgo/bosgo/core"
)

// Kinds of captured mail, as [Mail.Kind] holds them.
const (
	KindOTP           = "otp"
	KindPasswordReset = "passwordReset"
	KindVerification  = "verification"
	KindEmailChange   = "emailChange"
	KindOther         = "other"
)

// DefaultWait bounds the Wait functions when ctx has no deadline.
const DefaultWait = 15 * time.Second

// pollInterval is how often the Wait functions ask again.
const pollInterval = 25 * time.Millisecond

// Mail is one captured email.
type Mail struct {
	// To is the recipient's address.
	To string `json:"to"`
	// Kind is one of the Kind constants.
	Kind string `json:"kind"`
	// OTPID is the id of the one-time password (KindOTP).
	OTPID string `json:"otpId,omitempty"`
	// Code is the one-time password (KindOTP).
	Code string `json:"code,omitempty"`
	// Token is the password reset, verification or email-change token.
	Token string `json:"token,omitempty"`
	// NewEmail is the address an email change goes to (KindEmailChange).
	NewEmail string `json:"newEmail,omitempty"`
	// Subject is the mail's subject.
	Subject string `json:"subject"`
	// Time is when the devserver captured the mail.
	Time time.Time `json:"time"`
}

// ErrNoMail is wrapped by the error of a Wait function whose wait ended
// before a matching mail arrived.
var ErrNoMail = errors.New("devtest: no matching mail")

// Mails returns the captured mails to the address to (every captured mail
// when to is empty), newest first. It sends no auth token.
//
// Endpoint: GET /api/dev/mails?to={to} (devserver -dev only)
func Mails(ctx context.Context, pb *core.Client, to string) ([]Mail, error) {
	var mails []Mail
	opts := []core.RequestOption{core.WithoutAuth()}
	if to != "" {
		opts = append(opts, core.WithQuery("to", to))
	}
	if err := pb.Send(ctx, "GET", "/api/dev/mails", nil, &mails, opts...); err != nil {
		if core.StatusOf(err) == 404 {
			return nil, errors.Join(errors.New("devtest: the server has no /api/dev/mails: run the devserver with -dev (go tool task dev does)"), err)
		}
		return nil, err
	}
	return mails, nil
}

// WaitMail waits for a captured mail to the address to for which match
// reports true and returns the newest one. It fails with an error wrapping
// [ErrNoMail] (and ctx's error, if it ended) when none arrives in time.
func WaitMail(ctx context.Context, pb *core.Client, to string, match func(Mail) bool) (Mail, error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultWait)
		defer cancel()
	}
	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	for {
		mails, err := Mails(ctx, pb, to)
		if err != nil && ctx.Err() == nil {
			return Mail{}, err
		}
		for _, m := range mails { // newest first
			if match(m) {
				return m, nil
			}
		}
		select {
		case <-ctx.Done():
			return Mail{}, errors.Join(ErrNoMail, ctx.Err())
		case <-tick.C:
		}
	}
}

// WaitOTP returns the code of the one-time password otpID (the OTPID of
// [core.RecordService.RequestOTP]'s answer) mailed to the address to.
func WaitOTP(ctx context.Context, pb *core.Client, to, otpID string) (string, error) {
	m, err := WaitMail(ctx, pb, to, func(m Mail) bool { return m.Kind == KindOTP && m.OTPID == otpID })
	return m.Code, err
}

// WaitToken returns the token of the newest mail of the given kind
// ([KindPasswordReset], [KindVerification] or [KindEmailChange]) to the
// address to: what ConfirmPasswordReset, ConfirmVerification or
// ConfirmEmailChange take. An email change's mail goes to the new address.
func WaitToken(ctx context.Context, pb *core.Client, to, kind string) (string, error) {
	m, err := WaitMail(ctx, pb, to, func(m Mail) bool { return m.Kind == kind && m.Token != "" })
	return m.Token, err
}
