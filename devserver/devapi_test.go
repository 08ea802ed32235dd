package main

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
)

func TestLoopbackOnly(t *testing.T) {
	t.Parallel()
	for addr, allowed := range map[string]bool{
		"127.0.0.1:5000":        true,
		"[::1]:5000":            true,
		"[::ffff:127.0.0.1]:80": true,
		"10.0.0.7:5000":         false,
		"[2001:db8::1]:443":     false,
		"not-an-address":        false,
	} {
		e := &core.RequestEvent{}
		e.Request = httptest.NewRequest(http.MethodGet, "/api/dev/mails", nil)
		e.Request.RemoteAddr = addr
		e.Response = httptest.NewRecorder()

		err := loopbackOnly(e)
		var apiErr *router.ApiError
		switch {
		case allowed && err != nil:
			t.Errorf("%s: rejected: %v", addr, err)
		case !allowed && (!errors.As(err, &apiErr) || apiErr.Status != http.StatusForbidden):
			t.Errorf("%s: want a 403, got %v", addr, err)
		}
	}
}
