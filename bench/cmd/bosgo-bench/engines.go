package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/bosgo/bosgo/bench/internal/devsrv"
	"github.com/bosgo/bosgo/internal/webdriver"
)

// EngineResult is one browser engine's time to ready and per-call latency,
// measured through the WebDriver clients of the engines tests
// (internal/webdriver). Chromium's figures are sections 2 and 3, the
// reference.
type EngineResult struct {
	Engine  string        `json:"engine"`
	Version string        `json:"version"`
	Ready   []ReadyResult `json:"ready"`
	Latency Latency       `json:"latency"`
	// Error says why the engine could not be measured (not installed, …).
	Error string `json:"error,omitempty"`
}

// engineNames are the engines measured besides Chromium.
var engineNames = []string{"Firefox", "WebKit"}

// measureEngines measures time to ready (loads loads per contender and
// cache state) and per-call latency (rounds rounds) in each of names,
// against a devserver of their own that serves the site
// crossOriginIsolated (-isolate: the other engines have no request
// interception to add the headers, as Chromium's run does). An engine that
// fails is reported with its error; the others still run.
func measureEngines(ctx context.Context, bin, work, site string, names []string, loads, rounds, warmup int) ([]EngineResult, error) {
	srv, err := devsrv.Start(bin, work, "-static", site, "-token-mode", "pocketbase", "-token-ttl", tokenTTL.String(), "-isolate")
	if err != nil {
		return nil, err
	}
	defer srv.Stop()
	acct := account{srv.Demo().Email, srv.Demo().Password}
	postID, err := seedPosts(ctx, srv.URL, acct, 1)
	if err != nil {
		return nil, fmt.Errorf("seed posts: %w", err)
	}
	var out []EngineResult
	for _, name := range names {
		log.Printf("%s: %d loads per contender and cache state, %d latency rounds", name, loads, rounds)
		r, err := measureEngine(name, work, srv.URL, acct, postID, loads, rounds, warmup)
		if err != nil {
			log.Printf("%s: %v", name, err)
			r.Error = err.Error()
		}
		out = append(out, r)
	}
	return out, nil
}

func measureEngine(name, work, base string, acct account, postID string, loads, rounds, warmup int) (EngineResult, error) {
	r := EngineResult{Engine: name, Version: engineVersion(name)}
	profile := filepath.Join(work, strings.ToLower(name)+"-profile")
	_ = os.RemoveAll(profile)
	if err := os.MkdirAll(profile, 0o755); err != nil {
		return r, err
	}
	eng, err := webdriver.Start(name, profile)
	if err != nil {
		return r, err
	}
	defer func() {
		if err := eng.Close(); err != nil {
			log.Printf("stop %s: %v", name, err)
		}
	}()
	if r.Ready, err = engineReady(eng, base, loads); err != nil {
		return r, fmt.Errorf("ready: %w", err)
	}
	if r.Latency, err = engineLatency(eng, base, acct, postID, rounds, warmup); err != nil {
		return r, fmt.Errorf("latency: %w", err)
	}
	return r, nil
}

// evalIn evaluates expr in tab and decodes its value.
func evalIn[T any](tab webdriver.Tab, expr string) (T, error) {
	var v T
	raw, err := tab.Eval(expr)
	if err != nil {
		return v, err
	}
	err = json.Unmarshal(raw, &v)
	return v, err
}

