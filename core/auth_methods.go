package core

import (
	"context"

	"github.com/bosgo/bosgo/internal/jsonv"
)

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

func (m *AuthMethods) fromJSON(v any) error {
	o := jsonv.FieldsOf(v, "")
	o.Child("password", func(p *jsonv.Fields) {
		m.Password = PasswordMethod{Enabled: p.Bool("enabled"), IdentityFields: p.Strings("identityFields")}
	})
	o.Child("oauth2", func(p *jsonv.Fields) {
		m.OAuth2.Enabled = p.Bool("enabled")
		providers := p.Array("providers")
		if providers != nil {
			m.OAuth2.Providers = make([]OAuth2Provider, 0, len(providers))
		}
		for _, e := range providers {
			q := jsonv.FieldsOf(e, "providers")
			m.OAuth2.Providers = append(m.OAuth2.Providers, OAuth2Provider{
				Name:                q.String("name"),
				DisplayName:         q.String("displayName"),
				State:               q.String("state"),
				AuthURL:             q.String("authURL"),
				CodeVerifier:        q.String("codeVerifier"),
				CodeChallenge:       q.String("codeChallenge"),
				CodeChallengeMethod: q.String("codeChallengeMethod"),
			})
			if fe, ok := q.Err().(*jsonv.FieldError); ok {
				p.Fail(fe.Field, fe.Want)
				return
			}
		}
	})
	o.Child("mfa", func(p *jsonv.Fields) { m.MFA = MFAMethod{Enabled: p.Bool("enabled"), Duration: p.Int("duration")} })
	o.Child("otp", func(p *jsonv.Fields) { m.OTP = OTPMethod{Enabled: p.Bool("enabled"), Duration: p.Int("duration")} })
	return o.Err()
}

// MarshalJSON encodes m as encoding/json would from its json tags.
func (m AuthMethods) MarshalJSON() ([]byte, error) {
	var w jsonv.ObjectWriter
	w.Field("password", m.Password)
	w.Field("oauth2", m.OAuth2)
	w.Field("mfa", m.MFA)
	w.Field("otp", m.OTP)
	return w.Bytes()
}

// MarshalJSON encodes m as encoding/json would from its json tags.
func (m PasswordMethod) MarshalJSON() ([]byte, error) {
	var w jsonv.ObjectWriter
	w.Field("enabled", m.Enabled)
	w.Field("identityFields", m.IdentityFields)
	return w.Bytes()
}

// MarshalJSON encodes m as encoding/json would from its json tags.
func (m OAuth2Method) MarshalJSON() ([]byte, error) {
	var w jsonv.ObjectWriter
	w.Field("enabled", m.Enabled)
	if m.Providers == nil {
		w.Field("providers", nil)
	} else {
		ps := make([]any, len(m.Providers))
		for i, p := range m.Providers {
			ps[i] = p
		}
		w.Field("providers", ps)
	}
	return w.Bytes()
}

// MarshalJSON encodes p as encoding/json would from its json tags.
func (p OAuth2Provider) MarshalJSON() ([]byte, error) {
	var w jsonv.ObjectWriter
	w.Field("name", p.Name)
	w.Field("displayName", p.DisplayName)
	w.Field("state", p.State)
	w.Field("authURL", p.AuthURL)
	w.Field("codeVerifier", p.CodeVerifier)
	w.Field("codeChallenge", p.CodeChallenge)
	w.Field("codeChallengeMethod", p.CodeChallengeMethod)
	return w.Bytes()
}

// MarshalJSON encodes m as encoding/json would from its json tags.
func (m MFAMethod) MarshalJSON() ([]byte, error) { return marshalMethod(m.Enabled, m.Duration) }

// MarshalJSON encodes m as encoding/json would from its json tags.
func (m OTPMethod) MarshalJSON() ([]byte, error) { return marshalMethod(m.Enabled, m.Duration) }

func marshalMethod(enabled bool, duration int) ([]byte, error) {
	var w jsonv.ObjectWriter
	w.Field("enabled", enabled)
	w.Field("duration", duration)
	return w.Bytes()
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
