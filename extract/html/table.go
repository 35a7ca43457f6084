package html

import (
	"fmt"
	"iter"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/nianbao/nianbao/extract"
)

// maxColSpan is the HTML standard's ceiling on colspan. rowspan needs none:
// it is cut at the last row of the table.
const maxColSpan = 1000

// gridBudget bounds the grid positions (cells and merged copies) of all
// tables of a page together. The report's tables need a few hundred; a
// hostile page can ask for colspan=1000 on every cell of every row.
const gridBudget = 1 << 20

// maxCellRunes is the longest cell text of a data table; a cell holding
// more is a column of a page laid out with tables.
const maxCellRunes = 300

// layout reports whether table t lays out the page rather than holding
// data. Layout tables have one column, or no text at all (spacers), or
// cells holding report prose, or cells holding other tables. A table with nested tables is still data
// when it looks like a statistics table (three rows and columns or more,
// four cells in five short): its inner tables then flatten into their cell
// text, row by row, so the numbers keep their reading order in the cell.
func layout(t *html.Node, cells map[*html.Node]cellInfo) bool {
	rows := tableRows(t)
	if len(rows) == 0 {
		return true
	}
	width, total, short, runes, nested := 0, 0, 0, 0, false
	for _, r := range rows {
		rw := 0
		for td := range rowCells(r) {
			rw += colSpan(td)
			info := cells[td]
			if info.runes > maxCellRunes {
				return true
			}
			runes += info.runes
			total++
			if info.runes <= 40 {
				short++
			}
			nested = nested || info.tables > 0
		}
		width = max(width, rw)
	}
	switch {
	case width <= 1, runes == 0:
		return true
	case nested:
		return !(len(rows) >= 3 && width >= 3 && short*5 >= total*4)
	}
	return false
}

// isLayout is layout's answer for table t, which the scorer noted in
// layouts. A table it did not visit had no cells measured, which layout
// answers with true.
func isLayout(t *html.Node, layouts map[*html.Node]bool) bool {
	l, ok := layouts[t]
	return l || !ok
}

// placed is a cell at its first grid position.
type placed struct {
	text                       extract.Traced
	row, col, colSpan, rowSpan int
}

// table lays out a data table: rowspan and colspan are expanded into a
// grid, each cell goes out at its first position and a merged copy at
// every other position it covers, and positions no cell covers (ragged
// rows) are blank cells, so every row has one entry per grid column.
// Copies cover one position each (ColSpan and RowSpan 1); the origin has
// the spans.
func (w *walker) table(t *html.Node, depth int) error {
	line := lineOf(t)
	if line == 0 {
		line = w.cur
	}
	for c := t.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.Caption && !invisible(c) {
			if text := textOf(c); text != "" && !chromeLine(text) {
				w.add(extract.Paragraph, text, lineOf(c))
			}
		}
	}
	rows := tableRows(t)
	var (
		cells  []placed
		height []int // per grid column, the first row not yet covered
		cost   int
	)
	for r, tr := range rows {
		w.mark(tr)
		c := 0
		for td := range rowCells(tr) {
			for c < len(height) && height[c] > r {
				c++
			}
			cs, rs := colSpan(td), span(td, "rowspan")
			switch {
			case rs < 0:
				rs = 1
			case rs == 0 || rs > len(rows)-r:
				// rowspan="0" spans the rest of the table; beyond its
				// end is cut, as browsers do.
				rs = len(rows) - r
			}
			if cost += cs * rs; cost > w.grid {
				return errGrid()
			}
			for len(height) < c+cs {
				height = append(height, 0)
			}
			for k := c; k < c+cs; k++ {
				height[k] = max(height[k], r+rs)
			}
			text, err := w.cellText(td, depth+3)
			if err != nil {
				return err
			}
			cells = append(cells, placed{text: text, row: r, col: c, colSpan: cs, rowSpan: rs})
			c += cs
		}
	}
	if allChrome(cells) {
		// 【打印】【关闭】 laid out in cells is a tool bar, not a table.
		return nil
	}
	ncols := len(height)
	area := len(rows) * ncols
	if area > w.grid {
		return errGrid()
	}
	w.grid -= max(area, cost)
	grid := make([]int, area)
	for i := range grid {
		grid[i] = -1
	}
	for i, p := range cells {
		for r := p.row; r < p.row+p.rowSpan; r++ {
			for c := p.col; c < p.col+p.colSpan; c++ {
				// Overlapping cells (a table model error) keep the
				// first cell laid out.
				if grid[r*ncols+c] < 0 {
					grid[r*ncols+c] = i
				}
			}
		}
	}
	w.b.StartTable()
	added := 0
	for r := range rows {
		row := grid[r*ncols : (r+1)*ncols]
		if !covered(row) {
			continue
		}
		w.b.StartRow()
		added++
		for c, i := range row {
			switch {
			case i < 0:
				w.b.Cell("", c, 1, 1, false)
			case cells[i].row == r && cells[i].col == c:
				p := cells[i]
				w.b.CellTraced(p.text, c, p.colSpan, p.rowSpan, false)
			default:
				w.b.Cell("", c, 1, 1, true)
			}
		}
	}
	w.b.EndTable()
	if added > 0 {
		w.lines = append(w.lines, line)
	}
	return nil
}

