package hostile

import (
	"net/http"
	"time"
)

// Op is the client operation a case runs. Both runners implement each one
// the same way; the comments say what the operation returns as
// [Outcome.Value] on success.
type Op string

// The operations of the matrix.
const (
	// OpAuthPassword is collection("users").authWithPassword(Identity,
	// Password); Value is the returned token.
	OpAuthPassword Op = "authWithPassword"
	// OpAuthRefresh is collection("users").authRefresh(); Value is the
	// returned token.
	OpAuthRefresh Op = "authRefresh"
	// OpGetOne is collection("posts").getOne("p1"); Value is the record id.
	OpGetOne Op = "getOne"
	// OpGetList is collection("posts").getList(1, 10); Value is
	// "items=N total=M".
	OpGetList Op = "getList"
	// OpRealtime subscribes to the realtime topic "hostile" and waits for
	// its first event; Value is the event data as compact JSON.
	OpRealtime Op = "realtime"
	// OpPublish publishes {"n":1} to the pub/sub topic "hostile"; Value is
	// the ack id.
	OpPublish Op = "publish"
	// OpPubSubMessage subscribes to the pub/sub topic "hostile" and waits for
	// its first message; Value is the message data as compact JSON.
	OpPubSubMessage Op = "pubsubMessage"
)

// The credentials every sign-in case sends. The password must never show
// up in an error.
const (
	Identity = "hostile@example.com"
	Password = "Hostile-Pa55word!"
)

// DefaultDeadline bounds an operation when a case sets none. An operation
// still running at its deadline plus [HangGrace] is a hang.
const (
	DefaultDeadline = 5 * time.Second
	HangGrace       = 5 * time.Second
)

// Store is what a case expects the auth store to hold after the operation.
type Store int

// Store expectations.
const (
	// StoreKept: the store still holds [Case.Session] (or stays empty when
	// the case has no session).
	StoreKept Store = iota
	// StoreCleared: the store was cleared (the 401 rule).
	StoreCleared
	// StoreValue: the store holds the token the operation returned
	// ([Outcome.Value]).
	StoreValue
	// StoreToken: the store holds [Want.Token].
	StoreToken
)

// Want is the expected result of a case.
type Want struct {
	// OK means the operation must succeed; Value, when set, is the exact
	// expected [Outcome.Value].
	OK    bool
	Value string

	// For failures: the HTTP status (0 when no response arrived), whether
	// the error counts as an abort, and a substring of its message ("" =
	// not checked).
	Status  int
	Abort   bool
	Message string
	// Text, when set, must be in the whole error text (Message plus its
	// cause).
	Text string
	// MFAID, when set, is the MFA id the error must carry.
	MFAID string

	// Store is what the auth store must hold afterwards; Token is the
	// token for StoreToken.
	Store Store
	Token string
}

// Case is one hostile-server scenario.
type Case struct {
	// Name is unique and URL-safe; it routes requests to the case.
	Name string
	// Group is the row group of docs/RELIABILITY.md (HTTP, JWT, SSE, …).
	Group string
	// Proves says in a sentence what passing the case shows.
	Proves string
	// Op is the client operation.
	Op Op
	// Session, when set, is the token saved in the client's store (with
	// a users record) before the operation.
	Session string
	// Deadline bounds the operation (the runner cancels it then); zero
	// means DefaultDeadline.
	Deadline time.Duration
	// Handler makes the case's HTTP handler, once per server, so cases
	// may keep state across requests (a stream that drops once, …). It
	// sees paths without the /c/{case} prefix and must return once
	// [Env.Done] is closed or the request's context ends.
	Handler func(env *Env) http.Handler
	// Want is the expected result.
	Want Want
	// Browser, when set, replaces Want for the browser runner, where the
	// platform itself behaves differently; BrowserNote says why.
	Browser     *Want
	BrowserNote string
}

// ForBrowser returns the case as the browser runner must check it: Want
// replaced by Browser when the case has one.
func (c Case) ForBrowser() Case {
	if c.Browser != nil {
		c.Want = *c.Browser
	}
	return c
}

// deadline returns the case's deadline.
func (c Case) deadline() time.Duration {
	if c.Deadline > 0 {
		return c.Deadline
	}
	return DefaultDeadline
}

// Timeout is the deadline a runner gives the operation.
func (c Case) Timeout() time.Duration { return c.deadline() }
