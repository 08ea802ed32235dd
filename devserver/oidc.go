package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
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
	m  *mockoidc.MockOIDC
	mu sync.Mutex // guards m.SessionStore and m.UserQueue across handlers and queueUser
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
