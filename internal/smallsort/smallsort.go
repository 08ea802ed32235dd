// Package smallsort sorts with a heapsort of a few lines. sort.Strings and
// slices.Sort instantiate pdqsort for each element type, which costs the
// browser build several KB of brotli-compressed wasm; the SDK sorts
// subscription keys, hook ids, option keys and JSON object keys, for which
// O(n log n) without pdqsort's tuning is plenty.
package smallsort

import "cmp"

// Sort sorts s in ascending order (not stable; equal elements are equal).
func Sort[T cmp.Ordered](s []T) {
	for i := len(s)/2 - 1; i >= 0; i-- {
		siftDown(s, i, len(s))
	}
	for n := len(s) - 1; n > 0; n-- {
		s[0], s[n] = s[n], s[0]
		siftDown(s, 0, n)
	}
}

// siftDown restores the max-heap order of s[:n] below root.
func siftDown[T cmp.Ordered](s []T, root, n int) {
	for {
		child := 2*root + 1
		if child >= n {
			return
		}
		if child+1 < n && cmp.Less(s[child], s[child+1]) {
			child++
		}
		if !cmp.Less(s[root], s[child]) {
			return
		}
		s[root], s[child] = s[child], s[root]
		root = child
	}
}
