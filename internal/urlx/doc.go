// Package urlx is a small, strict drop-in for the parts of net/url that
// the SDK uses, so that the browser build (GOOS=js GOARCH=wasm) does not
// link net/url and what it drags in (net/netip, unique, internal/godebug,
// fmt, reflect). Callers switch by changing only their import line:
//
//	import url "github.com/bosgo/bosgo/internal/urlx"
//
// It offers [Parse] and [URL] (with [URL.String] and [URL.Query]),
// [Userinfo], [Error], [Values] with [ParseQuery], and the four escaping
// functions [QueryEscape], [PathEscape], [QueryUnescape] and
// [PathUnescape].
//
// # Compatibility with net/url
//
// For every URL that net/url parses and that starts with "http://" or
// "https://", Parse returns the same Scheme, User, Host, Path, RawQuery and
// Fragment, and String returns the same text. Parse never accepts a string
// that net/url rejects. The escaping functions and [Values.Encode] produce
// the same bytes as net/url's, and [ParseQuery] the same values and the
// same error-ness. Native fuzz tests check all of this against net/url.
//
// It is deliberately stricter in a few places (see [Parse]):
//
//   - A port always starts at the first ':' of a host that is not in
//     brackets, for every scheme; net/url does so only for http and https
//     and uses the last ':' otherwise ("ws://a:b:80" is an error here).
//   - A ']' in a host that does not start with '[' is an error; net/url
//     accepts "http://a]b/".
//
// Other differences: [Error.Error] never quotes the URL, since it may carry
// a password or a token, and no error message quotes a piece of the input;
// the GODEBUG settings urlstrictcolons and urlmaxqueryparams are ignored
// (their defaults apply); the helpers net/url has beyond this set
// (ResolveReference, JoinPath, Redacted, Hostname, ...) are absent.
//
// The escaping tables and the parsing rules follow Go's net/url
// (Copyright The Go Authors; BSD-style license).
package urlx
