package gen

import (
	"math/rand"
	"strings"
	"unicode/utf8"

	"github.com/nianbao/nianbao/normalize"
)

// TextStyle is how the text renderer lays out tables: the shapes that
// copy-pasted reports take.
type TextStyle int

const (
	Tabs        TextStyle = iota // one row a line, cells separated by tabs (the seed)
	Pipes                        // one row a line: | a | b |
	PipePerLine                  // one cell a line closed by |, rows opened by a bare |
	CellPerLine                  // one cell a line, nothing else (copied from a PDF)
)

var textStyleNames = [...]string{"tabs", "pipes", "pipe-per-line", "cell-per-line"}

func (s TextStyle) String() string { return textStyleNames[s] }

// Damage says how a copy of a report is degraded on its way to the
// checker. Every flag but Truncate keeps every number readable, so the
// model read back must equal the truth; Seed decides which labels are hit.
type Damage struct {
	Seed  int64
	Style TextStyle // text renderer only
	GBK   bool      // HTML only: GBK bytes with a meta charset
	// LabelSpaces spaces out table labels (自 然 人), as PDF copies do.
	LabelSpaces bool
	// ASCIIPunct writes ( ) , : ; " for （ ） ， ： ； “”.
	ASCIIPunct bool
	// WrapLabels breaks long labels over two lines inside their cell.
	WrapLabels bool
	// SplitCells cuts merged label cells in two (不予公 | 开).
	SplitCells bool
	// Chrome wraps the report in its web page: navigation, breadcrumbs,
	// accessibility links, article data, footer with the ICP number.
	Chrome bool
	// Truncate cuts the text inside table 三, losing what follows.
	Truncate bool
	// StartLate begins the text inside table 三, losing what comes before:
	// the later pages of a report, as a flipbook page or a PDF's second
	// half is copied (审计局 2020, page 9: 四、结转下年度继续办理 first);
	// half the time the copy also ends before the last section, as that
	// page does.
	StartLate bool
}

// String names the flags set, for test names and tables.
func (d Damage) String() string {
	var fl []string
	for _, f := range []struct {
		on   bool
		name string
	}{{d.GBK, "gbk"}, {d.LabelSpaces, "spaces"}, {d.ASCIIPunct, "ascii"}, {d.WrapLabels, "wrap"},
		{d.SplitCells, "split"}, {d.Chrome, "chrome"}, {d.Truncate, "truncate"}, {d.StartLate, "late"}} {
		if f.on {
			fl = append(fl, f.name)
		}
	}
	if len(fl) == 0 {
		return "none"
	}
	return strings.Join(fl, "+")
}

// RandomDamage draws a set of flags, each with even odds; Truncate only
// when destructive is set.
func RandomDamage(rnd *rand.Rand, destructive bool) Damage {
	coin := func() bool { return rnd.Intn(2) == 0 }
	d := Damage{Seed: rnd.Int63(), Style: TextStyle(rnd.Intn(4)), GBK: coin(), LabelSpaces: coin(), ASCIIPunct: coin(),
		WrapLabels: coin(), SplitCells: coin(), Chrome: coin()}
	if destructive {
		d.Truncate = coin()
	}
	return d
}

// gcell is a table cell at its first grid position, as HTML writes it.
type gcell struct {
	text             string
	col              int
	colspan, rowspan int
	label            bool
	blank            bool // an empty value cell, which each format prints its own way
}

type grow struct {
	key   string // table.row of a data row; "" for captions and headers
	cells []gcell
}

type gtable struct {
	key   string
	cols  int
	rows  []grow
	blank string // how an HTML page writes an empty cell: an entry of htmlBlanks
}

type blockKind int

const (
	bTitle blockKind = iota
	bHeading
	bPara
	bTable
)

type block struct {
	kind  blockKind
	text  string
	table *gtable
}

