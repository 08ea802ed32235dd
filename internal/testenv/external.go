package testenv

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
)

// Environment of the external mode: run the end-to-end tests against an
// existing BosBase or PocketBase server instead of a devserver.
const (
	// ExternalURLEnv is the server's base URL, e.g. https://staging.example.com.
	ExternalURLEnv = "BOSGO_EXTERNAL_URL"
	// ExternalEmailEnv and ExternalPasswordEnv are a superuser's login.
	ExternalEmailEnv    = "BOSGO_EXTERNAL_SUPERUSER_EMAIL"
	ExternalPasswordEnv = "BOSGO_EXTERNAL_SUPERUSER_PASSWORD"
	// ExternalSMTPPasswordEnv restores the server's SMTP password after the
	// run: the server never returns it, so a run against a server whose
	// SMTP settings have a username refuses to start without it.
	ExternalSMTPPasswordEnv = "BOSGO_EXTERNAL_SMTP_PASSWORD"
)

// Mail templates the harness gives the users collection, read by the
// sidecar's SMTP sink (devserver/sidecar.go).
var externalTemplates = map[string]string{
	"verificationTemplate":       "BOSGO verification {TOKEN}",
	"resetPasswordTemplate":      "BOSGO passwordReset {TOKEN}",
	"confirmEmailChangeTemplate": "BOSGO emailChange {TOKEN}",
}

const externalOTPSubject = "BOSGO otp {OTP_ID} {OTP}"

// externalAvatar are the options of the users avatar field during a run,
// as the devserver seeds them: one public image of at most 1 MiB, with a
// 100x100 thumb.
var externalAvatar = map[string]any{"maxSelect": 1, "maxSize": 1 << 20, "protected": false,
	"mimeTypes": []string{"image/png", "image/jpeg", "image/gif", "image/webp"}, "thumbs": []string{"100x100"}}

// externalCollectionKeys are the users collection keys the harness changes
// and restores.
var externalCollectionKeys = []string{"fields", "createRule", "passwordAuth", "otp", "mfa", "oauth2",
	"verificationTemplate", "resetPasswordTemplate", "confirmEmailChangeTemplate"}

// externalState is what the harness changed on an external server, to undo
// it after the run.
type externalState struct {
	sidecar      *Server
	token        string                     // superuser token
	users        map[string]json.RawMessage // original values of externalCollectionKeys
	smtp         json.RawMessage            // original SMTP settings
	smtpPassword string
	postsCreated bool

	mu     sync.Mutex
	ids    []string // guarded by mu; users the run created (NewUser, demo users), by id
	emails []string // guarded by mu; users OAuth2 sign-ups may have created (QueueOIDCUser)
}

// trackID remembers a user to delete after the run; s may be nil.
func (s *externalState) trackID(id string) {
	if s == nil {
		return
	}
	s.mu.Lock()
	s.ids = append(s.ids, id)
	s.mu.Unlock()
}

// trackEmail remembers the email of a user that an OAuth2 sign-up may
// create, to delete after the run; s may be nil.
func (s *externalState) trackEmail(email string) {
	if s == nil {
		return
	}
	s.mu.Lock()
	s.emails = append(s.emails, email)
	s.mu.Unlock()
}

var external struct {
	mu      sync.Mutex
	started bool
	s       *Server
	err     error
}

// externalConfigured reports whether BOSGO_EXTERNAL_URL is set.
func externalConfigured() bool { return os.Getenv(ExternalURLEnv) != "" }

// RequireDevserver skips the test, printing why, when s is an external
// server: the test needs what only a devserver the harness starts has (its
// process, data directory, seeded accounts or a dev hook), named by what.
func (s *Server) RequireDevserver(t testing.TB, what string) {
	t.Helper()
	if s.External {
		t.Skipf("testenv: external server %s: skipped, the test %s (devserver only)", s.URL, what)
	}
}

// TrackUser marks a user that a test created on its own (not through
// [Server.NewUser]) for deletion after an external run, with the users the
// harness created; for a devserver it does nothing (its data directory is
// thrown away).
func (s *Server) TrackUser(id string) { s.ext.trackID(id) }

