package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"html"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"
	"github.com/pocketbase/pocketbase/core"
)

// OAuth2 provider settings of the users collection.
const (
	oidcProviderName    = "oidc"
	oidcProviderDisplay = "Demo OIDC"
)

// defaultOIDCUser logs in when nothing is queued.
var defaultOIDCUser = oidcUser{Email: "jane.doe@example.com", Name: "Jane Doe"}

// oidcServer is the in-process mock OpenID Connect provider.
//
// mockoidc keeps its sessions in a map without a lock, so every request to
// the provider and every queue change is serialised by mu.
type oidcServer struct {
	m    *mockoidc.MockOIDC
	mu   sync.Mutex // guards m.SessionStore and m.UserQueue across handlers and queueUser, and page
	page signInPage
}

// signInPage is the provider's sign-in page mode (POST /api/dev/oidc/page):
// while on, an authorize request is answered with a page that waits for the
// user, as a real provider's login page does, instead of approving at once.
// Its "Allow" link (id approve) repeats the request with approved=1, which
// the mock provider approves. Browser tests use it to hold a popup at the
// provider (the user closes it, the sign-in times out) in every engine, and
// to send the page's Cross-Origin-Opener-Policy.
type signInPage struct {
	On    bool   `json:"on"`
	COOP  string `json:"coop"`  // the page's Cross-Origin-Opener-Policy; empty sends none
	Shown int    `json:"shown"` // pages served since the server started
}

// coopValues are the Cross-Origin-Opener-Policy values the page may send.
var coopValues = map[string]bool{"": true, "unsafe-none": true, "same-origin-allow-popups": true, "same-origin": true, "noopener-allow-popups": true}

// setPage turns the sign-in page on or off and returns the mode.
func (s *oidcServer) setPage(on bool, coop string) (signInPage, error) {
	if !coopValues[coop] {
		return signInPage{}, errors.New("coop must be a Cross-Origin-Opener-Policy value")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.page.On, s.page.COOP = on, coop
	return s.page, nil
}

// pageState returns the sign-in page mode and how many pages were shown.
func (s *oidcServer) pageState() signInPage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.page
}

// servePageLocked answers an authorize request with the sign-in page.
func (s *oidcServer) servePageLocked(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	q.Set("approved", "1")
	approve := mockoidc.AuthorizationEndpoint + "?" + q.Encode()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if s.page.COOP != "" {
		w.Header().Set("Cross-Origin-Opener-Policy", s.page.COOP)
	}
	s.page.Shown++
	_, _ = io.WriteString(w, `<!doctype html><title>Demo OIDC</title><h1>Sign in to Demo OIDC</h1>`+
		`<p><a id="approve" href="`+html.EscapeString(approve)+`">Allow</a></p>`)
}

// startOIDC starts the mock provider on a random loopback port.
func startOIDC() (*oidcServer, error) {
	m, err := mockoidc.NewServer(nil)
	if err != nil {
		return nil, err
	}
	s := &oidcServer{m: m}
	if err := m.AddMiddleware(s.serialise); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	if err := m.Start(ln, nil); err != nil {
		ln.Close()
		return nil, err
	}
	return s, nil
}

// serialise runs one provider request at a time. On the authorize endpoint
// it also honours login_hint: a queued user whose email equals the hint is
// moved to the front of the queue, so parallel tests can each pick their own
// user; without a matching hint the queue is first in, first out.
func (s *oidcServer) serialise(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if r.URL.Path == mockoidc.AuthorizationEndpoint {
			if s.page.On && r.URL.Query().Get("approved") != "1" {
				s.servePageLocked(w, r)
				return
			}
			s.preferHintLocked(r.URL.Query().Get("login_hint"))
		}
		next.ServeHTTP(w, r)
	})
}

