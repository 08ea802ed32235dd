package core

import "time"

// OAuth2Meta is the provider's side of an OAuth2 sign-in, as
// [AuthResponse.OAuth2] reads it from [AuthResponse.Meta].
//
// AccessToken and RefreshToken are the provider's own tokens (e.g.
// Google's), not BosBase's: use them to call the provider's API, and keep
// them as secret as the session token.
type OAuth2Meta struct {
	// ID is the user's id at the provider.
	ID string
	// Name, Username and Email are what the provider tells about the user;
	// Email is set only when the provider verified it.
	Name, Username, Email string
	// AvatarURL is the user's picture at the provider, or "".
	AvatarURL string
	// AccessToken is the provider's access token.
	AccessToken string
	// RefreshToken is the provider's refresh token, "" when it gave none.
	RefreshToken string
	// Expiry is when AccessToken expires; zero when unknown.
	Expiry time.Time
	// IsNew reports whether the sign-in created the record.
	IsNew bool
	// RawUser is the provider's user object as it sent it.
	RawUser map[string]any
}

// OAuth2 returns the typed provider data of an OAuth2 sign-in, including
// the provider's access and refresh tokens; all fields are zero for other
// sign-ins.
func (r *AuthResponse) OAuth2() OAuth2Meta {
	m := Record(r.Meta)
	raw, _ := r.Meta["rawUser"].(map[string]any)
	return OAuth2Meta{
		ID: m.String("id"), Name: m.String("name"), Username: m.String("username"), Email: m.String("email"),
		AvatarURL: m.String("avatarURL"), AccessToken: m.String("accessToken"), RefreshToken: m.String("refreshToken"),
		Expiry: m.Time("expiry"), IsNew: m.Bool("isNew"), RawUser: raw,
	}
}
