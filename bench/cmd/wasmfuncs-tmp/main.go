package main

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/bosgo/bosgo/bench/internal/wasmsize"
)

func main() {
	b, _ := os.ReadFile(os.Args[1])
	m, err := wasmsize.Parse(b)
	if err != nil {
		panic(err)
	}
	fs := m.Funcs
	sort.Slice(fs, func(i, j int) bool { return fs[i].Size > fs[j].Size })
	n := 0
	for _, f := range fs {
		if strings.HasPrefix(f.Name, os.Args[2]) {
			fmt.Println(f.Size, f.Name)
			n++
			if n > 40 {
				break
			}
		}
	}
}
