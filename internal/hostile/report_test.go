package hostile_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/bosgo/bosgo/internal/hostile"
)

// writeReport writes one runner's results as JSON (for docs/RELIABILITY.md,
// see hostile.Report).
func writeReport(t *testing.T, path, runner string, cases []hostile.Case, results []hostile.Outcome) {
	t.Helper()
	rows := make([]hostile.ReportRow, len(cases))
	for i, c := range cases {
		err := hostile.Check(c, results[i])
		rows[i] = hostile.ReportRow{Runner: runner, Name: c.Name, Group: c.Group, Op: string(c.Op), Proves: c.Proves, Pass: err == nil, ElapsedMS: float64(results[i].Elapsed.Microseconds()) / 1000}
		if err != nil {
			rows[i].Detail = err.Error()
		}
		if runner == "wasm" {
			rows[i].Note = c.BrowserNote
		}
	}
	b, err := json.MarshalIndent(rows, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
