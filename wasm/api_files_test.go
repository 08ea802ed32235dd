//go:build js && wasm

package main

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bosgo/bosgo/core"
)

// TestFetchTransportFormBody: a FormData body goes to fetch as it is (the
// browser encodes the multipart body, so the server gets the file), and a
// streamed body of any other kind is refused without a request.
func TestFetchTransportFormBody(t *testing.T) {
	base := testEnv(t, "BOSGO_TEST_URL")
	tr := &FetchTransport{}
	ctx := testCtx(t, 20*time.Second)

	form, err := global("FormData").New()
	if err != nil {
		t.Fatal(err)
	}
	blob, err := global("Blob").New([]any{"not an image"}, map[string]any{"type": "text/plain"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := form.Call("append", "avatar", blob, "a.txt"); err != nil {
		t.Fatal(err)
	}
	// A guest sign-up with a text file as the avatar: the server parses the
	// multipart body and refuses the file by its sniffed type.
	for k, v := range map[string]string{"password": "form-password-1", "passwordConfirm": "form-password-1",
		"email": "form-" + time.Now().Format("150405.000000000") + "@example.com"} {
		if _, err := form.Call("append", k, v); err != nil {
			t.Fatal(err)
		}
	}
	resp, err := tr.RoundTrip(ctx, &core.Request{Method: "POST", URL: base + "/api/collections/users/records",
		Header: core.Header{}, Stream: formBody{form}})
	if err != nil {
		t.Fatalf("POST FormData: %v", err)
	}
	var body strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		body.WriteString(string(buf[:n]))
		if err != nil {
			break
		}
	}
	_ = resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(body.String(), "validation_invalid_mime_type") {
		t.Fatalf("FormData upload: %d %s", resp.StatusCode, body.String())
	}

	_, err = tr.RoundTrip(ctx, &core.Request{Method: "POST", URL: base + "/api/health",
		Header: core.Header{}, Stream: strings.NewReader("raw")})
	if !errors.Is(err, errStreamBody) {
		t.Fatalf("a non-FormData stream: %v, want errStreamBody", err)
	}
}
