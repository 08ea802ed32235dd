package main

import "github.com/bosgo/bosgo/bench/internal/wasmsize"

// Results is everything one run measured; it is written to
// docs/bench/results.json and rendered into docs/BENCHMARKS.md.
type Results struct {
	Machine Machine `json:"machine"`
	Command string  `json:"command"`

	Sizes   []Size         `json:"sizes"`
	Ready   []ReadyResult  `json:"ready"`
	Latency Latency        `json:"latency"`
	Profile *Profile       `json:"profile,omitempty"`
	Memory  []MemoryResult `json:"memory,omitempty"`
	Storms  []Storm        `json:"storms"`
	Loads   []Load         `json:"loads"`
	Tabs    []TabsResult   `json:"tabs,omitempty"`
	// Engines are the figures of Firefox and WebKit (engines.go).
	Engines []EngineResult `json:"engines,omitempty"`

	// Native and Desktop are the text outputs of the testing.B runs the
	// task made before this program (benchstat tables).
	Native      string `json:"native"`
	NativeRaw   string `json:"nativeRaw"`
	Desktop     string `json:"desktop"`
	DesktopNote string `json:"desktopNote"`
	FirstPaint  string `json:"firstPaint"`

	// WasmPackages is where the module's bytes come from, written by
	// go tool task wasm:pkgsize (cmd/wasm-pkgsize) before this program.
	WasmPackages *wasmsize.Table `json:"wasmPackages,omitempty"`
}

// Machine identifies where and when the run happened.
type Machine struct {
	CPUs     int    `json:"cpus"`
	Model    string `json:"model"`
	MemGiB   int    `json:"memGiB"`
	OS       string `json:"os"`
	Go       string `json:"go"`
	Chromium string `json:"chromium"`
	Date     string `json:"date"`
}

// Size is one contender's transfer size.
type Size struct {
	Name   string   `json:"name"`
	Files  []string `json:"files"`
	Raw    int      `json:"raw"`
	Gzip   int      `json:"gzip"`
	Brotli int      `json:"brotli"`
	// Module is the .wasm alone (0 for the JS SDK).
	ModuleBrotli int `json:"moduleBrotli"`
}

// ReadyResult is the time to a usable client of one contender and cache
// state: the median of Samples (ms since navigation start).
type ReadyResult struct {
	Name    string    `json:"name"`
	Cache   string    `json:"cache"` // "cold" or "warm"
	Samples []float64 `json:"samples"`
	Median  float64   `json:"median"`
	P90     float64   `json:"p90"`
}

// Latency is the per-call comparison.
type Latency struct {
	Isolated bool                            `json:"isolated"` // the page was crossOriginIsolated (5 µs timers)
	Rounds   int                             `json:"rounds"`
	Warmup   int                             `json:"warmup"`
	Samples  map[string]map[string][]float64 `json:"samples"` // contender → call → ms
}

// Storm is one refresh-storm run.
type Storm struct {
	Name      string   `json:"name"`
	Calls     int      `json:"calls"`
	OK        int      `json:"ok"`
	Failed    int      `json:"failed"`
	Refreshes int      `json:"refreshes"`
	Errors    []string `json:"errors,omitempty"`
	MS        float64  `json:"ms"`
}

// Load is one load run through one native client.
type Load struct {
	Name          string         `json:"name"`
	SignIns       int            `json:"signIns"`
	Requests      int            `json:"requests"`
	Concurrency   int            `json:"concurrency"`
	Errors        map[string]int `json:"errors"` // by status ("429", "0", …)
	Untyped       int            `json:"untyped"`
	SignInP50     float64        `json:"signInP50"`
	SignInP99     float64        `json:"signInP99"`
	RequestP50    float64        `json:"requestP50"`
	RequestP99    float64        `json:"requestP99"`
	Seconds       float64        `json:"seconds"`
	GoroutinesMax int            `json:"goroutinesMax"`
	GoroutinesEnd int            `json:"goroutinesEnd"`
	GoroutinesPre int            `json:"goroutinesPre"`
	Refreshes     int            `json:"refreshes"`
	Server        string         `json:"server"`
}

// TabsResult is one contender's many-tabs run: of Tabs tabs of one browser
// profile opened one after the other, each subscribing to realtime and then
// making a request, how many completed both (FirstStuck is the first tab
// that did not, 0 when all did).
type TabsResult struct {
	Name       string `json:"name"`
	Tabs       int    `json:"tabs"`
	Completed  int    `json:"completed"`
	FirstStuck int    `json:"firstStuck"`
	WaitMS     int    `json:"waitMS"` // how long each tab was given
}
