package winetest

import (
	"syscall"
	_ "unsafe" // for go:linkname
)

// deleteatFallback is internal/syscall/windows.TestDeleteatFallback. Go
// 1.26 deletes files (os.RemoveAll, so every t.TempDir cleanup) with
// NtSetInformationFile(FileDispositionInformationEx), which Wine 8 does not
// implement: it answers STATUS_INVALID_DEVICE_REQUEST, which Go does not
// treat as "unsupported", so every removal fails with "Invalid function".
// The fallback path (FileDispositionInformation, as on Windows before 10
// 1607) works under Wine. It is chosen only under Wine.
//
//go:linkname deleteatFallback internal/syscall/windows.TestDeleteatFallback
var deleteatFallback bool

// Wine reports whether the process runs under Wine rather than Windows:
// Wine's ntdll.dll exports wine_get_version.
func Wine() bool {
	ntdll, err := syscall.LoadDLL("ntdll.dll")
	if err != nil {
		return false
	}
	defer ntdll.Release()
	_, err = ntdll.FindProc("wine_get_version")
	return err == nil
}

func init() {
	if Wine() {
		deleteatFallback = true
	}
}
