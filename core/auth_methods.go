package core

import "context"

// AuthMethods lists how records of an auth collection can sign in, as
// [RecordService.ListAuthMethods] returns it.
type AuthMethods struct {
	// Password describes sign-in with an identity and a password.
	Password PasswordMethod `json:"password"`
	// OAuth2 describes sign-in through OAuth2 providers.
	OAuth2 OAuth2Method `json:"oauth2"`
	// MFA describes the second-factor requirement.
	MFA MFAMethod `json:"mfa"`
	// OTP describes sign-in with a mailed one-time password.
	OTP OTPMethod `json:"otp"`
}

// PasswordMethod describes password sign-in.
type PasswordMethod struct {
	// Enabled reports whether password sign-in is on.
	Enabled bool `json:"enabled"`
	// IdentityFields are the fields accepted as identity, e.g. ["email"].
	IdentityFields []string `json:"identityFields"`
}

// OAuth2Method describes OAuth2 sign-in and its providers.
type OAuth2Method struct {
	// Enabled reports whether OAuth2 sign-in is on.
	Enabled bool `json:"enabled"`
	// Providers are the configured providers, each with a fresh state
	// and PKCE pair.
	Providers []OAuth2Provider `json:"providers"`
}

// OAuth2Provider is one configured OAuth2 provider. Every
// [RecordService.ListAuthMethods] call returns a fresh State, CodeVerifier
// and CodeChallenge: the URL used and the verifier sent to
// [RecordService.AuthWithOAuth2Code] must come from the same answer.
//
// State and CodeVerifier are secrets of one sign-in: do not log them or
// the AuthURL that carries the state.
type OAuth2Provider struct {
	// Name is the provider's name, e.g. "google": what
	// [OAuth2Options.Provider] takes.
	Name string `json:"name"`
	// DisplayName is the provider's name for people, e.g. "Google".
	DisplayName string `json:"displayName"`
	// State is the random state already in AuthURL.
	State string `json:"state"`
	// AuthURL is the provider's authorization URL. It ends with an empty
	// "&redirect_uri=", to which the client appends its URL-escaped
	// redirect URL.
	AuthURL string `json:"authURL"`
	// CodeVerifier is the PKCE verifier to send with the code, "" without
	// PKCE.
	CodeVerifier string `json:"codeVerifier"`
	// CodeChallenge is the PKCE challenge, already in AuthURL.
	CodeChallenge string `json:"codeChallenge"`
	// CodeChallengeMethod is "S256", or "" without PKCE.
	CodeChallengeMethod string `json:"codeChallengeMethod"`
}

// MFAMethod describes multi-factor authentication.
type MFAMethod struct {
	// Enabled reports whether the collection asks for a second factor.
	Enabled bool `json:"enabled"`
	// Duration is how long, in seconds, a first factor stays usable for
	// the second; 0 when disabled.
	Duration int `json:"duration"`
}

// OTPMethod describes one-time-password sign-in.
type OTPMethod struct {
	// Enabled reports whether OTP sign-in is on.
	Enabled bool `json:"enabled"`
	// Duration is how long, in seconds, a code stays valid; 0 when
	// disabled.
	Duration int `json:"duration"`
}

// Provider returns the OAuth2 provider with the given name.
func (m *AuthMethods) Provider(name string) (OAuth2Provider, bool) {
	for _, p := range m.OAuth2.Providers {
		if p.Name == name {
			return p, true
		}
	}
	return OAuth2Provider{}, false
}

// ListAuthMethods returns the sign-in methods of the collection. It asks
// only for the mfa, otp, password and oauth2 fields, as the JS SDK does,
// unless opts carry [WithFields].
//
// Endpoint: GET /api/collections/{collection}/auth-methods
func (s *RecordService) ListAuthMethods(ctx context.Context, opts ...RequestOption) (*AuthMethods, error) {
	rc := newRequestConfig(opts)
	if rc.query.Get("fields") == "" {
		rc.query.Set("fields", "mfa,otp,password,oauth2")
	}
	var out AuthMethods
	if err := s.client.send(ctx, "GET", s.basePath()+"/auth-methods", nil, &out, rc); err != nil {
		return nil, err
	}
	return &out, nil
}
