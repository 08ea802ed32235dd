package testenv_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/bosgo/bosgo/internal/testenv"
)

// eventTimeout bounds each wait for a realtime event.
const eventTimeout = 15 * time.Second

func TestOAuth2ExistingUser(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	user := srv.NewUser(t, testenv.UserOptions{Verified: true, Name: "Existing Person"})
	srv.QueueOIDCUser(t, user.Email, "Existing Person at OIDC")

	a := oauth2Login(t, srv, user.Email, nil)
	if a.Record["id"] != user.ID || a.Meta["isNew"] != false {
		t.Fatalf("want the existing record %s with isNew false, got record %v meta.isNew %v", user.ID, a.Record["id"], a.Meta["isNew"])
	}
	if a.Meta["email"] != user.Email || a.Meta["name"] != "Existing Person at OIDC" {
		t.Fatalf("provider user data: %v", a.Meta)
	}
}

func TestOAuth2NewUser(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	email := "oauth2-new-" + randomSuffix(t) + "@example.com"
	srv.QueueOIDCUser(t, email, "New Person at OIDC")

	a := oauth2Login(t, srv, email, map[string]any{"name": "New Person"})
	if a.Meta["isNew"] != true || a.Record["email"] != email || a.Record["verified"] != true {
		t.Fatalf("want a new verified record for %s, got record %v meta %v", email, a.Record, a.Meta)
	}
	if a.Record["name"] != "New Person" {
		t.Fatalf("createData name not applied: %v", a.Record["name"])
	}
}

// authProvider is one OAuth2 provider of GET auth-methods.
type authProvider struct {
	Name         string `json:"name"`
	DisplayName  string `json:"displayName"`
	AuthURL      string `json:"authURL"`
	CodeVerifier string `json:"codeVerifier"`
}

// oidcProvider returns the "oidc" provider of an auth-methods response.
func oidcProvider(t *testing.T, methods response) authProvider {
	t.Helper()
	var m struct {
		OAuth2 struct {
			Enabled   bool           `json:"enabled"`
			Providers []authProvider `json:"providers"`
		} `json:"oauth2"`
	}
	if err := json.Unmarshal(methods.body, &m); err != nil {
		t.Fatal(err)
	}
	for _, p := range m.OAuth2.Providers {
		if p.Name == "oidc" && m.OAuth2.Enabled {
			if p.DisplayName != "Demo OIDC" || p.CodeVerifier == "" {
				t.Fatalf("oidc provider: %+v", p)
			}
			return p
		}
	}
	t.Fatalf("no enabled oidc provider in %s", methods.body)
	return authProvider{}
}

// oauth2Login runs the all-in-one OAuth2 flow the way the JS SDK does, with
// a plain HTTP client as the browser: realtime connect, subscribe @oauth2,
// auth-methods, the provider URL with state = clientId, the redirect
// relayed over SSE, then auth-with-oauth2.
func oauth2Login(t *testing.T, srv *testenv.Server, email string, createData map[string]any) authResponse {
	t.Helper()
	clientID, events := openRealtime(t, srv)

	r := call(t, http.MethodPost, srv.URL+"/api/realtime", "",
		map[string]any{"clientId": clientID, "subscriptions": []string{"@oauth2"}})
	expect(t, "subscribe @oauth2", r, http.StatusNoContent, "")

	methods := call(t, http.MethodGet, srv.URL+"/api/collections/users/auth-methods", "", nil)
	expect(t, "auth-methods", methods, http.StatusOK, "")
	provider := oidcProvider(t, methods)

	redirectURL := srv.URL + "/api/oauth2-redirect"
	authURL, err := url.Parse(provider.AuthURL + url.QueryEscape(redirectURL))
	if err != nil {
		t.Fatal(err)
	}
	q := authURL.Query()
	q.Set("state", clientID)
	q.Set("login_hint", email) // picks our queued user even with parallel tests
	authURL.RawQuery = q.Encode()

	// The "browser": provider → /api/oauth2-redirect → admin UI page.
	page := call(t, http.MethodGet, authURL.String(), "", nil)
	expect(t, "browser redirects", page, http.StatusOK, "")

	var msg struct {
		State string `json:"state"`
		Code  string `json:"code"`
		Error string `json:"error"`
	}
	ev := waitEvent(t, events, "@oauth2")
	if err := json.Unmarshal([]byte(ev.data), &msg); err != nil {
		t.Fatalf("@oauth2 event %q: %v", ev.data, err)
	}
	if msg.State != clientID || msg.Code == "" || msg.Error != "" {
		t.Fatalf("@oauth2 event: %+v, want state %s and a code", msg, clientID)
	}

	r = call(t, http.MethodPost, srv.URL+"/api/collections/users/auth-with-oauth2", "", map[string]any{
		"provider": "oidc", "code": msg.Code, "codeVerifier": provider.CodeVerifier,
		"redirectURL": redirectURL, "createData": createData,
	})
	expect(t, "auth-with-oauth2", r, http.StatusOK, "")
	return decodeAuth(t, r)
}

// sseEvent is one server-sent event.
type sseEvent struct {
	id, event, data string
}

// openRealtime connects to GET /api/realtime and returns the clientId of
// PB_CONNECT and the channel of later events. The connection is closed in
// t.Cleanup.
func openRealtime(t *testing.T, srv *testenv.Server) (string, <-chan sseEvent) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/api/realtime", nil)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	events := make(chan sseEvent)
	done := make(chan struct{})
	go func() {
		defer close(done)
		readEvents(ctx, resp, events)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})

	ev := waitEvent(t, events, "PB_CONNECT")
	var connect struct {
		ClientID string `json:"clientId"`
	}
	if err := json.Unmarshal([]byte(ev.data), &connect); err != nil || connect.ClientID == "" || connect.ClientID != ev.id {
		t.Fatalf("PB_CONNECT %+v: %v", ev, err)
	}
	return connect.ClientID, events
}

// readEvents parses the SSE stream into events until it ends or ctx is done.
func readEvents(ctx context.Context, resp *http.Response, events chan<- sseEvent) {
	defer resp.Body.Close()
	defer close(events)
	var ev sseEvent
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		field, value, _ := strings.Cut(sc.Text(), ":")
		value = strings.TrimPrefix(value, " ")
		switch field {
		case "id":
			ev.id = value
		case "event":
			ev.event = value
		case "data":
			ev.data += value
		case "":
			if ev.event != "" || ev.data != "" {
				select {
				case events <- ev:
				case <-ctx.Done():
					return
				}
			}
			ev = sseEvent{}
		}
	}
}

// waitEvent returns the next event named name, skipping others.
func waitEvent(t *testing.T, events <-chan sseEvent, name string) sseEvent {
	t.Helper()
	timer := time.NewTimer(eventTimeout)
	defer timer.Stop()
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				t.Fatalf("realtime stream ended before %s", name)
			}
			if ev.event == name {
				return ev
			}
		case <-timer.C:
			t.Fatalf("no %s event within %s", name, eventTimeout)
		}
	}
}
