package pdf

import (
	"cmp"
	"slices"
	"strings"

	"github.com/nianbao/nianbao/internal/grid"
	"github.com/nianbao/nianbao/internal/numtok"
)

// alignTables finds tables drawn without rules among the lines of a page:
// runs of lines split by wide gaps into pieces that line up in columns.
// Everything else stays a line of running text.
func alignTables(lines []textLine, page int) []item {
	segs := make([][]segment, len(lines))
	for i := range lines {
		segs[i] = lines[i].segments()
	}
	var items []item
	done := 0 // lines before done are placed
	for i := 0; i < len(lines); i++ {
		if len(segs[i]) < 2 {
			continue
		}
		end := regionEnd(lines, segs, i)
		// Header lines above the first line in pieces (a centred
		// 申请人情况, a wrapped column title) belong to the table too.
		start := i
		for start > done && headerLine(&lines[start-1], &lines[start], segs[start-1]) {
			start--
		}
		t := buildAligned(lines[start:end], segs[start:end], page)
		if t == nil {
			continue
		}
		for k := done; k < start; k++ {
			items = append(items, item{page: page, top: lines[k].y0, line: &lines[k]})
		}
		items = append(items, item{page: page, top: lines[start].y0, table: t})
		done = end
		i = end - 1
	}
	for k := done; k < len(lines); k++ {
		items = append(items, item{page: page, top: lines[k].y0, line: &lines[k]})
	}
	return items
}

// headerLine reports whether l, right above next, can be a header line of
// the table that next starts: close above it, same type size, one piece
// that does not read as a sentence.
func headerLine(l, next *textLine, segs []segment) bool {
	return len(segs) == 1 && next.y0-l.y1 <= 1.5*next.size && abs(l.size-next.size) <= 0.2*next.size &&
		!strings.ContainsAny(l.text, "。；")
}

// regionEnd returns the end of the run of table-like lines that starts at
// i: lines in pieces, with at most four short one-piece lines (wrapped
// labels, a caption) between them, no gap wider than a few lines and no
// change of type size.
func regionEnd(lines []textLine, segs [][]segment, i int) int {
	lastMulti := i
	x0, x1 := lines[i].x0, lines[i].x1
	for j := i + 1; j < len(lines); j++ {
		l := &lines[j]
		if l.y0-lines[j-1].y1 > 3*l.size {
			break
		}
		if abs(l.size-lines[i].size) > 0.2*lines[i].size {
			break
		}
		if len(segs[j]) >= 2 {
			lastMulti = j
			x0, x1 = min(x0, l.x0), max(x1, l.x1)
			continue
		}
		// Sentences end the table; so do long lines with sentence
		// punctuation, which are running text.
		if j-lastMulti > 4 || strings.ContainsAny(l.text, "。；") || l.x1-l.x0 > 0.6*(x1-x0) && strings.ContainsAny(l.text, "，：") {
			break
		}
	}
	return lastMulti + 1
}

// buildAligned makes a table of a run of lines, or returns nil when the
// run does not look like one. Columns come from the lines with the most
// pieces (the body rows; headers spanning several columns would blur
// them); rows from bandLines.
func buildAligned(lines []textLine, segs [][]segment, page int) *table {
	most := 0
	for _, s := range segs {
		most = max(most, len(s))
	}
	// Body rows hold values (numbers or dashes); header rows, whose words
	// straddle the column gaps, would merge columns.
	var body []segment
	bodyLines := 0
	for pass := 0; pass < 2 && bodyLines < 2; pass++ {
		body, bodyLines = body[:0], 0
		for _, s := range segs {
			if len(s) >= max(2, (most*6+9)/10) && (pass == 1 || hasValue(s)) {
				body = append(body, s...)
				bodyLines++
			}
		}
	}
	// One body row is enough when it is a row of numbers under a header
	// (the review table has a single row of fifteen counts).
	if bodyLines < 2 && !(bodyLines == 1 && len(lines) >= 2 && len(body) >= 3 && hasValue(body)) {
		return nil
	}
	cols := columns(body)
	if len(cols) < 2 {
		return nil
	}
	numbers := 0
	for _, s := range segs {
		for _, sg := range s {
			if numtok.IsValue(sg.text) {
				numbers++
			}
		}
	}
	if numbers == 0 {
		return nil
	}

	bands := bandLines(lines, segs, cols, most)
	xs := make([]float64, 0, len(cols)+1)
	xs = append(xs, cols[0].lo)
	for k := 1; k < len(cols); k++ {
		xs = append(xs, (cols[k-1].hi+cols[k].lo)/2)
	}
	xs = append(xs, cols[len(cols)-1].hi)
	t := &table{page: page, top: lines[0].y0, bottom: lines[len(lines)-1].y1, xs: xs, openTop: make([]bool, len(cols))}
	for _, band := range bands {
		r := len(t.own)
		row := make([]int, len(cols))
		for c := range row {
			row[c] = -1
		}
		parts := map[int][]string{}
		for _, k := range band {
			for _, sg := range segs[k] {
				c0, c1 := colRange(cols, sg.x0, sg.x1)
				// A piece that overlaps cells already made in this row
				// (a header word straddling two columns) merges them.
				id := -1
				for c := c0; c <= c1; c++ {
					if other := row[c]; other >= 0 && other != id {
						if id < 0 {
							id = other
							continue
						}
						o := t.regions[other]
						c0, c1 = min(c0, o.C0), max(c1, o.C1)
						parts[id] = append(parts[id], parts[other]...)
						delete(parts, other)
					}
				}
				if id < 0 {
					id = len(t.regions)
					t.regions = append(t.regions, region{Region: grid.Region{R0: r, R1: r, C0: c0, C1: c1}})
				}
				reg := &t.regions[id]
				reg.C0, reg.C1 = min(reg.C0, c0), max(reg.C1, c1)
				for c := reg.C0; c <= reg.C1; c++ {
					row[c] = id
				}
				parts[id] = append(parts[id], sg.text)
			}
		}
		for c := range row {
			if row[c] < 0 {
				row[c] = len(t.regions)
				t.regions = append(t.regions, region{Region: grid.Region{R0: r, R1: r, C0: c, C1: c}})
			}
		}
		for id, ps := range parts {
			t.regions[id].text = joinWrapped(ps)
		}
		t.own = append(t.own, row)
	}
	if len(t.own) < 2 {
		return nil
	}
	return t
}

