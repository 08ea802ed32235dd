package desktopbench_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/desktop/tokenstore"
)

// BenchmarkTokenstore times Save (encrypt, write a temporary file, fsync,
// rename, fsync the folder) and Open (key from the key source, read,
// decrypt) of a session with a 1 KB record. keyring=memory takes the data
// key from an in-process keyring; keyring=secret-service (only when
// BOSGO_BENCH_SECRET_SERVICE is set, under a D-Bus session with an unlocked
// gnome-keyring) from the real Secret Service. Save does not touch the
// keyring after Open, so the keyring's cost shows in op=open.
func BenchmarkTokenstore(b *testing.B) {
	keyrings := []struct {
		name string
		kr   tokenstore.Keyring
	}{{"memory", tokenstore.NewMemoryKeyring()}}
	if os.Getenv("BOSGO_BENCH_SECRET_SERVICE") != "" {
		keyrings = append(keyrings, struct {
			name string
			kr   tokenstore.Keyring
		}{"secret-service", tokenstore.SystemKeyring()})
	}
	ctx := context.Background()
	token := "eyJhbGciOiJIUzI1NiJ9." + strings.Repeat("e", 200) + ".c2ln"
	rec := core.Record{"id": "u1", "collectionName": "users", "email": "bench@example.com", "bio": strings.Repeat("x", 1000)}
	for _, k := range keyrings {
		dir := b.TempDir()
		src := &tokenstore.KeyringSource{Keyring: k.kr, Service: "bosgo-bench"}
		opts := tokenstore.Options{Dir: dir, Profile: "bench", Keys: src}
		s, err := tokenstore.Open(ctx, opts)
		if err != nil {
			b.Fatalf("%s: open: %v", k.name, err)
		}
		b.Run("keyring="+k.name+"/op=save", func(b *testing.B) {
			for b.Loop() {
				if err := s.Save(token, rec); err != nil {
					b.Fatal(err)
				}
			}
		})
		_ = s.Close()
		b.Run("keyring="+k.name+"/op=open", func(b *testing.B) {
			for b.Loop() {
				s, err := tokenstore.Open(ctx, opts)
				if err != nil {
					b.Fatal(err)
				}
				if s.Token() != token {
					b.Fatal("the session did not survive")
				}
				_ = s.Close()
			}
		})
		_ = src.Forget(ctx, "bench")
	}
}
