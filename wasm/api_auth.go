//go:build js && wasm

package main

import (
	"context"
	"errors"
	"fmt"
)

// authMethods are the auth calls of the JS RecordService, run by
// __bosgo.call. Each is an adapter: decode arguments, call core, return
// the result as JSON data.
var authMethods = map[string]asyncMethod{
	"listAuthMethods": {run: func(ctx context.Context, e *clientEntry, c *call) (any, error) {
		a, opts, err := c.callArgs()
		if err != nil {
			return nil, err
		}
		return a.service(e).ListAuthMethods(ctx, opts...)
	}},
	"authWithPassword": {run: func(ctx context.Context, e *clientEntry, c *call) (any, error) {
		a, opts, err := c.callArgs()
		if err != nil {
			return nil, err
		}
		return a.service(e).AuthWithPassword(ctx, a.Identity, a.Password, opts...)
	}},
	"authRefresh": {run: func(ctx context.Context, e *clientEntry, c *call) (any, error) {
		a, opts, err := c.callArgs()
		if err != nil {
			return nil, err
		}
		return a.service(e).AuthRefresh(ctx, opts...)
	}},
	"requestOTP": {run: func(ctx context.Context, e *clientEntry, c *call) (any, error) {
		a, opts, err := c.callArgs()
		if err != nil {
			return nil, err
		}
		return a.service(e).RequestOTP(ctx, a.Email, opts...)
	}},
	"authWithOTP": {run: func(ctx context.Context, e *clientEntry, c *call) (any, error) {
		a, opts, err := c.callArgs()
		if err != nil {
			return nil, err
		}
		return a.service(e).AuthWithOTP(ctx, a.OTPID, a.Code, opts...)
	}},
	"authWithOAuth2Code": {run: func(ctx context.Context, e *clientEntry, c *call) (any, error) {
		a, opts, err := c.callArgs()
		if err != nil {
			return nil, err
		}
		return a.service(e).AuthWithOAuth2Code(ctx, a.Provider, a.Code, a.CodeVerifier, a.RedirectURL, a.CreateData, opts...)
	}},
	"authWithToken": {run: func(ctx context.Context, e *clientEntry, c *call) (any, error) {
		a, opts, err := c.callArgs()
		if err != nil {
			return nil, err
		}
		return a.service(e).AuthWithToken(ctx, a.Token, opts...)
	}},
	"bindToken": {run: func(ctx context.Context, e *clientEntry, c *call) (any, error) {
		a, opts, err := c.callArgs()
		if err != nil {
			return nil, err
		}
		return true, a.service(e).BindToken(ctx, a.Email, a.Password, a.Token, opts...)
	}},
	"unbindToken": {run: func(ctx context.Context, e *clientEntry, c *call) (any, error) {
		a, opts, err := c.callArgs()
		if err != nil {
			return nil, err
		}
		return true, a.service(e).UnbindToken(ctx, a.Email, a.Password, a.Token, opts...)
	}},
	"requestPasswordReset": {run: func(ctx context.Context, e *clientEntry, c *call) (any, error) {
		a, opts, err := c.callArgs()
		if err != nil {
			return nil, err
		}
		return true, a.service(e).RequestPasswordReset(ctx, a.Email, opts...)
	}},
	"confirmPasswordReset": {run: func(ctx context.Context, e *clientEntry, c *call) (any, error) {
		a, opts, err := c.callArgs()
		if err != nil {
			return nil, err
		}
		return true, a.service(e).ConfirmPasswordReset(ctx, a.Token, a.Password, a.PasswordConfirm, opts...)
	}},
	"requestVerification": {run: func(ctx context.Context, e *clientEntry, c *call) (any, error) {
		a, opts, err := c.callArgs()
		if err != nil {
			return nil, err
		}
		return true, a.service(e).RequestVerification(ctx, a.Email, opts...)
	}},
	"confirmVerification": {run: func(ctx context.Context, e *clientEntry, c *call) (any, error) {
		a, opts, err := c.callArgs()
		if err != nil {
			return nil, err
		}
		return true, a.service(e).ConfirmVerification(ctx, a.Token, opts...)
	}},
	"requestEmailChange": {run: func(ctx context.Context, e *clientEntry, c *call) (any, error) {
		a, opts, err := c.callArgs()
		if err != nil {
			return nil, err
		}
		return true, a.service(e).RequestEmailChange(ctx, a.NewEmail, opts...)
	}},
	"confirmEmailChange": {run: func(ctx context.Context, e *clientEntry, c *call) (any, error) {
		a, opts, err := c.callArgs()
		if err != nil {
			return nil, err
		}
		return true, a.service(e).ConfirmEmailChange(ctx, a.Token, a.Password, opts...)
	}},
	"impersonate": {run: runImpersonate},
}

// runImpersonate returns {handle, token, record} of a new client holding
// the impersonated session in memory; c.fn receives its auth changes.
func runImpersonate(ctx context.Context, e *clientEntry, c *call) (any, error) {
	a, opts, err := c.callArgs()
	if err != nil {
		return nil, err
	}
	if a.ID == "" {
		return nil, fmt.Errorf("%w: impersonate needs a record id", errBadCall)
	}
	ic, err := a.service(e).Impersonate(ctx, a.ID, seconds(a.Duration), opts...)
	if err != nil {
		return nil, err
	}
	if ic == nil {
		return nil, errors.New("bosgo: impersonate returned no client")
	}
	n := register(ic, ic.AuthStore(), "memory", "", c.fn)
	return map[string]any{"handle": n.id, "baseURL": ic.BaseURL()}, nil
}