// RequireTokenMode skips the test, printing why, when s issues another
// kind of token than mode: a test of BosBase's static 100-year tokens
// against an external PocketBase (refreshable, expiring tokens), or the
// reverse. A devserver from [Shared] or [SharedPocketBase] always has the
// mode it was asked for; only an external server keeps its own.
func (s *Server) RequireTokenMode(t testing.TB, mode, what string) {
	t.Helper()
	if s.TokenMode != mode {
		t.Skipf("testenv: server %s issues %s tokens: skipped, the test %s (needs %s token mode)", s.URL, s.TokenMode, what, mode)
	}
}

// externalFor returns the prepared external server for a test with opts,
// or skips the test when opts ask for what an external server cannot give.
func externalFor(t testing.TB, opts Options) *Server {
	t.Helper()
	switch {
	case opts.TokenTTL != 0:
		t.Skipf("testenv: external server: skipped, the test sets the token lifetime (devserver only)")
	case opts.RateLimit:
		t.Skipf("testenv: external server: skipped, the test turns the rate limiter on (devserver only)")
	case opts.Dev != nil && !*opts.Dev:
		t.Skipf("testenv: external server: skipped, the test turns the dev endpoints off (devserver only)")
	case opts.DataDir != "":
		t.Skipf("testenv: external server: skipped, the test restarts on a data directory (devserver only)")
	case opts.Static != "":
		t.Skipf("testenv: external server: skipped, the test serves pages from the devserver's static folder (devserver only)")
	}
	if !mainActive.Load() {
		// No Main to undo a shared preparation: prepare for this test
		// alone and undo it in t.Cleanup.
		s, err := prepareExternal()
		if err != nil {
			t.Fatalf("testenv: external server: %v", err)
		}
		t.Cleanup(func() {
			if err := restoreExternal(s); err != nil {
				t.Errorf("testenv: %v", err)
			}
		})
		return externalMode(t, s, opts)
	}
	external.mu.Lock()
	if !external.started {
		external.started = true
		external.s, external.err = prepareExternal()
	}
	s, err := external.s, external.err
	external.mu.Unlock()
	if err != nil {
		t.Fatalf("testenv: external server: %v", err)
	}
	return externalMode(t, s, opts)
}

// externalMode skips the test when it needs a token mode s does not have.
func externalMode(t testing.TB, s *Server, opts Options) *Server {
	t.Helper()
	if opts.TokenMode != "" && opts.TokenMode != s.TokenMode {
		t.Skipf("testenv: external server %s issues %s tokens: skipped, the test needs %s token mode", s.URL, s.TokenMode, opts.TokenMode)
	}
	return s
}

// DevURL is the base URL of the /api/dev/* endpoints (captured mails, the
// mock OIDC queue): the devserver itself, or for an external server the
// harness's sidecar. Browser tests that read mails call it directly; the
// sidecar answers CORS requests.
func (s *Server) DevURL() string { return s.devURL }

// External reports whether the tests run against an external server
// (BOSGO_EXTERNAL_URL is set).
func External() bool { return externalConfigured() }

