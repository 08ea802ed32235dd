package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// evalJSON evaluates expr (awaiting a promise) and decodes the result into T.
func evalJSON[T any](ctx context.Context, d time.Duration, expr string) (T, error) {
	ectx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	return chromedp.Run(ectx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// navigate loads url in the tab of ctx.
func navigate(ctx context.Context, url string) error {
	nctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	return chromedp.Do(nctx, chromedp.Navigate(url))
}

// clearCache empties the browser's HTTP cache (and with it the compiled
// WebAssembly code cached alongside the module).
func clearCache(ctx context.Context) error {
	return chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, network.ClearBrowserCache, cdp.Empty{})
		return err
	}))
}

// readyContenders are the names ready.js knows, in table order.
var readyContenders = []string{"bosgo", "js", "floor"}

// measureReady loads each contender n times cold (cache cleared first) and
// n times warm (right after a load of the same contender), interleaving the
// contenders, and returns the time from navigation start to a usable client.
func measureReady(ctx context.Context, base string, n int) ([]ReadyResult, error) {
	samples := map[string][]float64{}
	for i := range n {
		for j := range readyContenders {
			name := readyContenders[(i+j)%len(readyContenders)]
			for _, cache := range []string{"cold", "warm"} {
				if cache == "cold" {
					if err := clearCache(ctx); err != nil {
						return nil, err
					}
				}
				url := fmt.Sprintf("%s/ready.html?c=%s&i=%d%s", base, name, i, cache)
				if err := navigate(ctx, url); err != nil {
					return nil, fmt.Errorf("%s: %w", url, err)
				}
				ms, err := evalJSON[float64](ctx, 60*time.Second, `window.readyAt`)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", url, err)
				}
				samples[name+"/"+cache] = append(samples[name+"/"+cache], ms)
			}
		}
		if (i+1)%20 == 0 {
			log.Printf("ready: %d/%d rounds", i+1, n)
		}
	}
	var out []ReadyResult
	for _, cache := range []string{"cold", "warm"} {
		for _, name := range readyContenders {
			s := samples[name+"/"+cache]
			out = append(out, ReadyResult{Name: name, Cache: cache, Samples: s, Median: median(s), P90: quantile(s, 0.9)})
		}
	}
	return out, nil
}

// isolate makes Chromium answer requests for documents whose URL matches
// pattern with page (text/html) and the COOP and COEP headers, so the page
// is crossOriginIsolated and performance.now() has 5 µs resolution instead
// of 100 µs. Only that document is answered this way (the devserver cannot
// send those headers); the scripts, the module and the API calls the page
// makes go to the devserver as usual. (Adding the headers to the real
// response at the response stage does not make Chromium 156 isolate the
// page; fulfilling the request does.)
func isolate(ctx context.Context, pattern string, page []byte) error {
	return chromedp.Do(ctx, chromedp.Func(func(actx context.Context, t *chromedp.Target) error {
		events := cdp.Events(ctx, t, fetch.RequestPaused)
		go func() {
			for ev, err := range events {
				if err != nil {
					return
				}
				if _, err := cdp.Call(ctx, t, fetch.FulfillRequest, fetch.FulfillRequestParams{
					RequestID: ev.RequestID, ResponseCode: 200, Body: page,
					ResponseHeaders: []*fetch.HeaderEntry{
						{Name: "Content-Type", Value: "text/html; charset=utf-8"},
						{Name: "Cache-Control", Value: "no-store"},
						{Name: "Cross-Origin-Opener-Policy", Value: "same-origin"},
						{Name: "Cross-Origin-Embedder-Policy", Value: "require-corp"},
					},
				}); err != nil {
					log.Printf("isolate %s: %v", ev.Request.URL, err)
				}
			}
		}()
		_, err := cdp.Call(actx, t, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{
			{URLPattern: pattern, ResourceType: network.ResourceTypeDocument, RequestStage: fetch.RequestStageRequest},
		}})
		return err
	}))
}

// measureLatency runs latency.js: rounds interleaved rounds of authRefresh,
// getOne and getList per contender.
func measureLatency(ctx context.Context, base, site string, acct account, postID string, rounds, warmup int) (Latency, error) {
	page, err := os.ReadFile(filepath.Join(site, "latency.html"))
	if err != nil {
		return Latency{}, err
	}
	if err := isolate(ctx, "*latency.html*", page); err != nil {
		return Latency{}, fmt.Errorf("isolate: %w", err)
	}
	if err := navigate(ctx, base+"/latency.html"); err != nil {
		return Latency{}, err
	}
	st, err := evalJSON[struct {
		Isolated bool `json:"isolated"`
	}](ctx, 60*time.Second, `window.latencyReady`)
	if err != nil {
		return Latency{}, err
	}
	if _, err := evalJSON[bool](ctx, 60*time.Second, fmt.Sprintf(`window.setup(%q, %q, %q)`, acct.Email, acct.Password, postID)); err != nil {
		return Latency{}, fmt.Errorf("setup: %w", err)
	}
	samples, err := evalJSON[map[string]map[string][]float64](ctx, 30*time.Minute, fmt.Sprintf(`window.run(%d, %d)`, rounds, warmup))
	if err != nil {
		return Latency{}, fmt.Errorf("run: %w", err)
	}
	return Latency{Isolated: st.Isolated, Rounds: rounds, Warmup: warmup, Samples: samples}, nil
}

