//go:build js

package core

import "errors"

// serveLaunchURL is not available in the browser, which cannot listen.
func serveLaunchURL(string) (string, <-chan error, func(), error) {
	return "", nil, nil, newClientError("", 0, "oauth2: OneTimeLaunchURL needs a native build", errors.ErrUnsupported)
}