// prepareExternal signs in as the superuser, starts the sidecar (mock OIDC,
// SMTP sink) and configures the server through its admin API: the users
// collection (mfa field, auth methods, the OIDC provider, mail templates),
// a posts collection, SMTP settings and the demo users.
func prepareExternal() (_ *Server, err error) {
	base := strings.TrimRight(os.Getenv(ExternalURLEnv), "/")
	if _, err := url.Parse(base); err != nil {
		return nil, fmt.Errorf("%s: %w", ExternalURLEnv, err)
	}
	su := Account{Email: os.Getenv(ExternalEmailEnv), Password: os.Getenv(ExternalPasswordEnv)}
	if su.Email == "" || su.Password == "" {
		return nil, fmt.Errorf("%s needs %s and %s (a superuser)", ExternalURLEnv, ExternalEmailEnv, ExternalPasswordEnv)
	}
	var auth struct {
		Token string `json:"token"`
	}
	if err := doJSON(http.MethodPost, base+"/api/collections/_superusers/auth-with-password", "",
		map[string]string{"identity": su.Email, "password": su.Password}, &auth); err != nil {
		return nil, fmt.Errorf("superuser login: %w", err)
	}
	st := &externalState{token: auth.Token, users: map[string]json.RawMessage{}}
	s := &Server{URL: base, Superuser: su, TokenMode: tokenModeOf(auth.Token), Dev: true, External: true, ext: st, superToken: auth.Token}

	bin, err := binary()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "bosgo-sidecar-")
	if err != nil {
		return nil, err
	}
	side, line, err := spawn(bin, []string{"-sidecar", "-addr", "127.0.0.1:0"}, dir)
	if err != nil {
		return nil, err
	}
	st.sidecar = side
	defer func() {
		if err != nil {
			err = errors.Join(err, restoreExternal(s))
		}
	}()
	var info struct {
		URL      string          `json:"url"`
		OIDC     OIDC            `json:"oidc"`
		Provider json.RawMessage `json:"provider"`
		SMTP     struct {
			Host string `json:"host"`
			Port int    `json:"port"`
		} `json:"smtp"`
	}
	if err := json.Unmarshal([]byte(line), &info); err != nil {
		return nil, fmt.Errorf("sidecar READY line: %w", err)
	}
	s.devURL, s.OIDC = info.URL, info.OIDC

	if err := configureExternalSMTP(s, info.SMTP.Host, info.SMTP.Port); err != nil {
		return nil, err
	}
	if err := configureExternalUsers(s, info.Provider); err != nil {
		return nil, err
	}
	if err := ensureExternalPosts(s); err != nil {
		return nil, err
	}
	for _, d := range []struct {
		name string
		mfa  bool
	}{{"Demo User", false}, {"Test User", false}, {"MFA User", true}} {
		u := User{Email: uniqueEmail("external " + d.name), Password: "pw-" + randomHex(8), Name: d.name}
		body := map[string]any{"email": u.Email, "password": u.Password, "passwordConfirm": u.Password,
			"verified": true, "mfa": d.mfa, "name": d.name}
		var rec struct {
			ID string `json:"id"`
		}
		if err := doJSON(http.MethodPost, base+"/api/collections/users/records", st.token, body, &rec); err != nil {
			return nil, fmt.Errorf("create demo user: %w", err)
		}
		st.trackID(rec.ID)
		s.Users = append(s.Users, Account{Email: u.Email, Password: u.Password, Name: d.name, MFA: d.mfa})
	}
	return s, nil
}

// tokenModeOf reads the refreshable claim of a token.
func tokenModeOf(token string) string {
	parts := strings.Split(token, ".")
	if len(parts) == 3 {
		if b, err := base64.RawURLEncoding.DecodeString(parts[1]); err == nil {
			var c struct {
				Refreshable bool `json:"refreshable"`
			}
			if json.Unmarshal(b, &c) == nil && c.Refreshable {
				return TokenModePocketBase
			}
		}
	}
	return TokenModeBosBase
}

func configureExternalSMTP(s *Server, host string, port int) error {
	st := s.ext
	var settings struct {
		SMTP json.RawMessage `json:"smtp"`
	}
	if err := doJSON(http.MethodGet, s.URL+"/api/settings", st.token, nil, &settings); err != nil {
		return fmt.Errorf("read settings: %w", err)
	}
	var smtp struct {
		Enabled  bool   `json:"enabled"`
		Username string `json:"username"`
	}
	_ = json.Unmarshal(settings.SMTP, &smtp)
	st.smtpPassword = os.Getenv(ExternalSMTPPasswordEnv)
	if smtp.Enabled && smtp.Username != "" && st.smtpPassword == "" {
		return fmt.Errorf("the server's SMTP settings have a password, which it never returns; set %s so that the harness can restore it", ExternalSMTPPasswordEnv)
	}
	st.smtp = settings.SMTP
	body := map[string]any{"smtp": map[string]any{"enabled": true, "host": host, "port": port,
		"username": "", "password": "", "tls": false, "authMethod": "", "localName": ""}}
	if err := doJSON(http.MethodPatch, s.URL+"/api/settings", st.token, body, nil); err != nil {
		st.smtp = nil
		return fmt.Errorf("point SMTP at the sidecar: %w", err)
	}
	return nil
}

