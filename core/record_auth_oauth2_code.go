package core

import "context"

// AuthCodeURL returns the URL to send the user to for a manual OAuth2
// sign-in: [OAuth2Provider.AuthURL] with redirectURL appended (escaped)
// and, when scopes are given, the provider's default scopes replaced. The
// state and PKCE challenge of this answer are already in it. Exchange the
// code the provider sends to redirectURL with
// [RecordService.ExchangeOAuth2Code], passing the same provider value and
// redirect URL.
//
// The URL carries the state: do not log it.
func (p OAuth2Provider) AuthCodeURL(redirectURL string, scopes ...string) (string, error) {
	if redirectURL == "" {
		return "", newClientError("", 0, "oauth2: empty redirect URL", nil)
	}
	return buildOAuth2URL(p.AuthURL, redirectURL, "", scopes)
}

// WithCreateData sets the fields of the record an OAuth2 sign-in creates
// for a new user (e.g. {"name": "Ada"}) on [RecordService.ExchangeOAuth2Code]
// and [RecordService.AuthWithOAuth2Code]. The server ignores it when the
// user exists.
func WithCreateData(data map[string]any) RequestOption { return WithBody("createData", data) }

// ExchangeOAuth2Code finishes a manual OAuth2 sign-in: it trades the code
// the provider sent to redirectURL for a session, with the PKCE verifier of
// p, the provider value whose [OAuth2Provider.AuthCodeURL] the user
// visited. redirectURL must be the one given to AuthCodeURL. Options:
// [WithCreateData], [WithExpand], [WithFields]. The token and record are
// saved to the auth store; [AuthResponse.IsNew] tells a sign-up and
// [AuthResponse.OAuth2] the provider's data and tokens.
//
//	methods, err := users.ListAuthMethods(ctx)
//	p, ok := methods.Provider("google")
//	authURL, err := p.AuthCodeURL("https://app.example.com/oauth2/callback")
//	// … keep p for the session, send the user to authURL, then on the callback:
//	if r.URL.Query().Get("state") != p.State { … }
//	auth, err := users.ExchangeOAuth2Code(ctx, p, r.URL.Query().Get("code"), redirectURL)
//
// Failures: an empty code or provider name fails without a request; the
// server's refusal (a wrong code, verifier or redirect URL: 400) is a
// [*ClientResponseError] with its status. Check the redirect's state
// against p.State before calling it.
//
// Endpoint: POST /api/collections/{collection}/auth-with-oauth2
func (s *RecordService) ExchangeOAuth2Code(ctx context.Context, p OAuth2Provider, code, redirectURL string, opts ...RequestOption) (*AuthResponse, error) {
	switch {
	case p.Name == "":
		return nil, newClientError("", 0, "oauth2: the provider has no name (pass a provider from ListAuthMethods)", nil)
	case code == "":
		return nil, newClientError("", 0, "oauth2: empty authorization code", nil)
	}
	return s.AuthWithOAuth2Code(ctx, p.Name, code, p.CodeVerifier, redirectURL, nil, opts...)
}
