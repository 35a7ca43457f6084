package pdf

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/nianbao/nianbao/internal/grid"
	"github.com/nianbao/nianbao/internal/numtok"
)

// table is a table rebuilt from one page (or, after joining, several):
// the grid's column boundaries and, for every grid position, the region
// (merged cell) that owns it.
type table struct {
	page        int
	top, bottom float64
	xs          []float64 // column boundaries, len(xs) = columns+1
	own         [][]int   // own[row][col] indexes regions
	regions     []region
	openTop     []bool // per column: no rule above the first row
	ruled       bool
	// heights holds each row's height in points for ruled tables (nil
	// for tables rebuilt from alignment), to tell a blank row of cells
	// from the sliver between a double rule.
	heights []float64
}

// region is one cell of the source with its text.
type region struct {
	grid.Region
	text string
}

func (t *table) cols() int { return len(t.xs) - 1 }

// line is a ruling line merged from the drawn segments at one position.
type line struct{ pos, lo, hi float64 }

const (
	ruleSnap = 2.0 // points: segments this close are one rule
	minCell  = 3.0 // points: grid gaps narrower than this are one boundary
)

// mergeSegs merges drawn segments into rules: segments at (nearly) the
// same position are clustered, and touching pieces along a cluster join.
func mergeSegs(segs []seg) []line {
	if len(segs) == 0 {
		return nil
	}
	s := slices.Clone(segs)
	slices.SortFunc(s, func(a, b seg) int { return cmp.Compare(a.pos, b.pos) })
	var out []line
	for i := 0; i < len(s); {
		j := i + 1
		for j < len(s) && s[j].pos-s[j-1].pos <= ruleSnap/2 {
			j++
		}
		group := s[i:j]
		pos := 0.0
		for _, g := range group {
			pos += g.pos
		}
		pos /= float64(len(group))
		slices.SortFunc(group, func(a, b seg) int { return cmp.Compare(a.lo, b.lo) })
		cur := line{pos: pos, lo: group[0].lo, hi: group[0].hi}
		for _, g := range group[1:] {
			if g.lo <= cur.hi+ruleSnap {
				cur.hi = max(cur.hi, g.hi)
				continue
			}
			out = append(out, cur)
			cur = line{pos: pos, lo: g.lo, hi: g.hi}
		}
		out = append(out, cur)
		i = j
	}
	return out
}

// findGrids finds the ruled tables of a page: connected sets of
// horizontal and vertical rules. Lone rules (underlines, separators),
// boxes around a paragraph and the strokes of outlined glyphs are not
// tables.
func findGrids(hs, vs []seg, page int) []*gridRules {
	H, V := mergeSegs(hs), mergeSegs(vs)
	if len(H) < 2 || len(V) < 2 || len(H) > 3000 || len(V) > 3000 {
		return nil
	}
	touch := func(i, j int) bool {
		h, v := H[i], V[j]
		return v.pos >= h.lo-ruleSnap && v.pos <= h.hi+ruleSnap && h.pos >= v.lo-ruleSnap && h.pos <= v.hi+ruleSnap
	}
	var out []*gridRules
	for _, set := range grid.Connected(len(H), len(V), touch) {
		g := &gridRules{page: page}
		for _, i := range set {
			if i < len(H) {
				g.h = append(g.h, H[i])
			} else {
				g.v = append(g.v, V[i-len(H)])
			}
		}
		if g.isTable() {
			out = append(out, g)
		}
	}
	return out
}

// gridRules is one connected set of rules.
type gridRules struct {
	page           int
	h, v           []line
	x0, y0, x1, y1 float64
	xs, ys         []float64
	hAt, vAt       [][]line // the rules at each boundary of ys and xs
}

// maxCells bounds the grid of one table; report tables have a few
// hundred cells, and a page of hatching must not cost quadratic time.
const maxCells = 100_000