// stormResult is what storm.js reports.
type stormResult struct {
	OK        int      `json:"ok"`
	Failed    int      `json:"failed"`
	Errors    []string `json:"errors"`
	Refreshes int      `json:"refreshes"`
	Renewed   bool     `json:"renewed"`
	MS        float64  `json:"ms"`
}

// browserStorms runs the refresh storm in one tab (100 calls) and in two
// tabs sharing the session (50 calls each, released together by a
// BroadcastChannel message). threshold is the auto-refresh threshold; the
// storm starts once the token expires within it.
func browserStorms(ctx context.Context, base string, acct account, postID string, threshold time.Duration) ([]Storm, error) {
	var out []Storm
	setup := func(tab context.Context, key string, signIn bool) error {
		if err := navigate(tab, base+"/storm.html"); err != nil {
			return err
		}
		if _, err := evalJSON[bool](tab, time.Minute, `window.stormReady`); err != nil {
			return err
		}
		email, pw := "", ""
		if signIn {
			email, pw = acct.Email, acct.Password
		}
		ok, err := evalJSON[bool](tab, time.Minute, fmt.Sprintf(`window.stormSetup(%q, %q, %q, %d)`, email, pw, key, threshold.Milliseconds()))
		if err == nil && !ok {
			err = fmt.Errorf("no session in the tab")
		}
		return err
	}
	waitExpiring := func(tab context.Context) error {
		deadline := time.Now().Add(2 * time.Minute)
		for {
			ms, err := evalJSON[float64](tab, 10*time.Second, `window.expiresIn()`)
			if err != nil {
				return err
			}
			// Inside the threshold, with a margin so that it is still
			// unexpired (minus the 10 s leeway) when the storm runs.
			if ms < float64(threshold.Milliseconds())-300 {
				return nil
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("the token did not come within %v of expiry", threshold)
			}
			time.Sleep(100 * time.Millisecond) // waiting on the wall clock, not on a result
		}
	}

	// One tab.
	key := fmt.Sprintf("bench_storm1_%d", time.Now().UnixNano())
	if err := setup(ctx, key, true); err != nil {
		return nil, fmt.Errorf("storm setup: %w", err)
	}
	if err := waitExpiring(ctx); err != nil {
		return nil, err
	}
	r, err := evalJSON[stormResult](ctx, 2*time.Minute, fmt.Sprintf(`window.storm(100, %q, "")`, postID))
	if err != nil {
		return nil, fmt.Errorf("storm: %w", err)
	}
	out = append(out, Storm{Name: "browser, 1 tab, 100 concurrent calls", Calls: 100, OK: r.OK, Failed: r.Failed, Refreshes: r.Refreshes, Errors: r.Errors, MS: r.MS})

	// Two tabs of the same browser profile (shared localStorage).
	tabB, cancelB := chromedp.NewContext(ctx)
	defer cancelB()
	// The first action opens the tab; it must not carry a timeout.
	if err := chromedp.Do(tabB); err != nil {
		return nil, fmt.Errorf("open a second tab: %w", err)
	}
	key = fmt.Sprintf("bench_storm2_%d", time.Now().UnixNano())
	if err := setup(ctx, key, true); err != nil {
		return nil, err
	}
	if err := setup(tabB, key, false); err != nil {
		return nil, fmt.Errorf("second tab: %w", err)
	}
	if err := waitExpiring(ctx); err != nil {
		return nil, err
	}
	channel := fmt.Sprintf("storm-%d", time.Now().UnixNano())
	type res struct {
		r   stormResult
		err error
	}
	results := make(chan res, 2)
	for _, tab := range []context.Context{ctx, tabB} {
		go func() {
			r, err := evalJSON[stormResult](tab, 2*time.Minute, fmt.Sprintf(`window.storm(50, %q, %q)`, postID, channel))
			results <- res{r, err}
		}()
	}
	for _, tab := range []context.Context{ctx, tabB} {
		if _, err := chromedp.Run(tab, chromedp.Poll[chromedp.Void](`window.armed === true`, chromedp.WithPollingInterval(20*time.Millisecond))); err != nil {
			return nil, fmt.Errorf("arm: %w", err)
		}
	}
	if _, err := evalJSON[bool](ctx, 10*time.Second, fmt.Sprintf(`window.fire(%q)`, channel)); err != nil {
		return nil, err
	}
	two := Storm{Name: "browser, 2 tabs, 50 concurrent calls each", Calls: 100}
	for range 2 {
		x := <-results
		if x.err != nil {
			return nil, fmt.Errorf("two-tab storm: %w", x.err)
		}
		two.OK += x.r.OK
		two.Failed += x.r.Failed
		two.Refreshes += x.r.Refreshes
		two.Errors = append(two.Errors, x.r.Errors...)
		two.MS = max(two.MS, x.r.MS)
	}
	out = append(out, two)
	return out, nil
}
