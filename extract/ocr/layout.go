package ocr

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/cjk"
	"github.com/nianbao/nianbao/internal/numtok"
)

// tline is a line of running text: words side by side, in the deskewed
// frame of its page.
type tline struct {
	page           int
	words          []word
	x0, y0, x1, y1 float64
	text           *piece
	groups         [][]word // runs of words split at wide gaps
}

func (l *tline) height() float64 { return l.y1 - l.y0 }
func (l *tline) cy() float64     { return (l.y0 + l.y1) / 2 }

// item is a line or a table placed on a page.
type item struct {
	page  int
	top   float64
	line  *tline
	table *table
}

// table is a table rebuilt from a grid (or from aligned lines): its
// cells by grid position, each region's text assembled from its words.
type table struct {
	page   int
	top    float64
	widths []float64 // column widths, to tell whether a table runs on
	own    [][]int   // own[row][col] indexes cells
	cells  []*piece
	// reread marks the cells read a second time, for digits only.
	reread map[int]bool
}

// layout rebuilds the document from the recognised pages.
func layout(path string, pages []*page) *Result {
	var items []item
	for _, p := range pages {
		items = append(items, pageItems(p)...)
	}
	items = joinTables(items, pages)
	e := emitter{b: extract.NewBuilder(path, "ocr"), res: &Result{}}
	m := measure(items)
	var para []*tline
	flush := func() {
		if len(para) == 0 {
			return
		}
		text := &piece{}
		for i, l := range para {
			sep := ""
			a, b := cjk.Last(text.String()), cjk.First(l.text.String())
			if i > 0 && !(cjk.Wide(a) && cjk.Wide(b)) && !(a == '-' && !cjk.Wide(b)) {
				sep = " "
			}
			text.addPiece(sep, l.text)
		}
		e.b.SetPage(para[0].page)
		e.paragraph(m.kind(text.String(), para[0], e.b.Len() == 0), text)
		para = para[:0]
	}
	for _, it := range items {
		if it.table != nil {
			flush()
			e.table(it.table)
			continue
		}
		if n := len(para); n > 0 && !m.continues(para[n-1], it.line) {
			flush()
		}
		para = append(para, it.line)
	}
	flush()
	doc := e.b.Document()
	doc.OCR = true
	slices.SortStableFunc(e.conf, func(a, b extract.Confidence) int { return cmp.Compare(a.Span.Start, b.Span.Start) })
	doc.Confidence = e.conf
	e.res.Doc = doc
	return e.res
}

// pageItems places the words of a page: into the cells of its ruled
// tables, else into lines; lines aligned in columns become tables.
func pageItems(p *page) []item {
	var free []word
	regionWords := make([][][]word, len(p.grids))
	for i, g := range p.grids {
		regionWords[i] = make([][]word, len(g.regions))
	}
	for _, w := range p.words {
		w.text = cleanWord(w.text)
		if noise(w.text) {
			continue
		}
		// The corners of the box, turned into the frame of the grids.
		xs, ys := [4]float64{}, [4]float64{}
		for k, c := range [4][2]float64{{w.x0, w.y0}, {w.x1, w.y0}, {w.x0, w.y1}, {w.x1, w.y1}} {
			xs[k], ys[k] = p.frame.apply(c[0], c[1])
		}
		w.fx0, w.fx1 = slices.Min(xs[:]), slices.Max(xs[:])
		w.fy0, w.fy1 = slices.Min(ys[:]), slices.Max(ys[:])
		if w.grid > 0 {
			regionWords[w.grid-1][w.region] = append(regionWords[w.grid-1][w.region], w)
			continue
		}
		cx, cy := (w.fx0+w.fx1)/2, (w.fy0+w.fy1)/2
		placed := false
		for i, g := range p.grids {
			if !g.contains(cx, cy) {
				continue
			}
			for _, part := range splitAtRules(g, w) {
				r, c := g.slot((part.fx0+part.fx1)/2, cy)
				id := g.own[r][c]
				regionWords[i][id] = append(regionWords[i][id], part)
			}
			placed = true
			break
		}
		if !placed {
			free = append(free, w)
		}
	}
	var items []item
	for i, g := range p.grids {
		t := gridTable(p, g, regionWords[i])
		if t == nil {
			// A frame around a paragraph, not a table.
			for _, ws := range regionWords[i] {
				free = append(free, ws...)
			}
			continue
		}
		items = append(items, item{page: p.num, top: t.top, table: t})
	}
	lines := buildLines(p, free)
	items = append(items, alignTables(p, lines)...)
	slices.SortStableFunc(items, func(a, b item) int { return cmp.Compare(a.top, b.top) })
	return items
}

