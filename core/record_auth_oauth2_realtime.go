package core

import (
	"context"

	"github.com/bosgo/bosgo/internal/jsonv"
)

// oauth2Topic is the realtime topic on which the server relays the
// provider's redirect. It must be the bare string: the server matches it
// exactly.
const oauth2Topic = "@oauth2"

// oauth2Realtime is the [OAuth2Realtime] flow, the sequence of the JS SDK:
// fresh auth methods, a one-off realtime connection subscribed to @oauth2,
// the provider URL with redirect_uri=<base>/api/oauth2-redirect and
// state=<client id>, the URL callback, the @oauth2 message, the state
// check and the code exchange. Unlike the JS SDK it settles on a dropped
// connection, a timeout and cancellation.
func (s *RecordService) oauth2Realtime(ctx context.Context, o OAuth2Options) (*AuthResponse, error) {
	f := startOAuth2(ctx, o)
	defer f.cancel()
	p, err := f.provider(s)
	if err != nil {
		return nil, err
	}

	// A connection of its own: the client's Realtime may carry other
	// subscriptions and reconnects on auth changes.
	rt := newRealtimeService(s.client, false)
	defer rt.Close()
	answers := make(chan oauth2Answer, 1)
	lost := make(chan error, 1)
	defer rt.OnDisconnect(func(active []string) {
		if len(active) > 0 { // a drop, not our own Close
			select {
			case lost <- newClientError("", 0, "oauth2: the realtime connection dropped while waiting for the provider", ErrRealtimeDisconnected):
			default:
			}
		}
	})()
	_, err = rt.Subscribe(f.wait, oauth2Topic, func(ev Event) {
		var a oauth2Answer
		if msg, err := jsonv.Object([]byte(ev.Data)); err == nil {
			o := jsonv.FieldsOf(msg, "")
			a = oauth2Answer{State: o.String("state"), Code: o.String("code"), Error: o.String("error")}
		}
		select {
		case answers <- a:
		default: // the server sends one message per subscription; ignore extras
		}
	})
	if err != nil {
		return nil, f.fail(err)
	}
	clientID := rt.ClientID()
	if clientID == "" {
		return nil, newClientError("", 0, "oauth2: the realtime connection dropped before the sign-in started", ErrRealtimeDisconnected)
	}

	redirectURL := s.client.BuildURL("/api/oauth2-redirect")
	authURL, err := buildOAuth2URL(p.AuthURL, redirectURL, clientID, o.Scopes)
	if err != nil {
		return nil, err
	}
	a, err := awaitOAuth2(f, authURL, answers, lost)
	if err != nil {
		return nil, err
	}
	if err := f.check(a, clientID); err != nil {
		return nil, err
	}
	rt.Close() // the connection has done its job; free it before the exchange
	return f.exchange(s, p, a.Code, redirectURL)
}
