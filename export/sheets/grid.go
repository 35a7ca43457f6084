package sheets

import (
	"slices"

	"github.com/nianbao/nianbao/normalize"
)

// BoxKind says what a box of a Grid holds.
type BoxKind int

const (
	BoxHeader BoxKind = iota // a caption or column header of the template
	BoxLabel                 // a row's label
	BoxValue                 // a cell of the report, named by Key
	BoxVoid                  // a place the template leaves without a cell
)

// Box is one rectangle of a Grid: rows Row to EndRow and columns Col to
// EndCol, 0-based and inclusive, so that a merged header is one box.
type Box struct {
	Row, Col, EndRow, EndCol int
	Kind                     BoxKind
	Text                     string // header and label text
	Key                      string // the canonical cell key of a BoxValue
}

// Point is a row and a column of a Grid, 0-based.
type Point struct{ Row, Col int }

// Grid is one standard table laid out as the official template prints it,
// from the profile of the report's template: the workbook's report sheets
// and the review page draw the same boxes, so that neither names a table
// or a row itself.
type Grid struct {
	// Heading is the table's section heading ("二、主动公开政府信息情况"),
	// with a note when the report lacks the table or cuts it short.
	Heading string
	Spec    *normalize.TableSpec // nil when no profile has the table
	Boxes   []Box                // in reading order, row by row
	Height  int                  // rows the boxes take
	// Anchors gives, per row key ("requests.granted"), the place that
	// stands for the row: where its label ends, or its band's header.
	Anchors map[string]Point
}

// Layout lays out table key of rep.
func Layout(rep *normalize.Report, key string) *Grid {
	g := &Grid{Anchors: map[string]Point{}}
	if prof := rep.Profile(key); prof != nil {
		g.Spec = prof.Table(key)
	}
	spec := g.Spec
	g.Heading = key
	for _, s := range normalize.Sections() {
		if spec != nil && s.Key == spec.Section || spec == nil && s.Key == key {
			g.Heading = s.Number + "、" + s.Heading
		}
	}
	switch t := rep.Tables[key]; {
	case spec == nil:
		g.Heading += "（未识别到统计表）"
		return g
	case t == nil || !t.Found:
		g.Heading += "（报告中未找到此表）"
	case t.Truncated:
		g.Heading += "（表格不完整）"
	}
	switch spec.Layout {
	case normalize.LayoutBlocks:
		g.blocks()
	case normalize.LayoutRows:
		g.rows()
	default:
		g.columns()
	}
	return g
}

func (g *Grid) add(kind BoxKind, r1, c1, r2, c2 int, text string) {
	g.Boxes = append(g.Boxes, Box{Row: r1, Col: c1, EndRow: r2, EndCol: c2, Kind: kind, Text: text})
	g.Height = max(g.Height, r2+1)
}

func (g *Grid) value(key string, r, c1, c2 int) {
	g.add(BoxValue, r, c1, r, c2, "")
	g.Boxes[len(g.Boxes)-1].Key = key
}

// blocks lays out a table such as 表二: per block a caption row, a header
// row and the rows; a block with fewer columns than the widest lets its
// last column span the rest, as the template does.
func (g *Grid) blocks() {
	spec := g.Spec
	type block struct {
		caption string
		rows    []*normalize.RowSpec
	}
	// Rows sit under their block's caption, blocks in the order their
	// first row comes; a row with no block gets a block of its own.
	var blocks []block
	at := map[string]int{}
	for _, rs := range spec.Rows {
		if i, ok := at[rs.Block]; ok && rs.Block != "" {
			blocks[i].rows = append(blocks[i].rows, rs)
			continue
		}
		at[rs.Block] = len(blocks)
		blocks = append(blocks, block{caption: rs.Block, rows: []*normalize.RowSpec{rs}})
	}
	cols := func(bl block) []string {
		seen := map[string]bool{}
		var out []string
		for _, c := range spec.Columns {
			for _, rs := range bl.rows {
				for _, k := range spec.RowColumns(rs) {
					if k == c.Key && !seen[k] {
						seen[k] = true
						out = append(out, k)
					}
				}
			}
		}
		return out
	}
	w := 1
	for _, bl := range blocks {
		w = max(w, len(cols(bl)))
	}
	row := 0
	for _, bl := range blocks {
		cs := cols(bl)
		// end is the last column of column i: the block's last column
		// spans what the widest block has beyond it.
		end := func(i int) int {
			if i == len(cs)-1 {
				return w
			}
			return 1 + i
		}
		if bl.caption != "" {
			g.add(BoxHeader, row, 0, row, w, bl.caption)
			row++
		}
		g.add(BoxHeader, row, 0, row, 0, spec.LabelHeader)
		for i, c := range cs {
			g.add(BoxHeader, row, 1+i, row, end(i), ColumnLabel(spec, c))
		}
		row++
		for _, rs := range bl.rows {
			g.add(BoxLabel, row, 0, row, 0, Numbered(rs.LabelSpec))
			g.Anchors[spec.Key+"."+rs.Key] = Point{row, 0}
			for i, c := range cs {
				if slices.Contains(spec.RowColumns(rs), c) {
					g.value(spec.Key+"."+rs.Key+"."+c, row, 1+i, end(i))
				} else {
					g.add(BoxVoid, row, 1+i, row, end(i), "")
				}
			}
			row++
		}
	}
}

