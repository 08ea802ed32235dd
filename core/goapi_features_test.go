//go:build !js

package core_test

import (
	"errors"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/internal/testenv"
)

func TestOAuth2ProviderAuthCodeURL(t *testing.T) {
	t.Parallel()
	p := core.OAuth2Provider{Name: "oidc", State: "st", AuthURL: "https://idp.example/auth?client_id=c&state=st&scope=a+b&redirect_uri="}
	got, err := p.AuthCodeURL("https://app.example/cb?x=1", "openid", "email")
	if err != nil {
		t.Fatal(err)
	}
	q := mustParse(t, got).Query()
	if q.Get("redirect_uri") != "https://app.example/cb?x=1" || q.Get("scope") != "openid email" || q.Get("state") != "st" || q.Get("client_id") != "c" {
		t.Errorf("AuthCodeURL = %s", got)
	}
	if got, _ := p.AuthCodeURL("https://app.example/cb"); mustParse(t, got).Query().Get("scope") != "a b" {
		t.Errorf("without scopes the provider's default must stay: %s", got)
	}
	if _, err := p.AuthCodeURL(""); err == nil {
		t.Error("an empty redirect URL was accepted")
	}
}

// TestExchangeOAuth2Code: the manual flow with the provider value, its
// AuthCodeURL and WithCreateData, against the devserver's mock OIDC
// provider; the typed meta carries the provider's tokens.
func TestExchangeOAuth2Code(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	pb := rtNewClient(t, srv.URL)
	users := pb.Collection("users")
	const redirectURL = "https://app.example.test/oauth2/callback"

	if _, err := users.ExchangeOAuth2Code(t.Context(), core.OAuth2Provider{Name: "oidc"}, "", redirectURL); err == nil {
		t.Error("an empty code was accepted")
	}
	methods, err := users.ListAuthMethods(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	p, ok := methods.Provider("oidc")
	if !ok {
		t.Fatal("no oidc provider")
	}
	authURL, err := p.AuthCodeURL(redirectURL, "openid", "profile", "email")
	if err != nil {
		t.Fatal(err)
	}
	email := freshEmail("exchange")
	srv.QueueOIDCUser(t, email, "Ada Exchange")
	jar, _ := cookiejar.New(nil)
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	browser := &http.Client{Jar: jar, Transport: tr, CheckRedirect: func(req *http.Request, _ []*http.Request) error {
		if req.URL.Host == "app.example.test" {
			return http.ErrUseLastResponse
		}
		return nil
	}}
	req, _ := http.NewRequestWithContext(t.Context(), "GET", withQuery(t, authURL, "login_hint", email), nil)
	resp, err := browser.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cb := mustParse(t, resp.Header.Get("Location")).Query()
	if cb.Get("state") != p.State {
		t.Fatal("state mismatch")
	}
	auth, err := users.ExchangeOAuth2Code(t.Context(), p, cb.Get("code"), redirectURL,
		core.WithCreateData(map[string]any{"name": "Created Name"}))
	if err != nil {
		t.Fatalf("ExchangeOAuth2Code: %v", err)
	}
	meta := auth.OAuth2()
	if !meta.IsNew || meta.Email != email || meta.AccessToken == "" || meta.ID == "" || meta.RawUser == nil {
		t.Errorf("OAuth2() = %+v", meta)
	}
	if auth.Record.String("name") != "Created Name" || pb.AuthStore().Token() != auth.Token {
		t.Errorf("record %v: createData not applied or session not stored", auth.Record)
	}
	if m := (&core.AuthResponse{}).OAuth2(); m.AccessToken != "" || m.IsNew || m.RawUser != nil || !m.Expiry.IsZero() {
		t.Error("OAuth2() of a non-OAuth2 response is not zero")
	}
}

func TestOAuth2MetaTyped(t *testing.T) {
	t.Parallel()
	r := &core.AuthResponse{Meta: map[string]any{"id": "g1", "name": "Ada", "username": "ada", "email": "a@x", "avatarURL": "https://img/a",
		"accessToken": "at", "refreshToken": "rt", "expiry": "2030-01-02 03:04:05.000Z", "isNew": true, "rawUser": map[string]any{"sub": "g1"}}}
	m := r.OAuth2()
	if m.ID != "g1" || m.Name != "Ada" || m.Username != "ada" || m.Email != "a@x" || m.AvatarURL != "https://img/a" ||
		m.AccessToken != "at" || m.RefreshToken != "rt" || m.Expiry.Year() != 2030 || !m.IsNew || m.RawUser["sub"] != "g1" {
		t.Errorf("OAuth2() = %+v", m)
	}
}

// TestWithFilterParams binds at the call, and fails closed without a
// request when a placeholder has no value.
func TestWithFilterParams(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	pb, u := recordsSignIn(t, srv)
	posts := createPosts(t, pb, u.ID, `it's "quoted"`, "plain")
	log := &requestLog{}
	pb2 := core.New(srv.URL, core.WithAuthStore(pb.AuthStore()), core.WithMiddleware(log.middleware()))
	got, err := pb2.Collection("posts").GetFirstListItem(t.Context(), "title = {:t} && user = {:u}",
		core.WithFilterParams(map[string]any{"t": `it's "quoted"`, "u": u.ID}))
	if err != nil || got.ID() != posts[0].ID() {
		t.Fatalf("GetFirstListItem with params = %v, %v; want %s", got, err, posts[0].ID())
	}
	list, err := pb2.Collection("posts").GetFullList(t.Context(), core.WithFilter("user = {:u}"), core.WithFilterParams(map[string]any{"u": u.ID}))
	if err != nil || len(list) != 2 {
		t.Fatalf("GetFullList with params = %d records, %v", len(list), err)
	}
	log.reset()
	_, err = pb2.Collection("posts").GetFirstListItem(t.Context(), "title = {:t} && user = {:missing}", core.WithFilterParams(map[string]any{"t": "x"}))
	if !errors.Is(err, core.ErrFilterValue) || !strings.Contains(err.Error(), "{:missing}") || strings.Count(err.Error(), "bosbase:") != 1 {
		t.Errorf("missing parameter: %v, want ErrFilterValue naming {:missing}", err)
	}
	if n := len(log.queries("/api/collections/posts/records")); n != 0 {
		t.Errorf("%d requests sent for a filter that cannot be bound", n)
	}
}

// countingTransport counts the requests through an http.Client by path.
type countingTransport struct {
	base http.RoundTripper
	mu   sync.Mutex
	n    map[string]int
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.mu.Lock()
	c.n[r.URL.Path]++
	c.mu.Unlock()
	return c.base.RoundTrip(r)
}

func (c *countingTransport) count(path string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[path]
}

// TestWithHTTPClientSetsEveryPort: requests, the realtime stream and the
// pub/sub handshake all go through the one *http.Client.
func TestWithHTTPClientSetsEveryPort(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	ct := &countingTransport{base: tr, n: map[string]int{}}
	pb := core.New(srv.URL, core.WithHTTPClient(&http.Client{Transport: ct}))
	defer pb.PubSub.Close()
	defer pb.Realtime.Close()
	if _, err := pb.Collection("users").ListAuthMethods(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := pb.Collection("posts").Subscribe(t.Context(), "*", func(core.RecordEvent) {}); err != nil {
		t.Fatal(err)
	}
	if _, err := pb.PubSub.Subscribe(t.Context(), "goapi-"+url.PathEscape(t.Name()), func(core.PubSubMessage) {}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/api/collections/users/auth-methods", "/api/realtime", "/api/pubsub"} {
		if ct.count(path) == 0 {
			t.Errorf("no request to %s went through the client", path)
		}
	}
}
