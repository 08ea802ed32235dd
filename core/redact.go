package core

import (
	"net/url"
	"strings"
)

// secretParams are query parameters whose values never appear in errors.
var secretParams = []string{
	"token", "password", "passwordconfirm", "code", "codeverifier", "code_verifier",
	"otp", "mfaid", "access_token", "refresh_token", "client_secret", "state",
}

// redactURL returns raw with the values of secret query parameters replaced
// by REDACTED, and any user:password part removed, for use in error strings
// and logs.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		if i := strings.IndexAny(raw, "?#"); i >= 0 {
			return raw[:i] + "?REDACTED"
		}
		return raw
	}
	u.User = nil
	u.Fragment = ""
	if u.RawQuery == "" {
		return u.String()
	}
	q := u.Query()
	for k := range q {
		lk := strings.ToLower(k)
		for _, s := range secretParams {
			if lk == s {
				q[k] = []string{"REDACTED"}
			}
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}
