package main

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Profile is where the time of one getOne goes, per contender and stage
// (see window.profile in bench/site/latency.js): samples in ms.
type Profile struct {
	Rounds  int                             `json:"rounds"`
	Samples map[string]map[string][]float64 `json:"samples"` // contender → stage → ms
}

// profileStages are the stages of window.profile, in order, with what each
// one covers.
var profileStages = []struct{ Key, Name, What string }{
	{"toFetch", "call → fetch", "the SDK builds the request; for bosgo also the bridge into Go and the port's JS"},
	{"network", "fetch → headers", "the browser and the devserver (the same for both)"},
	{"toBody", "headers → body read", "the response handed back until the SDK starts reading the body"},
	{"body", "body read", "reading the body to its end"},
	{"toResult", "body → result", "decoding, the bridge back to JS and building the objects JS receives"},
	{"total", "total", "the call as the caller sees it"},
}

// measureProfile runs window.profile on the latency page (after
// measureLatency set it up).
func measureProfile(ctx context.Context, rounds, warmup int) (Profile, error) {
	s, err := evalJSON[map[string]map[string][]float64](ctx, 10*time.Minute, fmt.Sprintf(`window.profile(%d, %d)`, rounds, warmup))
	if err != nil {
		return Profile{}, fmt.Errorf("profile: %w", err)
	}
	return Profile{Rounds: rounds, Samples: s}, nil
}

// profileTable renders p as a Markdown table of medians.
func profileTable(p Profile) string {
	var b strings.Builder
	b.WriteString("| stage | bosgo (ms) | JS SDK (ms) | bosgo − JS SDK | covers |\n|---|---:|---:|---:|---|\n")
	for _, st := range profileStages {
		g, j := median(p.Samples["bosgo"][st.Key]), median(p.Samples["js"][st.Key])
		fmt.Fprintf(&b, "| %s | %.3f | %.3f | %+.3f | %s |\n", st.Name, g, j, g-j, st.What)
	}
	return b.String()
}

// profileBefore is the profile before the one-promise fetch and the
// undecoded record reads, measured by hand (bosgo-bench -only latency
// -rounds 60) on 2026-12-03 at commit 0dd9160 on the same shared 2-core
// machine while other work ran on it (so slower in absolute terms than a
// quiet run).
const profileBefore = `Before the change (measured on 2026-12-03 at commit 0dd9160, 60 calls each, on a loaded machine, so only the differences mean much): ` +
	"Go awaited the fetch, then the body stream chunk by chunk, decoded the record with jsonv, encoded it again and the bridge re-parsed it with `JSON.parse`.\n\n" +
	`| stage | bosgo (ms) | JS SDK (ms) | bosgo − JS SDK |
|---|---:|---:|---:|
| call → fetch | 0.987 | 0.080 | +0.907 |
| fetch → headers | 9.748 | 9.525 | +0.223 |
| headers → body read | 0.902 | 0.205 | +0.697 |
| body read | 2.635 | 2.510 | +0.125 |
| body → result | 0.465 | 0.650 | −0.185 |
| total | 15.922 | 12.923 | +3.000 |
`