func (g *gridRules) isTable() bool {
	if len(g.h) < 2 || len(g.v) < 2 || len(g.h) < 3 && len(g.v) < 3 {
		return false
	}
	longest := 0.0
	g.x0, g.y0, g.x1, g.y1 = g.h[0].lo, g.h[0].pos, g.h[0].hi, g.h[0].pos
	for _, h := range g.h {
		longest = max(longest, h.hi-h.lo)
		g.x0, g.x1 = min(g.x0, h.lo), max(g.x1, h.hi)
		g.y0, g.y1 = min(g.y0, h.pos), max(g.y1, h.pos)
	}
	for _, v := range g.v {
		g.x0, g.x1 = min(g.x0, v.pos), max(g.x1, v.pos)
		g.y0, g.y1 = min(g.y0, v.lo), max(g.y1, v.hi)
	}
	// Outlined glyphs make small closed shapes; a table is wide.
	if longest < 40 || g.x1-g.x0 < 40 || g.y1-g.y0 < 8 {
		return false
	}
	g.xs = boundaries(g.v, g.x0, g.x1)
	g.ys = boundaries(g.h, g.y0, g.y1)
	if len(g.xs) < 2 || len(g.ys) < 2 || len(g.xs) == 2 && len(g.ys) == 2 || (len(g.xs)-1)*(len(g.ys)-1) > maxCells {
		return false
	}
	g.vAt, g.hAt = byBoundary(g.v, g.xs), byBoundary(g.h, g.ys)
	return true
}

// byBoundary files each rule under the boundary it lies on.
func byBoundary(ls []line, bounds []float64) [][]line {
	at := make([][]line, len(bounds))
	for _, l := range ls {
		i := sort.SearchFloat64s(bounds, l.pos)
		switch {
		case i < len(bounds) && abs(bounds[i]-l.pos) <= minCell:
		case i > 0 && abs(bounds[i-1]-l.pos) <= minCell:
			i--
		default:
			continue
		}
		at[i] = append(at[i], l)
	}
	return at
}

// boundaries clusters rule positions into grid boundaries, adding the
// table's outer edges where no rule was drawn (open-sided tables).
func boundaries(ls []line, lo, hi float64) []float64 {
	ps := []float64{lo, hi}
	for _, l := range ls {
		ps = append(ps, l.pos)
	}
	slices.Sort(ps)
	var out []float64
	for i := 0; i < len(ps); {
		j := i + 1
		sum := ps[i]
		for j < len(ps) && ps[j]-ps[j-1] < minCell {
			sum += ps[j]
			j++
		}
		out = append(out, sum/float64(j-i))
		i = j
	}
	return out
}

// covered reports whether rules cover most of the stretch from a to b.
func covered(ls []line, a, b float64) bool {
	got := 0.0
	for _, l := range ls {
		if lo, hi := max(l.lo, a), min(l.hi, b); hi > lo {
			got += hi - lo
		}
	}
	return got >= 0.5*(b-a)
}

// build turns the rules into a table: grid positions whose separating
// rule is missing belong to one merged cell, and each glyph goes to the
// cell under its centre. Wrapped lines inside a cell are joined.
func (g *gridRules) build(glyphs []glyph) *table {
	nr, nc := len(g.ys)-1, len(g.xs)-1
	t := &table{page: g.page, top: g.y0, bottom: g.y1, xs: g.xs, ruled: true}
	for r := range nr {
		t.heights = append(t.heights, math.Abs(g.ys[r+1]-g.ys[r]))
	}
	own, regions := grid.Merge(nr, nc, func(r, c int, down bool) bool {
		if down {
			return !covered(g.hAt[r+1], g.xs[c], g.xs[c+1])
		}
		return !covered(g.vAt[c+1], g.ys[r], g.ys[r+1])
	})
	t.own = own
	for _, reg := range regions {
		t.regions = append(t.regions, region{Region: reg})
	}
	t.openTop = make([]bool, nc)
	for c := range nc {
		t.openTop[c] = !covered(g.hAt[0], g.xs[c], g.xs[c+1])
	}
	// The glyphs of each cell, in their order, in one buffer: a slice
	// per cell grown glyph by glyph allocated twice the glyphs.
	ids := make([]int, len(glyphs))
	offs := make([]int, len(t.regions)+1)
	for k := range glyphs {
		gl := &glyphs[k]
		ids[k] = t.own[locate(g.ys, gl.cy())][locate(g.xs, gl.cx())]
		offs[ids[k]+1]++
	}
	for id := range t.regions {
		offs[id+1] += offs[id]
	}
	buf := make([]glyph, len(glyphs))
	next := slices.Clone(offs[:len(t.regions)])
	for k, id := range ids {
		buf[next[id]] = glyphs[k]
		next[id]++
	}
	for id := range t.regions {
		t.regions[id].text = cellText(buf[offs[id]:offs[id+1]:offs[id+1]], g.page)
	}
	return t
}

