package jsonv

// sortStrings sorts a in ascending byte order, the order json.Marshal
// gives map keys, with a heapsort: the sort and slices packages would cost
// more code than these few lines.
func sortStrings(a []string) {
	for i := len(a)/2 - 1; i >= 0; i-- {
		siftDown(a, i, len(a))
	}
	for n := len(a) - 1; n > 0; n-- {
		a[0], a[n] = a[n], a[0]
		siftDown(a, 0, n)
	}
}

// siftDown restores the max-heap order of a[:n] below root.
func siftDown(a []string, root, n int) {
	for {
		child := 2*root + 1
		if child >= n {
			return
		}
		if child+1 < n && a[child] < a[child+1] {
			child++
		}
		if a[root] >= a[child] {
			return
		}
		a[root], a[child] = a[child], a[root]
		root = child
	}
}
