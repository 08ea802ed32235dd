//go:build !js

package core_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/internal/testenv"
)

// pngBytes returns a w×h PNG; the server sniffs uploads, so an image
// field needs real image bytes. pad appends junk after the image end.
func pngBytes(t *testing.T, w, h int, c color.Color, pad int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	b.Write(make([]byte, pad))
	return b.Bytes()
}

// download GETs u and returns the status and body.
func download(t *testing.T, u string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), "GET", u, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

func TestAvatarUploadE2E(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	pb, u := recordsSignIn(t, srv)
	users := pb.Collection("users")

	first := pngBytes(t, 120, 80, color.RGBA{R: 255, A: 255}, 0)
	rec, err := users.Update(t.Context(), u.ID, map[string]any{
		"name":   "With Avatar",
		"avatar": &core.File{Name: "me.png", Reader: bytes.NewReader(first)},
	})
	if err != nil {
		t.Fatalf("upload: %v", err)
	}
	name := rec.String("avatar")
	if !strings.HasPrefix(name, "me") || !strings.HasSuffix(name, ".png") || rec.String("name") != "With Avatar" {
		t.Fatalf("record after upload: avatar %q, name %q", name, rec.String("name"))
	}
	if got := pb.AuthStore().Record().String("avatar"); got != name {
		t.Fatalf("the stored session record has avatar %q, want %q", got, name)
	}
	if status, body := download(t, pb.Files().URL(rec, name, nil)); status != 200 || !bytes.Equal(body, first) {
		t.Fatalf("download: %d, %d bytes; want 200 and the %d uploaded bytes", status, len(body), len(first))
	}
	status, thumb := download(t, pb.Files().URL(rec, name, &core.FileURLOptions{Thumb: "100x100"}))
	if cfg, err := png.DecodeConfig(bytes.NewReader(thumb)); status != 200 || err != nil || cfg.Width != 100 || cfg.Height != 100 {
		t.Fatalf("thumb: status %d, %v, %+v; want a 100x100 PNG", status, err, cfg)
	}

	// Replace: a new name, the old file is gone.
	second := pngBytes(t, 10, 10, color.RGBA{B: 255, A: 255}, 0)
	rec2, err := users.Update(t.Context(), u.ID, map[string]any{"avatar": core.File{Name: `C:\photos\"new" é.png`, Data: second}})
	if err != nil {
		t.Fatalf("replace: %v", err)
	}
	name2 := rec2.String("avatar")
	if name2 == name || strings.ContainsAny(name2, `/\"`) {
		t.Fatalf("replaced avatar name %q (old %q)", name2, name)
	}
	if status, body := download(t, pb.Files().URL(rec2, name2, &core.FileURLOptions{Download: true})); status != 200 || !bytes.Equal(body, second) {
		t.Fatalf("download of the replacement: %d, %d bytes", status, len(body))
	}
	if status, _ := download(t, pb.Files().URL(rec2, name, nil)); status != 404 {
		t.Fatalf("the replaced file answers %d, want 404", status)
	}

	// Refused files: the typed error carries the field's reason.
	for _, tt := range []struct {
		name string
		file core.File
		code string
	}{
		{"wrong type", core.File{Name: "notes.png", Data: []byte("just text, not an image")}, "validation_invalid_mime_type"},
		{"too large", core.File{Name: "big.png", Data: pngBytes(t, 4, 4, color.Black, 1<<20)}, "validation_file_size_limit"},
	} {
		_, err := users.Update(t.Context(), u.ID, map[string]any{"avatar": tt.file})
		statusErr(t, tt.name, err, 400)
		if fe := core.FieldErrors(err)["avatar"]; fe.Code != tt.code || fe.Message == "" {
			t.Errorf("%s: FieldErrors[avatar] = %+v, want code %s", tt.name, fe, tt.code)
		}
	}
}

func TestProtectedAttachmentE2E(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	pb, u := recordsSignIn(t, srv)
	posts := pb.Collection("posts")
	files := map[string][]byte{"a.txt": []byte("first file"), "b.txt": []byte("second file"), "c.txt": []byte("third file")}

	post, err := posts.Create(t.Context(), map[string]any{
		"title": "with attachments", "user": u.ID,
		"attachment": []*core.File{{Name: "a.txt", Data: files["a.txt"]}, {Name: "b.txt", Data: files["b.txt"]}},
	})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	names := attachmentNames(post)
	if len(names) != 2 || post.String("title") != "with attachments" {
		t.Fatalf("created post: %v", post)
	}

	// Append, then remove the first.
	post, err = posts.Update(t.Context(), post.ID(), map[string]any{"attachment+": core.File{Name: "c.txt", Data: files["c.txt"]}})
	if err != nil || len(attachmentNames(post)) != 3 {
		t.Fatalf("append: %v, %v", err, attachmentNames(post))
	}
	post, err = posts.Update(t.Context(), post.ID(), map[string]any{"attachment-": []string{names[0]}})
	if err != nil {
		t.Fatalf("remove: %v", err)
	}
	names = attachmentNames(post)
	if len(names) != 2 || !strings.HasPrefix(names[0], "b") || !strings.HasPrefix(names[1], "c") {
		t.Fatalf("after append and remove: %v", names)
	}

	// Protected: refused without a token, served with one.
	if status, _ := download(t, pb.Files().URL(post, names[0], nil)); status != 404 {
		t.Fatalf("protected file without a token: %d, want 404", status)
	}
	token, err := pb.Files().Token(t.Context())
	if err != nil || token == "" {
		t.Fatalf("Token: %q, %v", token, err)
	}
	for i, want := range []string{"b.txt", "c.txt"} {
		status, body := download(t, pb.Files().URL(post, names[i], &core.FileURLOptions{Token: token}))
		if status != 200 || !bytes.Equal(body, files[want]) {
			t.Fatalf("%s with a token: %d %q", want, status, body)
		}
	}
	if _, err := core.New(srv.URL).Files().Token(t.Context()); core.StatusOf(err) != 401 {
		t.Fatalf("Token without a session: %v, want 401", err)
	}
}

