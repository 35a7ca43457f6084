package validate

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract"
)

// manyFindings is the number of findings past which Check resolves their
// positions together (resolve) rather than one by one with
// Document.Position, which walks the blocks from the first and the
// characters of the line from its start for each: a large text with
// thousands of findings spent more time there than in the rules. Below
// it Position is as fast and allocates nothing.
const manyFindings = 32

// resolve sets the Pos of each finding to what doc.Position(f.Span.Start)
// gives, in one pass over the text in the order of the offsets: the line
// and column of each offset are counted on from the one before, and its
// block and cell are found by binary search (see posIndex).
func resolve(doc *extract.Document, fs []Finding) {
	order := make([]int32, len(fs))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(fs[a].Span.Start, fs[b].Span.Start) })
	text := doc.Text
	ix := newPosIndex(doc)
	// scanned is where newlines have been counted to; anchor, a rune
	// start on the current line, is where the column is counted from.
	line, scanned, anchor, col := 1, 0, 0, 1
	for _, i := range order {
		offset := fs[i].Span.Start
		x := min(max(offset, 0), len(text)) // as LineCol clamps it
		if x > scanned {
			seg := text[scanned:x]
			if nl := strings.LastIndexByte(seg, '\n'); nl >= 0 {
				line += strings.Count(seg, "\n")
				anchor, col = scanned+nl+1, 1
			}
			scanned = x
		}
		// Counting on from a rune start gives what counting from the line
		// start gives: no rune, valid or not, runs across one. x itself
		// may fall inside a rune.
		b := x
		for b > anchor && b < len(text) && !utf8.RuneStart(text[b]) {
			b--
		}
		col += utf8.RuneCountInString(text[anchor:b])
		anchor = b
		p := ix.position(offset)
		p.Line, p.Column = line, col+utf8.RuneCountInString(text[b:x])
		fs[i].Pos = p
	}
}

// posIndex finds the block and cell holding an offset as
// Document.Position does: the first block in order whose span contains
// it, and the first cell of that table, row by row, not merged, whose
// span does. When the blocks with a non-empty span are in order of their
// spans and apart, as every reader makes them, at most one contains an
// offset and a binary search finds it; otherwise (or for a table whose
// cells are not so) the blocks or cells are walked as Position walks them.
type posIndex struct {
	doc    *extract.Document
	sorted bool
	spans  []int32 // the blocks with a non-empty span, by index
	tables []int32 // by block index: tables up to and including the block
	cells  map[int]*cellIndex
}

// cellIndex is a table's cells that are not merged and not empty, in the
// order Position reads them; sorted says their spans are in order and
// apart.
type cellIndex struct {
	cells  []cellAt
	sorted bool
}

type cellAt struct {
	span     extract.Span
	row, col int
}

func newPosIndex(doc *extract.Document) *posIndex {
	ix := &posIndex{doc: doc, sorted: true, tables: make([]int32, len(doc.Blocks))}
	end, tables := 0, int32(0)
	for i, b := range doc.Blocks {
		if b.Kind == extract.Table {
			tables++
		}
		ix.tables[i] = tables
		if b.Span.Len() <= 0 {
			continue
		}
		if b.Span.Start < end {
			ix.sorted = false
		}
		end = b.Span.End
		ix.spans = append(ix.spans, int32(i))
	}
	return ix
}

// position is doc.Position(offset) without Line and Column.
func (ix *posIndex) position(offset int) extract.Position {
	d := ix.doc
	p := extract.Position{Path: d.Path}
	bi := -1
	if ix.sorted {
		k := sort.Search(len(ix.spans), func(k int) bool { return d.Blocks[ix.spans[k]].Span.Start > offset }) - 1
		if k >= 0 && d.Blocks[ix.spans[k]].Span.Contains(offset) {
			bi = int(ix.spans[k])
		}
	} else {
		for i := range d.Blocks {
			if d.Blocks[i].Span.Contains(offset) {
				bi = i
				break
			}
		}
	}
	if bi < 0 {
		return p
	}
	b := &d.Blocks[bi]
	p.Page, p.SourceLine = b.Page, b.SourceLine
	if b.Kind != extract.Table {
		return p
	}
	p.Table = int(ix.tables[bi])
	c := ix.cellsOf(bi)
	if c.sorted {
		k := sort.Search(len(c.cells), func(k int) bool { return c.cells[k].span.Start > offset }) - 1
		if k >= 0 && c.cells[k].span.Contains(offset) {
			p.Row, p.Col = c.cells[k].row, c.cells[k].col
		}
		return p
	}
	for _, x := range c.cells {
		if x.span.Contains(offset) {
			p.Row, p.Col = x.row, x.col
			break
		}
	}
	return p
}

// cellsOf returns the cell index of table block bi, made on first use.
func (ix *posIndex) cellsOf(bi int) *cellIndex {
	if c, ok := ix.cells[bi]; ok {
		return c
	}
	c := &cellIndex{sorted: true}
	end := 0
	for ri, r := range ix.doc.Blocks[bi].Rows {
		for _, cell := range r.Cells {
			if cell.Merged || cell.Span.Len() <= 0 {
				continue
			}
			if cell.Span.Start < end {
				c.sorted = false
			}
			end = cell.Span.End
			c.cells = append(c.cells, cellAt{cell.Span, ri + 1, int(cell.Col) + 1})
		}
	}
	if ix.cells == nil {
		ix.cells = map[int]*cellIndex{}
	}
	ix.cells[bi] = c
	return c
}