// engineReady is measureReady for an engine without a cache-clearing
// command: a cold load is the first load in a fresh tab with storage (and
// HTTP cache) of its own, a warm load the same page again in that tab.
func engineReady(eng webdriver.Engine, base string, n int) ([]ReadyResult, error) {
	samples := map[string][]float64{}
	for i := range n {
		for j := range readyContenders {
			name := readyContenders[(i+j)%len(readyContenders)]
			tab, err := eng.Open(nil)
			if err != nil {
				return nil, err
			}
			for _, cache := range []string{"cold", "warm"} {
				url := fmt.Sprintf("%s/ready.html?c=%s&i=%d%s", base, name, i, cache)
				if err := tab.Navigate(url); err != nil {
					tab.Close()
					return nil, fmt.Errorf("%s: %w", url, err)
				}
				ms, err := evalIn[float64](tab, `window.readyAt`)
				if err != nil {
					tab.Close()
					return nil, fmt.Errorf("%s: %w", url, err)
				}
				samples[name+"/"+cache] = append(samples[name+"/"+cache], ms)
			}
			if err := tab.Close(); err != nil {
				return nil, err
			}
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

// latencyReadyJS waits for latency.js's latencyReady. A classic WebDriver
// navigation can return before the page's module script has run, and an
// undefined latencyReady would read as "ready" (seen in WebKit).
const latencyReadyJS = `(async () => {
  while (window.latencyReady === undefined) await new Promise((ok) => setTimeout(ok, 10));
  return await window.latencyReady;
})()`

// engineLatency is measureLatency (latency.js) in one tab of eng.
func engineLatency(eng webdriver.Engine, base string, acct account, postID string, rounds, warmup int) (Latency, error) {
	tab, err := eng.Open(nil)
	if err != nil {
		return Latency{}, err
	}
	defer tab.Close()
	if err := tab.Navigate(base + "/latency.html"); err != nil {
		return Latency{}, err
	}
	st, err := evalIn[struct {
		Isolated bool `json:"isolated"`
	}](tab, latencyReadyJS)
	if err != nil {
		return Latency{}, err
	}
	if _, err := evalIn[bool](tab, fmt.Sprintf(`window.setup(%q, %q, %q)`, acct.Email, acct.Password, postID)); err != nil {
		return Latency{}, fmt.Errorf("setup: %w", err)
	}
	// One Eval per chunk of rounds: WebDriver commands time out after a
	// minute.
	l := Latency{Isolated: st.Isolated, Rounds: rounds, Warmup: warmup, Samples: map[string]map[string][]float64{}}
	for done := 0; done < rounds; {
		n := min(50, rounds-done)
		w := 0
		if done == 0 {
			w = warmup
		}
		s, err := evalIn[map[string]map[string][]float64](tab, fmt.Sprintf(`window.run(%d, %d)`, n, w))
		if err != nil {
			return Latency{}, fmt.Errorf("run: %w", err)
		}
		for c, calls := range s {
			if l.Samples[c] == nil {
				l.Samples[c] = map[string][]float64{}
			}
			for call, xs := range calls {
				l.Samples[c][call] = append(l.Samples[c][call], xs...)
			}
		}
		done += n
	}
	return l, nil
}

// engineVersion is the engine's version as its binary reports it.
func engineVersion(name string) string {
	var cmd *exec.Cmd
	switch name {
	case "Firefox":
		cmd = exec.Command("firefox-esr", "--version")
	case "WebKit":
		cmd = exec.Command("dpkg-query", "-W", "-f", "WebKitGTK ${Version}", "libwebkit2gtk-4.1-0")
	default:
		return ""
	}
	b, err := cmd.Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// runEnginesOnly measures only the engines (no Chromium, no docs written)
// and prints their report section: for checking this part with few loads
// and rounds. The site and bin/devserver must be built (go tool task
// wasm:build devserver:build bench:setup).
func runEnginesOnly(repo, work string, names []string, loads, rounds int) error {
	ctx := context.Background()
	repo, _ = filepath.Abs(repo)
	work, _ = filepath.Abs(work)
	site := filepath.Join(work, "site")
	_ = os.RemoveAll(site)
	if err := os.MkdirAll(site, 0o755); err != nil {
		return err
	}
	if err := buildSite(repo, site); err != nil {
		return err
	}
	bin := filepath.Join(repo, "bin", "devserver")
	var r Results
	var err error
	if r.Engines, err = measureEngines(ctx, bin, work, site, names, loads, rounds, min(rounds, 30)); err != nil {
		return err
	}
	b, err := json.MarshalIndent(r.Engines, "", " ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(work, "engines.json"), b, 0o644); err != nil {
		return err
	}
	fmt.Print(enginesReport(r))
	for _, e := range r.Engines {
		if e.Error != "" {
			return errors.New("an engine could not be measured")
		}
	}
	return nil
}

// enginesReport renders the per-engine section of BENCHMARKS.md: time to
// ready and per-call ratios in Firefox and WebKit next to Chromium's.
func enginesReport(r Results) string {
	if len(r.Engines) == 0 {
		return ""
	}
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	w("## 10. Firefox and WebKit\n\n")
	w("The same pages in Firefox ESR (WebDriver BiDi) and WebKitGTK, the engine of Safari (WebKitWebDriver under Xvfb), driven through internal/webdriver, the clients of the engines tests, " +
		"against a devserver of their own that serves the pages crossOriginIsolated (`-isolate`). Chromium's rows are sections 2 and 3 (the reference; its page is isolated by the harness). " +
		"A cold load is the first load in a fresh tab with storage and HTTP cache of its own (WebDriver has no command to clear the cache); a warm load is the same page again in that tab. " +
		"Engines differ in how they compile and cache wasm, so compare the ratios within a row, not absolute times across engines.\n\n")
	type row struct {
		engine string
		ready  []ReadyResult
		lat    Latency
	}
	rows := []row{}
	if len(r.Ready) > 0 {
		rows = append(rows, row{"Chromium", r.Ready, r.Latency})
	}
	for _, e := range r.Engines {
		if e.Error != "" {
			w("%s was not measured: %s\n\n", e.Engine, e.Error)
			continue
		}
		rows = append(rows, row{e.Engine, e.Ready, e.Latency})
	}
	readyMed := func(rs []ReadyResult, name, cache string) float64 {
		for _, x := range rs {
			if x.Name == name && x.Cache == cache {
				return x.Median
			}
		}
		return 0
	}
	w("### Time to ready (median ms)\n\n| engine | cache | bosgo | JS SDK | floor | bosgo ÷ floor | bosgo ÷ JS SDK |\n|---|---|---:|---:|---:|---:|---:|\n")
	for _, x := range rows {
		for _, cache := range []string{"cold", "warm"} {
			g, j, f := readyMed(x.ready, "bosgo", cache), readyMed(x.ready, "js", cache), readyMed(x.ready, "floor", cache)
			w("| %s | %s | %.1f | %.1f | %.1f | %.2f× | %.2f× |\n", x.engine, cache, g, j, f, g/f, g/j)
		}
	}
	w("\n### Per-call latency (median ms)\n\n| engine | isolated | call | bosgo | JS SDK | fetch | bosgo ÷ JS SDK | bosgo ÷ fetch | JS SDK ÷ fetch |\n|---|---|---|---:|---:|---:|---:|---:|---:|\n")
	for _, x := range rows {
		for _, call := range []string{"authRefresh", "getOne", "getList"} {
			g, j, f := median(x.lat.Samples["bosgo"][call]), median(x.lat.Samples["js"][call]), median(x.lat.Samples["fetch"][call])
			w("| %s | %v | %s | %.3f | %.3f | %.3f | %.2f× | %.2f× | %.2f× |\n", x.engine, x.lat.Isolated, call, g, j, f, g/j, g/f, j/f)
		}
	}
	for _, e := range r.Engines {
		if e.Version != "" && e.Error == "" {
			w("\n%s: %s, %d loads per contender and cache state, %d latency rounds after %d warm-up.", e.Engine, e.Version, len(e.Ready[0].Samples), e.Latency.Rounds, e.Latency.Warmup)
		}
	}
	w("\n\n")
	return b.String()
}
