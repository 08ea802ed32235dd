package urlx

import "strings"

// maxParams is the most key=value pairs [ParseQuery] reads, net/url's
// default limit.
const maxParams = 10000

// Values maps a query key to its values, like net/url's Values. Keys are
// case-sensitive.
type Values map[string][]string

// Get returns the first value of key, "" if there is none.
func (v Values) Get(key string) string {
	vs := v[key]
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}

// Set replaces the values of key with value.
func (v Values) Set(key, value string) {
	v[key] = []string{value}
}

// Add appends value to the values of key.
func (v Values) Add(key, value string) {
	v[key] = append(v[key], value)
}

// Del deletes the values of key.
func (v Values) Del(key string) {
	delete(v, key)
}

// Has reports whether key is set (possibly to no values).
func (v Values) Has(key string) bool {
	_, ok := v[key]
	return ok
}

// Encode returns the values as "k=v&k2=v2", sorted by key (values in
// order), keys and values escaped by [QueryEscape]; "" for none. It is
// byte-for-byte net/url's encoding.
func (v Values) Encode() string {
	if len(v) == 0 {
		return ""
	}
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sortStrings(keys)
	var buf strings.Builder
	for _, k := range keys {
		ek := QueryEscape(k)
		for _, val := range v[k] {
			if buf.Len() > 0 {
				buf.WriteByte('&')
			}
			buf.WriteString(ek)
			buf.WriteByte('=')
			buf.WriteString(QueryEscape(val))
		}
	}
	return buf.String()
}

// ParseQuery parses an encoded query ("a=1&b=2&a=3") as net/url does:
// pairs are split at '&', a pair without '=' has the value "", empty pairs
// are skipped, and keys and values are decoded by [QueryUnescape]. A pair
// holding ';' or a bad escape is skipped and makes the error non-nil, but
// the other pairs are still returned. More than 10000 pairs is an error
// with no values.
func ParseQuery(query string) (Values, error) {
	m := make(Values)
	if strings.Count(query, "&") >= maxParams {
		return m, errTooManyParams
	}
	var err error
	for query != "" {
		var pair string
		pair, query, _ = strings.Cut(query, "&")
		if strings.IndexByte(pair, ';') >= 0 {
			err = errSemicolon
			continue
		}
		if pair == "" {
			continue
		}
		key, value, _ := strings.Cut(pair, "=")
		key, err1 := QueryUnescape(key)
		if err1 == nil {
			value, err1 = QueryUnescape(value)
		}
		if err1 != nil {
			if err == nil {
				err = err1
			}
			continue
		}
		m[key] = append(m[key], value)
	}
	return m, err
}

// sortStrings sorts s in increasing order (heapsort: no sort package).
func sortStrings(s []string) {
	n := len(s)
	for i := n/2 - 1; i >= 0; i-- {
		siftDown(s, i, n)
	}
	for end := n - 1; end > 0; end-- {
		s[0], s[end] = s[end], s[0]
		siftDown(s, 0, end)
	}
}

// siftDown restores the max-heap order of s[:n] below root.
func siftDown(s []string, root, n int) {
	for {
		child := 2*root + 1
		if child >= n {
			return
		}
		if child+1 < n && s[child] < s[child+1] {
			child++
		}
		if s[root] >= s[child] {
			return
		}
		s[root], s[child] = s[child], s[root]
		root = child
	}
}
