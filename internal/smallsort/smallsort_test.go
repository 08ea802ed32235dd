package smallsort

import (
	"slices"
	"testing"
)

func TestSortMatchesSlicesSort(t *testing.T) {
	for _, in := range [][]string{nil, {}, {"a"}, {"b", "a"}, {"c", "a", "b", "a"}, {"z", "y", "x", "w", "", "y"}} {
		got := slices.Clone(in)
		Sort(got)
		want := slices.Clone(in)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("Sort(%q) = %q, want %q", in, got, want)
		}
	}
	ints := []int{5, -1, 3, 3, 0, 9, -7}
	Sort(ints)
	if !slices.IsSorted(ints) {
		t.Errorf("ints not sorted: %v", ints)
	}
}

func FuzzSort(f *testing.F) {
	f.Add([]byte("hello world"))
	f.Fuzz(func(t *testing.T, b []byte) {
		got := slices.Clone(b)
		Sort(got)
		want := slices.Clone(b)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("Sort(%v) = %v, want %v", b, got, want)
		}
	})
}
