package pdf

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/cjk"
	"github.com/nianbao/nianbao/internal/numtok"
)

// item is a line of running text or a table, placed on a page.
type item struct {
	page     int
	top      float64
	line     *textLine
	table    *table
	marginal bool // a line in the top or bottom margin of its page
}

// layout rebuilds the document from positioned glyphs and rules: tables
// first (ruled grids, then column-aligned runs of lines), paragraphs from
// the remaining lines, tables continued over a page break joined.
func layout(path string, pages []*pageContent) *extract.Document {
	var items []item
	for _, p := range pages {
		items = append(items, pageItems(p)...)
	}
	items = dropRunning(items, len(pages))
	items = joinTables(items)
	m := measure(items)
	b := extract.NewBuilder(path, "pdf")
	var para []*textLine
	flush := func() {
		if len(para) == 0 {
			return
		}
		parts := make([]string, len(para))
		for i, l := range para {
			parts[i] = l.text
		}
		text := joinWrapped(parts)
		b.SetPage(para[0].page)
		b.Paragraph(m.kind(text, para[0], b.Len() == 0), text)
		para = para[:0]
	}
	for _, it := range items {
		if it.table != nil {
			flush()
			emitTable(b, it.table)
			continue
		}
		if n := len(para); n > 0 && !m.continues(para[n-1], it.line) {
			flush()
		}
		para = append(para, it.line)
	}
	flush()
	return b.Document()
}

// pageItems finds the tables and lines of one page in reading order.
func pageItems(p *pageContent) []item {
	grids := findGrids(p.hs, p.vs, p.num)
	// Partition the glyphs by table (group 0 is running text) into one
	// buffer, in place of a slice per group grown glyph by glyph.
	group := make([]int, len(p.glyphs))
	count := make([]int, len(grids)+1)
	for k := range p.glyphs {
		for i, gr := range grids {
			if gr.contains(&p.glyphs[k]) {
				group[k] = i + 1
				break
			}
		}
		count[group[k]]++
	}
	buf := make([]glyph, len(p.glyphs))
	offs := make([]int, len(count)+1)
	for i, n := range count {
		offs[i+1] = offs[i] + n
	}
	next := slices.Clone(offs[:len(count)])
	for k, g := range p.glyphs {
		buf[next[group[k]]] = g
		next[group[k]]++
	}
	free := buf[offs[0]:offs[1]:offs[1]]
	inGrid := make([][]glyph, len(grids))
	for i := range grids {
		inGrid[i] = buf[offs[i+1]:offs[i+2]:offs[i+2]]
	}
	var items []item
	for i, gr := range grids {
		t := gr.build(inGrid[i])
		if t.filled() < 2 {
			// A frame around a paragraph, not a table.
			free = append(free, inGrid[i]...)
			continue
		}
		items = append(items, item{page: p.num, top: t.top, table: t})
	}
	lines := dropFurniture(buildLines(free, p.num), p)
	for _, it := range alignTables(lines, p.num) {
		if l := it.line; l != nil {
			it.marginal = l.y1 < 0.1*p.height || l.y0 > 0.9*p.height
		}
		items = append(items, it)
	}
	slices.SortStableFunc(items, func(a, b item) int { return cmp.Compare(a.top, b.top) })
	return items
}

func (t *table) filled() int {
	n := 0
	for _, r := range t.regions {
		if r.text != "" {
			n++
		}
	}
	return n
}

// dropFurniture removes page numbers printed in the top or bottom margin;
// they would otherwise cut paragraphs and tables that run on.
func dropFurniture(lines []textLine, p *pageContent) []textLine {
	out := lines[:0]
	for _, l := range lines {
		margin := l.y0 > 0.85*p.height || l.y1 < 0.12*p.height
		if margin && numtok.PageNumber(l.text) {
			continue
		}
		out = append(out, l)
	}
	return out
}

// dropRunning removes running heads and feet: lines in a page margin
// whose text, numbers aside, recurs on at least three pages and half of
// them. Like page numbers, they would cut tables and paragraphs that run
// on to the next page.
func dropRunning(items []item, pages int) []item {
	if pages < 3 {
		return items
	}
	key := func(l *textLine) string {
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return '#'
			}
			return r
		}, squeezeSpace(l.text))
	}
	seen := map[string]map[int]bool{}
	for _, it := range items {
		if it.marginal {
			k := key(it.line)
			if seen[k] == nil {
				seen[k] = map[int]bool{}
			}
			seen[k][it.page] = true
		}
	}
	out := items[:0]
	for _, it := range items {
		if it.marginal {
			if n := len(seen[key(it.line)]); n >= 3 && 2*n >= pages {
				continue
			}
		}
		out = append(out, it)
	}
	return out
}

func squeezeSpace(s string) string {
	return strings.Join(strings.Fields(s), "")
}

// joinTables joins a table that ends a page with the table that starts
// the next one when their columns line up.
func joinTables(items []item) []item {
	var out []item
	for _, it := range items {
		if it.table != nil && len(out) > 0 {
			prev := out[len(out)-1]
			if prev.table != nil && prev.page == it.page-1 && isFirstOnPage(items, it) && prev.table.continues(it.table) {
				prev.table.join(it.table)
				continue
			}
		}
		out = append(out, it)
	}
	return out
}

func isFirstOnPage(items []item, it item) bool {
	for _, x := range items {
		if x.page == it.page {
			return x.table == it.table
		}
	}
	return false
}