func attachmentNames(rec core.Record) []string {
	var out []string
	list, _ := rec["attachment"].([]any)
	for _, v := range list {
		s, _ := v.(string)
		out = append(out, s)
	}
	return out
}

func TestGetCountE2E(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	pb, u := recordsSignIn(t, srv)
	createPosts(t, pb, u.ID, "count one", "count two", "count three")
	posts := pb.Collection("posts")
	mine := pb.Filter("user = {:id}", map[string]any{"id": u.ID})
	for _, tt := range []struct {
		filter string
		want   int
	}{
		{mine, 3},
		{mine + " && title ~ 'two'", 1},
		{mine + " && title = 'nothing'", 0},
	} {
		if n, err := posts.GetCount(t.Context(), tt.filter); err != nil || n != tt.want {
			t.Errorf("GetCount(%q) = %d, %v; want %d", tt.filter, n, err, tt.want)
		}
	}
	if n, err := posts.GetCount(t.Context(), ""); err != nil || n < 3 {
		t.Errorf("GetCount of all = %d, %v", n, err)
	}
	// The list rule applies: guests see no posts.
	if n, err := core.New(srv.URL).Collection("posts").GetCount(t.Context(), mine); err != nil || n != 0 {
		t.Errorf("guest GetCount = %d, %v; want 0", n, err)
	}
	_, err := posts.GetCount(t.Context(), "title ===")
	statusErr(t, "bad filter", err, 400)
}

func TestExternalAuthsE2E(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)

	// The seeded linked account.
	linked := core.New(srv.URL)
	res, err := linked.Collection("users").AuthWithPassword(t.Context(), "linked@example.com", "password123")
	if err != nil {
		t.Fatal(err)
	}
	links, err := linked.Collection("users").ListExternalAuths(t.Context(), res.Record.ID())
	if err != nil || len(links) != 1 || links[0].String("provider") != "oidc" || links[0].String("recordRef") != res.Record.ID() {
		t.Fatalf("seeded links: %v, %v", links, err)
	}

	// Link through the mock OIDC provider, list, unlink.
	user := srv.NewUser(t, testenv.UserOptions{Verified: true})
	srv.QueueOIDCUser(t, user.Email, "Linked Person")
	pb, b := rtNewClient(t, srv.URL), newBrowser(t)
	users := pb.Collection("users")
	if _, err := users.AuthWithOAuth2(t.Context(), core.OAuth2Options{Provider: "oidc", URLCallback: b.signInAs(user.Email)}); err != nil {
		t.Fatalf("AuthWithOAuth2: %v", err)
	}
	links, err = users.ListExternalAuths(t.Context(), user.ID)
	if err != nil || len(links) != 1 || links[0].String("provider") != "oidc" {
		t.Fatalf("links after OAuth2: %v, %v", links, err)
	}
	// Another user's links are not visible.
	if other, err := users.ListExternalAuths(t.Context(), res.Record.ID()); err != nil || len(other) != 0 {
		t.Fatalf("another user's links: %v, %v", other, err)
	}
	if err := users.UnlinkExternalAuth(t.Context(), user.ID, "oidc"); err != nil {
		t.Fatalf("UnlinkExternalAuth: %v", err)
	}
	if links, err := users.ListExternalAuths(t.Context(), user.ID); err != nil || len(links) != 0 || links == nil {
		t.Fatalf("links after unlink: %#v, %v", links, err)
	}
	statusErr(t, "unlink again", users.UnlinkExternalAuth(t.Context(), user.ID, "oidc"), 404)
}

func TestHealthE2E(t *testing.T) {
	t.Parallel()
	srv := testenv.Shared(t)
	h, err := core.New(srv.URL).Health().Check(t.Context())
	if err != nil || h.Code != 200 || h.Message == "" || h.Data == nil {
		t.Fatalf("Check = %+v, %v", h, err)
	}
	_, err = core.New("http://127.0.0.1:1").Health().Check(t.Context())
	if core.StatusOf(err) != 0 {
		t.Fatalf("unreachable server: %v, want status 0", err)
	}
}
