package authservice_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/bosgo/bosgo/desktop/authservice"
	"github.com/bosgo/bosgo/desktop/opener"
	"github.com/bosgo/bosgo/internal/testenv"
)

func testOAuth2(t *testing.T, mode string) {
	t.Parallel()
	e := newEnv(t)
	u := e.srv.NewUser(t, testenv.UserOptions{Verified: true})
	e.srv.QueueOIDCUser(t, u.Email, "OIDC Person")
	e.opener = followOpener(u.Email)
	svc, ev := e.start(t)
	if _, err := svc.SetOAuth2Mode(mode); err != nil {
		t.Fatal(err)
	}
	res, err := svc.SignInWithOAuth2("oidc")
	if err != nil || res.Status != authservice.StatusSignedIn || res.State.Session.Email != u.Email {
		t.Fatalf("SignInWithOAuth2 (%s) = %+v, %v", mode, res, err)
	}
	select {
	case l := <-ev.links:
		if l.Provider != "oidc" || l.BrowserFailed || !strings.HasPrefix(l.URL, "http") {
			t.Errorf("oauth2:link = %+v", l)
		}
		// The opener gets the one-time launch URL, without state or PKCE
		// challenge (a command line is readable by every local user).
		if !strings.HasPrefix(l.URL, "http://127.0.0.1:") || !strings.Contains(l.URL, "/start?n=") || strings.Contains(l.URL, "state=") {
			t.Errorf("%s mode: the link %q is not a one-time launch URL", mode, l.URL)
		}
	default:
		t.Error("no oauth2:link event")
	}
	if svc.State().OAuth2Busy {
		t.Error("OAuth2Busy after the flow ended")
	}
	// A restart keeps the OAuth2 session too.
	svc2, _ := e.start(t)
	if st := svc2.State(); !st.SignedIn || st.Session.Email != u.Email || st.OAuth2Mode != mode {
		t.Errorf("after restart: %+v", st)
	}
}

func TestOAuth2Realtime(t *testing.T) { testOAuth2(t, "realtime") }

func TestOAuth2Loopback(t *testing.T) { testOAuth2(t, "loopback") }

// TestOAuth2NoBrowserShowsLink: when no browser opens, the link is pushed
// with BrowserFailed and the flow keeps waiting; the user opening the link
// by hand completes it.
func TestOAuth2NoBrowserShowsLink(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u := e.srv.NewUser(t, testenv.UserOptions{Verified: true})
	e.srv.QueueOIDCUser(t, u.Email, "OIDC Person")
	e.opener = opener.System{Commands: [][]string{{"no-such-browser-anywhere"}}}
	svc, ev := e.start(t)
	done := make(chan error, 1)
	go func() {
		_, err := svc.SignInWithOAuth2("oidc")
		done <- err
	}()
	var link authservice.OAuth2Link
	for !link.BrowserFailed {
		select {
		case link = <-ev.links:
		case err := <-done:
			t.Fatalf("the flow ended before the link was shown: %v", err)
		}
	}
	if !strings.Contains(link.Reason, "browser") {
		t.Errorf("reason %q", link.Reason)
	}
	if err := followOpener(u.Email)(t.Context(), link.URL); err != nil { // the user pastes the link
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("SignInWithOAuth2 after opening the link by hand: %v", err)
	}
	if st := svc.State(); !st.SignedIn || st.Session.Email != u.Email {
		t.Errorf("state %+v", st)
	}
}

func TestOAuth2Cancel(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	// A browser that opens but where the user never finishes.
	e.opener = opener.Func(func(context.Context, string) error { return nil })
	svc, ev := e.start(t)
	done := make(chan error, 1)
	go func() {
		_, err := svc.SignInWithOAuth2("oidc")
		done <- err
	}()
	select {
	case <-ev.links:
	case err := <-done:
		t.Fatalf("flow ended early: %v", err)
	}
	if !svc.State().OAuth2Busy {
		t.Error("OAuth2Busy is false while waiting for the browser")
	}
	_, err := svc.SignInWithOAuth2("oidc")
	wantCode(t, err, authservice.CodeBusy)
	if ok, _ := svc.CancelOAuth2(); !ok {
		t.Error("CancelOAuth2 found no running flow")
	}
	err = <-done
	wantCode(t, err, authservice.CodeCancelled)
	if ok, _ := svc.CancelOAuth2(); ok {
		t.Error("CancelOAuth2 after the flow ended reported one running")
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancel error %v does not wrap context.Canceled", err)
	}
}