func emitTable(b *extract.Builder, t *table) {
	b.SetPage(t.page)
	b.StartTable()
	for r, row := range t.own {
		if emptyRow(t, r) {
			continue
		}
		b.StartRow()
		for c, id := range row {
			reg := t.regions[id]
			if reg.R0 == r && reg.C0 == c {
				b.Cell(reg.text, c, reg.C1-reg.C0+1, reg.R1-reg.R0+1, false)
			} else {
				b.Cell("", c, 1, 1, true)
			}
		}
	}
	b.EndTable()
}

// minBlankRow is the height in points from which an empty ruled row is a
// row of blank cells (a table left unfilled) rather than the sliver
// between the two rules of a double border.
const minBlankRow = 6.0

// emptyRow reports a row that holds nothing: only empty cells of its own
// (a sliver between two rules), no part of a merged cell. A ruled row as
// tall as a line of text is kept: its cells are blank, not absent.
func emptyRow(t *table, r int) bool {
	if r < len(t.heights) && t.heights[r] >= minBlankRow {
		return false
	}
	for c, id := range t.own[r] {
		reg := t.regions[id]
		if reg.text != "" || reg.R0 != r || reg.C0 != c || reg.R1 != r {
			return false
		}
	}
	return true
}

// metrics describe the body text of a document: the usual font size,
// line pitch and margins, against which paragraph breaks are judged.
type metrics struct {
	size, left, right, pitch float64
}

func measure(items []item) metrics {
	sizes := map[float64]int{}
	for _, it := range items {
		if it.line != nil {
			sizes[math.Round(it.line.size*2)/2] += len(it.line.glyphs)
		}
	}
	var m metrics
	m.size = modeKey(sizes)
	if m.size == 0 {
		m.size = 12
	}
	lefts, rights, pitches := map[float64]int{}, map[float64]int{}, map[float64]int{}
	var prev *textLine
	n := 0
	for _, it := range items {
		l := it.line
		if l == nil || abs(l.size-m.size) > 0.1*m.size {
			prev = nil
			continue
		}
		n++
		lefts[math.Round(l.x0)]++
		rights[math.Round(l.x1/2)*2]++
		if prev != nil && prev.page == l.page {
			if d := l.base - prev.base; d > m.size && d < 2.5*m.size {
				pitches[math.Round(d*2)/2]++
			}
		}
		prev = l
	}
	m.left = modeKey(lefts)
	m.pitch = modeKey(pitches)
	for x, c := range rights {
		if c >= max(2, n/10) && x > m.right {
			m.right = x
		}
	}
	if m.right == 0 {
		for x := range rights {
			m.right = max(m.right, x)
		}
	}
	return m
}

func modeKey(h map[float64]int) float64 {
	best, bc := 0.0, 0
	for k, c := range h {
		if c > bc || c == bc && k < best {
			best, bc = k, c
		}
	}
	return best
}

// continues decides whether cur carries on the paragraph that prev ends.
// A paragraph ends at a wider gap than the body's line pitch, a change of
// type size, an indented line, a line that stops short of the right
// margin, or a numbered heading. Lines set larger than the body (titles)
// join while they follow each other closely.
func (m metrics) continues(prev, cur *textLine) bool {
	switch {
	case cur.page == prev.page:
		gap := cur.base - prev.base
		limit := 1.8 * prev.size
		if m.pitch > 0 {
			limit = 1.25 * m.pitch * prev.size / m.size
		}
		if gap <= 0.5*prev.size || gap > limit {
			return false
		}
	case cur.page != prev.page+1:
		return false
	case strings.ContainsRune("。！？.!?", cjk.Last(prev.text)):
		// The break hides the spacing that would tell; a finished
		// sentence at the foot of a page more often ends its paragraph.
		return false
	}
	if abs(cur.size-prev.size) > 0.12*max(cur.size, prev.size) {
		return false
	}
	if prev.size > 1.15*m.size {
		return cur.page == prev.page && !numtok.Numbered(cur.text)
	}
	if numtok.Numbered(cur.text) {
		return false
	}
	if cur.x0 > m.left+0.8*cur.size {
		return false
	}
	if prev.x1 >= m.right-1.5*prev.size {
		return true
	}
	// A line also stops short when its next word did not fit: a long
	// number, an e-mail address, a bracketed document number.
	if strings.ContainsRune("。！？；：!?;:", cjk.Last(prev.text)) {
		return false
	}
	return prev.x1+leadWidth(cur) > m.right-0.5*prev.size
}

// leadWidth is the width of the unbreakable run that starts a line:
// one Chinese character, or a run of Latin letters and digits together
// with the brackets that may not be separated from it.
func leadWidth(l *textLine) float64 {
	w := 0.0
	for i, g := range l.glyphs {
		r := cjk.First(g.text)
		if i > 0 {
			p := l.glyphs[i-1]
			if g.x0-p.x1 > 0.2*g.size {
				break
			}
			if cjk.Wide(r) && !strings.ContainsRune("〕）》”】」』，。、；：", r) && !strings.ContainsRune("〔（《“【「『", cjk.Last(p.text)) {
				break
			}
		}
		w = g.x1 - l.x0
	}
	return w
}

// kind tells headings from paragraphs (extract.LineKind): a line is set
// larger than the body when its size is 15% above the body's, and centred
// when it starts more than two of its sizes in from the text column's left
// edge and its middle is within two sizes of the column's.
func (m metrics) kind(text string, first *textLine, leading bool) extract.Kind {
	centered := first.x0 > m.left+2*first.size && abs((first.x0+first.x1)/2-(m.left+m.right)/2) < 2*first.size
	return extract.LineKind(text, first.size > 1.15*m.size, leading && centered)
}
