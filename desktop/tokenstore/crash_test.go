package tokenstore

import (
	"bufio"
	"context"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

const (
	crashChildEnv = "BOSGO_TOKENSTORE_CRASH_DIR"
	crashKeyEnv   = "BOSGO_TOKENSTORE_CRASH_KEY"
	crashKills    = 220
)

// crashToken is the n-th session the crash child saves; it embeds n so
// the parent can tell which one survived.
func crashToken(n int) string { return fmt.Sprintf("crash-token-%d", n) }

func crashN(token string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimPrefix(token, "crash-token-"))
	return n, err == nil && strings.HasPrefix(token, "crash-token-")
}

// crashChild runs in a re-executed test binary: it opens the store, then
// saves sessions n+1, n+2, … forever, printing "saved N" after each Save
// returns. The parent kills it at a random moment (SIGKILL on Unix,
// TerminateProcess on Windows).
func crashChild() {
	key, err := hex.DecodeString(os.Getenv(crashKeyEnv))
	if err != nil {
		fmt.Println("bad key")
		os.Exit(2)
	}
	s, err := Open(context.Background(), Options{Dir: os.Getenv(crashChildEnv), Keys: fixedKeySource{key}})
	if err != nil {
		fmt.Printf("open failed: %v\n", err)
		os.Exit(3)
	}
	n := 0
	if tok := s.Token(); tok != "" {
		var ok bool
		if n, ok = crashN(tok); !ok {
			fmt.Println("foreign token")
			os.Exit(4)
		}
	}
	fmt.Printf("ready %d\n", n)
	for {
		n++
		// Records of varying size so that files differ in length.
		rec := map[string]any{"id": "u1", "pad": strings.Repeat("x", n%97*7)}
		if err := s.Save(crashToken(n), rec); err != nil {
			fmt.Printf("save failed: %v\n", err)
			os.Exit(5)
		}
		fmt.Printf("saved %d\n", n)
	}
}

// TestCrashSafety kills a saving child process outright at random
// moments, over and over. After every kill the file must open to the last
// session whose Save returned, or to the one being saved when the child
// died: never a corrupt file, never an older session.
func TestCrashSafety(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	key := make([]byte, keySize)
	for i := range key {
		key[i] = byte(i * 7)
	}
	src := fixedKeySource{key}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 42))
	var midSave, total int
	last := 0 // the session known to be on disk
	for i := range crashKills {
		acked, inFlight := runCrashChild(t, dir, key, last, time.Duration(rng.IntN(12000))*time.Microsecond)
		s, err := Open(t.Context(), Options{Dir: dir, Keys: src})
		if err != nil {
			t.Fatalf("kill %d: the surviving file does not open: %v", i, err)
		}
		got := 0
		if tok := s.Token(); tok != "" {
			var ok bool
			if got, ok = crashN(tok); !ok {
				t.Fatalf("kill %d: unexpected token in the file", i)
			}
		}
		if got != acked && !(inFlight && got == acked+1) {
			t.Fatalf("kill %d: file holds session %d; last acknowledged %d (in flight: %v)", i, got, acked, inFlight)
		}
		if got > acked {
			midSave++
		}
		total += got - last
		last = got
	}
	t.Logf("%d kills, %d saves survived in total; %d kills landed after the write but before Save returned", crashKills, total, midSave)
	if total == 0 {
		t.Fatal("the child never saved anything: the kills did not exercise saving")
	}
}

// runCrashChild starts the child, lets it save for delay after it is
// ready, kills it and returns the last session it acknowledged and
// whether a save was in flight.
func runCrashChild(t *testing.T, dir string, key []byte, start int, delay time.Duration) (acked int, inFlight bool) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+dir, crashKeyEnv+"="+hex.EncodeToString(key))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
	if !lines.Scan() || lines.Text() != fmt.Sprintf("ready %d", start) {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatalf("child did not start as expected: %q", lines.Text())
	}
	acked = start
	kill := time.AfterFunc(delay, func() { _ = cmd.Process.Kill() })
	defer kill.Stop()
	for lines.Scan() {
		line := lines.Text()
		n, err := strconv.Atoi(strings.TrimPrefix(line, "saved "))
		if err != nil || n != acked+1 {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("child said %q after %d", line, acked)
		}
		acked = n
	}
	err = cmd.Wait()
	if !killed(cmd.ProcessState) {
		t.Fatalf("child ended with %v, want killed", err)
	}
	return acked, true
}