// splitAtRules cuts a word that tesseract read across a cell border
// (digits of neighbouring narrow cells run together once the rule
// between them is gone) at the border, sharing its characters out in
// proportion to the width on either side.
func splitAtRules(g *grid, w word) []word {
	runes := []rune(w.text)
	width := w.fx1 - w.fx0
	if len(runes) < 2 || width <= 0 {
		return []word{w}
	}
	r, _ := g.slot((w.fx0+w.fx1)/2, (w.fy0+w.fy1)/2)
	var cuts []int
	var at []float64
	for k := 1; k < len(g.xs)-1; k++ {
		x := g.xs[k]
		if x <= w.fx0+0.15*width || x >= w.fx1-0.15*width || g.own[r][k-1] == g.own[r][k] {
			continue
		}
		n := int(math.Round((x - w.fx0) / width * float64(len(runes))))
		prev := 0
		if len(cuts) > 0 {
			prev = cuts[len(cuts)-1]
		}
		if n <= prev || n >= len(runes) {
			continue
		}
		cuts = append(cuts, n)
		at = append(at, x)
	}
	if len(cuts) == 0 {
		return []word{w}
	}
	var out []word
	from, x0 := 0, w.fx0
	for i := 0; i <= len(cuts); i++ {
		to, x1 := len(runes), w.fx1
		if i < len(cuts) {
			to, x1 = cuts[i], at[i]
		}
		part := w
		part.text = string(runes[from:to])
		part.fx0, part.fx1 = x0, x1
		out = append(out, part)
		from, x0 = to, x1
	}
	return out
}

// gridTable assembles the text of each region of a grid; a grid with
// fewer than two regions holding text is a frame, not a table.
func gridTable(p *page, g *grid, words [][]word) *table {
	t := &table{page: p.num, top: g.ys[0], own: g.own, reread: map[int]bool{}}
	filled := 0
	for id, ws := range words {
		if len(ws) > 0 && ws[0].reread {
			t.reread[id] = true
		}
		c := cellText(ws)
		if c.sb.Len() > 0 {
			filled++
		}
		t.cells = append(t.cells, c)
	}
	if filled < 2 {
		return nil
	}
	for c := 0; c+1 < len(g.xs); c++ {
		t.widths = append(t.widths, g.xs[c+1]-g.xs[c])
	}
	return t
}