// layout is the report as a sequence of blocks with damage applied; all
// renderers print it.
func (r *Report) layout(d Damage) []block {
	dm := damager{d: d, rnd: rand.New(rand.NewSource(d.Seed))}
	out := []block{{kind: bTitle, text: r.title}}
	for _, p := range r.preamble {
		out = append(out, block{kind: bPara, text: dm.prose(p)})
	}
	for _, s := range r.sections {
		if s.removed {
			continue
		}
		out = append(out, block{kind: bHeading, text: dm.prose(s.heading)})
		for _, p := range s.paras {
			out = append(out, block{kind: bPara, text: dm.prose(p)})
		}
		if s.table == "" {
			continue
		}
		t := r.buildTable(s.table, &dm)
		if d.StartLate && s.table == requestsTable {
			// Begin at a row no label of an earlier row spans, in the
			// lower half: what came before is on the pages not copied.
			out = nil
			t.rows = t.rows[lateStart(t, dm.rnd):]
		}
		if d.Truncate && s.table == requestsTable {
			// Cut after a data row in the middle: the rest is lost.
			first := 0
			for first < len(t.rows) && t.rows[first].key == "" {
				first++
			}
			cut := first + 2 + dm.rnd.Intn(max(1, len(t.rows)-first-4))
			t.rows = t.rows[:min(cut, len(t.rows))]
			clampSpans(t)
			return append(out, block{kind: bTable, table: t})
		}
		out = append(out, block{kind: bTable, table: t})
	}
	if d.StartLate && dm.rnd.Intn(2) == 0 {
		// A page from the middle ends where the page does: before the
		// last section, whose heading starts the next page.
		for i := len(out) - 1; i > 0; i-- {
			if out[i].kind == bHeading {
				out = out[:i]
				break
			}
		}
	}
	return out
}

// lateStart is the index of a data row in the lower half of t that no
// cell of an earlier row spans into.
func lateStart(t *gtable, rnd *rand.Rand) int {
	covered := make([]bool, len(t.rows)+1)
	first := 0
	for first < len(t.rows) && t.rows[first].key == "" {
		first++
	}
	for i, row := range t.rows {
		for _, c := range row.cells {
			for k := i + 1; k < i+c.rowspan && k < len(covered); k++ {
				covered[k] = true
			}
		}
	}
	var starts []int
	for i := first + (len(t.rows)-first)/2; i < len(t.rows); i++ {
		if !covered[i] {
			starts = append(starts, i)
		}
	}
	if len(starts) == 0 {
		return len(t.rows) - 1
	}
	return starts[rnd.Intn(len(starts))]
}

// clampSpans shortens row spans that run past the last row of a cut table.
func clampSpans(t *gtable) {
	for i := range t.rows {
		for j := range t.rows[i].cells {
			c := &t.rows[i].cells[j]
			c.rowspan = min(c.rowspan, len(t.rows)-i)
		}
	}
}

// damager applies the label and punctuation damage of d.
type damager struct {
	d   Damage
	rnd *rand.Rand
}

var asciiPunct = strings.NewReplacer("（", "(", "）", ")", "，", ",", "：", ":", "；", ";", "“", "\"", "”", "\"")

func (dm *damager) prose(s string) string {
	if dm.d.ASCIIPunct {
		return asciiPunct.Replace(s)
	}
	return s
}

// label damages a label; wrapping inserts "\n", which each renderer
// prints in its own way.
func (dm *damager) label(s string) string {
	if dm.d.ASCIIPunct {
		s = asciiPunct.Replace(s)
	}
	n := utf8.RuneCountInString(s)
	if dm.d.LabelSpaces && dm.rnd.Intn(3) == 0 {
		rs := []rune(s)
		if n <= 12 {
			s = strings.Join(strings.Split(s, ""), " ")
		} else if rest, num := normalize.StripNumbering(s); num != "" {
			s = num + " " + rest
		} else {
			k := 2 + dm.rnd.Intn(n-3)
			s = string(rs[:k]) + " " + string(rs[k:])
		}
	}
	if dm.d.WrapLabels && n > 6 && dm.rnd.Intn(3) == 0 {
		rs := []rune(s)
		k := len(rs)/2 + dm.rnd.Intn(3) - 1
		if rs[k-1] != ' ' && rs[k] != ' ' {
			s = string(rs[:k]) + "\n" + string(rs[k:])
		}
	}
	return s
}

