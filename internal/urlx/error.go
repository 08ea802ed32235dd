package urlx

import "errors"

// Error is the error [Parse] returns: the operation, the URL and the cause.
// Unlike net/url's, its message leaves out URL, which may hold a password
// or a token; read URL only where it is safe to show.
type Error struct {
	Op  string // the operation, "parse"
	URL string // the URL the operation failed on; never printed by Error
	Err error  // the cause
}

// Error returns Op and the cause, for example
// "parse: invalid port after host". It does not include URL.
func (e *Error) Error() string { return e.Op + ": " + e.Err.Error() }

// Unwrap returns the cause, so that errors.Is and errors.As reach it.
func (e *Error) Unwrap() error { return e.Err }

// The causes of parse and unescape errors. None quotes the input, which may
// hold secrets.
var (
	errEscape        = errors.New("invalid URL escape")
	errHostChar      = errors.New("invalid character in host name")
	errControl       = errors.New("invalid control character in URL")
	errNoScheme      = errors.New("missing protocol scheme")
	errColonSegment  = errors.New("first path segment in URL cannot contain colon")
	errUserinfo      = errors.New("invalid userinfo")
	errIPLiteral     = errors.New("invalid IP-literal")
	errMissingClose  = errors.New("missing ']' in host")
	errPort          = errors.New("invalid port after host")
	errSemicolon     = errors.New("invalid semicolon separator in query")
	errTooManyParams = errors.New("number of URL query parameters exceeded limit")
)
