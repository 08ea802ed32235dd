package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
)

// buildSite assembles the folder the devserver serves: the bench pages,
// bosgo's web/ files, the JS SDK bundle and the floor module (built here).
func buildSite(repo, dir string) error {
	copies := map[string]string{
		"web/bosbase.js":        "bosbase.js",
		"web/helpers.js":        "helpers.js", // imported by bosbase.js
		"web/stores.js":         "stores.js",  // imported by bosbase.js
		"web/dist/bosbase.wasm": "dist/bosbase.wasm",
		"web/dist/wasm_exec.js": "dist/wasm_exec.js",
		"bench/js/node_modules/bosbase/dist/bosbase.es.mjs": "js/bosbase.es.mjs",
	}
	for _, p := range []string{"ready.html", "ready.js", "latency.html", "latency.js", "storm.html", "storm.js", "tabs.html", "tabs.js", "memory.html", "memory.js"} {
		copies["bench/site/"+p] = p
	}
	for src, dst := range copies {
		if err := copyFile(filepath.Join(repo, src), filepath.Join(dir, dst)); err != nil {
			return fmt.Errorf("%w (run go tool task wasm:build and go tool task bench:setup)", err)
		}
	}
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", filepath.Join(dir, "floor.wasm"), "./floor")
	cmd.Dir = filepath.Join(repo, "bench")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("build the floor module: %v\n%s", err, out)
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
