//go:build js

package core

import "errors"

// errUploadNeedsNative is the error of a body with a [File] in the js
// build, which has no multipart encoder: the wasm adapters send the
// browser's FormData as a [RawBody] instead.
type errUploadNeedsNative struct{}

func (errUploadNeedsNative) Error() string {
	return "bosbase: file uploads from Go need the native build; in the browser send a FormData: " + errors.ErrUnsupported.Error()
}

func (errUploadNeedsNative) Unwrap() error { return errors.ErrUnsupported }

func multipartBody(map[string]any) (*RawBody, error) { return nil, errUploadNeedsNative{} }
