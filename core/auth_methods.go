package core

import "context"

// AuthMethods lists how records of an auth collection can sign in, as
// [RecordService.ListAuthMethods] returns it.
type AuthMethods struct {
	Password PasswordMethod `json:"password"`
	OAuth2   OAuth2Method   `json:"oauth2"`
	MFA      MFAMethod      `json:"mfa"`
	OTP      OTPMethod      `json:"otp"`
}

// PasswordMethod describes password sign-in.
type PasswordMethod struct {
	Enabled bool `json:"enabled"`
	// IdentityFields are the fields accepted as identity, e.g. ["email"].
	IdentityFields []string `json:"identityFields"`
}

// OAuth2Method describes OAuth2 sign-in and its providers.
type OAuth2Method struct {
	Enabled   bool             `json:"enabled"`
	Providers []OAuth2Provider `json:"providers"`
}

// OAuth2Provider is one configured OAuth2 provider. Every
// [RecordService.ListAuthMethods] call returns a fresh State, CodeVerifier
// and CodeChallenge: the URL used and the verifier sent to
// [RecordService.AuthWithOAuth2Code] must come from the same answer.
type OAuth2Provider struct {
	Name        string `json:"name"`        // e.g. "google"; what AuthWithOAuth2 takes
	DisplayName string `json:"displayName"` // e.g. "Google"
	State       string `json:"state"`       // random state already in AuthURL
	// AuthURL is the provider's authorization URL. It ends with an empty
	// "&redirect_uri=", to which the client appends its URL-escaped
	// redirect URL.
	AuthURL             string `json:"authURL"`
	CodeVerifier        string `json:"codeVerifier"`        // PKCE verifier; "" without PKCE
	CodeChallenge       string `json:"codeChallenge"`       // PKCE challenge, already in AuthURL
	CodeChallengeMethod string `json:"codeChallengeMethod"` // "S256", or "" without PKCE
}

// MFAMethod describes multi-factor authentication.
type MFAMethod struct {
	Enabled bool `json:"enabled"`
	// Duration is how long, in seconds, a first factor stays usable for
	// the second; 0 when disabled.
	Duration int `json:"duration"`
}

// OTPMethod describes one-time-password sign-in.
type OTPMethod struct {
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