// cellText reads the words of one cell line by line. Lines join as in
// the other backends (no space between Chinese characters), except that
// digits broken over two lines of a narrow column join into one number.
func cellText(ws []word) *piece {
	out := &piece{}
	if len(ws) == 0 {
		return out
	}
	for _, l := range groupLines(ws) {
		lp := linePiece(l)
		sep := " "
		prev, next := cjk.Last(out.String()), cjk.First(lp.String())
		if cjk.Wide(prev) && cjk.Wide(next) || isDigit(prev) && isDigit(next) {
			sep = ""
		}
		out.addPiece(sep, lp)
	}
	return out
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

// groupLines sorts words into lines by their vertical centres, each line
// left to right.
func groupLines(ws []word) [][]word {
	ws = slices.Clone(ws)
	slices.SortFunc(ws, func(a, b word) int { return cmp.Compare(a.fy0+a.fy1, b.fy0+b.fy1) })
	var lines [][]word
	for _, w := range ws {
		if n := len(lines); n > 0 && sameLine(lines[n-1], w) {
			lines[n-1] = append(lines[n-1], w)
			continue
		}
		lines = append(lines, []word{w})
	}
	for _, l := range lines {
		slices.SortFunc(l, func(a, b word) int { return cmp.Compare(a.fx0, b.fx0) })
	}
	return lines
}

// sameLine reports whether w sits on the line of ws: its box overlaps
// theirs by half the smaller height.
func sameLine(ws []word, w word) bool {
	y0, y1 := ws[0].fy0, ws[0].fy1
	for _, x := range ws[1:] {
		y0, y1 = min(y0, x.fy0), max(y1, x.fy1)
	}
	ov := min(y1, w.fy1) - max(y0, w.fy0)
	return ov > 0.5*min(y1-y0, w.fy1-w.fy0)
}

// linePiece joins the words of one line: nothing between Chinese
// characters, whose words tesseract separates although the script has
// no spaces; a space between other words, and between Chinese and Latin
// or digits only where the page leaves a space's width.
func linePiece(ws []word) *piece {
	p := &piece{}
	h := lineHeight(ws)
	for i, w := range ws {
		sep := ""
		if i > 0 {
			a, b := cjk.Last(ws[i-1].text), cjk.First(w.text)
			gap := w.fx0 - ws[i-1].fx1
			switch {
			case cjk.Wide(a) && cjk.Wide(b):
			case cjk.Wide(a) || cjk.Wide(b):
				if gap > spaceGap*h {
					sep = " "
				}
			default:
				sep = " "
			}
		}
		p.add(sep, w.text, w.conf)
	}
	return p
}

// spaceGap is the gap, in line heights, from which a space is read
// between Chinese and Latin text: typeset text puts about a quarter of
// an em there when the source has a space and next to nothing when not.
const spaceGap = 0.2

// lineHeight is the height of a line of text: the median of its word
// boxes, which for Chinese is the height of a character (punctuation
// boxes are lower, a few tall ones reach into the next line).
func lineHeight(ws []word) float64 {
	hs := make([]float64, 0, len(ws))
	for _, w := range ws {
		if utf8.RuneCountInString(w.text) > 0 && cjk.Wide(cjk.First(w.text)) && !strings.ContainsRune("，。、；：（）《》“”", cjk.First(w.text)) {
			hs = append(hs, w.fy1-w.fy0)
		}
	}
	if len(hs) == 0 {
		for _, w := range ws {
			hs = append(hs, w.fy1-w.fy0)
		}
	}
	slices.Sort(hs)
	return hs[len(hs)/2]
}

// buildLines groups the words outside tables into lines: tesseract's own
// lines, with lines side by side on one row joined (automatic page
// segmentation puts a label and its number, far apart, into different
// blocks).
func buildLines(p *page, ws []word) []*tline {
	byKey := map[int][]word{}
	var keys []int
	for _, w := range ws {
		if _, ok := byKey[w.lineKey]; !ok {
			keys = append(keys, w.lineKey)
		}
		byKey[w.lineKey] = append(byKey[w.lineKey], w)
	}
	var lines []*tline
	for _, k := range keys {
		l := &tline{page: p.num, words: byKey[k]}
		l.bounds()
		lines = append(lines, l)
	}
	slices.SortStableFunc(lines, func(a, b *tline) int { return cmp.Compare(a.cy(), b.cy()) })
	var out []*tline
	for _, l := range lines {
		joined := false
		for _, o := range out[max(0, len(out)-3):] {
			ov := min(o.y1, l.y1) - max(o.y0, l.y0)
			if ov > 0.6*min(o.height(), l.height()) && (l.x0 >= o.x1 || l.x1 <= o.x0) {
				o.words = append(o.words, l.words...)
				o.bounds()
				joined = true
				break
			}
		}
		if !joined {
			out = append(out, l)
		}
	}
	for _, l := range out {
		slices.SortFunc(l.words, func(a, b word) int { return cmp.Compare(a.fx0, b.fx0) })
		l.text = linePiece(l.words)
		h := lineHeight(l.words)
		l.groups = [][]word{{l.words[0]}}
		for i := 1; i < len(l.words); i++ {
			if l.words[i].fx0-l.words[i-1].fx1 > 2.5*h {
				l.groups = append(l.groups, nil)
			}
			l.groups[len(l.groups)-1] = append(l.groups[len(l.groups)-1], l.words[i])
		}
	}
	return out
}

func (l *tline) bounds() {
	l.x0, l.y0 = math.Inf(1), math.Inf(1)
	l.x1, l.y1 = math.Inf(-1), math.Inf(-1)
	for _, w := range l.words {
		l.x0, l.y0 = min(l.x0, w.fx0), min(l.y0, w.fy0)
		l.x1, l.y1 = max(l.x1, w.fx1), max(l.y1, w.fy1)
	}
}

// alignTables turns runs of lines whose words stand in separate columns
// with numbers among them (tables drawn without rules, or whose rules
// were not found) into tables, drops page numbers in the margins, and
// returns the rest as lines.
func alignTables(p *page, lines []*tline) []item {
	var items []item
	rowLike := func(l *tline) bool {
		if len(l.groups) < 2 {
			return false
		}
		last := l.groups[len(l.groups)-1]
		return isValue(groupText(last))
	}
	for i := 0; i < len(lines); {
		l := lines[i]
		if (l.y0 > 0.88*p.h || l.y1 < 0.08*p.h) && numtok.PageNumber(l.text.String()) {
			i++
			continue
		}
		j := i
		for j < len(lines) && rowLike(lines[j]) {
			j++
		}
		if j-i >= 2 {
			t := alignedTable(p, lines[i:j])
			items = append(items, item{page: p.num, top: lines[i].y0, table: t})
			i = j
			continue
		}
		items = append(items, item{page: p.num, top: l.y0, line: l})
		i++
	}
	return items
}

func groupText(ws []word) string {
	var sb strings.Builder
	for _, w := range ws {
		sb.WriteString(w.text)
	}
	return sb.String()
}

// alignedTable makes a table of lines whose word groups stand in
// columns: groups that overlap horizontally across the rows are one
// column.
func alignedTable(p *page, lines []*tline) *table {
	type span struct{ x0, x1 float64 }
	var spans []span
	for _, l := range lines {
		for _, g := range l.groups {
			spans = append(spans, span{g[0].fx0, g[len(g)-1].fx1})
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.x0, b.x0) })
	var cols []span
	for _, s := range spans {
		if n := len(cols); n > 0 && s.x0 <= cols[n-1].x1 {
			cols[n-1].x1 = max(cols[n-1].x1, s.x1)
			continue
		}
		cols = append(cols, s)
	}
	t := &table{page: p.num, top: lines[0].y0, reread: map[int]bool{}}
	for c := range cols {
		t.widths = append(t.widths, cols[c].x1-cols[c].x0)
	}
	for _, l := range lines {
		row := make([]int, len(cols))
		words := make([][]word, len(cols))
		for _, g := range l.groups {
			mid := (g[0].fx0 + g[len(g)-1].fx1) / 2
			c := sort.Search(len(cols), func(k int) bool { return cols[k].x1 >= mid })
			c = min(c, len(cols)-1)
			words[c] = append(words[c], g...)
		}
		for c := range cols {
			row[c] = len(t.cells)
			t.cells = append(t.cells, cellText(words[c]))
		}
		t.own = append(t.own, row)
	}
	return t
}

