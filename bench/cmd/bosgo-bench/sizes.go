package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// sizes measures the bytes each contender transfers: raw, gzip -9 and
// brotli -q 11 (the brotli command), summed over its files.
func sizes(site string) ([]Size, error) {
	contenders := []struct {
		name  string
		files []string
	}{
		{"bosgo (bosbase.wasm + bosbase.js, helpers.js, stores.js + wasm_exec.js)", []string{"dist/bosbase.wasm", "bosbase.js", "helpers.js", "stores.js", "dist/wasm_exec.js"}},
		{"BosBase JS SDK 0.26.3 (bosbase.es.mjs)", []string{"js/bosbase.es.mjs"}},
		{"floor (syscall/js only + wasm_exec.js)", []string{"floor.wasm", "dist/wasm_exec.js"}},
	}
	var out []Size
	for _, c := range contenders {
		s := Size{Name: c.name, Files: c.files}
		for _, f := range c.files {
			b, err := os.ReadFile(filepath.Join(site, f))
			if err != nil {
				return nil, err
			}
			gz, err := gzipLen(b)
			if err != nil {
				return nil, err
			}
			br, err := brotliLen(b)
			if err != nil {
				return nil, err
			}
			s.Raw += len(b)
			s.Gzip += gz
			s.Brotli += br
			if strings.HasSuffix(f, ".wasm") {
				s.ModuleBrotli = br
			}
		}
		out = append(out, s)
	}
	return out, nil
}

func gzipLen(b []byte) (int, error) {
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return 0, err
	}
	if _, err := w.Write(b); err != nil {
		return 0, err
	}
	if err := w.Close(); err != nil {
		return 0, err
	}
	return buf.Len(), nil
}

func brotliLen(b []byte) (int, error) {
	cmd := exec.Command("brotli", "-q", "11", "-c")
	cmd.Stdin = bytes.NewReader(b)
	out, err := cmd.Output()
	if err != nil {
		return 0, fmt.Errorf("brotli (go tool task wasm:setup installs it): %w", err)
	}
	return len(out), nil
}
