package core

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func TestSubscriptionKey(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, topic string
		opts        []RequestOption
		want        string // "" means: check the decoded options instead
		wantOptions string
	}{
		{name: "no options keeps the bare topic", topic: "@oauth2", want: "@oauth2"},
		{name: "empty options keep the bare topic", topic: "posts/*", opts: []RequestOption{WithExpand(""), WithFilter("")}, want: "posts/*"},
		{
			name: "query and headers", topic: "posts/*",
			opts:        []RequestOption{WithExpand("user"), WithFilter(`title ~ "a b"`), WithHeader("X-Token", "t")},
			wantOptions: `{"query":{"expand":"user","filter":"title ~ \"a b\""},"headers":{"x-token":"t"}}`,
		},
		{
			name: "a topic with a query gets &options", topic: "posts/*?x=1",
			opts:        []RequestOption{WithFields("id")},
			wantOptions: `{"query":{"fields":"id"},"headers":{}}`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			key, err := subscriptionKey(tc.topic, newRequestConfig(tc.opts))
			if err != nil {
				t.Fatal(err)
			}
			if tc.want != "" {
				if key != tc.want {
					t.Fatalf("key = %q, want %q", key, tc.want)
				}
				return
			}
			if !strings.HasPrefix(key, tc.topic) || strings.ContainsAny(key, " \n\r") {
				t.Fatalf("key %q does not start with the topic or holds raw spaces", key)
			}
			u, err := url.Parse(key) // what the server does
			if err != nil {
				t.Fatal(err)
			}
			if got := u.Query().Get("options"); got != tc.wantOptions {
				t.Fatalf("options = %s\nwant      %s", got, tc.wantOptions)
			}
		})
	}
}

// wailsRejects matches what Wails' BrowserOpenURL refuses (toolchain.md,
// Wails §4): shell metacharacters, spaces and control characters.
var wailsRejects = regexp.MustCompile("[;|`$\\\\<>*{}\\[\\]()~! \x00-\x1f\x7f]")

func TestBuildOAuth2URL(t *testing.T) {
	t.Parallel()
	auth := "https://id.example/authorize?client_id=abc&code_challenge=x~y&response_type=code&scope=openid+profile&state=server-state&redirect_uri="
	got, err := buildOAuth2URL(auth, "http://127.0.0.1:8090/api/oauth2-redirect", "client40chars", []string{"openid", "email"})
	if err != nil {
		t.Fatal(err)
	}
	if wailsRejects.MatchString(got) {
		t.Fatalf("URL %q holds characters Wails refuses (%q)", got, wailsRejects.FindString(got))
	}
	u, err := url.Parse(got)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	for k, want := range map[string]string{
		"state":          "client40chars",
		"scope":          "openid email",
		"redirect_uri":   "http://127.0.0.1:8090/api/oauth2-redirect",
		"code_challenge": "x~y",
		"client_id":      "abc",
	} {
		if q.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, q.Get(k), want)
		}
	}
	if u.Host != "id.example" || u.Path != "/authorize" {
		t.Errorf("URL %q changed host or path", got)
	}

	keep, err := buildOAuth2URL(auth, "http://127.0.0.1:1/callback", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if q := mustQuery(t, keep); q.Get("state") != "server-state" || q.Get("scope") != "openid profile" {
		t.Errorf("without state and scopes the provider's values must stay: %q", keep)
	}

	if _, err := buildOAuth2URL("::not a url", "x", "s", nil); StatusOf(err) != 0 {
		t.Errorf("invalid auth URL: error %v, want a status-0 *ClientResponseError", err)
	}
}

func mustQuery(t *testing.T, raw string) url.Values {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}

func TestRandomURLSafe(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for range 200 {
		s := randomURLSafe(32)
		if len(s) != 32 || !isURLSafe(s) || strings.ContainsAny(s, "-_.") {
			t.Fatalf("randomURLSafe(32) = %q", s)
		}
		if seen[s] {
			t.Fatalf("randomURLSafe repeated %q", s)
		}
		seen[s] = true
	}
	for s, want := range map[string]bool{"": false, "aZ09-_.": true, "a~b": false, "a b": false, "é": false} {
		if isURLSafe(s) != want {
			t.Errorf("isURLSafe(%q) = %v, want %v", s, !want, want)
		}
	}
}
