package testenv

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// binaryEnv names a prebuilt devserver binary to use instead of building one.
const binaryEnv = "BOSGO_DEVSERVER"

// The environment, cache and working directories as they were when the test
// binary started, before any test changed HOME or XDG_CACHE_HOME (desktop
// tests do) or called t.Chdir: builds keep using the real Go build cache and
// the shared binary cache instead of starting cold in a temporary home.
var (
	startEnv                     = os.Environ()
	startCacheDir, startCacheErr = os.UserCacheDir()
	startDir, startDirErr        = os.Getwd()
)

var build struct {
	once sync.Once
	path string
	err  error
}

// Binary returns the path of the devserver binary, building it on first use
// in this test binary. Builds are cached by content: a hash of the devserver
// sources (.go files without tests, go.mod, go.sum), the Go version and the
// target platform names the binary under os.UserCacheDir()/bosgo, so an
// unchanged devserver is built once per machine, and parallel test binaries
// wait for each other instead of building twice.
func Binary(t testing.TB) string {
	t.Helper()
	path, err := binary()
	if err != nil {
		t.Fatalf("testenv: devserver binary: %v", err)
	}
	return path
}

func binary() (string, error) {
	build.once.Do(func() {
		if p := os.Getenv(binaryEnv); p != "" {
			build.path = p
			return
		}
		build.path, build.err = buildBinary()
	})
	return build.path, build.err
}

// buildBinary builds devserver/ into the cache unless it is already there.
func buildBinary() (string, error) {
	src, err := devserverDir()
	if err != nil {
		return "", err
	}
	hash, err := sourceHash(src)
	if err != nil {
		return "", fmt.Errorf("hash devserver sources: %w", err)
	}
	if startCacheErr != nil {
		return "", startCacheErr
	}
	dir := filepath.Join(startCacheDir, "bosgo")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	exe := ""
	if runtime.GOOS == "windows" {
		exe = ".exe"
	}
	bin := filepath.Join(dir, "devserver-"+hash[:20]+exe)
	if fileExists(bin) {
		return bin, nil
	}

	unlock, err := lockFile(filepath.Join(dir, "devserver.lock"))
	if err != nil {
		return "", err
	}
	defer unlock()
	if fileExists(bin) { // built by another test binary while we waited
		return bin, nil
	}

	tmp := fmt.Sprintf("%s.tmp-%d%s", strings.TrimSuffix(bin, exe), os.Getpid(), exe)
	cmd := exec.Command("go", "build", "-o", tmp, ".")
	cmd.Dir = src
	cmd.Env = startEnv
	out, err := cmd.CombinedOutput()
	if err != nil {
		_ = os.Remove(tmp)
		return "", fmt.Errorf("go build in %s: %w\n%s", src, err, out)
	}
	if err := os.Rename(tmp, bin); err != nil { // atomic: readers never see a partial binary
		_ = os.Remove(tmp)
		return "", err
	}
	pruneBinaries(dir, bin)
	return bin, nil
}

// staleAfter is how long an unused cached binary is kept after a newer
// build; an hour leaves running test binaries of older sources alone.
const staleAfter = time.Hour

// pruneBinaries removes cached devserver binaries (and leftovers of failed
// builds) other than keep that were built more than staleAfter ago, so
// editing the devserver does not fill the cache with 30 MB files.
func pruneBinaries(dir, keep string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		if path == keep || !strings.HasPrefix(e.Name(), "devserver-") {
			continue
		}
		if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > staleAfter {
			_ = os.Remove(path)
		}
	}
}

// devserverDir finds devserver/ by walking up from the working directory,
// which go test sets to the package directory.
func devserverDir() (string, error) {
	dir, err := startDir, startDirErr
	if err != nil {
		return "", err
	}
	for {
		candidate := filepath.Join(dir, "devserver")
		if fileExists(filepath.Join(candidate, "go.mod")) {
			return candidate, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("devserver/go.mod not found above the working directory; set " + binaryEnv + " to a prebuilt binary")
		}
		dir = parent
	}
}

// sourceHash hashes everything that changes the devserver binary.
func sourceHash(src string) (string, error) {
	var files []string
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != src && (strings.HasPrefix(name, ".") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if name == "go.mod" || name == "go.sum" || (strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go")) {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	sort.Strings(files)

	h := sha256.New()
	fmt.Fprintf(h, "%s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	for _, f := range files {
		rel, _ := filepath.Rel(src, f)
		if err := hashFile(h, f, filepath.ToSlash(rel)); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashFile writes name, size and content of the file at path to w.
func hashFile(w io.Writer, path, name string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s %d\n", name, fi.Size())
	_, err = io.Copy(w, f)
	return err
}

func fileExists(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && !fi.IsDir()
}
