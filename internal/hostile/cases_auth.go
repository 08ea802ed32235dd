package hostile

import (
	"net/http"
	"time"
)

// mfaCases are variants of the MFA challenge (401 with {"mfaId"}).
func mfaCases() []Case {
	const g = "MFA"
	return []Case{
		{Name: "mfa-challenge", Group: g, Op: OpAuthPassword, Session: sessionToken,
			Proves:  "the MFA 401 yields the mfaId and does not clear the session",
			Handler: replyJSON(401, `{"mfaId":"mfa123"}`),
			Want:    Want{Status: 401, MFAID: "mfa123"}},
		{Name: "mfa-id-number", Group: g, Op: OpAuthPassword, Session: sessionToken,
			Proves:  "a non-string mfaId is no MFA id, and the session is kept",
			Handler: replyJSON(401, `{"mfaId":123}`),
			Want:    Want{Status: 401}},
		{Name: "mfa-id-empty", Group: g, Op: OpAuthPassword, Session: sessionToken,
			Proves:  "an empty mfaId is no MFA id, and the session is kept",
			Handler: replyJSON(401, `{"mfaId":""}`),
			Want:    Want{Status: 401}},
		{Name: "mfa-id-nested", Group: g, Op: OpAuthPassword, Session: sessionToken,
			Proves:  "an mfaId nested in data is not the challenge: a plain 401, which clears the session it was sent with",
			Handler: replyJSON(401, `{"data":{"mfaId":"x"},"message":"Failed.","status":401}`),
			Want:    Want{Status: 401, Message: "Failed.", Store: StoreCleared}},
		{Name: "mfa-id-with-200", Group: g, Op: OpAuthPassword,
			Proves:  "an mfaId in a 200 answer is not a session",
			Handler: replyJSON(200, `{"mfaId":"mfa123"}`),
			Want:    Want{Status: 200, Message: "carries no token"}},
	}
}

// jwtCases are tokens the server hands out, or the store holds, that are
// not what a client expects.
func jwtCases() []Case {
	const g = "JWT"
	signIn := func(name, proves, token string) Case {
		return Case{Name: name, Group: g, Op: OpAuthPassword, Proves: proves,
			Handler: replyJSON(200, authBody(token)),
			Want:    Want{OK: true, Value: token, Store: StoreValue}}
	}
	stored := func(name, proves, token string) Case {
		return Case{Name: name, Group: g, Op: OpGetList, Session: token, Proves: proves,
			Handler: replyJSON(200, listBody(2)),
			Want:    Want{OK: true, Value: "items=2 total=2"}}
	}
	badB64 := jwtHeader + ".eyJ!!!not*base64.c2ln"
	return []Case{
		signIn("issued-bad-base64", "a token with a non-base64 payload is stored as given (the server decides), nothing panics", badB64),
		signIn("issued-missing-exp", "a token without exp is stored", jwt(authPayload("", true))),
		signIn("issued-float-exp", "a token with a fractional exp is stored", jwt(authPayload("4102444800.75", true))),
		signIn("issued-string-exp", "a token with exp as a string is stored", jwt(authPayload(`"4102444800"`, true))),
		signIn("issued-huge-exp", "a token with exp 1e300 is stored (no time overflow)", jwt(authPayload("1e300", true))),
		signIn("issued-two-segments", "a token of two segments is stored", jwtHeader+"."+b64(authPayload("4102444800", true))),
		stored("stored-bad-base64", "a stored token with a broken payload is sent as is; auto-refresh skips it", badB64),
		stored("stored-string-exp", "a stored refreshable token with a string exp does not trip auto-refresh", jwt(authPayload(`"1"`, true))),
		stored("stored-huge-exp", "a stored token with exp 1e300 does not overflow the refresh check", jwt(authPayload("1e300", true))),
		stored("stored-negative-exp", "a stored token with a negative exp is sent as is", jwt(authPayload("-5", true))),
		stored("stored-payload-array", "a stored token whose payload is a JSON array is sent as is", jwtHeader+"."+b64(`[1,2]`)+".c2ln"),
	}
}

// refreshCases put a refreshable, expiring session in the store, so the
// request first auto-refreshes, and make the refresh misbehave.
func refreshCases() []Case {
	const g = "Auto-refresh"
	list := replyJSON(200, listBody(1))
	withRefresh := func(refresh func(*Env) http.Handler) func(*Env) http.Handler {
		return routes(list, map[string]func(*Env) http.Handler{"/auth-refresh": refresh})
	}
	tok := expiringToken()
	return []Case{
		{Name: "refresh-html-502", Group: g, Op: OpGetList, Session: tok,
			Proves:  "a refresh answered by a proxy error page does not fail the call nor drop the session",
			Handler: withRefresh(reply(502, "text/html", "<h1>502</h1>")),
			Want:    Want{OK: true, Value: "items=1 total=1"}},
		{Name: "refresh-garbage-200", Group: g, Op: OpGetList, Session: tok,
			Proves:  "a refresh answered with garbage JSON keeps the old session",
			Handler: withRefresh(replyJSON(200, `{"token":`)),
			Want:    Want{OK: true, Value: "items=1 total=1"}},
		{Name: "refresh-401", Group: g, Op: OpGetList, Session: tok,
			Proves:  "a refused refresh does not clear the session by itself (the server's answer to the call decides)",
			Handler: withRefresh(replyJSON(401, `{"data":{},"message":"no","status":401}`)),
			Want:    Want{OK: true, Value: "items=1 total=1"}},
		{Name: "refresh-ok", Group: g, Op: OpGetList, Session: tok,
			Proves:  "a good refresh replaces the session before the call",
			Handler: withRefresh(replyJSON(200, authBody(freshToken))),
			Want:    Want{OK: true, Value: "items=1 total=1", Store: StoreToken, Token: freshToken}},
		{Name: "refresh-stalls", Group: g, Op: OpGetList, Session: tok, Deadline: 700 * time.Millisecond,
			Proves:  "a refresh that never answers does not hold the call past its own deadline",
			Handler: withRefresh(stallHeaders),
			Want:    Want{Status: 0, Abort: true}},
	}
}
