package core

import (
	"encoding/json"
	url "github.com/bosgo/bosgo/internal/urlx"
	"testing"
	"time"
)

type stringer struct{}

func (stringer) String() string { return "str" }

func TestAddQuery(t *testing.T) {
	t.Parallel()
	ts := time.Date(2026, 1, 2, 3, 4, 5, 6e6, time.FixedZone("X", 3600))
	cases := []struct {
		name  string
		value any
		want  []string // nil: the key is not added
	}{
		{"nil is skipped", nil, nil},
		{"string", "a b&c", []string{"a b&c"}},
		{"empty string is kept", "", []string{""}},
		{"bool", true, []string{"true"}},
		{"int", -3, []string{"-3"}},
		{"int64", int64(1) << 40, []string{"1099511627776"}},
		{"float", 2.5, []string{"2.5"}},
		{"float without exponent", 1e21, []string{"1000000000000000000000"}},
		{"time in UTC", ts, []string{"2026-01-02 02:04:05.006Z"}},
		{"string slice repeats the key", []string{"a", "b"}, []string{"a", "b"}},
		{"any slice", []any{"a", 1, nil, true}, []string{"a", "1", "true"}},
		{"Stringer", stringer{}, []string{"str"}},
		{"map as JSON", map[string]any{"k": 1}, []string{`{"k":1}`}},
		{"json.RawMessage", json.RawMessage(`{"x":1}`), []string{`{"x":1}`}},
		{"unencodable is skipped", make(chan int), nil},
	}
	for _, tc := range cases {
		q := url.Values{}
		addQuery(q, "k", tc.value)
		got, ok := q["k"]
		if tc.want == nil {
			if ok {
				t.Errorf("%s: added %q, want nothing", tc.name, got)
			}
			continue
		}
		if len(got) != len(tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
			}
		}
	}
}

func TestRequestOptions(t *testing.T) {
	t.Parallel()
	rc := newRequestConfig([]RequestOption{
		WithExpand("user"), WithFields("id,title"), WithFilter("a = 1"), WithSort("-created"),
		WithSkipTotal(), WithMFA("mfa1"), WithHeader("X-Custom", "v"), WithBody("extra", 1),
		WithoutAuth(), WithBatch(7), nil,
		WithExpand(""), WithFields(""), WithFilter(""), WithSort(""), WithMFA(""), // empty values add nothing
	})
	want := "expand=user&fields=id%2Ctitle&filter=a+%3D+1&mfaId=mfa1&skipTotal=true&sort=-created"
	if got := rc.query.Encode(); got != want {
		t.Errorf("query = %s, want %s", got, want)
	}
	if rc.header.Get("x-custom") != "v" || rc.body["extra"] != 1 || !rc.noAuth || rc.batch != 7 {
		t.Errorf("config = %+v", rc)
	}
	empty := newRequestConfig(nil)
	if empty.query == nil || empty.header == nil || empty.body == nil || empty.noAuth || empty.batch != 0 {
		t.Errorf("empty config = %+v, want non-nil maps and zero flags", empty)
	}
}
