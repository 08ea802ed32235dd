package hostile

// Cases returns the whole matrix, in table order. Call it once per run:
// some sessions are made relative to the current time.
func Cases() []Case {
	var all []Case
	for _, group := range [][]Case{httpCases(), mfaCases(), jwtCases(), refreshCases(), sseCases(), pubsubCases()} {
		all = append(all, group...)
	}
	return all
}
