package core_test

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/bosgo/bosgo/core"
)

// decodeAll reads every event of input and the error that ended it.
func decodeAll(r io.Reader, max int) ([]core.Event, error) {
	d := core.NewSSEDecoder(r, max)
	var evs []core.Event
	for {
		ev, err := d.Next()
		if err != nil {
			return evs, err
		}
		evs = append(evs, ev)
	}
}

func TestSSEDecoder(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		in   string
		want []core.Event
		err  error // io.EOF unless set
	}{
		{
			name: "unterminated last event is dropped",
			in:   "data:one\n\ndata:two\n",
			want: []core.Event{{Name: "message", Data: "one"}},
		},
		{
			name: "line longer than the bound",
			in:   "data:" + strings.Repeat("x", 100) + "\n\n",
			err:  core.ErrEventTooLarge,
		},
		{
			name: "data longer than the bound over several lines",
			in:   strings.Repeat("data:"+strings.Repeat("x", 30)+"\n", 4) + "\n",
			err:  core.ErrEventTooLarge,
		},
		{
			name: "BosBase framing: no space after the colon",
			in:   "id:abc\nevent:PB_CONNECT\ndata:{\"clientId\":\"abc\"}\n\n",
			want: []core.Event{{ID: "abc", Name: "PB_CONNECT", Data: `{"clientId":"abc"}`}},
		},
		{
			name: "one space after the colon is dropped, a second one kept",
			in:   "event: posts/*\ndata:  {\"a\":1}\n\n",
			want: []core.Event{{Name: "posts/*", Data: ` {"a":1}`}},
		},
		{
			name: "multi-line data is joined with newlines",
			in:   "data:a\ndata: b\ndata\n\n",
			want: []core.Event{{Name: "message", Data: "a\nb\n"}},
		},
		{
			name: "comments, retry and unknown fields are ignored",
			in:   ": hello\nretry: 3000\nfoo: bar\ndata:x\n:\n\n",
			want: []core.Event{{Name: "message", Data: "x"}},
		},
		{
			name: "CRLF line ends",
			in:   "id:1\r\nevent:e\r\ndata:x\r\n\r\n",
			want: []core.Event{{ID: "1", Name: "e", Data: "x"}},
		},
		{
			name: "lone CR line ends",
			in:   "id:1\revent:e\rdata:x\r\rdata:y\r\r",
			want: []core.Event{{ID: "1", Name: "e", Data: "x"}, {ID: "1", Name: "message", Data: "y"}},
		},
		{
			name: "the id persists and a NUL id is ignored",
			in:   "id:1\ndata:a\n\ndata:b\n\nid:2\x00\ndata:c\n\nid\ndata:d\n\n",
			want: []core.Event{
				{ID: "1", Name: "message", Data: "a"},
				{ID: "1", Name: "message", Data: "b"},
				{ID: "1", Name: "message", Data: "c"},
				{ID: "", Name: "message", Data: "d"},
			},
		},
		{
			name: "an event without data is not dispatched and its name is reset",
			in:   "event:lonely\n\ndata:x\n\n",
			want: []core.Event{{Name: "message", Data: "x"}},
		},
		{
			name: "empty data is an event",
			in:   "event:ping\ndata:\n\n",
			want: []core.Event{{Name: "ping", Data: ""}},
		},
		{
			name: "a leading byte order mark is skipped",
			in:   "\uFEFFdata:x\n\n",
			want: []core.Event{{Name: "message", Data: "x"}},
		},
		{
			name: "blank lines between events",
			in:   "\n\n\ndata:x\n\n\n\ndata:y\n\n",
			want: []core.Event{{Name: "message", Data: "x"}, {Name: "message", Data: "y"}},
		},
		{
			name: "empty stream",
			in:   "",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			wantErr := tc.err
			if wantErr == nil {
				wantErr = io.EOF
			}
			for name, r := range map[string]io.Reader{
				"whole":    strings.NewReader(tc.in),
				"one byte": iotest.OneByteReader(strings.NewReader(tc.in)),
			} {
				got, err := decodeAll(r, 64)
				if !errors.Is(err, wantErr) {
					t.Fatalf("%s: error %v, want %v", name, err, wantErr)
				}
				if !reflect.DeepEqual(got, tc.want) {
					t.Fatalf("%s: events\n got %q\nwant %q", name, got, tc.want)
				}
			}
		})
	}
}

func TestSSEDecoderErrorIsSticky(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	d := core.NewSSEDecoder(iotest.ErrReader(boom), 0)
	for range 2 {
		if _, err := d.Next(); !errors.Is(err, boom) {
			t.Fatalf("Next() error = %v, want %v", err, boom)
		}
	}
	d = core.NewSSEDecoder(strings.NewReader("data:"+strings.Repeat("x", 10)+"\n\ndata:y\n\n"), 8)
	for range 2 {
		if _, err := d.Next(); !errors.Is(err, core.ErrEventTooLarge) {
			t.Fatalf("Next() error = %v, want ErrEventTooLarge", err)
		}
	}
}

// FuzzSSE checks that the decoder never panics, keeps its bound, never
// lets a line break into a name or an id, and gives the same events however
// the input is split into reads.
func FuzzSSE(f *testing.F) {
	f.Add([]byte("id:abc\nevent:PB_CONNECT\ndata:{\"clientId\":\"abc\"}\n\n"))
	f.Add([]byte("data: a\r\ndata:b\r\n\r\n: c\rretry:1\revent:x\rdata\r\r"))
	f.Fuzz(func(t *testing.T, in []byte) {
		const max = 256
		whole, errWhole := decodeAll(strings.NewReader(string(in)), max)
		split, errSplit := decodeAll(iotest.HalfReader(strings.NewReader(string(in))), max)
		if !reflect.DeepEqual(whole, split) {
			t.Fatalf("events differ by read size:\n whole %q\n split %q", whole, split)
		}
		if errors.Is(errWhole, io.EOF) != errors.Is(errSplit, io.EOF) {
			t.Fatalf("errors differ by read size: %v vs %v", errWhole, errSplit)
		}
		if !errors.Is(errWhole, io.EOF) && !errors.Is(errWhole, core.ErrEventTooLarge) {
			t.Fatalf("unexpected error %v", errWhole)
		}
		for _, ev := range whole {
			if len(ev.Data) > max {
				t.Fatalf("data of %d bytes over the bound %d", len(ev.Data), max)
			}
			if strings.ContainsAny(ev.Name, "\r\n") || strings.ContainsAny(ev.ID, "\r\n\x00") || strings.Contains(ev.Data, "\r") {
				t.Fatalf("line break leaked into event %q", ev)
			}
			if ev.Name == "" {
				t.Fatalf("event without a name: %q", ev)
			}
		}
	})
}