func configureExternalUsers(s *Server, provider json.RawMessage) error {
	st := s.ext
	var orig map[string]json.RawMessage
	if err := doJSON(http.MethodGet, s.URL+"/api/collections/users", st.token, nil, &orig); err != nil {
		return fmt.Errorf("read the users collection: %w", err)
	}
	var fields []map[string]any
	var oauth2 map[string]any
	var otp map[string]any
	if err := errors.Join(json.Unmarshal(orig["fields"], &fields), json.Unmarshal(orig["oauth2"], &oauth2),
		json.Unmarshal(orig["otp"], &otp)); err != nil {
		return fmt.Errorf("users collection: %w", err)
	}
	hasMFA, hasAvatar := false, false
	for _, f := range fields {
		hasMFA = hasMFA || f["name"] == "mfa"
		if f["name"] == "avatar" && f["type"] == "file" {
			// The devserver's avatar options (seed_files.go), which
			// the file tests check; restored after the run.
			hasAvatar = true
			maps.Copy(f, externalAvatar)
		}
	}
	if !hasMFA {
		fields = append(fields, map[string]any{"name": "mfa", "type": "bool"})
	}
	if !hasAvatar {
		f := map[string]any{"name": "avatar", "type": "file"}
		maps.Copy(f, externalAvatar)
		fields = append(fields, f)
	}
	var prov map[string]any
	if err := json.Unmarshal(provider, &prov); err != nil {
		return err
	}
	providers, _ := oauth2["providers"].([]any)
	kept := []any{prov}
	for _, p := range providers {
		if m, ok := p.(map[string]any); ok && m["name"] != prov["name"] {
			kept = append(kept, p)
		}
	}
	oauth2["enabled"], oauth2["providers"] = true, kept
	mapped, _ := oauth2["mappedFields"].(map[string]any)
	if mapped == nil {
		mapped = map[string]any{}
	}
	mapped["name"] = "name"
	oauth2["mappedFields"] = mapped
	otp["enabled"], otp["length"], otp["duration"] = true, 8, 180
	otp["emailTemplate"] = map[string]any{"subject": externalOTPSubject, "body": "<p>" + externalOTPSubject + "</p>"}

	body := map[string]any{
		"fields":       fields,
		"createRule":   "",
		"passwordAuth": map[string]any{"enabled": true, "identityFields": []string{"email"}},
		"otp":          otp,
		"mfa":          map[string]any{"enabled": true, "duration": 600, "rule": "mfa = '1'"},
		"oauth2":       oauth2,
	}
	for key, subject := range externalTemplates {
		body[key] = map[string]any{"subject": subject, "body": "<p>" + subject + "</p>"}
	}
	for _, k := range externalCollectionKeys {
		if v, ok := orig[k]; ok {
			st.users[k] = v
		}
	}
	if err := doJSON(http.MethodPatch, s.URL+"/api/collections/users", st.token, body, nil); err != nil {
		return fmt.Errorf("configure the users collection: %w", err)
	}
	return nil
}

