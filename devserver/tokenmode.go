package main

import (
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"
	"github.com/spf13/cast"
)

// staticTokenDuration is BosBase's lifetime of login tokens: 100 years.
const staticTokenDuration = 100 * 365 * 24 * time.Hour

// superuserStaticTokenEnv shortens superuser static tokens in BosBase mode,
// as BosBase's variable of the same name does: a Go duration ("720h") or a
// whole number of seconds, greater than zero.
const superuserStaticTokenEnv = "PB_SUPERUSER_STATIC_TOKEN_DURATION"

// bindStaticTokens makes every auth response carry a BosBase static token:
// refreshable:false and exp = now + 100 years (or superuserTTL for
// superusers).
//
// Only tokens that are refreshable are replaced. That covers every login
// (password, OTP, OAuth2, auth-with-token) and the refresh of a refreshable
// token, while auth-refresh of a static token keeps echoing the same token
// and impersonate keeps its own duration, exactly as in BosBase.
func bindStaticTokens(app core.App, superuserTTL time.Duration) {
	app.OnRecordAuthRequest().BindFunc(func(e *core.RecordAuthRequestEvent) error {
		claims, _ := security.ParseUnverifiedJWT(e.Token)
		if !cast.ToBool(claims[core.TokenClaimRefreshable]) {
			return e.Next()
		}
		d := staticTokenDuration
		if e.Record.IsSuperuser() {
			d = superuserTTL
		}
		token, err := e.Record.NewStaticAuthToken(d)
		if err != nil {
			return e.InternalServerError("Failed to create auth token.", err)
		}
		e.Token = token
		return e.Next()
	})
}

// superuserStaticTTL reads superuserStaticTokenEnv; anything missing,
// invalid or not positive means 100 years, as in BosBase.
func superuserStaticTTL() time.Duration {
	v := strings.TrimSpace(os.Getenv(superuserStaticTokenEnv))
	if v == "" {
		return staticTokenDuration
	}
	if d, err := time.ParseDuration(v); err == nil && d > 0 {
		return d
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	return staticTokenDuration
}
