//go:build js && wasm

package main

import (
	"time"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/internal/jsonv"
)

// callArgs is the argument object of every async bridge method; each
// method reads the members it needs. Names follow the JS SDK's parameters.
type callArgs struct {
	Collection      string
	Identity        string
	Password        string
	PasswordConfirm string
	OTPID           string
	Code            string
	Email           string
	NewEmail        string
	Token           string
	Provider        string
	CodeVerifier    string
	RedirectURL     string
	Scopes          []string
	CreateData      map[string]any
	ID              string
	Duration        float64 // seconds
	Page            int
	PerPage         int
	Batch           int
	Filter          string
	Topic           string
	Body            any     // decoded JSON
	Data            any     // decoded JSON
	Timeout         float64 // ms
	Options         any     // decoded JSON
}

// read takes the arguments from the decoded argument object.
func (a *callArgs) read(f *jsonv.Fields) {
	a.Collection = f.String("collection")
	a.Identity = f.String("identity")
	a.Password = f.String("password")
	a.PasswordConfirm = f.String("passwordConfirm")
	a.OTPID = f.String("otpId")
	a.Code = f.String("code")
	a.Email = f.String("email")
	a.NewEmail = f.String("newEmail")
	a.Token = f.String("token")
	a.Provider = f.String("provider")
	a.CodeVerifier = f.String("codeVerifier")
	a.RedirectURL = f.String("redirectURL")
	a.Scopes = f.Strings("scopes")
	a.CreateData = f.Object("createData")
	a.ID = f.String("id")
	a.Duration = f.Float("duration")
	a.Page = f.Int("page")
	a.PerPage = f.Int("perPage")
	a.Batch = f.Int("batch")
	a.Filter = f.String("filter")
	a.Topic = f.String("topic")
	a.Body = f.Value("body")
	a.Data = f.Value("data")
	a.Timeout = f.Float("timeout")
	a.Options = f.Value("options")
}

// args decodes the call's arguments and its request options.
func (c *call) callArgs() (*callArgs, []core.RequestOption, error) {
	var a callArgs
	if err := c.decode(a.read); err != nil {
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
	switch b := a.Body.(type) {
	case nil:
		return map[string]any{}, nil
	case map[string]any:
		return b, nil
	}
	return nil, &jsonv.FieldError{Field: "body", Want: "an object"}
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
