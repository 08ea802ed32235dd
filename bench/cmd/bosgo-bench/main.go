// Command bosgo-bench measures bosgo next to the BosBase JS SDK, plain fetch
// and net/http, and regenerates docs/BENCHMARKS.md, its plots and
// docs/bench/results.json from scratch. Run it through go tool task bench,
// which first builds what it needs (the wasm module, the devserver, the JS
// SDK from the lockfile) and runs the testing.B parts (native Go, desktop
// token store) whose outputs it reads from -work.
//
// All browser figures come from one headless Chromium against one devserver
// (started here from bin/devserver with -token-mode pocketbase -token-ttl 30s): contenders are
// interleaved and every ratio is computed within the run. Firefox and WebKit
// get the same time-to-ready and per-call pages through internal/webdriver
// (engines.go), Chromium's figures staying the reference.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/bosgo/bosgo/bench/internal/devsrv"
	"github.com/bosgo/bosgo/bench/internal/wasmsize"
	"github.com/bosgo/bosgo/core"
	"github.com/bosgo/bosgo/internal/browsertest"
)

func main() {
	repo := flag.String("repo", "..", "repository root")
	work := flag.String("work", "out", "work folder (site, logs, testing.B outputs)")
	docs := flag.String("docs", "../docs", "docs folder to write BENCHMARKS.md and bench/ into")
	rounds := flag.Int("rounds", 300, "timed rounds of per-call latency (each: every call once per contender)")
	loads := flag.Int("loads", 60, "page loads per contender and cache state for time to ready")
	from := flag.String("from", "", "re-render the docs from this results.json instead of measuring")
	only := flag.String("only", "", "measure one section and print it instead of writing the docs: latency (with the profile), memory, or storm (the browser storms, as JSON)")
	engines := flag.String("engines", strings.Join(engineNames, ","), "engines measured besides Chromium (engines.go); empty for none")
	engineLoads := flag.Int("engine-loads", 20, "page loads per contender and cache state for time to ready in each engine")
	enginesOnly := flag.Bool("engines-only", false, "measure only -engines (few -engine-loads and -rounds to check it), print their section, write no docs")
	flag.Parse()
	log.SetFlags(log.Ltime)
	names := strings.FieldsFunc(*engines, func(r rune) bool { return r == ',' })
	var err error
	switch {
	case *enginesOnly:
		err = runEnginesOnly(*repo, *work, names, *engineLoads, *rounds)
	case *from != "":
		err = rerender(*from, *docs)
	case *only == "latency" || *only == "memory" || *only == "storm":
		err = runOnly(*only, *repo, *work, *rounds)
	case *only != "":
		err = fmt.Errorf("-only %q: it knows latency, memory and storm", *only)
	default:
		err = run(*repo, *work, *docs, *rounds, *loads, names, *engineLoads)
	}
	if err != nil {
		log.Fatal(err)
	}
}

// tokenTTL is the devserver's auth token lifetime; stormThreshold the
// auto-refresh threshold of the storm clients (a token is "expiring"
// ttl-threshold after sign-in).
const (
	tokenTTL       = 30 * time.Second
	stormThreshold = 25 * time.Second
)

// manyTabs is how many tabs of one profile the tabs run opens per
// contender (more than the six HTTP/1.1 connections per host), and tabWait
// how long each tab's subscribe and request may take.
const (
	manyTabs = 10
	tabWait  = 5 * time.Second
)

