package core

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// MaxEventSize bounds one line, and the joined data, of a server-sent
// event. A longer event ends the stream with an error wrapping
// [ErrEventTooLarge]; the realtime service then reconnects.
const MaxEventSize = 8 << 20

// ErrEventTooLarge is wrapped by the error of an event stream that carried
// a line or an event larger than its bound.
var ErrEventTooLarge = errors.New("bosbase: server-sent event too large")

// SSEDecoder reads events from a text/event-stream body. It is tolerant of
// what servers and proxies send: "data:" with or without a space after the
// colon, several data lines per event, comment lines, LF, CRLF or lone CR
// line ends, a leading byte order mark, and "retry:" or unknown fields,
// which it ignores. It never panics on malformed input.
//
// The "id:" field persists across events as the last event id, as in
// browsers' EventSource, so [Event.ID] is the id most recently sent. An
// event left unfinished when the stream ends is dropped.
//
// An SSEDecoder is not safe for concurrent use.
type SSEDecoder struct {
	r      *bufio.Reader
	max    int
	lastID string
	skipLF bool   // the previous line ended with CR: a following LF belongs to it
	bom    bool   // the start of the stream has been checked for a BOM
	line   []byte // reused line buffer
	err    error  // sticky error
}

// NewSSEDecoder returns a decoder reading r. maxSize bounds one line and the
// joined data of one event; zero or negative means [MaxEventSize].
func NewSSEDecoder(r io.Reader, maxSize int) *SSEDecoder {
	if maxSize <= 0 {
		maxSize = MaxEventSize
	}
	return &SSEDecoder{r: bufio.NewReaderSize(r, 16<<10), max: maxSize}
}

// Next returns the next event. It returns io.EOF when the stream ends
// cleanly, the reader's error when reading fails, and an error wrapping
// [ErrEventTooLarge] for an oversized line or event. After an error every
// later call returns the same error.
func (d *SSEDecoder) Next() (Event, error) {
	if d.err != nil {
		return Event{}, d.err
	}
	ev, err := d.next()
	if err != nil {
		d.err = err
	}
	return ev, err
}

func (d *SSEDecoder) next() (Event, error) {
	var (
		data    []byte
		hasData bool
		name    string
	)
	for {
		line, err := d.readLine()
		if err != nil {
			return Event{}, err
		}
		if len(line) == 0 { // a blank line dispatches the event
			if !hasData {
				name = ""
				continue
			}
			if name == "" {
				name = "message"
			}
			return Event{ID: d.lastID, Name: name, Data: string(data[:len(data)-1])}, nil
		}
		if line[0] == ':' { // comment
			continue
		}
		field, value := line, []byte(nil)
		if i := bytes.IndexByte(line, ':'); i >= 0 {
			field, value = line[:i], line[i+1:]
			if len(value) > 0 && value[0] == ' ' {
				value = value[1:]
			}
		}
		switch string(field) {
		case "data":
			if len(data)+len(value)+1 > d.max {
				return Event{}, fmt.Errorf("%w: data over %d bytes", ErrEventTooLarge, d.max)
			}
			data = append(data, value...)
			data = append(data, '\n')
			hasData = true
		case "event":
			name = string(value)
		case "id":
			if bytes.IndexByte(value, 0) < 0 {
				d.lastID = string(value)
			}
		}
		// "retry" and unknown fields are ignored.
	}
}

// readLine returns the next line without its terminator. The returned
// slice is valid until the next call.
func (d *SSEDecoder) readLine() ([]byte, error) {
	d.line = d.line[:0]
	for {
		if _, err := d.r.Peek(1); err != nil {
			// An unterminated last line is part of an unfinished event:
			// per the SSE spec it is dropped, so report the end as is.
			return nil, err
		}
		chunk, _ := d.r.Peek(d.r.Buffered())
		if d.skipLF {
			d.skipLF = false
			if chunk[0] == '\n' {
				_, _ = d.r.Discard(1)
				continue
			}
		}
		i := bytes.IndexAny(chunk, "\r\n")
		n := i
		if i < 0 {
			n = len(chunk)
		}
		if len(d.line)+n > d.max {
			return nil, fmt.Errorf("%w: line over %d bytes", ErrEventTooLarge, d.max)
		}
		d.line = append(d.line, chunk[:n]...)
		if i < 0 {
			_, _ = d.r.Discard(n)
			continue
		}
		d.skipLF = chunk[i] == '\r'
		_, _ = d.r.Discard(i + 1)
		if !d.bom {
			d.bom = true
			d.line = bytes.TrimPrefix(d.line, []byte("\uFEFF"))
		}
		return d.line, nil
	}
}
