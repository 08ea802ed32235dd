package core

import (
	"context"
	"sync"
)

// Auto-refresh: the policy is documented on [WithAutoRefresh]. send calls
// autoRefresh before it attaches the stored token; the refresh itself is
// sent with an explicit Authorization header (the token being refreshed),
// which keeps it out of auto-refresh and out of the 401 rule.

// refresher runs the client's auto-refresh. Its zero value is ready.
type refresher struct {
	mu     sync.Mutex   // guards call, failed, last*
	call   *refreshCall // the refresh in flight, or nil
	failed string       // a token the server refused to refresh

	lastToken  string // cache of the last parsed token
	lastClaims TokenClaims
	lastOK     bool
}

// refreshCall is one auth-refresh in flight; done is closed when it ends.
type refreshCall struct {
	token string
	done  chan struct{}
}

// autoRefresh refreshes the stored token first when it is refreshable and
// expires within the threshold. It returns an error only when ctx ends
// while waiting for the refresh.
func (c *Client) autoRefresh(ctx context.Context) error {
	threshold := c.cfg.autoRefresh
	if threshold <= 0 {
		return nil
	}
	tok := c.store.Token()
	claims, ok := c.refresh.claims(tok)
	if !ok || !claims.Refreshable || claims.Type != "auth" || claims.Expiry.IsZero() ||
		claims.Expiry.Sub(c.now()) > threshold {
		return nil
	}
	call := c.refresh.join(c, tok, claims)
	if call == nil {
		return nil
	}
	select {
	case <-call.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// claims parses tok, reusing the result for the same token.
func (r *refresher) claims(tok string) (TokenClaims, bool) {
	if tok == "" {
		return TokenClaims{}, false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if tok != r.lastToken {
		c, err := ParseToken(tok)
		r.lastToken, r.lastClaims, r.lastOK = tok, c, err == nil
	}
	return r.lastClaims, r.lastOK
}

// join returns the refresh in flight, starting one for tok when there is
// none. It returns nil when there is nothing to wait for: the store no
// longer holds tok (someone already refreshed or signed out), or the server
// already refused to refresh tok.
func (r *refresher) join(c *Client, tok string, claims TokenClaims) *refreshCall {
	r.mu.Lock()
	defer r.mu.Unlock()
	current := c.store.Token()
	if r.call != nil {
		if current != r.call.token {
			// The refresh in flight has already saved its answer (a store
			// listener may be sending this request): nothing to wait for.
			return nil
		}
		return r.call
	}
	if current != tok || tok == r.failed {
		return nil
	}
	call := &refreshCall{token: tok, done: make(chan struct{})}
	r.call = call
	go c.runRefresh(call, claims)
	return call
}

// runRefresh sends the auth-refresh of call.token, detached from the
// context of the request that started it, and saves the answer.
func (c *Client) runRefresh(call *refreshCall, claims TokenClaims) {
	refused := false
	defer func() {
		c.refresh.mu.Lock()
		c.refresh.call = nil
		if refused {
			c.refresh.failed = call.token
		}
		c.refresh.mu.Unlock()
		close(call.done)
	}()

	timeout := c.cfg.timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()

	// The explicit header sends exactly the token being refreshed and keeps
	// the 401 rule out of it; noRetry keeps auto-refresh from recursing.
	rc := newRequestConfig(nil)
	rc.noRetry = true
	rc.header.Set("Authorization", call.token)
	svc := c.Collection(refreshCollection(c.store.Record(), claims))
	out, err := svc.authRequest(ctx, "POST", "/auth-refresh", nil, rc)
	if err != nil {
		st := StatusOf(err)
		refused = st >= 400 && st < 500 && st != 408 && st != 429
		return
	}
	_, _ = c.store.CompareAndSave(call.token, AuthEvent{Token: out.Token, Record: out.Record})
}

// refreshCollection returns the collection to refresh a token in: the
// stored record's collection name when the record belongs to the token's
// collection, else the token's collection id.
func refreshCollection(rec Record, claims TokenClaims) string {
	name := rec.CollectionName()
	id := rec.String("collectionId")
	switch {
	case name != "" && (id == "" || claims.CollectionID == "" || id == claims.CollectionID):
		return name
	case claims.CollectionID != "":
		return claims.CollectionID
	}
	return id
}
