// Command wasm-pkgsize prints where the bytes of bosbase.wasm come from: the
// code of each Go package (function bodies summed by the linker's names),
// the data section and the rest, as a Markdown table, and writes the table
// as JSON for the benchmark report (bosgo-bench reads it from its work
// folder). Run it through go tool task wasm:pkgsize, which builds the
// module as the shipped one but with its name section (no -ldflags=-s,
// which only drops names and debug sections: the code is the same, and
// -stripped checks it). Function names are matched to packages through
// the import paths of -deps (the linker writes them with '/' as '_').
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"strings"

	"github.com/bosgo/bosgo/bench/internal/wasmsize"
)

func main() {
	named := flag.String("wasm", "", "the module built without -ldflags=-s")
	stripped := flag.String("stripped", "", "the shipped module; its code and data sections must equal -wasm's")
	deps := flag.String("deps", "", "the import paths of the module's packages, one a line (go list -deps ./wasm with GOOS=js GOARCH=wasm); the last is the main package")
	out := flag.String("json", "", "write the table as JSON to this file")
	top := flag.Int("top", 25, "packages shown before the rest are summed")
	flag.Parse()
	log.SetFlags(0)
	wasmBytes, err := os.ReadFile(*named)
	if err != nil {
		log.Fatal(err)
	}
	m, err := wasmsize.Parse(wasmBytes)
	if err != nil {
		log.Fatal(err)
	}
	if len(m.Funcs) == 0 || m.Funcs[0].Name == "" {
		log.Fatalf("%s has no function names: build it without -ldflags=-s", *named)
	}
	if *stripped != "" {
		s, err := parse(*stripped)
		if err != nil {
			log.Fatal(err)
		}
		if s.Code != m.Code || s.Data != m.Data {
			log.Fatalf("%s differs from %s beyond names: code %d vs %d, data %d vs %d bytes", *named, *stripped, m.Code, s.Code, m.Data, s.Data)
		}
	}
	b, err := os.ReadFile(*deps)
	if err != nil {
		log.Fatal(err)
	}
	paths := strings.Fields(string(b))
	if len(paths) == 0 {
		log.Fatalf("%s lists no packages", *deps)
	}
	r := wasmsize.NewResolver(paths, paths[len(paths)-1])
	t := wasmsize.NewTable(m, r)
	if err := compressEach(&t, m, r, wasmBytes); err != nil {
		log.Fatal(err)
	}
	if *out != "" {
		b, err := json.MarshalIndent(t, "", " ")
		if err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(*out, b, 0o644); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Print(t.Markdown(*top))
}

func parse(path string) (*wasmsize.Module, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return wasmsize.Parse(b)
}

// compressEach sets each package's Brotli: its function bodies, in module
// order, through brotli -q 11.
func compressEach(t *wasmsize.Table, m *wasmsize.Module, r *wasmsize.Resolver, module []byte) error {
	code := map[string][]byte{}
	for _, f := range m.Funcs {
		p := r.Package(f.Name)
		code[p] = append(code[p], module[f.Off:f.Off+f.Size]...)
	}
	for i := range t.Packages {
		cmd := exec.Command("brotli", "-q", "11", "-c")
		cmd.Stdin = bytes.NewReader(code[t.Packages[i].Path])
		out, err := cmd.Output()
		if err != nil {
			return fmt.Errorf("brotli (go tool task wasm:setup installs it): %w", err)
		}
		t.Packages[i].Brotli = len(out)
	}
	return nil
}
