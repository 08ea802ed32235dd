package storetest_test

import (
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/core/storetest"
)

func TestMemoryStore(t *testing.T) {
	storetest.Run(t, func(*testing.T) core.AuthStore { return core.NewMemoryStore() })
}

// brokenStore is a MemoryStore with one contract violation.
type brokenStore struct {
	*core.MemoryStore
	flaw string

	mu  sync.Mutex
	raw core.Record // the record as saved, for the "shared record" flaw
}

func (s *brokenStore) Record() core.Record {
	if s.flaw == "shares-record" {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.raw
	}
	return s.MemoryStore.Record()
}

func (s *brokenStore) Save(token string, rec core.Record) error {
	s.mu.Lock()
	s.raw = rec
	s.mu.Unlock()
	return s.MemoryStore.Save(token, rec)
}

func (s *brokenStore) CompareAndSave(old string, next core.AuthEvent) (bool, error) {
	switch s.flaw {
	case "cas-ignores-old":
		return true, s.Save(next.Token, next.Record)
	case "cas-check-then-save":
		if s.Token() != old {
			return false, nil
		}
		runtime.Gosched() // the window of two separate calls
		return true, s.Save(next.Token, next.Record)
	}
	return s.MemoryStore.CompareAndSave(old, next)
}

func (s *brokenStore) IsValid() bool {
	if s.flaw == "ignores-exp" {
		return s.Token() != ""
	}
	return s.MemoryStore.IsValid()
}

func (s *brokenStore) OnChange(fn func(core.AuthEvent)) func() {
	if s.flaw == "no-events" {
		return func() {}
	}
	return s.MemoryStore.OnChange(fn)
}

const flawEnv = "BOSGO_STORETEST_FLAW"

// TestBrokenStoreHelper runs the suite on a broken store when started by
// TestSuiteCatchesBrokenStores; otherwise it does nothing.
func TestBrokenStoreHelper(t *testing.T) {
	flaw := os.Getenv(flawEnv)
	if flaw == "" {
		t.Skip("only run as a subprocess of TestSuiteCatchesBrokenStores")
	}
	storetest.Run(t, func(*testing.T) core.AuthStore {
		return &brokenStore{MemoryStore: core.NewMemoryStore(), flaw: flaw}
	})
}

// TestSuiteCatchesBrokenStores checks that the suite can fail: each broken
// store must fail the named subtest.
func TestSuiteCatchesBrokenStores(t *testing.T) {
	if runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("needs to start a subprocess")
	}
	cases := map[string]string{
		"shares-record":       "--- FAIL: TestBrokenStoreHelper/RecordIsACopy",
		"ignores-exp":         "--- FAIL: TestBrokenStoreHelper/IsValid/expired",
		"no-events":           "--- FAIL: TestBrokenStoreHelper/OnChangeKinds",
		"cas-ignores-old":     "--- FAIL: TestBrokenStoreHelper/CompareAndSave",
		"cas-check-then-save": "--- FAIL: TestBrokenStoreHelper/CompareAndSaveAtomic",
	}
	for flaw, want := range cases {
		t.Run(flaw, func(t *testing.T) {
			t.Parallel()
			// Only the subtest the flaw must fail: the rest of the suite may
			// crash on the flaw first (a store that shares its record map
			// dies of concurrent map writes in Concurrent, before
			// RecordIsACopy has run).
			run := "^TestBrokenStoreHelper$"
			for _, part := range strings.Split(strings.TrimPrefix(want, "--- FAIL: TestBrokenStoreHelper/"), "/") {
				run += "/^" + regexp.QuoteMeta(part) + "$"
			}
			cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run="+run, "-test.count=1")
			cmd.Env = append(os.Environ(), flawEnv+"="+flaw)
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("the suite passed a store with flaw %q:\n%s", flaw, out)
			}
			if !strings.Contains(string(out), want) {
				t.Errorf("flaw %q: output lacks %q:\n%s", flaw, want, out)
			}
		})
	}
}