// ensureExternalPosts creates the posts collection the record tests use,
// as the devserver seeds it, and deletes it after the run. An existing
// posts collection is used as it is when it has the fields the tests need
// (a devserver's); any other one is refused.
func ensureExternalPosts(s *Server) error {
	st := s.ext
	var existing struct {
		Fields []struct {
			Name string `json:"name"`
			Type string `json:"type"`
		} `json:"fields"`
	}
	if err := doJSON(http.MethodGet, s.URL+"/api/collections/posts", st.token, nil, &existing); err == nil {
		var have []string
		for _, f := range existing.Fields {
			have = append(have, f.Name+":"+f.Type)
		}
		for _, want := range []string{"title:text", "published:bool", "user:relation", "attachment:file"} {
			if !slices.Contains(have, want) {
				return fmt.Errorf(`the server has a "posts" collection without the field %s the tests need; use a server without a posts collection (the suite creates its own and deletes it after the run)`, want)
			}
		}
		return nil
	}
	body := map[string]any{
		"name": "posts", "type": "base",
		"fields": []map[string]any{
			{"name": "title", "type": "text", "required": true, "max": 200},
			{"name": "published", "type": "bool"},
			{"name": "user", "type": "relation", "collectionId": "_pb_users_auth_", "maxSelect": 1, "cascadeDelete": true},
			// Protected: served only with a file token.
			{"name": "attachment", "type": "file", "maxSelect": 5, "maxSize": 8 << 20, "protected": true},
			{"name": "created", "type": "autodate", "onCreate": true},
			{"name": "updated", "type": "autodate", "onCreate": true, "onUpdate": true},
		},
		"listRule":   "@request.auth.id != ''",
		"viewRule":   "@request.auth.id != ''",
		"createRule": "@request.auth.id != '' && user = @request.auth.id",
		"updateRule": "user = @request.auth.id",
		"deleteRule": "user = @request.auth.id",
	}
	var users struct {
		ID string `json:"id"`
	}
	if err := doJSON(http.MethodGet, s.URL+"/api/collections/users", st.token, nil, &users); err != nil {
		return err
	}
	body["fields"].([]map[string]any)[2]["collectionId"] = users.ID
	if err := doJSON(http.MethodPost, s.URL+"/api/collections", st.token, body, nil); err != nil {
		return fmt.Errorf("create the posts collection: %w", err)
	}
	st.postsCreated = true
	return nil
}

// stopExternal undoes what prepareExternal did; Main calls it.
func stopExternal() error {
	external.mu.Lock()
	defer external.mu.Unlock()
	var err error
	if external.s != nil {
		err = restoreExternal(external.s)
	}
	external.started, external.s, external.err = false, nil, nil
	return err
}

// restoreExternal deletes the users and the posts collection the run
// created, restores the users collection and the SMTP settings, and stops
// the sidecar.
func restoreExternal(s *Server) error {
	st := s.ext
	var errs []error
	st.mu.Lock()
	ids, emails := st.ids, st.emails
	st.mu.Unlock()
	for _, id := range ids {
		err := doJSON(http.MethodDelete, s.URL+"/api/collections/users/records/"+url.PathEscape(id), st.token, nil, nil)
		if err != nil && !strings.Contains(err.Error(), "404") {
			errs = append(errs, err) // a test may have deleted it already
		}
	}
	for _, email := range emails {
		var list struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
		}
		q := url.Values{"filter": {"email = '" + strings.ReplaceAll(email, "'", `\'`) + "'"}}
		if err := doJSON(http.MethodGet, s.URL+"/api/collections/users/records?"+q.Encode(), st.token, nil, &list); err != nil {
			errs = append(errs, err)
			continue
		}
		for _, it := range list.Items {
			if err := doJSON(http.MethodDelete, s.URL+"/api/collections/users/records/"+it.ID, st.token, nil, nil); err != nil {
				errs = append(errs, err)
			}
		}
	}
	if st.postsCreated {
		errs = append(errs, doJSON(http.MethodDelete, s.URL+"/api/collections/posts", st.token, nil, nil))
	}
	if len(st.users) > 0 {
		errs = append(errs, doJSON(http.MethodPatch, s.URL+"/api/collections/users", st.token, st.users, nil))
	}
	if st.smtp != nil {
		var smtp map[string]any
		if err := json.Unmarshal(st.smtp, &smtp); err == nil {
			smtp["password"] = st.smtpPassword
			errs = append(errs, doJSON(http.MethodPatch, s.URL+"/api/settings", st.token, map[string]any{"smtp": smtp}, nil))
		}
	}
	if st.sidecar != nil {
		errs = append(errs, st.sidecar.Stop(), os.RemoveAll(st.sidecar.DataDir))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("restore the external server %s: %w", s.URL, err)
	}
	return nil
}
