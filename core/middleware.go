package core

import "context"

// Middleware wraps a [Transport]: it may change the request before calling
// next (a before-send hook), inspect or replace the response after (an
// after-send hook), or answer without calling next at all. Middleware must
// not modify the request it was given: clone it first (the Header with
// [Header.Clone]).
type Middleware func(next Transport) Transport

// BeforeSend returns middleware that calls fn with a copy of each request
// before it is sent. An error from fn aborts the request with that error.
func BeforeSend(fn func(ctx context.Context, req *Request) error) Middleware {
	return func(next Transport) Transport {
		return TransportFunc(func(ctx context.Context, req *Request) (*Response, error) {
			r := *req
			r.Header = req.Header.Clone()
			if err := fn(ctx, &r); err != nil {
				return nil, err
			}
			return next.RoundTrip(ctx, &r)
		})
	}
}

// AfterSend returns middleware that calls fn with every response,
// successful or not, before the client checks its status. fn may replace
// the response (closing the old body); an error from fn becomes the call's
// error.
func AfterSend(fn func(ctx context.Context, req *Request, resp *Response) (*Response, error)) Middleware {
	return func(next Transport) Transport {
		return TransportFunc(func(ctx context.Context, req *Request) (*Response, error) {
			resp, err := next.RoundTrip(ctx, req)
			if err != nil {
				return nil, err
			}
			return fn(ctx, req, resp)
		})
	}
}

// chain wraps base in mw, the first element outermost.
func chain(base Transport, mw []Middleware) Transport {
	t := base
	for i := len(mw) - 1; i >= 0; i-- {
		if mw[i] != nil {
			t = mw[i](t)
		}
	}
	return t
}