// allChrome reports whether every cell with text reads as site chrome.
func allChrome(cells []placed) bool {
	seen := false
	for _, p := range cells {
		t := extract.JoinLines(p.text.String())
		if t == "" {
			continue
		}
		if !chromeLine(t) {
			return false
		}
		seen = true
	}
	return seen
}

func errGrid() error {
	return fmt.Errorf("%w: tables have more than %d cells", extract.ErrTooLarge, gridBudget)
}

func covered(row []int) bool {
	for _, i := range row {
		if i >= 0 {
			return true
		}
	}
	return false
}

// cellText returns the text of a cell with line breaks where <br> and
// blocks break it; Builder.Cell joins them by the JoinLines rules. Tables
// inside a data cell flatten: their cells are separated by spaces, row by
// row, so "1 2 3" keeps its order and its numbers apart.
//
// It is collect of the cell without the line breaks collect writes around
// a block, which the join would drop at the ends: a cell of one text node
// is then that node's text, joined without a copy (the builder folds only
// text with line breaks or spaces in it).
func (w *walker) cellText(td *html.Node, depth int) (extract.Traced, error) {
	var sb extract.Traced
	if depth > w.maxDepth {
		return sb, errDepth(w.maxDepth)
	}
	w.mark(td)
	for c := td.FirstChild; c != nil; c = c.NextSibling {
		if err := w.collect(c, depth+1, &sb, false); err != nil {
			return sb, err
		}
	}
	return sb, nil
}

func (w *walker) collect(n *html.Node, depth int, sb *extract.Traced, inner bool) error {
	if depth > w.maxDepth {
		return errDepth(w.maxDepth)
	}
	switch n.Type {
	case html.TextNode:
		s := w.visible(n)
		sb.WriteTraced(s)
		w.cur += strings.Count(s.String(), "\n")
		return nil
	case html.ElementNode:
	default:
		return nil
	}
	w.mark(n)
	if invisible(n) {
		return nil
	}
	a := n.DataAtom
	sep := ""
	switch {
	case a == atom.Br:
		sb.WriteByte('\n')
		return nil
	case a == atom.Table:
		sep, inner = " ", true
	case inner && (a == atom.Tr || a == atom.Td || a == atom.Th):
		sep = " "
	case block(a):
		sep = "\n"
	}
	sb.WriteString(sep)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if err := w.collect(c, depth+1, sb, inner); err != nil {
			return err
		}
	}
	sb.WriteString(sep)
	return nil
}

// tableRows returns the rows of t, not of tables nested in it.
func tableRows(t *html.Node) []*html.Node {
	var rows []*html.Node
	for c := t.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || invisible(c) {
			continue
		}
		switch c.DataAtom {
		case atom.Tr:
			rows = append(rows, c)
		case atom.Thead, atom.Tbody, atom.Tfoot:
			for r := c.FirstChild; r != nil; r = r.NextSibling {
				if r.Type == html.ElementNode && r.DataAtom == atom.Tr && !invisible(r) {
					rows = append(rows, r)
				}
			}
		}
	}
	return rows
}

// rowCells yields the cells of row tr, in order.
func rowCells(tr *html.Node) iter.Seq[*html.Node] {
	return func(yield func(*html.Node) bool) {
		for c := tr.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) && !invisible(c) {
				if !yield(c) {
					return
				}
			}
		}
	}
}

func colSpan(td *html.Node) int {
	return min(max(span(td, "colspan"), 1), maxColSpan)
}

// span reads a colspan or rowspan attribute as browsers do: leading
// digits after optional space ("2px" is 2); -1 when absent or unreadable.
func span(td *html.Node, key string) int {
	for _, a := range td.Attr {
		if a.Key != key {
			continue
		}
		s := strings.TrimLeft(a.Val, " \t\n\f\r")
		v, digits := 0, 0
		for ; digits < len(s) && '0' <= s[digits] && s[digits] <= '9'; digits++ {
			if v < 1<<20 {
				v = v*10 + int(s[digits]-'0')
			}
		}
		if digits == 0 {
			return -1
		}
		return v
	}
	return -1
}
