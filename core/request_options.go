package core

import (
	"fmt"
	url "github.com/bosgo/bosgo/internal/urlx"
	"strconv"
	"time"
)

// RequestOption adjusts one call: query parameters, headers, extra body
// fields. Options that do not apply to a call are ignored by it.
type RequestOption func(*requestConfig)

type requestConfig struct {
	query   url.Values
	header  Header
	body    map[string]any
	noAuth  bool    // do not attach the stored token
	noRetry bool    // internal: skip auto-refresh (the refresh call itself)
	sent    string  // internal: the stored token send attached, set by send
	batch   int     // GetFullList page size; 0 means DefaultBatch
	raw     *[]byte // WithRawResult: where a successful body goes, undecoded

	params map[string]any // WithFilterParams: bound into the filter by list calls
}

func newRequestConfig(opts []RequestOption) *requestConfig {
	rc := &requestConfig{query: url.Values{}, header: Header{}, body: map[string]any{}}
	for _, o := range opts {
		if o != nil {
			o(rc)
		}
	}
	return rc
}

// WithQuery adds a query parameter. Values are serialised as the BosBase
// JS SDK does: nil is skipped, slices repeat the key, bools and numbers are
// literal, [time.Time] is a UTC BosBase datetime, and maps or structs are
// JSON.
func WithQuery(key string, value any) RequestOption {
	return func(rc *requestConfig) { addQuery(rc.query, key, value) }
}

// WithHeader sets a request header. Setting "Authorization" replaces the
// stored token for this call.
func WithHeader(key, value string) RequestOption {
	return func(rc *requestConfig) { rc.header.Set(key, value) }
}

// WithBody adds a field to the JSON body of calls that send one, e.g.
// WithBody("identityField", "username") for AuthWithPassword.
func WithBody(key string, value any) RequestOption {
	return func(rc *requestConfig) { rc.body[key] = value }
}

// WithExpand asks the server to expand relations, e.g. "user,tags".
func WithExpand(expand string) RequestOption { return WithQuery("expand", nonEmpty(expand)) }

// WithFields limits the response to the given fields. On auth calls keep
// "token" in the list, or the response carries no token.
func WithFields(fields string) RequestOption { return WithQuery("fields", nonEmpty(fields)) }

// WithFilter sets a list filter; build it with [Client.Filter] when it
// holds user input.
func WithFilter(filter string) RequestOption { return WithQuery("filter", nonEmpty(filter)) }

// WithSort sets the list order, e.g. "-created,title".
func WithSort(sort string) RequestOption { return WithQuery("sort", nonEmpty(sort)) }

// WithSkipTotal skips counting the total in list calls (faster; totals are
// then -1).
func WithSkipTotal() RequestOption { return WithQuery("skipTotal", true) }

// WithMFA passes the MFA id of a first factor's 401 challenge (see
// [MFAID]) to the second factor.
func WithMFA(mfaID string) RequestOption { return WithQuery("mfaId", nonEmpty(mfaID)) }

// WithoutAuth sends the call without the stored token.
func WithoutAuth() RequestOption { return func(rc *requestConfig) { rc.noAuth = true } }

func nonEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func addQuery(q url.Values, key string, value any) {
	switch v := value.(type) {
	case nil:
	case string:
		q.Add(key, v)
	case bool:
		q.Add(key, strconv.FormatBool(v))
	case int:
		q.Add(key, strconv.Itoa(v))
	case int64:
		q.Add(key, strconv.FormatInt(v, 10))
	case float64:
		q.Add(key, strconv.FormatFloat(v, 'f', -1, 64))
	case time.Time:
		q.Add(key, v.UTC().Format(DateTimeLayout))
	case []string:
		for _, e := range v {
			q.Add(key, e)
		}
	case []any:
		for _, e := range v {
			addQuery(q, key, e)
		}
	case fmt.Stringer:
		q.Add(key, v.String())
	default:
		if b, err := encodeJSON(v); err == nil {
			q.Add(key, string(b))
		}
	}
}

// WithRawResult makes the call keep its successful response body in *dst,
// as the server sent it (once it is known to be valid JSON), instead of
// decoding it: the method then returns its zero result (a nil [Record], an
// empty [ListResult]) and does nothing with the body (no store update). It
// is for a layer that hands the JSON on without looking at it, such as the
// browser module, whose JavaScript caller parses it natively. Use it only
// with calls whose result the caller needs nothing else from: GetOne,
// GetList, Create, Delete, [Client.Send]. Errors are unchanged: a non-2xx
// answer is still a [*ClientResponseError] with its decoded body.
func WithRawResult(dst *[]byte) RequestOption {
	return func(rc *requestConfig) { rc.raw = dst }
}
