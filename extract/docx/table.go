package docx

import (
	"strings"

	"github.com/nianbao/nianbao/extract"
)

// maxGrid bounds grid spans and skipped columns; Word tables have at most
// 63 columns, and the bound keeps hostile values from mattering.
const maxGrid = 1000

const (
	vmNone = iota
	vmRestart
	vmContinue
)

// table is a w:tbl as read, before merges are resolved.
type table struct {
	rows []trow
	page int // page marks seen before the table began
	// cells holds the cells of the rows, each row's in a run (a cell's
	// own tables have their own): a row's cells appended one by one
	// took two or three arrays a row.
	cells []tcell
}

type trow struct {
	before int // w:gridBefore: grid columns skipped at the start
	cells  []tcell
}

type tcell struct {
	text   extract.Traced
	span   int  // w:gridSpan
	vmerge int  // w:vMerge
	hcont  bool // legacy w:hMerge continue: part of the cell to the left
}

// tableContent reads the rows of a table up to the end of the current
// element. Rows may sit inside content controls and custom XML.
func (p *parser) tableContent(tb *table) error {
	return p.children(func(se elem) error {
		if wname(se.Name) != "tr" {
			return p.wrapper(se, func() error { return p.tableContent(tb) })
		}
		r, keep, err := p.row(tb)
		if keep {
			tb.rows = append(tb.rows, r)
		}
		return err
	})
}

// row reads a w:tr; keep is false for a row deleted as a tracked change.
func (p *parser) row(tb *table) (r trow, keep bool, err error) {
	keep = true
	first := len(tb.cells)
	defer func() {
		// Clipped, so that the next row's cells do not grow into it.
		r.cells = tb.cells[first:len(tb.cells):len(tb.cells)]
	}()
	var content func(se elem) error
	content = func(se elem) error {
		switch wname(se.Name) {
		case "trPr":
			return p.children(func(se elem) error {
				switch wname(se.Name) {
				case "gridBefore":
					r.before, _ = valInt(se, 0, maxGrid)
				case "del":
					keep = false
				}
				return p.t.skip()
			})
		case "tc":
			c, keepCell, err := p.cell()
			if keepCell {
				tb.cells = append(tb.cells, c)
			}
			return err
		}
		return p.wrapper(se, func() error { return p.children(content) })
	}
	err = p.children(content)
	return r, keep, err
}

// cell reads a w:tc; keep is false for a cell deleted as a tracked change.
func (p *parser) cell() (c tcell, keep bool, err error) {
	c.span, keep = 1, true
	sub := newContainer()
	err = p.children(func(se elem) error {
		if wname(se.Name) != "tcPr" {
			return p.block(se, sub)
		}
		return p.children(func(se elem) error {
			switch wname(se.Name) {
			case "gridSpan":
				if n, ok := valInt(se, 1, maxGrid); ok {
					c.span = n
				}
			case "vMerge":
				c.vmerge = vmContinue
				if v, _ := val(se); v == "restart" {
					c.vmerge = vmRestart
				}
			case "hMerge":
				v, _ := val(se)
				c.hcont = v != "restart"
			case "cellDel":
				keep = false
			}
			return p.t.skip()
		})
	})
	if err == nil {
		err = p.flush(sub)
	}
	c.text = joinTraced(sub.lines, "\n")
	return c, keep, err
}

// outCell is a cell placed on the grid, ready for the builder.
type outCell struct {
	text             extract.Traced
	col              int
	colSpan, rowSpan int
	merged           bool
}

// grid places the cells on the table grid. A vertically continued cell
// becomes a Merged copy and adds a row to the span of the cell it
// continues; text found in it (Word keeps none, but other writers may)
// is added to that cell so nothing is lost.
func (tb *table) grid() [][]outCell {
	type ref struct{ r, i int }
	out := make([][]outCell, 0, len(tb.rows))
	// One array for the cells of every row: a row places at most one
	// cell for each of its cells.
	n := 0
	for _, row := range tb.rows {
		n += len(row.cells)
	}
	free := make([]outCell, n)
	var open map[int]ref // by grid column: cells a vMerge may continue
	for _, row := range tb.rows {
		ri := len(out)
		var next map[int]ref // made for the first merge: most rows have none
		cells := free[:0:len(row.cells)]
		free = free[len(row.cells):]
		col := row.before
		for _, tc := range row.cells {
			if tc.hcont && len(cells) > 0 && !cells[len(cells)-1].merged {
				last := &cells[len(cells)-1]
				last.colSpan += tc.span
				last.text = joinText(last.text, tc.text)
				col += tc.span
				continue
			}
			if o, ok := open[col]; ok && tc.vmerge == vmContinue {
				origin := &out[o.r][o.i]
				origin.rowSpan++
				origin.text = joinText(origin.text, tc.text)
				cells = append(cells, outCell{col: col, colSpan: tc.span, rowSpan: 1, merged: true})
				if next == nil {
					next = map[int]ref{}
				}
				next[col] = o
				col += tc.span
				continue
			}
			// A continuation with nothing above it starts a merge, as in
			// Word.
			cells = append(cells, outCell{text: tc.text, col: col, colSpan: tc.span, rowSpan: 1})
			if tc.vmerge != vmNone {
				if next == nil {
					next = map[int]ref{}
				}
				next[col] = ref{ri, len(cells) - 1}
			}
			col += tc.span
		}
		out = append(out, cells)
		open = next
	}
	return out
}

func joinText(a, b extract.Traced) extract.Traced {
	switch {
	case strings.TrimSpace(b.String()) == "":
		return a
	case strings.TrimSpace(a.String()) == "":
		return b
	}
	return joinTraced([]extract.Traced{a, b}, "\n")
}

// joinTraced is strings.Join for traced text.
func joinTraced(parts []extract.Traced, sep string) extract.Traced {
	var t extract.Traced
	for i, p := range parts {
		if i > 0 {
			t.WriteString(sep)
		}
		t.WriteTraced(p)
	}
	return t
}

// addTable emits a table to the builder, or flattens a nested one into
// the lines of the cell that holds it: one line per row, cells separated
// by a space.
func (p *parser) addTable(c *container, tb *table) error {
	rows := tb.grid()
	if c.top {
		started := false
		for _, cells := range rows {
			if len(cells) == 0 {
				continue
			}
			if !started {
				p.b.StartTable()
				started = true
			}
			p.b.StartRow()
			for _, oc := range cells {
				if err := p.grow(oc.text.Len() + 1); err != nil {
					return err
				}
				p.b.CellTraced(oc.text, oc.col, oc.colSpan, oc.rowSpan, oc.merged)
			}
		}
		p.b.EndTable()
		if started {
			p.pages = append(p.pages, tb.page)
		}
		return nil
	}
	for _, cells := range rows {
		var parts []extract.Traced
		for _, oc := range cells {
			if t := extract.JoinLinesTraced(oc.text); t.Len() > 0 && !oc.merged {
				parts = append(parts, t)
			}
		}
		if len(parts) > 0 {
			line := joinTraced(parts, " ")
			if err := p.grow(line.Len()); err != nil {
				return err
			}
			c.lines = append(c.lines, line)
		}
	}
	return nil
}