func run(repo, work, docs string, rounds, loads int, engines []string, engineLoads int) error {
	ctx := context.Background()
	repo, _ = filepath.Abs(repo)
	work, _ = filepath.Abs(work)
	docs, _ = filepath.Abs(docs)
	site := filepath.Join(work, "site")
	_ = os.RemoveAll(site)
	if err := os.MkdirAll(site, 0o755); err != nil {
		return err
	}
	r := Results{Machine: machine(), Command: "go tool task bench"}

	log.Print("building the site (floor module, pages, bosgo, JS SDK)")
	if err := buildSite(repo, site); err != nil {
		return err
	}
	var err error
	if r.Sizes, err = sizes(site); err != nil {
		return err
	}

	bin := filepath.Join(repo, "bin", "devserver")
	// PocketBase token mode: the refresh storm needs expiring, refreshable
	// tokens (the devserver's default, like BosBase, issues static ones).
	srv, err := devsrv.Start(bin, work, "-static", site, "-token-mode", "pocketbase", "-token-ttl", tokenTTL.String())
	if err != nil {
		return fmt.Errorf("%w (go tool task devserver:build builds %s)", err, bin)
	}
	defer srv.Stop()
	demo := srv.Demo()
	acct := account{demo.Email, demo.Password}
	postID, err := seedPosts(ctx, srv.URL, acct, 12)
	if err != nil {
		return fmt.Errorf("seed posts: %w", err)
	}
	if err := seedBulk(ctx, srv.URL, acct, bulkPosts); err != nil {
		return fmt.Errorf("seed posts: %w", err)
	}
	log.Printf("devserver %s (%s), post %s", srv.URL, strings.Join(srv.Args, " "), postID)

	bctx, stop, err := browsertest.Start(filepath.Join(work, "chromium-profile"))
	if err != nil {
		return fmt.Errorf("chromium: %w", err)
	}
	defer stop()

	log.Printf("time to ready: %d loads per contender, cold and warm", loads)
	if r.Ready, err = measureReady(bctx, srv.URL, loads); err != nil {
		return fmt.Errorf("ready: %w", err)
	}
	log.Printf("per-call latency: %d rounds", rounds)
	if r.Latency, err = measureLatency(bctx, srv.URL, site, acct, postID, rounds, 30); err != nil {
		return fmt.Errorf("latency: %w", err)
	}
	prof, err := measureProfile(bctx, rounds/3, 10)
	if err != nil {
		return err
	}
	r.Profile = &prof
	log.Print("memory: after load and after 1,000 and 2,000 getOne calls")
	if r.Memory, err = measureMemory(bctx, srv.URL, acct, postID); err != nil {
		return err
	}
	log.Printf("many tabs: %d per contender", manyTabs)
	if r.Tabs, err = measureTabs(bctx, srv.URL, manyTabs, tabWait); err != nil {
		return fmt.Errorf("tabs: %w", err)
	}
	log.Print("refresh storms (browser)")
	storms, err := browserStorms(bctx, srv.URL, acct, postID, stormThreshold)
	if err != nil {
		return fmt.Errorf("browser storm: %w", err)
	}
	stop()
	if len(engines) > 0 {
		log.Printf("engines: %s", strings.Join(engines, ", "))
		if r.Engines, err = measureEngines(ctx, bin, work, site, engines, engineLoads, rounds, 30); err != nil {
			return fmt.Errorf("engines: %w", err)
		}
	}
	log.Print("refresh storm (native)")
	ns, err := nativeStorm(ctx, srv.URL, acct, postID, stormThreshold)
	if err != nil {
		return fmt.Errorf("native storm: %w", err)
	}
	r.Storms = append([]Storm{ns}, storms...)

	log.Print("load: 500 sign-ins + 5,000 requests, rate limiter off")
	l, err := nativeLoad(ctx, "rate limiter off", srv.URL, "devserver "+strings.Join(srv.Args, " "), acct, postID, 500, 5000, 50)
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	r.Loads = append(r.Loads, l)
	srv.Stop()

	limited, err := devsrv.Start(bin, work, "-rate-limit=on")
	if err != nil {
		return err
	}
	defer limited.Stop()
	lpost, err := seedPosts(ctx, limited.URL, acct, 1)
	if err != nil {
		return fmt.Errorf("seed posts (rate-limited server): %w", err)
	}
	log.Print("load: 500 sign-ins + 5,000 requests, rate limiter on")
	l, err = nativeLoad(ctx, "rate limiter on", limited.URL, "devserver "+strings.Join(limited.Args, " "), acct, lpost, 500, 5000, 50)
	if err != nil {
		return fmt.Errorf("load (rate-limited): %w", err)
	}
	r.Loads = append(r.Loads, l)
	limited.Stop()

	r.NativeRaw = readOr(filepath.Join(work, "native.txt"), "")
	r.Native = readOr(filepath.Join(work, "native-benchstat.txt"), "")
	r.Desktop = readOr(filepath.Join(work, "desktop-benchstat.txt"), "")
	r.DesktopNote = readOr(filepath.Join(work, "desktop-note.txt"), "")
	r.FirstPaint = readOr(filepath.Join(work, "firstpaint.txt"), "")
	if b, err := os.ReadFile(filepath.Join(work, "wasm-packages.json")); err == nil {
		var t wasmsize.Table
		if err := json.Unmarshal(b, &t); err != nil {
			return fmt.Errorf("wasm-packages.json: %w", err)
		}
		r.WasmPackages = &t
	}

	return write(r, docs)
}

// rerender writes the docs again from a results.json of an earlier run.
func rerender(from, docs string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	var r Results
	if err := json.Unmarshal(b, &r); err != nil {
		return err
	}
	return write(r, docs)
}

// write renders r into docs: BENCHMARKS.md, bench/*.svg, bench/results.json.
func write(r Results, docs string) error {
	docs, _ = filepath.Abs(docs)
	out := filepath.Join(docs, "bench")
	_ = os.RemoveAll(out)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	if err := plots(r, out); err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	b, err := json.MarshalIndent(r, "", " ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "results.json"), b, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(docs, "BENCHMARKS.md"), []byte(report(r)), 0o644); err != nil {
		return err
	}
	log.Printf("wrote %s and %s", filepath.Join(docs, "BENCHMARKS.md"), out)
	return nil
}

// seedPosts signs in as acct and creates n posts; it returns the first id.
func seedPosts(ctx context.Context, url string, acct account, n int) (string, error) {
	pb := core.New(url)
	a, err := pb.Collection("users").AuthWithPassword(ctx, acct.Email, acct.Password)
	if err != nil {
		return "", err
	}
	var first string
	for i := range n {
		rec, err := pb.Collection("posts").Create(ctx, map[string]any{"title": fmt.Sprintf("bench post %d", i+1), "published": true, "user": a.Record.ID()})
		if err != nil {
			return "", err
		}
		if first == "" {
			first = rec.ID()
		}
	}
	return first, nil
}

// readOr returns the file's content, or def when it cannot be read.
func readOr(path, def string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return def
	}
	return strings.TrimSpace(string(b))
}
