package testenv

import (
	"bytes"
	"strings"
	"sync"
)

// maxOutput bounds the child output kept in memory; older output is dropped.
const maxOutput = 1 << 20

// output keeps the tail of a child's combined stdout and stderr and spots
// the READY line on stdout. It is safe for concurrent use: exec copies the
// two streams from two goroutines.
type output struct {
	mu      sync.Mutex
	buf     []byte      // guarded by mu; at most maxOutput bytes
	dropped bool        // guarded by mu; whether older output was dropped
	line    []byte      // guarded by mu; the incomplete last stdout line
	ready   chan string // receives the JSON of the first READY line
	seen    bool        // guarded by mu; whether READY was sent
}

func newOutput() *output {
	return &output{ready: make(chan string, 1)}
}

// stdout returns the writer for the child's stdout.
func (o *output) stdout() *stdoutWriter { return &stdoutWriter{o} }

// Write appends p (stderr, or stdout through stdoutWriter).
func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.appendLocked(p)
	return len(p), nil
}

func (o *output) appendLocked(p []byte) {
	o.buf = append(o.buf, p...)
	if n := len(o.buf) - maxOutput; n > 0 {
		o.buf = append(o.buf[:0], o.buf[n:]...)
		o.dropped = true
	}
}

// String returns the kept output.
func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.dropped {
		return "[... earlier output dropped ...]\n" + string(o.buf)
	}
	return string(o.buf)
}

// tail returns about the last n bytes of the kept output, from a line start.
func (o *output) tail(n int) string {
	s := o.String()
	if len(s) <= n {
		return s
	}
	s = s[len(s)-n:]
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return "[...]\n" + s
}

type stdoutWriter struct{ o *output }

// Write appends p and reports the first line that starts with "READY ".
func (w *stdoutWriter) Write(p []byte) (int, error) {
	o := w.o
	o.mu.Lock()
	defer o.mu.Unlock()
	o.appendLocked(p)
	if o.seen {
		return len(p), nil
	}
	o.line = append(o.line, p...)
	for {
		i := bytes.IndexByte(o.line, '\n')
		if i < 0 {
			break
		}
		l := strings.TrimRight(string(o.line[:i]), "\r")
		o.line = o.line[i+1:]
		if rest, ok := strings.CutPrefix(l, "READY "); ok {
			o.seen, o.line = true, nil
			o.ready <- rest
			break
		}
	}
	return len(p), nil
}