// add appends a label cell, split in two when the damage asks and the
// cell spans columns to split over.
func (dm *damager) add(cells []gcell, text string, col, colspan, rowspan int) []gcell {
	text = dm.label(text)
	rs := []rune(text)
	if dm.d.SplitCells && colspan >= 2 && len(rs) >= 4 && !strings.ContainsAny(text, "\n ") && dm.rnd.Intn(2) == 0 {
		k := len(rs) - 1 - dm.rnd.Intn(len(rs)/2)
		return append(cells, gcell{text: string(rs[:k]), col: col, colspan: 1, rowspan: rowspan, label: true},
			gcell{text: string(rs[k:]), col: col + 1, colspan: colspan - 1, rowspan: rowspan, label: true})
	}
	return append(cells, gcell{text: text, col: col, colspan: colspan, rowspan: rowspan, label: true})
}

// valueCell is the value cell of key at col, as the report prints it: the
// number, the dash mark, or nothing.
func (r *Report) valueCell(key string, col, colspan int) gcell {
	c := gcell{col: col, colspan: colspan, rowspan: 1}
	switch r.State(key) {
	case normalize.StateBlank:
		c.blank = true
		return c
	case normalize.StateDash:
		c.text = r.marks[key]
		return c
	}
	c.text = num(r.Cells[key])
	if v := &r.variant; v.phr[phChangeWords] && strings.HasSuffix(key, ".change") && r.Cells[key] != 0 {
		if r.Cells[key] > 0 {
			c.text = "增" + c.text
		} else {
			c.text = "减" + num(-r.Cells[key])
		}
		v.used[phChangeWords] = true
	}
	if key == "active.procurement.amount" {
		// 采购总金额 names no unit, and reports print it in the cell.
		c.text += "万元"
	}
	return c
}

func (r *Report) buildTable(key string, dm *damager) *gtable {
	t := r.profile(key).Table(key)
	var g *gtable
	switch t.Layout {
	case normalize.LayoutBlocks:
		g = r.blocksTable(t, dm)
	case normalize.LayoutRows:
		g = r.rowsTable(t, dm)
	default:
		g = r.columnsTable(t, dm)
	}
	g.blank = htmlBlanks[r.variant.html]
	return g
}

// spans gives n value columns their widths in a grid of three: one each,
// or the last one stretched.
func spans(n int) []int {
	switch n {
	case 1:
		return []int{3}
	case 2:
		return []int{1, 2}
	}
	return []int{1, 1, 1}
}

// blocksTable prints a table such as 二: per block of rows its caption,
// a header row and the rows, in a grid of four columns.
func (r *Report) blocksTable(t *normalize.TableSpec, dm *damager) *gtable {
	g := &gtable{key: t.Key, cols: 4}
	for i := 0; i < len(t.Rows); {
		block := t.Rows[i].Block
		j := i
		for j < len(t.Rows) && t.Rows[j].Block == block {
			j++
		}
		cols := t.RowColumns(t.Rows[i])
		sp := spans(len(cols))
		g.rows = append(g.rows, grow{cells: dm.add(nil, block, 0, 4, 1)})
		head := dm.add(nil, t.LabelHeader, 0, 1, 1)
		at := 1
		// labels are the rows' and columns' as printed: the older form's
		// over the first block of an old-labels table.
		colLabel := func(k int) string { return t.Column(cols[k]).Label }
		rowLabel := func(k int) string { return t.Rows[k].Label }
		if old := r.oldProfile(t.Key); i == 0 && r.variant.oldLabels && old != nil {
			ot := old.Table(t.Key)
			ocols := ot.RowColumns(ot.Rows[0])
			colLabel = func(k int) string { return ot.Column(ocols[k]).Label }
			rowLabel = func(k int) string {
				if o := ot.Row(t.Rows[k].Key); o != nil {
					return o.Label
				}
				return t.Rows[k].Label
			}
		}
		for k := range cols {
			head = dm.add(head, colLabel(k), at, sp[k], 1)
			at += sp[k]
		}
		g.rows = append(g.rows, grow{cells: head})
		for k, row := range t.Rows[i:j] {
			key := t.Key + "." + row.Key
			if r.dropped[key] {
				continue
			}
			cells := dm.add(nil, rowLabel(i+k), 0, 1, 1)
			at := 1
			for k, c := range t.RowColumns(row) {
				cells = append(cells, r.valueCell(key+"."+c, at, sp[k]))
				at += sp[k]
			}
			g.rows = append(g.rows, grow{key: key, cells: cells})
		}
		i = j
	}
	return g
}

// numbered prints a label with the numbering the template gives it.
func numbered(number, label string) string {
	if number != "" && !strings.ContainsAny(number, "（(.、") {
		number += "、"
	}
	return number + label
}

