package core

import (
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/bosgo/bosgo/internal/jsonv"
)

// ExpiryLeeway is how long before its "exp" claim a token already counts as
// expired locally, to absorb clock skew between client and server.
const ExpiryLeeway = 10 * time.Second

// ErrMalformedToken is wrapped by [ParseToken] errors.
var ErrMalformedToken = errors.New("bosbase: malformed token")

// maxTokenLen bounds the input of [ParseToken]; BosBase tokens are a few
// hundred bytes.
const maxTokenLen = 16 << 10

// TokenClaims are the claims of a BosBase JWT that the client uses. They are
// decoded without verifying the signature: the client does not hold the
// key, and the server verifies every token it receives, so these values
// are only hints (for example whether to refresh before a request).
type TokenClaims struct {
	// ID is the "id" claim: the record id.
	ID string
	// CollectionID is the "collectionId" claim: the record's collection.
	CollectionID string
	// Type is the "type" claim: "auth", "file", "passwordReset", ….
	Type string
	// Refreshable is the "refreshable" claim: false for BosBase static and
	// impersonation tokens.
	Refreshable bool
	// Expiry is the "exp" claim, zero when the claim is absent.
	Expiry time.Time
	// Raw holds every claim as decoded JSON.
	Raw map[string]any
}

// ParseToken decodes the payload of a JWT without verifying its signature.
// It accepts "exp" as any JSON number up to the year 9999 (BosBase static
// tokens expire around 2125) and rejects anything that is not three
// base64url segments with a JSON object in the middle.
func ParseToken(token string) (TokenClaims, error) {
	var c TokenClaims
	if len(token) > maxTokenLen {
		return c, fmt.Errorf("%w: too long", ErrMalformedToken)
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" {
		return c, fmt.Errorf("%w: want three segments", ErrMalformedToken)
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return c, fmt.Errorf("%w: payload is not base64url", ErrMalformedToken)
	}
	raw, err := jsonv.Object(payload)
	if err != nil || raw == nil {
		return c, fmt.Errorf("%w: payload is not a JSON object", ErrMalformedToken)
	}
	c.Raw = raw
	c.ID, _ = raw["id"].(string)
	c.CollectionID, _ = raw["collectionId"].(string)
	c.Type, _ = raw["type"].(string)
	c.Refreshable, _ = raw["refreshable"].(bool)
	if v, ok := raw["exp"]; ok {
		exp, ok := v.(float64)
		if !ok || math.IsNaN(exp) || exp < 0 || exp > maxUnix {
			return c, fmt.Errorf("%w: exp is not a valid time", ErrMalformedToken)
		}
		c.Expiry = time.Unix(int64(exp), 0)
	}
	return c, nil
}

// maxUnix is 9999-12-31T23:59:59Z.
const maxUnix = 253402300799

// ExpiredAt reports whether the claims count as expired at now, allowing
// [ExpiryLeeway]. Claims without "exp" never expire.
func (c TokenClaims) ExpiredAt(now time.Time) bool {
	return !c.Expiry.IsZero() && !now.Add(ExpiryLeeway).Before(c.Expiry)
}

// TokenValid reports whether token is non-empty, well formed and not
// expired at now (allowing [ExpiryLeeway]). It is a local hint: only the
// server can say whether a token was revoked.
func TokenValid(token string, now time.Time) bool {
	if token == "" {
		return false
	}
	c, err := ParseToken(token)
	return err == nil && !c.ExpiredAt(now)
}

// superusersCollectionID is the id BosBase gives the _superusers
// collection: "pbc_" + crc32("auth" + "_superusers").
const superusersCollectionID = "pbc_3142635823"

// IsSuperuserToken reports whether token and record belong to a superuser:
// the token is an auth token and the record is of the _superusers
// collection (or, with no record, the token names that collection).
func IsSuperuserToken(token string, rec Record) bool {
	c, err := ParseToken(token)
	if err != nil || c.Type != "auth" {
		return false
	}
	if rec != nil {
		if name := rec.String("collectionName"); name != "" {
			return name == "_superusers"
		}
	}
	return c.CollectionID == superusersCollectionID
}
