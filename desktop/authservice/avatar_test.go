package authservice_test

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/internal/testenv"
)

// TestAvatar: a user with an avatar sees it (a data: URL of an image,
// fetched through the Files API); a user without one gets "".
func TestAvatar(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u := e.srv.NewUser(t, testenv.UserOptions{Verified: true, Name: "Avatar Person"})
	// Upload an avatar as the user, through core.
	c := core.New(e.srv.URL)
	if _, err := c.Collection("users").AuthWithPassword(t.Context(), u.Email, u.Password); err != nil {
		t.Fatal(err)
	}
	img := image.NewRGBA(image.Rect(0, 0, 120, 120))
	for i := range img.Pix {
		img.Pix[i] = 0x80
	}
	img.Set(3, 3, color.RGBA{R: 255, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Collection("users").Update(t.Context(), u.ID, map[string]any{
		"avatar": &core.File{Name: "me.png", Reader: &buf},
	}); err != nil {
		t.Fatalf("avatar upload: %v", err)
	}

	svc, _ := e.start(t)
	if got, err := svc.GetAvatar(); err != nil || got != "" {
		t.Errorf("GetAvatar signed out = %q, %v; want \"\"", got, err)
	}
	signIn(t, svc, u)
	got, err := svc.GetAvatar()
	if err != nil {
		t.Fatal(err)
	}
	const prefix = "data:image/png;base64,"
	if !strings.HasPrefix(got, prefix) {
		t.Fatalf("avatar = %.40q…, want a PNG data URL", got)
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(got, prefix))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(raw))
	if err != nil || cfg.Width != 100 || cfg.Height != 100 {
		t.Errorf("avatar is %dx%d (%v), want the 100x100 thumbnail", cfg.Width, cfg.Height, err)
	}

	// Without an avatar: "".
	other := e.srv.NewUser(t, testenv.UserOptions{Verified: true})
	if _, err := svc.SignOut(); err != nil {
		t.Fatal(err)
	}
	signIn(t, svc, other)
	if got, err := svc.GetAvatar(); err != nil || got != "" {
		t.Errorf("GetAvatar without an avatar = %.30q, %v", got, err)
	}
}
