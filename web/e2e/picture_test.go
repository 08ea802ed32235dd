//go:build !js

package e2e

import (
	"bytes"
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// docImageEnv, when set, makes TestWeb write the README's picture of the
// demo, docs/img/web-demo.png (go tool task web:screenshot sets it).
const docImageEnv = "BOSGO_WEB_DOC_IMG"

// testPicture puts the signed-out and the signed-in screenshots side by
// side: artifacts/web/web-demo.png, and docs/img/web-demo.png when
// BOSGO_WEB_DOC_IMG is set.
func (e *env) testPicture(t *testing.T) {
	left, right := e.shots["02-signed-out"], e.shots["03-signed-in"]
	if left == nil || right == nil {
		t.Skip("the screenshots of PasswordSignIn are missing (run the whole TestWeb)")
	}
	doc := os.Getenv(docImageEnv) != ""
	level := png.BestSpeed // an artifact: fast
	if doc {
		level = png.BestCompression // checked in: small
	}
	pic, err := sideBySide(left, right, level)
	if err != nil {
		t.Fatal(err)
	}
	out := []string{filepath.Join(e.root, "artifacts", "web", "web-demo.png")}
	if doc {
		out = append(out, filepath.Join(e.root, "docs", "img", "web-demo.png"))
	}
	for _, path := range out {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, pic, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", path)
	}
}

// sideBySide joins two PNGs horizontally.
func sideBySide(a, b []byte, level png.CompressionLevel) ([]byte, error) {
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		return nil, err
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	ra, rb := ia.Bounds(), ib.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, ra.Dx()+rb.Dx(), max(ra.Dy(), rb.Dy())))
	draw.Draw(out, out.Bounds(), image.NewUniform(ia.At(ra.Min.X, ra.Min.Y)), image.Point{}, draw.Src)
	draw.Draw(out, image.Rect(0, 0, ra.Dx(), ra.Dy()), ia, ra.Min, draw.Src)
	draw.Draw(out, image.Rect(ra.Dx(), 0, ra.Dx()+rb.Dx(), rb.Dy()), ib, rb.Min, draw.Src)
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: level}
	if err := enc.Encode(&buf, out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
