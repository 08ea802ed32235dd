// Package wasmsize attributes the bytes of a Go WebAssembly module to Go
// packages. `go tool nm` does not read wasm executables, so it reads the
// module itself: the size of each function body in the code section,
// named by the "name" custom section the Go linker writes when the module
// is built without -ldflags=-s. Data (type descriptors, strings, the
// pc-line tables) lies in data segments without symbol names; it is
// reported as one total.
package wasmsize

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// ErrFormat is returned for input that is not a well-formed wasm module.
var ErrFormat = errors.New("wasmsize: not a well-formed wasm module")

// Module is what Parse found.
type Module struct {
	Funcs []Func // every function with a body, in index order
	Code  int    // bytes of the code section
	Data  int    // bytes of the data section
	Other int    // bytes of every other section (headers included)
	Total int    // bytes of the module
}

// Func is one function body.
type Func struct {
	Name string // from the name section; "" when unnamed
	Off  int    // offset of the body (its size prefix) in the module
	Size int    // bytes of the body, its size prefix included
}

// Package is the code of one Go package (or a group: see PackageOf).
type Package struct {
	Path  string `json:"path"`
	Bytes int    `json:"bytes"`
	Funcs int    `json:"funcs"`
	// Brotli is the package's function bodies compressed on their own
	// (brotli -q 11), when measured: an upper bound of what the package
	// adds to the shipped module, which is compressed as a whole.
	Brotli int `json:"brotli,omitempty"`
}

// Parse reads a wasm module.
func Parse(b []byte) (*Module, error) {
	if len(b) < 8 || string(b[:4]) != "\x00asm" || b[4] != 1 || b[5] != 0 || b[6] != 0 || b[7] != 0 {
		return nil, fmt.Errorf("%w: no wasm version 1 header", ErrFormat)
	}
	m := &Module{Total: len(b), Other: 8}
	r := &reader{b: b, off: 8}
	imported := 0
	var bodies [][2]int
	names := map[int]string{}
	for r.off < len(b) {
		start := r.off
		id := r.byte()
		size := r.uleb()
		if r.err != nil || size > uint64(len(b)-r.off) {
			return nil, fmt.Errorf("%w: section at %d overruns the module", ErrFormat, start)
		}
		sec := &reader{b: b[:r.off+int(size)], off: r.off}
		r.off += int(size)
		whole := r.off - start
		var err error
		switch id {
		case 2:
			imported, err = sec.importedFuncs()
			m.Other += whole
		case 10:
			bodies, err = sec.bodies()
			m.Code += whole
		case 11:
			m.Data += whole
		case 0:
			if sec.name() == "name" {
				err = sec.funcNames(names)
			}
			m.Other += whole
		default:
			m.Other += whole
		}
		if err == nil {
			err = sec.err
		}
		if err != nil {
			return nil, fmt.Errorf("%w: section %d at %d: %w", ErrFormat, id, start, err)
		}
	}
	for i, body := range bodies {
		m.Funcs = append(m.Funcs, Func{Name: names[imported+i], Off: body[0], Size: body[1]})
	}
	return m, nil
}

// ByPackage sums the function bodies per package (see Resolver.Package),
// largest first (ties by path).
func ByPackage(funcs []Func, r *Resolver) []Package {
	sums := map[string]*Package{}
	for _, f := range funcs {
		p := r.Package(f.Name)
		if sums[p] == nil {
			sums[p] = &Package{Path: p}
		}
		sums[p].Bytes += f.Size
		sums[p].Funcs++
	}
	out := make([]Package, 0, len(sums))
	for _, p := range sums {
		out = append(out, *p)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Bytes != out[j].Bytes {
			return out[i].Bytes > out[j].Bytes
		}
		return out[i].Path < out[j].Path
	})
	return out
}

// Resolver finds the package of a function name. The Go linker writes
// names into the wasm name section with every character other than
// letters, digits, '_' and '.' replaced by '_' ("github.com/x/y.(*T).M"
// becomes "github.com_x_y.__T_.M"), so the package is found by matching
// the mangled import paths of the module's packages (go list -deps).
type Resolver struct {
	byMangled map[string]string
}

// NewResolver knows the given import paths; mainPath is the path shown for
// the main package (whose symbols are named "main.…").
func NewResolver(paths []string, mainPath string) *Resolver {
	r := &Resolver{byMangled: map[string]string{"main": mainPath}}
	for _, p := range paths {
		if p != mainPath {
			r.byMangled[Mangle(p)] = p
		}
	}
	return r
}

// Mangle is the Go linker's spelling of a symbol name in the wasm name
// section: every character but [0-9A-Za-z_.] becomes '_'.
func Mangle(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '.') {
			b[i] = '_'
		}
	}
	return string(b)
}

// Package is the import path of the package whose function is named name:
// the longest known mangled path followed by '.'. Linker-made symbols
// ("type:…", "go:…") are "(linker)", unnamed functions "(unnamed)", and
// names of no known package (the runtime's assembly, the wasm glue)
// "(assembly)".
func (r *Resolver) Package(name string) string {
	switch {
	case name == "":
		return "(unnamed)"
	case strings.HasPrefix(name, "type_."), strings.HasPrefix(name, "go_"):
		return "(linker)"
	}
	for i := len(name) - 1; i > 0; i-- {
		if name[i] != '.' {
			continue
		}
		if p, ok := r.byMangled[name[:i]]; ok {
			return p
		}
	}
	return "(assembly)"
}

