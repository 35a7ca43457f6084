// Package grid holds what the PDF and OCR table readers share about ruling
// lines: which horizontal and vertical rules touch, and so form one table,
// and which positions of a table's grid no rule separates, and so form
// one cell.
package grid

// Connected groups nh horizontal and nv vertical rules into the sets that
// touch, directly or through others: a table is one such set. Indexes
// 0..nh-1 are the horizontals, nh..nh+nv-1 the verticals; touch(h, v)
// says whether horizontal h and vertical v meet. Groups come in the order
// of their first rule, and list their rules in index order.
func Connected(nh, nv int, touch func(h, v int) bool) [][]int {
	s := newSets(nh + nv)
	for h := range nh {
		for v := range nv {
			if touch(h, v) {
				s.union(h, nh+v)
			}
		}
	}
	at := map[int]int{}
	var groups [][]int
	for i := range nh + nv {
		root := s.find(i)
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

// Region is one cell of a table as drawn, merged or not: it covers grid
// rows R0..R1 and columns C0..C1 (inclusive).
type Region struct{ R0, C0, R1, C1 int }

// Merge finds the cells of a grid of rows×cols positions: neighbouring
// positions that no rule separates are one cell. open(r, c, down) says
// whether the rule is missing between position (r, c) and the one to its
// right, or with down the one below it. own[r][c] indexes regions, which
// come in the order of their first position, row by row.
func Merge(rows, cols int, open func(r, c int, down bool) bool) (own [][]int, regions []Region) {
	s := newSets(rows * cols)
	for r := range rows {
		for c := range cols {
			if c+1 < cols && open(r, c, false) {
				s.union(r*cols+c, r*cols+c+1)
			}
			if r+1 < rows && open(r, c, true) {
				s.union(r*cols+c, (r+1)*cols+c)
			}
		}
	}
	own = make([][]int, rows)
	ids := map[int]int{}
	for r := range rows {
		own[r] = make([]int, cols)
		for c := range cols {
			root := s.find(r*cols + c)
			id, ok := ids[root]
			if !ok {
				id = len(regions)
				ids[root] = id
				regions = append(regions, Region{R0: r, C0: c, R1: r, C1: c})
			}
			reg := &regions[id]
			reg.R0, reg.C0 = min(reg.R0, r), min(reg.C0, c)
			reg.R1, reg.C1 = max(reg.R1, r), max(reg.C1, c)
			own[r][c] = id
		}
	}
	return own, regions
}

// sets is a union-find forest over 0..n-1.
type sets []int

func newSets(n int) sets {
	s := make(sets, n)
	for i := range s {
		s[i] = i
	}
	return s
}

func (s sets) find(i int) int {
	for s[i] != i {
		s[i] = s[s[i]]
		i = s[i]
	}
	return i
}

func (s sets) union(a, b int) {
	if ra, rb := s.find(a), s.find(b); ra != rb {
		s[max(ra, rb)] = min(ra, rb)
	}
}