// joinTables joins a table that ends a page with the table that starts
// the next one when their columns have the same widths: one table broken
// by the page, as the other backends give it.
func joinTables(items []item, pages []*page) []item {
	var out []item
	for _, it := range items {
		if n := len(out); n > 0 && it.table != nil {
			prev := out[n-1]
			if prev.table != nil && prev.page == it.page-1 && firstOnPage(items, it) && sameColumns(prev.table, it.table, pageDPI(pages, it.page)) {
				prev.table.join(it.table)
				continue
			}
		}
		out = append(out, it)
	}
	return out
}

func pageDPI(pages []*page, num int) int {
	for _, p := range pages {
		if p.num == num {
			return p.dpi
		}
	}
	return 300
}

func firstOnPage(items []item, it item) bool {
	for _, x := range items {
		if x.page == it.page {
			return x.table == it.table
		}
	}
	return false
}

func sameColumns(a, b *table, dpi int) bool {
	if len(a.widths) != len(b.widths) {
		return false
	}
	for i := range a.widths {
		if math.Abs(a.widths[i]-b.widths[i]) > float64(dpi)/15 {
			return false
		}
	}
	return true
}

func (t *table) join(u *table) {
	off := len(t.cells)
	for id := range u.reread {
		t.reread[id+off] = true
	}
	t.cells = append(t.cells, u.cells...)
	for _, row := range u.own {
		r := make([]int, len(row))
		for c, id := range row {
			r[c] = id + off
		}
		t.own = append(t.own, r)
	}
}

// metrics describe the running text: line height, pitch and margins of
// the body, against which paragraph breaks are judged.
type metrics struct {
	h, pitch    float64
	left, right map[int]float64 // per page
}

