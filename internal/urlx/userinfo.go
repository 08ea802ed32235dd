package urlx

import "strings"

// Userinfo is the user name and optional password of a URL ("user:pass@"
// in "http://user:pass@host/"). A nil *Userinfo means the URL has none;
// its methods then return zero values.
type Userinfo struct {
	username    string
	password    string
	passwordSet bool
}

// User returns a [Userinfo] with username and no password.
func User(username string) *Userinfo {
	return &Userinfo{username: username}
}

// UserPassword returns a [Userinfo] with username and password.
func UserPassword(username, password string) *Userinfo {
	return &Userinfo{username, password, true}
}

// Username returns the user name, "" for a nil u.
func (u *Userinfo) Username() string {
	if u == nil {
		return ""
	}
	return u.username
}

// Password returns the password and whether one is set.
func (u *Userinfo) Password() (string, bool) {
	if u == nil {
		return "", false
	}
	return u.password, u.passwordSet
}

// String returns "username[:password]" escaped as net/url escapes it, ""
// for a nil u.
func (u *Userinfo) String() string {
	if u == nil {
		return ""
	}
	s := escape(u.username, encodeUserPassword)
	if u.passwordSet {
		s += ":" + escape(u.password, encodeUserPassword)
	}
	return s
}

// validUserinfo reports whether s holds only the characters RFC 3986
// allows in userinfo (plus '@', which the last '@' rule lets through).
func validUserinfo(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			continue
		}
		switch c {
		case '-', '.', '_', ':', '~', '!', '$', '&', '\'',
			'(', ')', '*', '+', ',', ';', '=', '%', '@':
			continue
		}
		return false
	}
	return true
}

// parseUserinfo decodes the raw userinfo of an authority.
func parseUserinfo(raw string) (*Userinfo, error) {
	if !validUserinfo(raw) {
		return nil, errUserinfo
	}
	name, pass, hasPass := strings.Cut(raw, ":")
	name, err := unescape(name, encodeUserPassword)
	if err != nil {
		return nil, err
	}
	if !hasPass {
		return User(name), nil
	}
	if pass, err = unescape(pass, encodeUserPassword); err != nil {
		return nil, err
	}
	return UserPassword(name, pass), nil
}
