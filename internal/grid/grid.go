// Package grid holds what the PDF and OCR table readers share about ruling
// lines: which horizontal and vertical rules touch, and so form one table.
package grid

// Connected groups nh horizontal and nv vertical rules into the sets that
// touch, directly or through others: a table is one such set. Indexes
// 0..nh-1 are the horizontals, nh..nh+nv-1 the verticals; touch(h, v)
// says whether horizontal h and vertical v meet. Groups come in the order
// of their first rule, and list their rules in index order.
func Connected(nh, nv int, touch func(h, v int) bool) [][]int {
	parent := make([]int, nh+nv)
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for h := range nh {
		for v := range nv {
			if touch(h, v) {
				if a, b := find(h), find(nh+v); a != b {
					parent[a] = b
				}
			}
		}
	}
	at := map[int]int{}
	var groups [][]int
	for i := range parent {
		root := find(i)
		g, ok := at[root]
		if !ok {
			g = len(groups)
			at[root] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], i)
	}
	return groups
}
