package tokenstore

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// tempPrefix starts the name of every temporary file of a profile; stale
// ones (from a crash mid-write) are removed by Open.
func tempPrefix(name string) string { return "." + name + ".tmp-" }

// writeAtomic replaces dir/name with data so that a crash at any instant
// leaves either the old file or the new one: write a temporary file in the
// same folder (mode 0600), sync it, rename it over the target, sync the
// folder.
func writeAtomic(dir, name string, data []byte) (err error) {
	f, err := os.CreateTemp(dir, tempPrefix(name)+"*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	if err = f.Chmod(0o600); err != nil && runtime.GOOS != "windows" {
		return err
	}
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if testHookBeforeRename != nil {
		testHookBeforeRename()
	}
	if err = os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		return err
	}
	return syncDir(dir)
}

// removeDurably deletes dir/name (a missing file is fine) and syncs the
// folder.
func removeDurably(dir, name string) error {
	if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return syncDir(dir)
}

// syncDir makes a rename or remove in dir durable. Windows cannot sync a
// folder handle; NTFS journals the rename itself.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// removeStaleTemps deletes temporary files left by a crash mid-write.
func removeStaleTemps(dir, name string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), tempPrefix(name)) {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// testHookBeforeRename, when set by a test, runs between writing the
// temporary file and renaming it.
var testHookBeforeRename func()
