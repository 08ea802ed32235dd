package core

import (
	url "github.com/bosgo/bosgo/internal/urlx"
	"strings"
)

// secretParams are query parameters whose values never appear in errors.
var secretParams = []string{
	"token", "password", "passwordconfirm", "code", "codeverifier", "code_verifier",
	"otp", "mfaid", "access_token", "refresh_token", "client_secret", "state",
}

// redactURL returns raw with the values of secret query parameters replaced
// by REDACTED, and any user:password part removed, for use in error strings
// and logs. An unparsable raw loses its whole query and fragment, and
// everything between "://" and the last "@" before them.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		rest, query := raw, ""
		if i := strings.IndexAny(raw, "?#"); i >= 0 {
			rest, query = raw[:i], "?REDACTED"
		}
		if at := strings.LastIndexByte(rest, '@'); at >= 0 {
			scheme := ""
			if i := strings.Index(rest[:at], "://"); i >= 0 {
				scheme = rest[:i+3]
			}
			rest = scheme + rest[at+1:]
		}
		return rest + query
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

// urlSecrets returns raw and the values of its secret query parameters: the
// strings [redactError] must hide when some code may have quoted raw.
func urlSecrets(raw string) []string {
	secrets := []string{raw}
	u, err := url.Parse(raw)
	if err != nil {
		return secrets
	}
	for k, vs := range u.Query() {
		lk := strings.ToLower(k)
		for _, s := range secretParams {
			if lk == s {
				secrets = append(secrets, vs...)
			}
		}
	}
	return secrets
}

// redactError returns err with every non-empty secret in its text replaced
// by REDACTED, in the order given (put a string before its substrings).
// errors.Is and errors.As still reach err. It is for errors that code
// outside the SDK made (a URL callback's) and may have quoted a secret in.
func redactError(err error, secrets ...string) error {
	if err == nil {
		return nil
	}
	return &redactedError{err: err, secrets: secrets}
}

// redactedError is the error of [redactError].
type redactedError struct {
	err     error
	secrets []string
}

func (e *redactedError) Error() string {
	s := e.err.Error()
	for _, secret := range e.secrets {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, "REDACTED")
		}
	}
	return s
}

func (e *redactedError) Unwrap() error { return e.err }
