package authservice

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/bosgo/bosgo/core"
)

// maxAvatarBytes bounds the image [Service.GetAvatar] reads (the thumbnail
// is far smaller; the devserver caps avatars at 1 MiB).
const maxAvatarBytes = 2 << 20

// avatarTimeout bounds each avatar request.
const avatarTimeout = 15 * time.Second

// errAvatar is the one error GetAvatar reports; the window then shows the
// user's initials.
var errAvatar = errors.New("authservice: the avatar could not be loaded")

// GetAvatar returns the signed-in user's avatar (the record's "avatar"
// file field, as a 100x100 thumbnail) as a data: URL, or "" when there is
// none or nobody is signed in. The image is fetched here in Go through the
// file URL of core's Files API, with a short-lived file token
// (POST /api/files/token) when the field is protected, so neither the
// token nor a URL carrying it reaches the page. Redirects are not
// followed and only images are accepted.
//
// Endpoint: GET /api/files/{collection}/{record}/{filename}
func (s *Service) GetAvatar() (string, error) {
	client, _, ctx, err := s.ready()
	if err != nil {
		return "", err
	}
	store := client.AuthStore()
	rec := store.Record()
	name := rec.String("avatar")
	if store.Token() == "" || name == "" {
		return "", nil
	}
	files := client.Files()
	opts := &core.FileURLOptions{Thumb: "100x100"}
	img, status, err := fetchImage(ctx, files.URL(rec, name, opts))
	if err != nil && status >= 400 && status < 500 {
		// A protected field: ask for a file token and try once more.
		tok, terr := files.Token(ctx)
		if terr != nil {
			return "", &Error{Code: CodeServer, Message: "Your picture could not be loaded.", Err: errAvatar}
		}
		opts.Token = tok
		img, _, err = fetchImage(ctx, files.URL(rec, name, opts))
	}
	if err != nil {
		return "", &Error{Code: CodeServer, Message: "Your picture could not be loaded.", Err: errAvatar}
	}
	return img, nil
}

// fetchImage GETs an image and returns it as a data: URL, with the HTTP
// status (0 when there was no answer). Errors never carry the URL, which
// may hold a file token.
func fetchImage(ctx context.Context, u string) (string, int, error) {
	if u == "" {
		return "", 0, errAvatar
	}
	ctx, cancel := context.WithTimeout(ctx, avatarTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", 0, errAvatar
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		return "", 0, errAvatar
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
		return "", resp.StatusCode, errAvatar
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxAvatarBytes+1))
	if err != nil || len(b) > maxAvatarBytes {
		return "", resp.StatusCode, errAvatar
	}
	ct := http.DetectContentType(b)
	if !strings.HasPrefix(ct, "image/") {
		return "", resp.StatusCode, errAvatar
	}
	return "data:" + ct + ";base64," + base64.StdEncoding.EncodeToString(b), resp.StatusCode, nil
}