// locate returns the interval of bounds that holds v, clamped to the
// first and last.
func locate(bounds []float64, v float64) int {
	i := sort.SearchFloat64s(bounds, v) - 1
	return max(0, min(i, len(bounds)-2))
}

func cellText(gs []glyph, page int) string {
	lines := buildLines(gs, page)
	parts := make([]string, len(lines))
	for i, l := range lines {
		parts[i] = l.text
	}
	return joinWrapped(parts)
}

// contains reports whether a glyph belongs to the table area.
func (g *gridRules) contains(gl *glyph) bool {
	x, y := gl.cx(), gl.cy()
	return x >= g.x0-1 && x <= g.x1+1 && y >= g.y0-1 && y <= g.y1+1
}

// continues reports whether next, the first block of the following page,
// is the rest of t: same outer edges and mostly the same column
// boundaries.
func (t *table) continues(next *table) bool {
	if next.page != t.page+1 || t.ruled != next.ruled || !t.ruled && len(t.xs) != len(next.xs) {
		return false
	}
	a, b := t.xs, next.xs
	if abs(a[0]-b[0]) > 4 || abs(a[len(a)-1]-b[len(b)-1]) > 4 {
		return false
	}
	match := func(xs, in []float64) int {
		n := 0
		for _, x := range xs {
			for _, y := range in {
				if abs(x-y) <= ruleSnap+1 {
					n++
					break
				}
			}
		}
		return n
	}
	m := max(match(b, a)*100/len(b), match(a, b)*100/len(a))
	return m >= 60
}

// join appends next (the part of the table on the following page) to t.
// The column boundaries of both parts are unified; a cell at the top of
// next that has no rule above it is the rest of the cell it continues
// from, so the two become one cell.
func (t *table) join(next *table) {
	xs := unionBounds(t.xs, next.xs)
	if !t.ruled {
		// Unruled columns are found from the text of each part, whose
		// edges wander; the parts have the same number of columns.
		xs = t.xs
		next.xs = xs
	}
	t.remap(xs)
	next.remap(xs)
	t.xs = xs
	// Word repeats header rows at the top of each page; keep them once.
	k := 0
	for k < len(t.own) && k < len(next.own)-1 && k < 6 && t.rowKey(k) != "" && t.rowKey(k) == next.rowKey(k) {
		k++
	}
	next.dropRows(k)
	off := len(t.own)
	last := t.own[off-1]
	cont := map[int]int{}
	for c := range xs[:len(xs)-1] {
		up, down := last[c], next.own[0][c]
		ru, rd := t.regions[up], next.regions[down]
		if ru.C0 != rd.C0 || ru.C1 != rd.C1 || rd.R0 != 0 {
			continue
		}
		if next.openTop[c] || t.groupColumn(c) && continuesLabel(ru.text, rd.text) {
			cont[down] = up
		}
	}
	for id, reg := range next.regions {
		if up, ok := cont[id]; ok {
			u := &t.regions[up]
			u.R1 = reg.R1 + off
			u.text = joinWrapped([]string{u.text, reg.text})
		}
	}
	idmap := make([]int, len(next.regions))
	for id, reg := range next.regions {
		if up, ok := cont[id]; ok {
			idmap[id] = up
			continue
		}
		idmap[id] = len(t.regions)
		reg.R0 += off
		reg.R1 += off
		t.regions = append(t.regions, reg)
	}
	if t.heights != nil && next.heights != nil {
		t.heights = append(t.heights, next.heights...)
	} else {
		t.heights = nil
	}
	for _, row := range next.own {
		nr := make([]int, len(row))
		for c, id := range row {
			nr[c] = idmap[id]
		}
		t.own = append(t.own, nr)
	}
	t.bottom = next.bottom
}

