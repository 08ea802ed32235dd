package hostile

// ReportRow is one case's result in a runner's JSON report (written when
// BOSGO_HOSTILE_REPORT names a file), from which docs/RELIABILITY.md is
// made.
type ReportRow struct {
	Runner    string  `json:"runner"` // "native" or "wasm"
	Name      string  `json:"name"`
	Group     string  `json:"group"`
	Op        string  `json:"op"`
	Proves    string  `json:"proves"`
	Pass      bool    `json:"pass"`
	ElapsedMS float64 `json:"elapsedMs"`
	Detail    string  `json:"detail,omitempty"` // why it failed
	Note      string  `json:"note,omitempty"`   // why the browser expectation differs
}
