package testenv

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"testing"
)

// TestExternalModeAgainstDevserver runs the external mode against a
// devserver started separately and used only through its URL and admin
// API, as a deployment would be: the harness prepares it (users collection,
// posts, SMTP to the sidecar's sink, the mock OIDC provider), an OTP code
// arrives as real mail, the MFA rule works, and everything is undone after.
func TestExternalModeAgainstDevserver(t *testing.T) {
	if externalConfigured() {
		t.Skip("the suite already runs in external mode")
	}
	dev := Start(t, Options{})
	t.Setenv(ExternalURLEnv, dev.URL)
	t.Setenv(ExternalEmailEnv, dev.Superuser.Email)
	t.Setenv(ExternalPasswordEnv, dev.Superuser.Password)
	t.Setenv(ExternalSMTPPasswordEnv, "")

	// Like a fresh deployment: no posts collection, no avatar field, so the
	// harness creates both.
	devAdmin := dev.SuperuserToken(t)
	if err := dev.do(http.MethodDelete, "/api/collections/posts", devAdmin, nil, nil); err != nil {
		t.Fatal(err)
	}
	var users struct {
		Fields []map[string]any `json:"fields"`
	}
	if err := dev.do(http.MethodGet, "/api/collections/users", devAdmin, nil, &users); err != nil {
		t.Fatal(err)
	}
	users.Fields = slices.DeleteFunc(users.Fields, func(f map[string]any) bool { return f["name"] == "avatar" })
	if err := dev.do(http.MethodPatch, "/api/collections/users", devAdmin, map[string]any{"fields": users.Fields}, nil); err != nil {
		t.Fatal(err)
	}

	s, err := prepareExternal()
	if err != nil {
		t.Fatalf("prepareExternal: %v", err)
	}
	restored := false
	t.Cleanup(func() {
		if !restored {
			_ = restoreExternal(s)
		}
	})
	if !s.External || s.TokenMode != TokenModeBosBase || len(s.Users) != 3 || s.devURL == dev.URL {
		t.Fatalf("external server %+v", s)
	}
	admin := s.SuperuserToken(t)

	// The file fields the file tests use: the avatar as the devserver
	// seeds it, a protected attachment on posts.
	fileField := func(collection, name string) map[string]any {
		t.Helper()
		var c struct {
			Fields []map[string]any `json:"fields"`
		}
		if err := s.do(http.MethodGet, "/api/collections/"+collection, admin, nil, &c); err != nil {
			t.Fatal(err)
		}
		if i := slices.IndexFunc(c.Fields, func(f map[string]any) bool { return f["name"] == name && f["type"] == "file" }); i >= 0 {
			return c.Fields[i]
		}
		return nil
	}
	if f := fileField("users", "avatar"); f == nil || f["maxSize"] != float64(1<<20) || fmt.Sprint(f["thumbs"]) != "[100x100]" {
		t.Errorf("users avatar field %v, want a 1 MiB image with a 100x100 thumb", f)
	}
	if f := fileField("posts", "attachment"); f == nil || f["protected"] != true || f["maxSelect"] != float64(5) {
		t.Errorf("posts attachment field %v, want up to 5 protected files", f)
	}

	// OTP through real mail: the devserver sends it over SMTP to the
	// sidecar's sink, whose /api/dev/mails the harness reads.
	u := s.NewUser(t, UserOptions{Verified: true})
	var otp struct {
		OTPID string `json:"otpId"`
	}
	if err := s.do(http.MethodPost, "/api/collections/users/request-otp", "", map[string]string{"email": u.Email}, &otp); err != nil {
		t.Fatal(err)
	}
	m := s.WaitMailFunc(t, u.Email, func(m Mail) bool { return m.OTPID == otp.OTPID })
	var auth struct {
		Token string `json:"token"`
	}
	if err := s.do(http.MethodPost, "/api/collections/users/auth-with-otp", "", map[string]string{"otpId": otp.OTPID, "password": m.Code}, &auth); err != nil || auth.Token == "" {
		t.Fatalf("auth-with-otp with the mailed code: %v", err)
	}

	// The MFA rule (mfa = '1') asks the flagged demo user for a second
	// factor and lets the others in.
	mfa := s.Users[2]
	err = s.do(http.MethodPost, "/api/collections/users/auth-with-password", "", map[string]string{"identity": mfa.Email, "password": mfa.Password}, nil)
	if err == nil || !mfa.MFA {
		t.Errorf("MFA user signed in without a second factor (%v)", err)
	}
	if err := s.do(http.MethodPost, "/api/collections/users/auth-with-password", "", map[string]string{"identity": s.Users[0].Email, "password": s.Users[0].Password}, nil); err != nil {
		t.Errorf("demo user: %v", err)
	}

	// The OAuth2 provider points at the sidecar's mock OIDC.
	var methods struct {
		OAuth2 struct {
			Providers []struct {
				Name    string `json:"name"`
				AuthURL string `json:"authURL"`
			} `json:"providers"`
		} `json:"oauth2"`
	}
	if err := s.do(http.MethodGet, "/api/collections/users/auth-methods", "", nil, &methods); err != nil {
		t.Fatal(err)
	}
	if i := slices.IndexFunc(methods.OAuth2.Providers, func(p struct {
		Name    string `json:"name"`
		AuthURL string `json:"authURL"`
	}) bool {
		return p.Name == "oidc"
	}); i < 0 {
		t.Errorf("auth-methods has no oidc provider: %+v", methods)
	}

	// A user whose email a test changed is still removed after the run.
	moved := s.NewUser(t, UserOptions{Verified: true})
	if err := s.do(http.MethodPatch, "/api/collections/users/records/"+moved.ID, admin, map[string]any{"email": "moved-" + moved.Email}, nil); err != nil {
		t.Fatal(err)
	}

	restored = true
	if err := restoreExternal(s); err != nil {
		t.Fatalf("restoreExternal: %v", err)
	}
	// The users the run created are gone, SMTP is off again, and the
	// seeded demo data is untouched.
	var list struct {
		TotalItems int `json:"totalItems"`
	}
	q := url.Values{"filter": {"email = '" + u.Email + "' || email = '" + mfa.Email + "'"}}
	if err := dev.do(http.MethodGet, "/api/collections/users/records?"+q.Encode(), admin, nil, &list); err != nil || list.TotalItems != 0 {
		t.Errorf("users left after the run: %d (%v)", list.TotalItems, err)
	}
	if err := dev.do(http.MethodGet, "/api/collections/users/records/"+moved.ID, admin, nil, nil); err == nil {
		t.Error("the user whose email changed is left after the run")
	}
	var settings struct {
		SMTP struct {
			Enabled bool `json:"enabled"`
		} `json:"smtp"`
	}
	if err := dev.do(http.MethodGet, "/api/settings", admin, nil, &settings); err != nil || settings.SMTP.Enabled {
		t.Errorf("SMTP still enabled after the run (%v)", err)
	}
	var coll struct {
		OTP struct {
			EmailTemplate struct {
				Subject string `json:"subject"`
			} `json:"emailTemplate"`
		} `json:"otp"`
	}
	if err := dev.do(http.MethodGet, "/api/collections/users", admin, nil, &coll); err != nil || coll.OTP.EmailTemplate.Subject == externalOTPSubject {
		t.Errorf("OTP template not restored: %q (%v)", coll.OTP.EmailTemplate.Subject, err)
	}
	if err := dev.do(http.MethodPost, "/api/collections/users/auth-with-password", "", map[string]string{"identity": "demo@example.com", "password": "secret123"}, nil); err != nil {
		t.Errorf("seeded demo user after the run: %v", err)
	}
	// What the harness created is gone: the posts collection, the avatar field.
	if err := dev.do(http.MethodGet, "/api/collections/posts", admin, nil, nil); err == nil {
		t.Error("the posts collection the harness created is left after the run")
	}
	var after struct {
		Fields []map[string]any `json:"fields"`
	}
	if err := dev.do(http.MethodGet, "/api/collections/users", admin, nil, &after); err != nil || slices.ContainsFunc(after.Fields, func(f map[string]any) bool { return f["name"] == "avatar" }) {
		t.Errorf("the avatar field the harness added is left after the run (%v)", err)
	}
}
