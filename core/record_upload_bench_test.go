//go:build !js

package core_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"

	"github.com/bosgo/bosgo/core"
)

// zeros is an endless reader of zero bytes that allocates nothing.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// BenchmarkUploadLargeFile uploads a 100 MB file through core to a server
// that discards it. Natively the multipart body is streamed, so the bytes
// allocated per upload (B/op, and heap-MB, the live heap right after the
// upload) stay a small fraction of the file: the file is never held in
// memory.
func BenchmarkUploadLargeFile(b *testing.B) {
	const size = 100 << 20
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := io.Copy(io.Discard, r.Body)
		if err != nil || n < size {
			http.Error(w, "short body", 400)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":"r1"}`))
	}))
	b.Cleanup(srv.Close)
	tr := &http.Transport{}
	b.Cleanup(tr.CloseIdleConnections)
	pb := core.New(srv.URL, core.WithTransport(&core.HTTPTransport{Client: &http.Client{Transport: tr}}))
	posts := pb.Collection("posts")
	b.SetBytes(size)
	b.ReportAllocs()
	var peak uint64
	for b.Loop() {
		_, err := posts.Create(b.Context(), map[string]any{
			"title":      "large",
			"attachment": &core.File{Name: "large.bin", Reader: io.LimitReader(zeros{}, size)},
		})
		if err != nil {
			b.Fatal(err)
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapInuse)
	}
	b.ReportMetric(float64(peak)/(1<<20), "heap-MB")
}
