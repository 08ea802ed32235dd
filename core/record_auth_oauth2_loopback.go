//go:build !js

package core

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"html"
	"net"
	"net/http"
	"strings"
	"time"
)

// loopbackCallbackPath is the path of the loopback redirect URL.
const loopbackCallbackPath = "/callback"

// loopbackShutdownTimeout bounds how long the listener waits for the last
// page to be written before it closes hard.
const loopbackShutdownTimeout = 5 * time.Second

// errLoopbackOver is shown to a browser that arrives after the flow ended.
var errLoopbackOver = errors.New("this sign-in is no longer in progress")

// oauth2Loopback is the [OAuth2Loopback] flow (RFC 8252): a one-off HTTP
// listener on the loopback interface receives the provider's redirect,
// checks the state from the same auth-methods answer as the PKCE verifier,
// answers the browser with a small page and exchanges the code. The
// listener is shut down on every exit path.
func (s *RecordService) oauth2Loopback(ctx context.Context, o OAuth2Options) (*AuthResponse, error) {
	addr, err := loopbackAddr(o.LoopbackAddr)
	if err != nil {
		return nil, err
	}
	f := startOAuth2(ctx, o)
	defer f.cancel()
	p, err := f.provider(s)
	if err != nil {
		return nil, err
	}

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, newClientError("", 0, "oauth2: cannot listen on "+addr, err)
	}
	state := p.State
	if !isURLSafe(state) {
		state = randomURLSafe(32)
	}
	cb := &loopbackCallback{hits: make(chan loopbackHit), over: make(chan struct{}), state: state, hosts: loopbackHosts(ln.Addr())}
	srv := &http.Server{Handler: cb, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = srv.Serve(ln)
	}()
	defer func() {
		close(cb.over)
		sctx, cancel := context.WithTimeout(context.Background(), loopbackShutdownTimeout)
		defer cancel()
		if srv.Shutdown(sctx) != nil {
			_ = srv.Close()
		}
		<-served
	}()

	redirectURL := "http://" + ln.Addr().String() + loopbackCallbackPath
	authURL, err := buildOAuth2URL(p.AuthURL, redirectURL, state, o.Scopes)
	if err != nil {
		return nil, err
	}
	hit, err := awaitOAuth2(f, authURL, cb.hits, nil)
	if err != nil {
		return nil, err
	}
	res, err := func() (*AuthResponse, error) {
		if err := f.check(hit.answer, state); err != nil {
			return nil, err
		}
		return f.exchange(s, p, hit.answer.Code, redirectURL)
	}()
	hit.reply <- err // buffered; the page tells the user how it went
	return res, err
}

// loopbackAddr validates the listen address of loopback mode.
func loopbackAddr(addr string) (string, error) {
	if addr == "" {
		return "127.0.0.1:0", nil
	}
	host, _, err := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		return "", newClientError("", 0, fmt.Sprintf("oauth2: LoopbackAddr %q is not a loopback IP with a port", addr), err)
	}
	return addr, nil
}

// loopbackHit is one redirect received by the listener; the flow answers
// on reply with the outcome, which the handler turns into the page.
type loopbackHit struct {
	answer oauth2Answer
	reply  chan error // buffered (1)
}

// loopbackHosts returns the Host header values a browser sends to addr,
// the bound loopback address: the address itself (127.0.0.1:port,
// [::1]:port) and localhost:port.
func loopbackHosts(addr net.Addr) []string {
	s := addr.String()
	_, port, _ := net.SplitHostPort(s)
	return []string{s, "localhost:" + port}
}

// loopbackCallback handles the provider's redirect to /callback.
type loopbackCallback struct {
	hits  chan loopbackHit // unbuffered: the flow takes the first hit only
	over  chan struct{}    // closed when the flow has returned
	state string           // the state the provider URL carries
	hosts []string         // the accepted Host headers (see loopbackHosts)
}

// errLoopbackStray is the page of a request to /callback that is not the
// provider's redirect of this flow: no state or another one.
var errLoopbackStray = errors.New("this sign-in link is not the current one")

// ServeHTTP hands the provider's redirect to the flow and shows its
// outcome. GET carries the answer in the query; POST
// (response_mode=form_post, as Apple uses) in the form body.
//
// A request whose Host header is not the bound loopback address (a web
// page reaching the port through DNS rebinding) is refused with 421, and
// one without this flow's state (any local process or web page can send a
// request) gets a 400 page: neither ends the flow, which keeps waiting for
// the provider.
func (cb *loopbackCallback) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !cb.hostAllowed(r.Host) {
		http.Error(w, "wrong host", http.StatusMisdirectedRequest)
		return
	}
	if r.URL.Path != loopbackCallbackPath {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		writeLoopbackPage(w, http.StatusBadRequest, errors.New("the redirect could not be read"))
		return
	}
	hit := loopbackHit{
		answer: oauth2Answer{State: r.Form.Get("state"), Code: r.Form.Get("code"), Error: r.Form.Get("error")},
		reply:  make(chan error, 1),
	}
	if subtle.ConstantTimeCompare([]byte(hit.answer.State), []byte(cb.state)) != 1 {
		writeLoopbackPage(w, http.StatusBadRequest, errLoopbackStray)
		return
	}
	select {
	case cb.hits <- hit:
	case <-cb.over:
		writeLoopbackPage(w, http.StatusGone, errLoopbackOver)
		return
	case <-r.Context().Done():
		return
	}
	// The flow always replies to a hit it took, before it ends.
	select {
	case err := <-hit.reply:
		status := http.StatusOK
		if err != nil {
			status = http.StatusBadRequest
		}
		writeLoopbackPage(w, status, err)
	case <-r.Context().Done():
	}
}

// hostAllowed reports whether host (a request's Host header) names the
// bound loopback address.
func (cb *loopbackCallback) hostAllowed(host string) bool {
	for _, h := range cb.hosts {
		if strings.EqualFold(host, h) {
			return true
		}
	}
	return false
}

// writeLoopbackPage answers the browser with a small page: "signed in"
// when err is nil, the reason of the failure otherwise.
func writeLoopbackPage(w http.ResponseWriter, status int, err error) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer") // the URL holds the code
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	h.Set("Connection", "close")
	title, msg := "Signed in", "Signed in — you can close this tab and return to the app."
	if err != nil {
		title, msg = "Sign-in failed", "Sign-in failed: "+loopbackReason(err)+". You can close this tab and return to the app."
	}
	w.WriteHeader(status)
	_, _ = fmt.Fprintf(w, loopbackPage, html.EscapeString(title), html.EscapeString(title), html.EscapeString(msg))
}

// loopbackReason says in a few words why the sign-in failed.
func loopbackReason(err error) string {
	var ce *ClientResponseError
	switch {
	case errors.Is(err, ErrOAuth2Cancelled):
		return "you declined at the provider"
	case errors.Is(err, ErrOAuth2StateMismatch):
		return "this sign-in link is not the current one"
	case errors.Is(err, ErrOAuth2Redirect):
		return "the provider returned an error"
	case errors.As(err, &ce):
		return "the server refused the sign-in (" + ce.Message() + ")"
	}
	return err.Error()
}

const loopbackPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>%s</title>
<style>body{font-family:system-ui,sans-serif;display:flex;min-height:90vh;align-items:center;justify-content:center;color:#222}main{max-width:28rem;text-align:center}</style>
</head><body><main><h1>%s</h1><p>%s</p></main></body></html>
`
