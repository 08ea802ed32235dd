package main

import (
	"fmt"
	"image/color"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Colours of the contenders and series.
var (
	blue   = color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}
	orange = color.RGBA{R: 0xff, G: 0x7f, B: 0x0e, A: 0xff}
	green  = color.RGBA{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff}
	red    = color.RGBA{R: 0xd6, G: 0x27, B: 0x28, A: 0xff}
	series = []color.Color{blue, orange, green}
)

// plots writes the SVG plots of r into dir.
func plots(r Results, dir string) error {
	for _, f := range []func(Results, string) error{sizePlot, readyPlot, latencyPlot, stormPlot} {
		if err := f(r, dir); err != nil {
			return err
		}
	}
	return nil
}

// goalLine is a dashed horizontal line at y across n nominal categories.
func goalLine(y float64, n int) (*plotter.Line, error) {
	l, err := plotter.NewLine(plotter.XYs{{X: -0.5, Y: y}, {X: float64(n) - 0.5, Y: y}})
	if err != nil {
		return nil, err
	}
	l.Color = red
	l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	return l, nil
}

func sizePlot(r Results, dir string) error {
	p := plot.New()
	p.Title.Text = "Transfer size, all files of each contender (KB)"
	p.Y.Label.Text = "KB"
	names := []string{"bosgo", "JS SDK", "floor"}
	w := vg.Points(18)
	for i, kind := range []string{"raw", "gzip -9", "brotli -q 11"} { // legend: see below
		var v plotter.Values
		for _, s := range r.Sizes {
			v = append(v, float64([]int{s.Raw, s.Gzip, s.Brotli}[i])/1000)
		}
		b, err := plotter.NewBarChart(v, w)
		if err != nil {
			return err
		}
		b.Color = series[i]
		b.LineStyle.Width = 0
		b.Offset = w * vg.Length(i-1)
		p.Add(b)
		p.Legend.Add(kind, b)
	}
	g, err := goalLine(800, len(r.Sizes))
	if err != nil {
		return err
	}
	p.Add(g)
	p.Legend.Add("goal 800 KB", g)
	p.Legend.Top = true
	p.Legend.Left = true
	p.Legend.XOffs = vg.Points(260)
	p.NominalX(names...)
	return p.Save(22*vg.Centimeter, 11*vg.Centimeter, filepath.Join(dir, "sizes.svg"))
}

func readyPlot(r Results, dir string) error {
	p := plot.New()
	p.Title.Text = "Time to a usable client (ms from navigation start)"
	p.Y.Label.Text = "ms"
	var labels []string
	var all []float64
	x := 0.0
	for _, cache := range []string{"cold", "warm"} {
		for i, name := range readyContenders {
			for _, rr := range r.Ready {
				if rr.Name != name || rr.Cache != cache {
					continue
				}
				b, err := plotter.NewBoxPlot(vg.Points(22), x, plotter.Values(rr.Samples))
				if err != nil {
					return err
				}
				b.FillColor = series[i]
				p.Add(b)
				labels = append(labels, name+" "+cache)
				all = append(all, rr.Samples...)
				x++
			}
		}
	}
	p.Y.Min = 0
	p.Y.Max = quantile(all, 0.99) * 1.1
	p.NominalX(labels...)
	return p.Save(22*vg.Centimeter, 11*vg.Centimeter, filepath.Join(dir, "ready.svg"))
}

func latencyPlot(r Results, dir string) error {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Per-call latency, %d calls each, ms (blue bosgo, orange JS SDK, green fetch)", r.Latency.Rounds)
	p.Y.Label.Text = "ms"
	var labels []string
	var all []float64
	x := 0.0
	for _, call := range []string{"authRefresh", "getOne", "getList"} {
		for i, c := range []string{"bosgo", "js", "fetch"} {
			s := r.Latency.Samples[c][call]
			if len(s) == 0 {
				continue
			}
			b, err := plotter.NewBoxPlot(vg.Points(18), x, plotter.Values(s))
			if err != nil {
				return err
			}
			b.FillColor = series[i]
			p.Add(b)
			labels = append(labels, strings.TrimPrefix(call, "auth")+"\n"+c)
			all = append(all, s...)
			x++
		}
	}
	p.Y.Min = 0
	p.Y.Max = quantile(all, 0.98) * 1.2
	p.NominalX(labels...)
	return p.Save(24*vg.Centimeter, 12*vg.Centimeter, filepath.Join(dir, "latency.svg"))
}

func stormPlot(r Results, dir string) error {
	p := plot.New()
	p.Title.Text = "Refresh storm: auth-refresh requests per 100 calls"
	p.Y.Label.Text = "auth-refresh requests"
	var v plotter.Values
	var names []string
	for _, s := range r.Storms {
		v = append(v, float64(s.Refreshes))
		names = append(names, map[int]string{0: "native", 1: "browser, 1 tab", 2: "browser, 2 tabs"}[len(names)])
	}
	b, err := plotter.NewBarChart(v, vg.Points(40))
	if err != nil {
		return err
	}
	b.Color = blue
	b.LineStyle.Width = 0
	p.Add(b)
	g, err := goalLine(1, len(v))
	if err != nil {
		return err
	}
	p.Add(g)
	p.Legend.Add("goal: exactly 1", g)
	p.Legend.Top = true
	p.Legend.Left = true
	p.Legend.XOffs = vg.Points(30)
	p.Y.Min = 0
	p.Y.Max = max(3, maxOf(v)+1)
	p.NominalX(names...)
	return p.Save(14*vg.Centimeter, 9*vg.Centimeter, filepath.Join(dir, "storms.svg"))
}

func maxOf(v plotter.Values) float64 {
	m := 0.0
	for _, x := range v {
		m = max(m, x)
	}
	return m
}
