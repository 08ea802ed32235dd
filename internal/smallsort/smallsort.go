// Package smallsort sorts the short slices the SDK orders (subscription
// keys, hook ids, option keys) with an insertion sort. sort.Strings and
// slices.Sort instantiate pdqsort for each element type, which costs the
// browser build ~6 KB of brotli-compressed wasm for no gain at these sizes.
package smallsort

import "cmp"

// Sort sorts s in ascending order. It is O(n²): use it for slices of up to
// a few hundred elements.
func Sort[T cmp.Ordered](s []T) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && cmp.Less(s[j], s[j-1]); j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
