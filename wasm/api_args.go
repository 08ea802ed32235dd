//go:build js && wasm

package main

import (
	"encoding/json"
	"time"

	"github.com/bosgo/bosgo/core"
)

// callArgs is the argument object of every async bridge method; each
// method reads the members it needs. Names follow the JS SDK's parameters.
type callArgs struct {
	Collection      string          `json:"collection"`
	Identity        string          `json:"identity"`
	Password        string          `json:"password"`
	PasswordConfirm string          `json:"passwordConfirm"`
	OTPID           string          `json:"otpId"`
	Code            string          `json:"code"`
	Email           string          `json:"email"`
	NewEmail        string          `json:"newEmail"`
	Token           string          `json:"token"`
	Provider        string          `json:"provider"`
	CodeVerifier    string          `json:"codeVerifier"`
	RedirectURL     string          `json:"redirectURL"`
	Scopes          []string        `json:"scopes"`
	CreateData      map[string]any  `json:"createData"`
	ID              string          `json:"id"`
	Duration        float64         `json:"duration"` // seconds
	Page            int             `json:"page"`
	PerPage         int             `json:"perPage"`
	Batch           int             `json:"batch"`
	Filter          string          `json:"filter"`
	Topic           string          `json:"topic"`
	Body            json.RawMessage `json:"body"`
	Data            json.RawMessage `json:"data"`
	Timeout         float64         `json:"timeout"` // ms
	Options         json.RawMessage `json:"options"`
}

// args decodes the call's arguments and its request options.
func (c *call) callArgs() (*callArgs, []core.RequestOption, error) {
	var a callArgs
	if err := c.decode(&a); err != nil {
		return nil, nil, err
	}
	opts, err := decodeOptions(a.Options)
	if err != nil {
		return nil, nil, err
	}
	return &a, opts, nil
}

// service returns the record service the arguments name.
func (a *callArgs) service(e *clientEntry) *core.RecordService {
	return e.client.Collection(a.Collection)
}

// body returns the JSON body as a map (nil for none).
func (a *callArgs) body() (map[string]any, error) {
	if len(a.Body) == 0 || string(a.Body) == "null" {
		return map[string]any{}, nil
	}
	var m map[string]any
	if err := json.Unmarshal(a.Body, &m); err != nil {
		return nil, err
	}
	return m, nil
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