// preferHintLocked moves the first queued user with the hinted email to the
// front of the queue and queues the default user when the queue is empty.
func (s *oidcServer) preferHintLocked(hint string) {
	q := s.m.UserQueue
	q.Lock()
	defer q.Unlock()
	if len(q.Queue) == 0 {
		q.Queue = append(q.Queue, defaultOIDCUser.withDefaults())
		return
	}
	if hint == "" {
		return
	}
	for i, u := range q.Queue {
		if ou, ok := u.(oidcUser); ok && strings.EqualFold(ou.Email, hint) {
			copy(q.Queue[1:i+1], q.Queue[:i])
			q.Queue[0] = ou
			return
		}
	}
}

// queueUser queues the user who logs in on the next authorize request.
func (s *oidcServer) queueUser(u oidcUser) error {
	if u.Email == "" {
		return errors.New("email is required")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m.QueueUser(u.withDefaults())
	return nil
}

// issuer returns the issuer URL (the iss claim of id_tokens).
func (s *oidcServer) issuer() string { return s.m.Issuer() }

// providerConfig returns the users collection OAuth2 provider config that
// points at this server. UserInfoURL stays empty on purpose: mockoidc's
// /userinfo has no sub and no email_verified, so PocketBase must read the
// claims from the id_token, whose signature and issuer it checks with the
// jwksURL and issuers extras.
func (s *oidcServer) providerConfig() core.OAuth2ProviderConfig {
	pkce := true
	cfg := s.m.Config()
	return core.OAuth2ProviderConfig{
		Name:         oidcProviderName,
		DisplayName:  oidcProviderDisplay,
		ClientId:     cfg.ClientID,
		ClientSecret: cfg.ClientSecret,
		AuthURL:      s.m.AuthorizationEndpoint(),
		TokenURL:     s.m.TokenEndpoint(),
		UserInfoURL:  "",
		PKCE:         &pkce,
		Extra: map[string]any{
			"jwksURL": s.m.JWKSEndpoint(),
			"issuers": []string{s.m.Issuer()},
		},
	}
}

// shutdown stops the provider's HTTP server.
func (s *oidcServer) shutdown() error { return s.m.Shutdown() }

// oidcUser is a mock provider identity. Unlike mockoidc.MockUser it carries a
// name claim, which the users collection maps to its name field.
type oidcUser struct {
	Subject string `json:"subject"`
	Email   string `json:"email"`
	Name    string `json:"name"`
}

var _ mockoidc.User = oidcUser{}

// withDefaults fills Subject with a stable value derived from the email, so
// the same email always maps to the same provider identity.
func (u oidcUser) withDefaults() oidcUser {
	if u.Subject == "" {
		sum := sha256.Sum256([]byte(strings.ToLower(u.Email)))
		u.Subject = "mock-" + hex.EncodeToString(sum[:8])
	}
	return u
}

// ID implements [mockoidc.User.ID].
func (u oidcUser) ID() string { return u.Subject }

// Userinfo implements [mockoidc.User.Userinfo].
func (u oidcUser) Userinfo(scope []string) ([]byte, error) {
	return json.Marshal(u.claims(scope, nil))
}

// Claims implements [mockoidc.User.Claims].
func (u oidcUser) Claims(scope []string, base *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	return u.claims(scope, base), nil
}

func (u oidcUser) claims(scope []string, base *mockoidc.IDTokenClaims) *oidcClaims {
	c := &oidcClaims{IDTokenClaims: base}
	if base == nil {
		c.IDTokenClaims = &mockoidc.IDTokenClaims{RegisteredClaims: &jwt.RegisteredClaims{Subject: u.Subject}}
	}
	for _, s := range scope {
		switch s {
		case "email":
			c.Email, c.EmailVerified = u.Email, true
		case "profile":
			c.Name, c.PreferredUsername = u.Name, strings.SplitN(u.Email, "@", 2)[0]
		}
	}
	return c
}

// oidcClaims are the id_token and userinfo claims of an oidcUser.
type oidcClaims struct {
	*mockoidc.IDTokenClaims
	Email             string `json:"email,omitempty"`
	EmailVerified     bool   `json:"email_verified,omitempty"`
	Name              string `json:"name,omitempty"`
	PreferredUsername string `json:"preferred_username,omitempty"`
}
