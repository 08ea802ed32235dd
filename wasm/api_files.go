//go:build js && wasm

package main

import (
	"errors"

	"github.com/bosgo/bosgo/core"
	"github.com/hack-pad/safejs"
)

// formBody is a FormData sent as a request body: [FetchTransport] hands
// the object itself to fetch, which streams it with its own multipart
// boundary, so the module has no multipart encoder. web/bosbase.js turns a
// plain object with File/Blob values into a FormData before the call.
type formBody struct{ form safejs.Value }

// errStreamBody is what reading a formBody from Go gives (only fetch can),
// and the error of any other streamed body in the browser.
var errStreamBody = errors.New("bosgo: the browser sends FormData bodies only, through fetch")

func (formBody) Read([]byte) (int, error) { return 0, errStreamBody }

// bodyOrForm is the body of create and update: the FormData in args.form
// when there is one, else the JSON body.
func (a *callArgs) bodyOrForm(c *call) (any, error) {
	if form := get(c.args, "form"); !isNullish(form) {
		return &core.RawBody{Reader: formBody{form}}, nil
	}
	return a.body()
}