// rows lays out a table such as 表三: three header rows (the label
// header, the column header, the columns under their parents), then the
// rows, each group of rows under its label merged down it, and inner
// groups (（三）不予公开) inside their outer one (三、本年度办理结果).
func (g *Grid) rows() {
	spec := g.Spec
	last := 2 + len(spec.Columns)
	g.add(BoxHeader, 0, 0, 2, 2, spec.LabelHeader)
	g.add(BoxHeader, 0, 3, 0, last, spec.ColumnHeader)
	for i := 0; i < len(spec.Columns); {
		c := spec.Columns[i]
		if c.Parent == "" {
			g.add(BoxHeader, 1, 3+i, 2, 3+i, c.Label)
			i++
			continue
		}
		j := i
		for j < len(spec.Columns) && spec.Columns[j].Parent == c.Parent {
			g.add(BoxHeader, 2, 3+j, 2, 3+j, spec.Columns[j].Label)
			j++
		}
		g.add(BoxHeader, 1, 3+i, 1, 2+j, c.Parent)
		i = j
	}
	row := 3
	rows := spec.Rows
	for i := 0; i < len(rows); {
		rs := rows[i]
		if rs.Group == "" {
			g.add(BoxLabel, row, 0, row, 2, Numbered(rs.LabelSpec))
			g.row1(rs, row)
			row++
			i++
			continue
		}
		// A run of grouped rows, under the outermost group of its first.
		outer := spec.OuterGroup(rs.Group)
		j := i
		for j < len(rows) && rows[j].Group != "" {
			j++
		}
		g.add(BoxLabel, row, 0, row+j-i-1, 0, groupLabel(spec, outer))
		for k := i; k < j; {
			rs := rows[k]
			if rs.Group == outer {
				g.add(BoxLabel, row, 1, row, 2, Numbered(rs.LabelSpec))
				g.row1(rs, row)
				row++
				k++
				continue
			}
			m := k
			for m < j && rows[m].Group == rs.Group {
				m++
			}
			g.add(BoxLabel, row, 1, row+m-k-1, 1, groupLabel(spec, rs.Group))
			for ; k < m; k++ {
				g.add(BoxLabel, row, 2, row, 2, Numbered(rows[k].LabelSpec))
				g.row1(rows[k], row)
				row++
			}
		}
		i = j
	}
}

// groupLabel is the label of group key as the template prints it; the key
// itself where the profile lacks the group.
func groupLabel(spec *normalize.TableSpec, key string) string {
	if g := spec.Group(key); g != nil {
		return Numbered(g.LabelSpec)
	}
	return key
}

// row1 lays out the values of one row of a rows-layout table, after its
// label in the first three columns.
func (g *Grid) row1(rs *normalize.RowSpec, row int) {
	spec := g.Spec
	g.Anchors[spec.Key+"."+rs.Key] = Point{row, 2}
	for i, c := range spec.Columns {
		g.value(spec.Key+"."+rs.Key+"."+c.Key, row, 3+i, 3+i)
	}
}

// columns lays out a table such as 表四: each row's label over its band
// of columns (行政复议 over two header rows, 行政诉讼 over the rows it
// parents), the column labels of each band, and one row of numbers.
func (g *Grid) columns() {
	spec := g.Spec
	n := len(spec.Columns)
	for i := 0; i < len(spec.Rows); {
		rs := spec.Rows[i]
		c0 := i * n
		if rs.Parent == "" {
			g.add(BoxHeader, 0, c0, 1, c0+n-1, rs.Label)
			g.Anchors[spec.Key+"."+rs.Key] = Point{0, c0}
			i++
			continue
		}
		j := i
		for j < len(spec.Rows) && spec.Rows[j].Parent == rs.Parent {
			cj := j * n
			g.add(BoxHeader, 1, cj, 1, cj+n-1, spec.Rows[j].Label)
			g.Anchors[spec.Key+"."+spec.Rows[j].Key] = Point{1, cj}
			j++
		}
		g.add(BoxHeader, 0, c0, 0, j*n-1, rs.Parent)
		i = j
	}
	for i, rs := range spec.Rows {
		for k, c := range spec.Columns {
			col := i*n + k
			g.add(BoxHeader, 2, col, 2, col, c.Label)
			g.value(spec.Key+"."+rs.Key+"."+c.Key, 3, col, col)
		}
	}
}
