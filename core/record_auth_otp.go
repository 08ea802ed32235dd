package core

import (
	"context"

	"github.com/bosgo/bosgo/internal/jsonv"
)

// OTPResponse is the answer of [RecordService.RequestOTP].
type OTPResponse struct {
	// OTPID identifies the one-time password that was mailed; pass it to
	// [RecordService.AuthWithOTP] with the code from the mail.
	OTPID string `json:"otpId"`
	// MFAID is set only by servers that return it here (the BosBase docs
	// mention it, the server code never sends it). The id of an MFA
	// challenge comes from the first factor's error: see [MFAID].
	MFAID string `json:"mfaId,omitempty"`
}

func (r *OTPResponse) fromJSON(v any) error {
	o := jsonv.FieldsOf(v, "")
	r.OTPID = o.String("otpId")
	r.MFAID = o.String("mfaId")
	return o.Err()
}

// MarshalJSON encodes r as encoding/json would from its json tags.
func (r OTPResponse) MarshalJSON() ([]byte, error) {
	var w jsonv.ObjectWriter
	w.Field("otpId", r.OTPID)
	if r.MFAID != "" {
		w.Field("mfaId", r.MFAID)
	}
	return w.Bytes()
}

// RequestOTP mails a one-time password to email and returns its id. For an
// unknown email the server still answers with an id (no account probing),
// and no mail is sent.
//
// Failures: 403 when OTP auth is disabled for the collection, 400 for an
// invalid email, 404 for an unknown collection, 429 when rate limited.
//
// Endpoint: POST /api/collections/{collection}/request-otp
func (s *RecordService) RequestOTP(ctx context.Context, email string, opts ...RequestOption) (*OTPResponse, error) {
	var out OTPResponse
	err := s.client.send(ctx, "POST", s.basePath()+"/request-otp", map[string]any{"email": email}, &out, newRequestConfig(opts))
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// AuthWithOTP signs in with the id from [RecordService.RequestOTP] and the
// code from the mail, and saves the session to the client's store. As the
// second factor of an MFA challenge, pass the challenge's id with
// [WithMFA]; as a first factor it may itself fail with an MFA challenge
// (see [MFAID]).
//
// Failures: 400 for a wrong, expired or unknown code, 403 when OTP auth is
// disabled, 429 after five wrong codes (request a new OTP). The code
// travels in the JSON body only.
//
// Endpoint: POST /api/collections/{collection}/auth-with-otp
func (s *RecordService) AuthWithOTP(ctx context.Context, otpID, code string, opts ...RequestOption) (*AuthResponse, error) {
	body := map[string]any{"otpId": otpID, "password": code}
	return s.authSend(ctx, "POST", "/auth-with-otp", body, newRequestConfig(opts))
}