// groupColumn reports whether column c holds group labels: cells that
// span several rows beside finer rows to their right, like （三）不予公开
// beside its eight reasons. Such a cell cut by a page break goes on at
// the top of the next page even when the producer drew a rule there.
func (t *table) groupColumn(c int) bool {
	last := t.cols() - 1
	for _, reg := range t.regions {
		if reg.C0 <= c && c <= reg.C1 && reg.C1 < last && reg.R1 > reg.R0 && !numtok.IsValue(reg.text) {
			for r := reg.R0; r <= reg.R1; r++ {
				if t.own[r][reg.C1+1] != t.own[reg.R0][reg.C1+1] {
					return true
				}
			}
		}
	}
	return false
}

// continuesLabel tells whether the text at the top of a page (below)
// reads as the rest of a label cut off at the bottom of the last page
// (above) rather than a new label: it is no value (a number or a dash)
// and starts no new numbered item.
func continuesLabel(above, below string) bool {
	if below == "" {
		return above != "" && !numtok.IsValue(above)
	}
	return above != "" && !numtok.IsValue(above) && !numtok.IsValue(below) && !numtok.Numbered(below)
}

// rowKey is the text of row r, cell by cell, for comparing rows.
func (t *table) rowKey(r int) string {
	var sb strings.Builder
	for c, id := range t.own[r] {
		if reg := t.regions[id]; reg.R0 == r && reg.C0 == c {
			sb.WriteString(squeezeSpace(reg.text))
		}
		sb.WriteByte('\t')
	}
	if strings.Trim(sb.String(), "\t") == "" {
		return ""
	}
	return sb.String()
}

// dropRows removes the first k rows.
func (t *table) dropRows(k int) {
	if k == 0 {
		return
	}
	t.own = t.own[k:]
	if t.heights != nil {
		t.heights = t.heights[k:]
	}
	for i := range t.regions {
		reg := &t.regions[i]
		reg.R0, reg.R1 = max(reg.R0-k, 0), reg.R1-k
	}
	for c := range t.openTop {
		t.openTop[c] = false
	}
}

func unionBounds(a, b []float64) []float64 {
	all := append(slices.Clone(a), b...)
	slices.Sort(all)
	var out []float64
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j]-all[i] <= ruleSnap+1 {
			j++
		}
		out = append(out, all[i])
		i = j
	}
	return out
}

// remap re-expresses the table on a finer set of column boundaries.
func (t *table) remap(xs []float64) {
	idx := make([]int, len(t.xs))
	for i, x := range t.xs {
		best := 0
		for j, y := range xs {
			if abs(x-y) < abs(x-xs[best]) {
				best = j
			}
		}
		idx[i] = best
	}
	nc := len(xs) - 1
	for r, row := range t.own {
		nrow := make([]int, nc)
		for c := range nc {
			// The old column that holds the middle of the new one.
			mid := (xs[c] + xs[c+1]) / 2
			nrow[c] = row[locate(t.xs, mid)]
		}
		t.own[r] = nrow
	}
	for i := range t.regions {
		reg := &t.regions[i]
		reg.C0 = idx[reg.C0]
		reg.C1 = max(reg.C0, idx[reg.C1+1]-1)
	}
	open := make([]bool, nc)
	for c := range nc {
		open[c] = t.openTop[locate(t.xs, (xs[c]+xs[c+1])/2)]
	}
	t.openTop = open
	t.xs = xs
}