// rowsTable prints a table such as 三: three header rows (the label
// header, the column header, the columns under their parents), then a
// row for each row key, grouped rows under their group labels.
func (r *Report) rowsTable(t *normalize.TableSpec, dm *damager) *gtable {
	g := &gtable{key: t.Key, cols: 3 + len(t.Columns)}
	head := dm.add(dm.add(nil, t.LabelHeader, 0, 3, 3), t.ColumnHeader, 3, len(t.Columns), 1)
	var parents, children []gcell
	for k, c := range t.Columns {
		switch {
		case c.Parent == "":
			parents = dm.add(parents, c.Label, 3+k, 1, 2)
		case k == 0 || t.Columns[k-1].Parent != c.Parent:
			n := 1
			for n < len(t.Columns)-k && t.Columns[k+n].Parent == c.Parent {
				n++
			}
			parents = dm.add(parents, c.Parent, 3+k, n, 1)
		}
	}
	for k, c := range t.Columns {
		if c.Parent != "" {
			children = dm.add(children, c.Label, 3+k, 1, 1)
		}
	}
	g.rows = append(g.rows, grow{cells: head}, grow{cells: parents}, grow{cells: children})

	present := func(group string, inner bool) int {
		n := 0
		for _, row := range t.Rows {
			if r.dropped[t.Key+"."+row.Key] {
				continue
			}
			if inner && row.Group == group || !inner && row.Group != "" {
				n++
			}
		}
		return n
	}
	groupLabel := map[string]string{}
	for _, gr := range t.Groups {
		groupLabel[gr.Key] = numbered(gr.Number, gr.Label)
	}
	started := map[string]bool{}
	for _, row := range t.Rows {
		key := t.Key + "." + row.Key
		if r.dropped[key] {
			continue
		}
		var cells []gcell
		label := numbered(row.Number, row.Label)
		switch outer := t.OuterGroup(row.Group); {
		case row.Group == "":
			cells = dm.add(cells, label, 0, 3, 1)
		default:
			if !started[outer] {
				started[outer] = true
				cells = dm.add(cells, groupLabel[outer], 0, 1, present("", false))
			}
			if row.Group == outer {
				cells = dm.add(cells, label, 1, 2, 1)
				break
			}
			if !started[row.Group] {
				started[row.Group] = true
				cells = dm.add(cells, groupLabel[row.Group], 1, 1, present(row.Group, true))
			}
			cells = dm.add(cells, label, 2, 1, 1)
		}
		for k, c := range t.Columns {
			cells = append(cells, r.valueCell(key+"."+c.Key, 3+k, 1))
		}
		g.rows = append(g.rows, grow{key: key, cells: cells})
	}
	return g
}

// columnsTable prints a table such as 四: each row key's label over its
// band of columns (行政诉讼 over the rows it parents), the column labels,
// and one row of numbers.
func (r *Report) columnsTable(t *normalize.TableSpec, dm *damager) *gtable {
	nc := len(t.Columns)
	g := &gtable{key: t.Key, cols: nc * len(t.Rows)}
	var top, mid, low []gcell
	for i, row := range t.Rows {
		switch {
		case row.Parent == "":
			top = dm.add(top, row.Label, nc*i, nc, 1)
		case i == 0 || t.Rows[i-1].Parent != row.Parent:
			n := 1
			for n < len(t.Rows)-i && t.Rows[i+n].Parent == row.Parent {
				n++
			}
			top = dm.add(top, row.Parent, nc*i, nc*n, 1)
		}
	}
	for i, row := range t.Rows {
		if row.Parent == "" {
			for k, c := range t.Columns {
				mid = dm.add(mid, c.Label, nc*i+k, 1, 2)
			}
			continue
		}
		mid = dm.add(mid, row.Label, nc*i, nc, 1)
		for k, c := range t.Columns {
			low = dm.add(low, c.Label, nc*i+k, 1, 1)
		}
	}
	var vals []gcell
	for i, row := range t.Rows {
		for k, c := range t.Columns {
			vals = append(vals, r.valueCell(t.Key+"."+row.Key+"."+c.Key, nc*i+k, 1))
		}
	}
	g.rows = append(g.rows, grow{cells: top}, grow{cells: mid}, grow{cells: low}, grow{key: t.Key, cells: vals})
	return g
}