func measure(items []item) metrics {
	m := metrics{left: map[int]float64{}, right: map[int]float64{}}
	var hs, pitches []float64
	byPage := map[int][]*tline{}
	var prev *tline
	for _, it := range items {
		l := it.line
		if l == nil {
			prev = nil
			continue
		}
		hs = append(hs, lineHeight(l.words))
		byPage[l.page] = append(byPage[l.page], l)
		if prev != nil && prev.page == l.page {
			pitches = append(pitches, l.cy()-prev.cy())
		}
		prev = l
	}
	if len(hs) == 0 {
		return m
	}
	slices.Sort(hs)
	m.h = hs[len(hs)/2]
	var good []float64
	for _, p := range pitches {
		if p > 1.1*m.h && p < 3*m.h {
			good = append(good, p)
		}
	}
	if len(good) > 0 {
		slices.Sort(good)
		m.pitch = good[len(good)/2]
	}
	bucket := m.h / 2
	var allLeft, allRight []float64
	for pg, ls := range byPage {
		m.left[pg], m.right[pg] = margins(ls, bucket)
		if len(ls) >= 5 {
			allLeft, allRight = append(allLeft, m.left[pg]), append(allRight, m.right[pg])
		}
	}
	// A page of few lines measures its margins poorly; it takes those of
	// the fuller pages.
	if len(allLeft) > 0 {
		slices.Sort(allLeft)
		slices.Sort(allRight)
		for pg, ls := range byPage {
			if len(ls) < 5 {
				m.left[pg], m.right[pg] = allLeft[len(allLeft)/2], allRight[len(allRight)/2]
			}
		}
	}
	return m
}

// margins finds the left edge most lines start at and the right edge
// that full lines reach.
func margins(ls []*tline, bucket float64) (left, right float64) {
	lefts, rights := map[int]int{}, map[int]int{}
	for _, l := range ls {
		lefts[int(l.x0/bucket)]++
		rights[int(l.x1/bucket)]++
	}
	best := 0
	for k, c := range lefts {
		if c > best || c == best && float64(k)*bucket < left {
			best, left = c, float64(k)*bucket
		}
	}
	need := max(2, len(ls)/10)
	for k, c := range rights {
		// Neighbouring buckets count together: justified lines end within
		// a few pixels of each other, either side of a bucket edge.
		if c+rights[k-1] >= need && float64(k+1)*bucket > right {
			right = float64(k+1) * bucket
		}
	}
	if right == 0 {
		for _, l := range ls {
			right = max(right, l.x1)
		}
	}
	return left, right
}

// continues decides whether cur carries on the paragraph that prev ends:
// a paragraph ends at a gap wider than the line pitch, a line that stops
// short of the right margin, an indented line or a numbered heading.
// Lines set larger than the body (a title) join while they follow each
// other closely.
func (m metrics) continues(prev, cur *tline) bool {
	if len(prev.groups) > 1 || len(cur.groups) > 1 {
		return false
	}
	ph, ch := lineHeight(prev.words), lineHeight(cur.words)
	switch {
	case cur.page == prev.page:
		limit := 2 * max(ph, ch)
		if m.pitch > 0 {
			limit = 1.3 * m.pitch * max(ph, ch) / m.h
		}
		if d := cur.cy() - prev.cy(); d <= 0 || d > limit {
			return false
		}
	case cur.page != prev.page+1:
		return false
	case strings.ContainsRune("。！？.!?：:；;", cjk.Last(prev.text.String())):
		return false
	}
	big := m.h > 0 && ph > 1.25*m.h
	if big != (m.h > 0 && ch > 1.25*m.h) {
		return false
	}
	if big {
		return cur.page == prev.page && !numtok.Numbered(cur.text.String())
	}
	if numtok.Numbered(cur.text.String()) {
		return false
	}
	if cur.x0 > m.left[cur.page]+0.8*ch {
		return false
	}
	right := m.right[prev.page]
	if prev.x1 >= right-1.5*ph {
		return true
	}
	// A line also stops short when its next word did not fit: a long
	// number, an e-mail address.
	last := cjk.Last(prev.text.String())
	if strings.ContainsRune("。！？；：!?;:", last) {
		return false
	}
	// A number or address broken at its hyphen (0533-⏎5271578).
	if last == '-' && !cjk.Wide(cjk.First(cur.text.String())) {
		return true
	}
	return prev.x1+leadWidth(cur, ch) > right-0.5*ph
}

// leadWidth is the width of the unbreakable run that starts a line: one
// Chinese character, or a Latin word or number with what sticks to it.
func leadWidth(l *tline, h float64) float64 {
	w := l.words[0]
	if cjk.Wide(cjk.First(w.text)) {
		return h
	}
	end := w.fx1
	for _, n := range l.words[1:] {
		if n.fx0-end > 0.2*h || cjk.Wide(cjk.First(n.text)) {
			break
		}
		end = n.fx1
	}
	return end - l.x0
}

