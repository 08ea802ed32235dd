package tokenstore

import (
	"errors"
	"testing"
)

// fuzzKey is the key of the fuzz corpus's valid file.
var fuzzKey = []byte("0123456789abcdef0123456789abcdef")

// FuzzDecodeFile feeds arbitrary bytes to the file decoder: it must never
// panic, and anything it refuses must be reported as ErrCorrupt.
func FuzzDecodeFile(f *testing.F) {
	valid, err := seal(fuzzKey, TierKeyring, nil, binding{app: "a", profile: "default"}, payload{Seq: 1, Token: "t", Record: map[string]any{"id": "u1"}})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(valid)
	f.Add([]byte(magic))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, ct, err := parseHeader(data)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("parseHeader error %v does not wrap ErrCorrupt", err)
			}
			return
		}
		if h.tier == TierPassphrase {
			if _, _, err := decodePassParams(h.params); err != nil && !errors.Is(err, ErrCorrupt) {
				t.Fatalf("decodePassParams error %v does not wrap ErrCorrupt", err)
			}
		}
		if _, err := open(fuzzKey, h, ct, binding{app: "a", profile: "default"}); err != nil && !errors.Is(err, ErrCorrupt) {
			t.Fatalf("open error %v does not wrap ErrCorrupt", err)
		}
	})
}
