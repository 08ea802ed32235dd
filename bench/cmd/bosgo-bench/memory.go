package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/heapprofiler"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// MemoryResult is one contender's memory after load and after calls: the
// JS heap in use after a garbage collection (Runtime.getHeapUsage) and,
// for bosgo, the module's linear memory (memory.buffer.byteLength).
type MemoryResult struct {
	Name   string        `json:"name"`
	Points []MemoryPoint `json:"points"`
}

// MemoryPoint is one reading, after Calls getOne calls.
type MemoryPoint struct {
	Calls  int     `json:"calls"`
	JSHeap float64 `json:"jsHeap"` // bytes
	Wasm   float64 `json:"wasm"`   // bytes
}

// memoryCalls are the reading points: after load (and sign-in), after the
// first 1,000 calls, and after 1,000 more (flat after the warm-up means
// the last two agree).
var memoryCalls = []int{0, 1000, 2000}

// measureMemory loads memory.html for each contender in the tab of ctx and
// reads the memory at each of memoryCalls.
func measureMemory(ctx context.Context, base string, acct account, postID string) ([]MemoryResult, error) {
	var out []MemoryResult
	for _, name := range []string{"bosgo", "js"} {
		if err := navigate(ctx, fmt.Sprintf("%s/memory.html?c=%s", base, name)); err != nil {
			return nil, err
		}
		if _, err := evalJSON[bool](ctx, time.Minute, fmt.Sprintf(`window.memSetup(%q, %q, %q)`, acct.Email, acct.Password, postID)); err != nil {
			return nil, fmt.Errorf("memory %s: setup: %w", name, err)
		}
		r := MemoryResult{Name: name}
		done := 0
		for _, n := range memoryCalls {
			if n > done {
				if _, err := evalJSON[bool](ctx, 10*time.Minute, fmt.Sprintf(`window.memCalls(%d)`, n-done)); err != nil {
					return nil, fmt.Errorf("memory %s: calls: %w", name, err)
				}
				done = n
			}
			heap, err := heapAfterGC(ctx)
			if err != nil {
				return nil, fmt.Errorf("memory %s: %w", name, err)
			}
			wasm, err := evalJSON[float64](ctx, 10*time.Second, `window.wasmBytes()`)
			if err != nil {
				return nil, fmt.Errorf("memory %s: %w", name, err)
			}
			r.Points = append(r.Points, MemoryPoint{Calls: n, JSHeap: heap, Wasm: wasm})
		}
		out = append(out, r)
	}
	return out, nil
}

// heapAfterGC collects garbage and returns the JS heap in use.
func heapAfterGC(ctx context.Context) (float64, error) {
	var used float64
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, heapprofiler.CollectGarbage, cdp.Empty{}); err != nil {
			return err
		}
		u, err := cdp.Call(ctx, t, runtime.GetHeapUsage, cdp.Empty{})
		used = u.UsedSize
		return err
	}))
	return used, err
}

// memoryTable renders the readings as a Markdown table (MB = 10^6 bytes).
func memoryTable(rs []MemoryResult) string {
	var b strings.Builder
	b.WriteString("| contender | calls | JS heap (MB) | wasm memory (MB) |\n|---|---:|---:|---:|\n")
	for _, r := range rs {
		for _, p := range r.Points {
			wasm := "—"
			if p.Wasm > 0 {
				wasm = fmt.Sprintf("%.2f", p.Wasm/1e6)
			}
			fmt.Fprintf(&b, "| %s | %d | %.2f | %s |\n", r.Name, p.Calls, p.JSHeap/1e6, wasm)
		}
	}
	return b.String()
}
