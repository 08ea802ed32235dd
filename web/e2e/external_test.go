//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/bosgo/bosgo/internal/testenv"
)

// The external mode of the browser suite (BOSGO_EXTERNAL_URL, see
// docs/devserver.md "Conformance against your deployment"). A devserver
// serves the pages itself; an external server does not have them, so the
// harness serves them from a local file server, the site:
//
//   - the demo page (/ and /index.html) gets ?api=<server> and talks to the
//     server across origins, as an app hosted apart from its BosBase does
//     (which needs the server's CORS, checked before the first test);
//   - the pages that address the API by their own origin (the drop-in app
//     and the compatibility tests with relative base URLs, the pages under
//     a strict Content Security Policy that allows only 'self', the demo in
//     a sandboxed frame, the interop and files scripts) reach it through
//     the site's /api/ pass-through proxy to the server, as an app behind
//     a reverse proxy does.
//
// The OAuth2 popup goes to the mock provider of the harness's sidecar and
// back to the server's /api/oauth2-redirect (or the site's, proxied).

// connect starts the server under test and the site the pages come from:
// a devserver serving the assembled web folder, or, in external mode, the
// external server prepared by testenv and a local site in front of it.
func (e *env) connect(t *testing.T) {
	t.Helper()
	if !testenv.External() {
		e.srv = testenv.Start(t, testenv.Options{Static: e.static})
		e.site = e.srv.URL
		return
	}
	e.srv = testenv.Shared(t)
	e.site = e.startSite(t)
	checkCORS(t, e.srv.URL, e.site)
	start := time.Now().UTC()
	t.Cleanup(func() { deleteSignUps(t, e.srv, start) })
}

// startSite serves the assembled web folder on loopback, with /api/
// passed through to the external server, and returns its origin.
func (e *env) startSite(t *testing.T) string {
	t.Helper()
	target, err := url.Parse(e.srv.URL)
	if err != nil {
		t.Fatalf("server URL: %v", err)
	}
	proxy := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(target)
			r.SetXForwarded()
		},
		// Realtime streams (text/event-stream) are flushed at once by
		// ReverseProxy itself; this covers any other streamed answer.
		FlushInterval: -1,
		// Not the default's log line for every page that goes away (a
		// closed realtime stream); the error itself is not echoed, its
		// URL may carry a file token.
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, _ error) {
			if r.Context().Err() == nil {
				http.Error(w, "test site: the request to the server failed", http.StatusBadGateway)
			}
		},
	}
	files := http.FileServer(http.Dir(e.static))
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/") {
			proxy.ServeHTTP(w, r)
			return
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(site.Close)
	return site.URL
}

// pageURL is the URL of a page of the site at path. In external mode the
// demo page gets ?api=<server>, so it talks to the server across origins.
func (e *env) pageURL(path string) string {
	if !e.srv.External {
		return e.site + path
	}
	u, err := url.Parse(path)
	if err != nil || (u.Path != "/" && u.Path != "/index.html") || u.Query().Has("api") {
		return e.site + path
	}
	q := u.Query()
	q.Set("api", e.srv.URL)
	u.RawQuery = q.Encode()
	return e.site + u.String()
}

// checkDemoAPI checks, in external mode, that the demo shown in tb talks
// to the server itself (across origins), as its ?api= asks, not to the
// site's proxy.
func (e *env) checkDemoAPI(tb *tab) {
	tb.t.Helper()
	if !e.srv.External || tb.doc != "document" {
		return
	}
	base := eval[string](tb, `new URL(bosgoDemo.pb.baseURL, location.href).origin`)
	if base != e.srv.URL {
		fatalf(tb.t, tb, "the demo talks to %s, want the server %s (its ?api=)", base, e.srv.URL)
	}
}

// checkCORS fails the suite at once, saying why, when the server does not
// let a page of origin call it: PocketBase (and BosBase) allow every origin
// unless started with --origins.
func checkCORS(t *testing.T, server, origin string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodOptions, server+"/api/collections/users/auth-with-password", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Origin", origin)
	req.Header.Set("Access-Control-Request-Method", http.MethodPost)
	req.Header.Set("Access-Control-Request-Headers", "authorization,content-type")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("CORS preflight to %s: %v", server, err)
	}
	res.Body.Close()
	allowed := res.Header.Get("Access-Control-Allow-Origin")
	if res.StatusCode >= 300 || (allowed != "*" && allowed != origin) {
		t.Fatalf("the server %s does not allow requests from the test pages' origin %s (CORS preflight: status %d, Access-Control-Allow-Origin %q): "+
			"the demo page talks to it across origins; start the server with its default --origins=* or add http://127.0.0.1:* for the run",
			server, origin, res.StatusCode, allowed)
	}
}

// signUpPatterns are the emails of the users that the compatibility tests
// (web/e2e/compat) sign up on their own: prefix, a timestamp and a random
// number, @example.com.
var signUpPatterns = []string{"ps%@example.com", "rt%@example.com", "worker%@example.com"}

// deleteSignUps deletes the users the pages signed up on their own since
// start (an external server keeps them otherwise); the users of the
// harness and of NewUser are deleted by testenv.
func deleteSignUps(t *testing.T, srv *testenv.Server, start time.Time) {
	t.Helper()
	var emails []string
	for _, p := range signUpPatterns {
		emails = append(emails, fmt.Sprintf("email ~ '%s'", p))
	}
	filter := fmt.Sprintf("(%s) && created >= '%s'", strings.Join(emails, " || "), start.Add(-time.Second).Format("2006-01-02 15:04:05.000Z"))
	token := srv.SuperuserToken(t)
	for {
		var list struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
		}
		q := url.Values{"filter": {filter}, "perPage": {"200"}, "skipTotal": {"1"}, "fields": {"id"}}
		if err := superuserDo(http.MethodGet, srv.URL+"/api/collections/users/records?"+q.Encode(), token, &list); err != nil {
			t.Errorf("list the users the pages signed up: %v", err)
			return
		}
		if len(list.Items) == 0 {
			return
		}
		for _, it := range list.Items {
			if err := superuserDo(http.MethodDelete, srv.URL+"/api/collections/users/records/"+url.PathEscape(it.ID), token, nil); err != nil {
				t.Errorf("delete a user the pages signed up: %v", err)
				return
			}
		}
	}
}

// superuserDo sends a request without a body with the superuser token and
// decodes a JSON answer into out (when not nil).
func superuserDo(method, u, token string, out any) error {
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, u, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode >= 300 {
		return fmt.Errorf("%s %s: status %d", method, req.URL.Path, res.StatusCode)
	}
	if out == nil {
		return nil
	}
	return json.NewDecoder(res.Body).Decode(out)
}