type interval struct{ lo, hi float64 }

// columns merges the x extents of the body pieces into columns.
func columns(body []segment) []interval {
	slices.SortFunc(body, func(a, b segment) int { return cmp.Compare(a.x0, b.x0) })
	var out []interval
	for _, s := range body {
		if n := len(out); n > 0 && s.x0 <= out[n-1].hi+1 {
			out[n-1].hi = max(out[n-1].hi, s.x1)
			continue
		}
		out = append(out, interval{s.x0, s.x1})
	}
	return out
}

// colRange returns the columns a piece covers: those it overlaps, or the
// nearest one when it falls in a gutter.
func colRange(cols []interval, x0, x1 float64) (int, int) {
	c0, c1 := -1, -1
	for c, iv := range cols {
		if x0 < iv.hi && x1 > iv.lo {
			if c0 < 0 {
				c0 = c
			}
			c1 = c
		}
	}
	if c0 >= 0 {
		return c0, c1
	}
	mid := (x0 + x1) / 2
	best := 0
	for c, iv := range cols {
		if dist(mid, iv) < dist(mid, cols[best]) {
			best = c
		}
	}
	return best, best
}

func dist(x float64, iv interval) float64 {
	switch {
	case x < iv.lo:
		return iv.lo - x
	case x > iv.hi:
		return x - iv.hi
	}
	return 0
}

// bandLines groups the lines of an unruled table into rows. Lines that
// fill most columns, or start in the first one, anchor a row each;
// the other lines are fragments of wrapped cells (a number broken over
// two lines above and below the middle of its row, the second line of a
// label) and join the row they touch. Fragments touching no row form
// rows of their own, as header lines do.
func bandLines(lines []textLine, segs [][]segment, cols []interval, most int) [][]int {
	type band struct {
		y0, y1   float64
		lines    []int
		anchored bool
	}
	var bands []*band
	owner := make([]*band, len(lines))
	labelled := func(k int) bool {
		s := segs[k]
		return len(s) > 0 && s[0].x0 < cols[0].hi && !numtok.IsValue(s[0].text)
	}
	touch := func(y0, y1 float64, l *textLine) float64 {
		return max(y0-l.y1, l.y0-y1)
	}
	for k, l := range lines {
		// A row is anchored by its label, or by a line that fills most
		// columns, unless that line is the number half of a row whose
		// label sits on the line right next to it.
		anchor := len(segs[k]) >= 2 && labelled(k)
		if !anchor && len(segs[k]) >= max(2, (most*6+9)/10) {
			anchor = true
			for _, n := range []int{k - 1, k + 1} {
				if n >= 0 && n < len(lines) && labelled(n) && len(segs[n]) >= 2 && touch(lines[n].y0, lines[n].y1, &l) <= 0.6*l.size {
					anchor = false
				}
			}
		}
		if anchor {
			b := &band{y0: l.y0, y1: l.y1, lines: []int{k}, anchored: true}
			bands = append(bands, b)
			owner[k] = b
		}
	}
	for changed := true; changed; {
		changed = false
		for k := range lines {
			if owner[k] != nil {
				continue
			}
			l := &lines[k]
			var best *band
			for _, b := range bands {
				if d := touch(b.y0, b.y1, l); d <= 0.6*l.size && (best == nil || d < touch(best.y0, best.y1, l)) {
					best = b
				}
			}
			if best == nil {
				continue
			}
			best.lines = append(best.lines, k)
			best.y0, best.y1 = min(best.y0, l.y0), max(best.y1, l.y1)
			owner[k] = best
			changed = true
		}
	}
	for k := range lines {
		if owner[k] != nil {
			continue
		}
		l := &lines[k]
		if k > 0 && owner[k-1] != nil && !owner[k-1].anchored && touch(owner[k-1].y0, owner[k-1].y1, l) <= 0.6*l.size {
			b := owner[k-1]
			b.lines = append(b.lines, k)
			b.y0, b.y1 = min(b.y0, l.y0), max(b.y1, l.y1)
			owner[k] = b
			continue
		}
		b := &band{y0: l.y0, y1: l.y1, lines: []int{k}}
		bands = append(bands, b)
		owner[k] = b
	}
	slices.SortStableFunc(bands, func(a, b *band) int { return cmp.Compare(a.y0, b.y0) })
	out := make([][]int, len(bands))
	for i, b := range bands {
		slices.Sort(b.lines)
		out[i] = b.lines
	}
	return out
}

func hasValue(s []segment) bool {
	for _, sg := range s {
		if numtok.IsValue(sg.text) {
			return true
		}
	}
	return false
}
