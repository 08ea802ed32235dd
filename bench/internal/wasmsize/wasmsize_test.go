package wasmsize

import (
	"errors"
	"testing"
)

// module assembles a small module: two imported functions, three bodies
// (of 3, 2 and 4 bytes plus their size prefix), a name section naming the
// first two bodies, and a data section.
func module() []byte {
	b := []byte("\x00asm\x01\x00\x00\x00")
	sec := func(id byte, body []byte) { b = append(append(append(b, id), byte(len(body))), body...) }
	sec(1, []byte{1, 0x60, 0, 0}) // one type: func() → ()
	sec(2, []byte{3,
		2, 'g', 'o', 1, 'a', 0, 0, // func import
		2, 'g', 'o', 1, 'm', 2, 0, 1, // memory import, min 1
		2, 'g', 'o', 1, 'b', 0, 0, // func import
	})
	sec(10, []byte{3, 3, 0, 1, 0x0b, 2, 0, 0x0b, 4, 0, 1, 1, 0x0b})
	sec(11, []byte{0})
	names := []byte{2, 2, 3, 'r', '.', 'x', 3, 5, 'a', '_', 'b', '.', 'F'}
	custom := append([]byte{4, 'n', 'a', 'm', 'e', 1, byte(len(names))}, names...)
	sec(0, custom)
	return b
}

func TestParse(t *testing.T) {
	b := module()
	m, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	want := []Func{{"r.x", 42, 4}, {"a_b.F", 46, 3}, {"", 49, 5}} // the code section starts at 39: id, size, count
	if len(m.Funcs) != len(want) {
		t.Fatalf("funcs %+v, want %+v", m.Funcs, want)
	}
	for i := range want {
		if m.Funcs[i] != want[i] {
			t.Errorf("func %d = %+v, want %+v", i, m.Funcs[i], want[i])
		}
	}
	if m.Code != 2+13 || m.Data != 3 || m.Code+m.Data+m.Other != m.Total || m.Total != len(b) {
		t.Errorf("sections code %d data %d other %d total %d (len %d)", m.Code, m.Data, m.Other, m.Total, len(b))
	}
	got := ByPackage(m.Funcs, NewResolver([]string{"r", "a/b"}, "m"))
	if len(got) != 3 || got[0] != (Package{Path: "(unnamed)", Bytes: 5, Funcs: 1}) || got[1] != (Package{Path: "r", Bytes: 4, Funcs: 1}) || got[2] != (Package{Path: "a/b", Bytes: 3, Funcs: 1}) {
		t.Errorf("ByPackage = %+v", got)
	}
}

func TestParseRefusesBadInput(t *testing.T) {
	good := module()
	for name, b := range map[string][]byte{
		"empty":       nil,
		"not wasm":    []byte("\x7fELF\x01\x00\x00\x00"),
		"truncated":   good[:len(good)-3],
		"big section": append([]byte("\x00asm\x01\x00\x00\x00\x0a\xff\xff\x03"), 0),
		"big count":   []byte("\x00asm\x01\x00\x00\x00\x0a\x02\xff\x01"),
	} {
		if _, err := Parse(b); !errors.Is(err, ErrFormat) {
			t.Errorf("%s: err = %v, want ErrFormat", name, err)
		}
	}
}

func TestResolverPackage(t *testing.T) {
	r := NewResolver([]string{
		"runtime", "internal/runtime/maps", "internal/runtime", "github.com/bosgo/bosgo/core", "github.com/bosgo/bosgo/internal/jsonv",
		"slices", "sync", "sync/atomic", "cmp", "vendor/golang.org/x/net/idna", "github.com/bosgo/bosgo/wasm",
	}, "github.com/bosgo/bosgo/wasm")
	for name, want := range map[string]string{
		"runtime.mallocgc":                                                "runtime",
		"runtime.__mspan_.objBase":                                        "runtime",
		"internal_runtime_maps.NewMap":                                    "internal/runtime/maps",
		"github.com_bosgo_bosgo_core.__Client_.Send":                      "github.com/bosgo/bosgo/core",
		"github.com_bosgo_bosgo_internal_jsonv.__Fields_.Bool":            "github.com/bosgo/bosgo/internal/jsonv",
		"sync_atomic.__Pointer_go.shape.struct___sync.poolDequeue__.Load": "sync/atomic",
		"cmp.Less_go.shape.int_":                                          "cmp",
		"type_.eq.runtime.pcHeader":                                       "(linker)",
		"go_buildid":                                                      "(linker)",
		"wasm_pc_f_loop":                                                  "(assembly)",
		"":                                                                "(unnamed)",
		"main.main":                                                       "github.com/bosgo/bosgo/wasm",
		"vendor_golang.org_x_net_idna.New":                                "vendor/golang.org/x/net/idna",
	} {
		if got := r.Package(name); got != want {
			t.Errorf("Package(%q) = %q, want %q", name, got, want)
		}
	}
	if got := Mangle("github.com/x/y.(*T).M[go.shape.int]"); got != "github.com_x_y.__T_.M_go.shape.int_" {
		t.Errorf("Mangle = %q", got)
	}
}

// FuzzParse: any input gives a module or ErrFormat, and the section sizes
// add up to the input.
func FuzzParse(f *testing.F) {
	f.Add(module())
	f.Add([]byte("\x00asm\x01\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Parse(b)
		if err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if m.Code+m.Data+m.Other != len(b) {
			t.Fatalf("sections add up to %d of %d bytes", m.Code+m.Data+m.Other, len(b))
		}
		sum := 0
		for _, fn := range m.Funcs {
			sum += fn.Size
		}
		if sum > m.Code {
			t.Fatalf("bodies %d > code section %d", sum, m.Code)
		}
	})
}