// kind tells headings from paragraphs (extract.LineKind): a line is set
// larger than the body when its height is 25% above the body's, and
// centred when it starts more than two of its heights in from the left
// edge of the page's text and its middle is within two heights of the
// text's.
func (m metrics) kind(text string, first *tline, leading bool) extract.Kind {
	h := lineHeight(first.words)
	left, right := m.left[first.page], m.right[first.page]
	centered := first.x0 > left+2*h && math.Abs((first.x0+first.x1)/2-(left+right)/2) < 2*h
	return extract.LineKind(text, m.h > 0 && h > 1.25*m.h, leading && centered)
}

// emitter writes blocks to the builder and places the confidences of
// their words on the canonical text.
type emitter struct {
	b    *extract.Builder
	res  *Result
	conf []extract.Confidence
}

func (e *emitter) paragraph(kind extract.Kind, p *piece) {
	text := p.String()
	sp := e.b.Paragraph(kind, text)
	if sp.Len() != len(text) {
		// The builder normalised the text; confidences cannot be placed
		// word by word, so the block gets their minimum.
		if sp.Len() > 0 {
			e.conf = append(e.conf, extract.Confidence{Span: sp, Value: minConf(p.spans)})
		}
		return
	}
	e.place(sp.Start, p.spans)
}

func (e *emitter) place(off int, spans []wspan) {
	for _, s := range spans {
		e.conf = append(e.conf, extract.Confidence{Span: extract.Span{Start: off + s.start, End: off + s.end}, Value: s.conf})
	}
}

func minConf(spans []wspan) float64 {
	v := 1.0
	for _, s := range spans {
		v = min(v, s.conf)
	}
	return v
}

func (e *emitter) table(t *table) {
	e.b.SetPage(t.page)
	e.b.StartTable()
	first := make([]bool, len(t.cells))
	for r, row := range t.own {
		if emptyRow(t, r) {
			continue
		}
		e.b.StartRow()
		for c, id := range row {
			if first[id] {
				e.b.Cell("", c, 1, 1, true)
				continue
			}
			first[id] = true
			colSpan, rowSpan := extent(t, id, r, c)
			p := t.cells[id]
			text, spans := p.String(), p.spans
			raw := text
			fixed, isNum, changed := repairNumber(text)
			changed = changed || t.reread[id]
			if isNum && len(spans) > 0 {
				conf := minConf(spans)
				if changed {
					text = fixed
					conf = min(conf, RepairedConfidence)
					spans = []wspan{{0, len(text), conf}}
				}
				start := e.b.Len()
				if c > 0 {
					start++ // the tab before the cell
				}
				e.res.Numbers = append(e.res.Numbers, Number{
					Span: extract.Span{Start: start, End: start + len(text)}, Text: text, Raw: raw,
					Confidence: conf, Repaired: changed, Low: changed || conf < LowConfidence,
				})
			}
			if !isNum {
				if n, with := repairLabel(text); n > 0 {
					text, spans = text[:0]+with+text[n:], fixSpans(spans, n, len(with))
				}
			}
			start := e.b.Len()
			if c > 0 {
				start++
			}
			e.b.Cell(text, c, colSpan, rowSpan, false)
			e.place(start, spans)
		}
	}
	e.b.EndTable()
}

// fixSpans moves the word spans of a text whose first n bytes were
// replaced by m bytes; the words touched by the repair keep at most
// RepairedConfidence.
func fixSpans(spans []wspan, n, m int) []wspan {
	out := make([]wspan, len(spans))
	for i, s := range spans {
		if s.start < n {
			s.conf = min(s.conf, RepairedConfidence)
			if s.end >= n {
				s.end += m - n
			} else {
				s.end = min(s.end, m)
			}
		} else {
			s.start, s.end = s.start+m-n, s.end+m-n
		}
		out[i] = s
	}
	return out
}

// extent measures the columns and rows a region covers from its first
// grid position.
func extent(t *table, id, r, c int) (cols, rows int) {
	for cols = 1; c+cols < len(t.own[r]) && t.own[r][c+cols] == id; cols++ {
	}
	for rows = 1; r+rows < len(t.own) && t.own[r+rows][c] == id; rows++ {
	}
	return cols, rows
}

// emptyRow reports a row that holds nothing: only empty cells of its own
// (a sliver between two rules), no part of a merged cell.
func emptyRow(t *table, r int) bool {
	for c, id := range t.own[r] {
		if t.cells[id].sb.Len() > 0 {
			return false
		}
		if r > 0 && t.own[r-1][c] == id || r+1 < len(t.own) && t.own[r+1][c] == id {
			return false
		}
	}
	return true
}
