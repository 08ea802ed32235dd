//go:build !js

package core

import (
	"context"
	"crypto/subtle"
	"errors"
	"net"
	"net/http"
	"sync/atomic"
	"time"
)

// ErrOAuth2LaunchReused means the one-time launch URL of
// [OAuth2Options.OneTimeLaunchURL] was requested a second time: someone
// else (another local user who read it from the browser's command line)
// may hold the provider URL, so the sign-in is ended before they can
// finish it with their own provider account.
var ErrOAuth2LaunchReused = errors.New("bosbase: the one-time oauth2 launch URL was used twice")

// launchPath is the path of the one-time launch URL.
const launchPath = "/start"

// serveLaunchURL starts a short-lived listener on 127.0.0.1 whose
// http://127.0.0.1:port/start?n=<nonce> answers the first request with a
// 302 to authURL and every later one with an error page, reporting the
// reuse on reused. stop closes the listener.
func serveLaunchURL(authURL string) (launchURL string, reused <-chan error, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, nil, newClientError("", 0, "oauth2: cannot listen on 127.0.0.1 for the launch URL", err)
	}
	h := &launchHandler{authURL: authURL, nonce: randomURLSafe(32), hosts: loopbackHosts(ln.Addr()), reused: make(chan error, 1)}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = srv.Serve(ln)
	}()
	stop = func() {
		sctx, cancel := context.WithTimeout(context.Background(), loopbackShutdownTimeout)
		defer cancel()
		if srv.Shutdown(sctx) != nil {
			_ = srv.Close()
		}
		<-served
	}
	return "http://" + ln.Addr().String() + launchPath + "?n=" + h.nonce, h.reused, stop, nil
}

// launchHandler serves the one-time launch URL.
type launchHandler struct {
	authURL, nonce string
	hosts          []string
	used           atomic.Bool
	reused         chan error // buffered (1): the flow's cue to end
}

func (h *launchHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	cb := loopbackCallback{hosts: h.hosts}
	switch {
	case !cb.hostAllowed(r.Host):
		http.Error(w, "wrong host", http.StatusMisdirectedRequest)
		return
	case r.URL.Path != launchPath || r.Method != http.MethodGet ||
		subtle.ConstantTimeCompare([]byte(r.URL.Query().Get("n")), []byte(h.nonce)) != 1:
		http.NotFound(w, r)
		return
	}
	if h.used.CompareAndSwap(false, true) {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Referrer-Policy", "no-referrer")
		http.Redirect(w, r, h.authURL, http.StatusFound)
		return
	}
	err := oauth2Error("oauth2: the one-time launch URL was requested twice; the sign-in was stopped", ErrOAuth2LaunchReused, nil)
	select {
	case h.reused <- err:
	default:
	}
	writeLoopbackPage(w, http.StatusGone, errors.New("this sign-in link was already used, so the sign-in was stopped; start it again in the app"))
}