type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) fail(what string) {
	if r.err == nil {
		r.err = fmt.Errorf("%s at %d", what, r.off)
	}
	r.off = len(r.b)
}

func (r *reader) byte() byte {
	if r.off >= len(r.b) {
		r.fail("truncated")
		return 0
	}
	c := r.b[r.off]
	r.off++
	return c
}

func (r *reader) uleb() uint64 {
	var v uint64
	for shift := 0; shift < 64; shift += 7 {
		c := r.byte()
		if r.err != nil {
			return 0
		}
		v |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			return v
		}
	}
	r.fail("overlong LEB128")
	return 0
}

// count reads a vector length, bounded by the bytes left (every element
// takes at least one byte).
func (r *reader) count() int {
	n := r.uleb()
	if n > uint64(len(r.b)-r.off) {
		r.fail("count beyond the section")
		return 0
	}
	return int(n)
}

func (r *reader) bytes() []byte {
	n := r.count()
	if r.err != nil {
		return nil
	}
	s := r.b[r.off : r.off+n]
	r.off += n
	return s
}

func (r *reader) name() string { return string(r.bytes()) }

func (r *reader) limits() {
	flags := r.byte()
	r.uleb()
	if flags&1 != 0 {
		r.uleb()
	}
}

// importedFuncs counts the function imports (they come first in the
// function index space).
func (r *reader) importedFuncs() (int, error) {
	funcs := 0
	for n := r.count(); n > 0 && r.err == nil; n-- {
		r.name()
		r.name()
		switch kind := r.byte(); kind {
		case 0:
			r.uleb()
			funcs++
		case 1:
			r.byte()
			r.limits()
		case 2:
			r.limits()
		case 3:
			r.byte()
			r.byte()
		default:
			return 0, fmt.Errorf("import kind %d", kind)
		}
	}
	return funcs, r.err
}

// bodies returns the offset and size of each function body, its size
// prefix included.
func (r *reader) bodies() ([][2]int, error) {
	var out [][2]int
	for n := r.count(); n > 0 && r.err == nil; n-- {
		start := r.off
		size := r.count()
		r.off += size
		if r.err == nil {
			out = append(out, [2]int{start, r.off - start})
		}
	}
	return out, r.err
}

// funcNames reads the function names subsection of the name section.
func (r *reader) funcNames(into map[int]string) error {
	for r.off < len(r.b) && r.err == nil {
		id := r.byte()
		sub := r.bytes()
		if id != 1 || r.err != nil {
			continue
		}
		s := &reader{b: sub}
		for n := s.count(); n > 0 && s.err == nil; n-- {
			idx := s.uleb()
			name := s.name()
			if s.err == nil && idx <= uint64(len(r.b)) {
				into[int(idx)] = name
			}
		}
		if s.err != nil {
			return s.err
		}
	}
	return r.err
}

// Table is the per-package report of one module, as the benchmark report
// shows it.
type Table struct {
	Packages []Package `json:"packages"` // largest first
	Code     int       `json:"code"`     // code section bytes
	Data     int       `json:"data"`     // data section bytes
	Other    int       `json:"other"`    // every other section
	Total    int       `json:"total"`    // the module built with names (raw bytes)
}

// NewTable makes the table of m.
func NewTable(m *Module, r *Resolver) Table {
	return Table{Packages: ByPackage(m.Funcs, r), Code: m.Code, Data: m.Data, Other: m.Other, Total: m.Total}
}

// Markdown renders the top packages of t (the rest summed in one row) and
// the sections, as a Markdown table.
func (t Table) Markdown(top int) string {
	var b strings.Builder
	br := len(t.Packages) > 0 && t.Packages[0].Brotli > 0
	pct := func(n int) string { return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(t.Code)) }
	brCell := func(n int) string {
		if !br {
			return ""
		}
		return fmt.Sprintf(" %d |", n)
	}
	if br {
		b.WriteString("| package | code bytes | share of code | functions | brotli -q 11 alone |\n|---|---:|---:|---:|---:|\n")
	} else {
		b.WriteString("| package | code bytes | share of code | functions |\n|---|---:|---:|---:|\n")
	}
	rest, restFuncs, restBr, restN := 0, 0, 0, 0
	for i, p := range t.Packages {
		if i >= top {
			rest += p.Bytes
			restFuncs += p.Funcs
			restBr += p.Brotli
			restN++
			continue
		}
		fmt.Fprintf(&b, "| `%s` | %d | %s | %d |%s\n", p.Path, p.Bytes, pct(p.Bytes), p.Funcs, brCell(p.Brotli))
	}
	if restN > 0 {
		fmt.Fprintf(&b, "| %d other packages | %d | %s | %d |%s\n", restN, rest, pct(rest), restFuncs, brCell(restBr))
	}
	empty := ""
	if br {
		empty = " |"
	}
	fmt.Fprintf(&b, "| **code section** | **%d** | 100%% | |%s\n", t.Code, empty)
	fmt.Fprintf(&b, "| data section (types, strings, pc tables: no per-symbol names) | %d | | |%s\n", t.Data, empty)
	fmt.Fprintf(&b, "| other sections (names, imports, exports, headers) | %d | | |%s\n", t.Other, empty)
	fmt.Fprintf(&b, "| module built with names | %d | | |%s\n", t.Total, empty)
	return b.String()
}
