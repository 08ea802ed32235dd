package hostile

import (
	"encoding/base64"
	"fmt"
	"time"
)

// Crafted JWTs. Their signatures are junk: the client never verifies them,
// and the hostile server accepts anything.

// b64 is unpadded base64url.
func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// jwtHeader is the header segment of every crafted token.
var jwtHeader = b64(`{"alg":"HS256","typ":"JWT"}`)

// jwt builds a token with the payload JSON.
func jwt(payload string) string { return jwtHeader + "." + b64(payload) + ".c2lnbmF0dXJl" }

// authPayload is an auth token payload with the given exp JSON value
// ("" leaves exp out).
func authPayload(exp string, refreshable bool) string {
	p := fmt.Sprintf(`{"id":"u1","collectionId":"_pb_users_auth_","type":"auth","refreshable":%v`, refreshable)
	if exp != "" {
		p += `,"exp":` + exp
	}
	return p + "}"
}

// Session tokens.
var (
	// sessionToken is a well-formed, non-refreshable token valid until 2100.
	sessionToken = jwt(authPayload("4102444800", false))
	// freshToken is what a successful sign-in or refresh returns.
	freshToken = jwt(authPayload("4102444801", false))
)

// expiringToken is a refreshable token that expires in 30 s, inside the
// default auto-refresh threshold (2 min), so the next request refreshes it.
func expiringToken() string {
	return jwt(authPayload(fmt.Sprint(time.Now().Add(30*time.Second).Unix()), true))
}

// userRecord is the record of every auth response.
const userRecord = `{"id":"u1","collectionId":"_pb_users_auth_","collectionName":"users","email":"hostile@example.com","verified":true}`

// authBody is a successful auth response carrying token.
func authBody(token string) string {
	return `{"token":"` + token + `","record":` + userRecord + `}`
}

// postRecord is the record of getOne.
const postRecord = `{"id":"p1","collectionId":"pbc_posts","collectionName":"posts","title":"hello","published":true}`

// listBody is a list of n posts.
func listBody(n int) string {
	s := `{"page":1,"perPage":10,"totalItems":` + fmt.Sprint(n) + `,"totalPages":1,"items":[`
	for i := range n {
		if i > 0 {
			s += ","
		}
		s += fmt.Sprintf(`{"id":"p%d","collectionName":"posts","title":"t%d"}`, i+1, i+1)
	}
	return s + "]}"
}
