package extract_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/extract"
)

// build makes a small two-page document through the Builder every
// backend uses: a paragraph on page 1, a table with a merged cell on
// page 2, then a paragraph.
func build() *extract.Document {
	b := extract.NewBuilder("t.pdf", "pdf")
	b.SetPage(1)
	b.Paragraph(extract.Heading, "四、政府信息公开行政复议、行政诉讼情况")
	b.SetPage(2)
	b.StartTable()
	b.StartRow()
	b.Cell("行政复议", 0, 2, 1, false)
	b.Cell("", 1, 1, 1, true)
	b.Cell("总计", 2, 1, 1, false)
	b.StartRow()
	b.Cell("5", 0, 1, 1, false)
	b.Cell("", 1, 1, 1, false)
	b.Cell("7", 2, 1, 1, false)
	b.Paragraph(extract.Paragraph, "五、存在的主要问题及改进情况")
	return b.Document()
}

// TestPosition: a byte offset resolves to the 1-based line, the column in
// characters (not bytes), the page and the table cell (row and grid
// column) it falls in; LineCol and Offset are inverses.
func TestPosition(t *testing.T) {
	d := build()
	require.Len(t, d.Blocks, 3)

	off := strings.Index(d.Text, "诉讼")
	p := d.Position(off)
	assert.Equal(t, extract.Position{Path: "t.pdf", Page: 1, Line: 1, Column: 16}, p)

	seven := strings.LastIndex(d.Text, "7")
	p = d.Position(seven)
	assert.Equal(t, 3, p.Line)
	assert.Equal(t, 2, p.Page)
	assert.Equal(t, 1, p.Table)
	assert.Equal(t, 2, p.Row)
	assert.Equal(t, 3, p.Col, "grid column, counting the merged position")
	assert.Equal(t, "t.pdf:3:4", p.String())

	// The blank cell has an empty span: an offset there is in its row
	// but in no cell.
	blank := d.Blocks[1].Rows[1].Cells[1]
	assert.Equal(t, 0, blank.Span.Len())
	assert.Equal(t, "", d.Slice(blank.Span))

	for _, o := range []int{0, off, seven, len(d.Text)} {
		l, c := d.LineCol(o)
		assert.Equal(t, o, d.Offset(l, c), "offset %d", o)
	}
	l, c := d.LineCol(-5)
	assert.Equal(t, [2]int{1, 1}, [2]int{l, c}, "offsets are clamped")
	assert.Equal(t, "", d.Slice(extract.Span{Start: 10, End: 5}))
}

// TestCellSpans: every cell's span holds exactly its text, merged copies
// hold nothing, and a row's span covers its cells.
func TestCellSpans(t *testing.T) {
	d := build()
	for _, b := range d.Blocks {
		for _, r := range b.Rows {
			for _, c := range r.Cells {
				if c.Merged {
					assert.Equal(t, 0, c.Span.Len())
					continue
				}
				assert.Equal(t, c.Text, d.Slice(c.Span))
				assert.True(t, r.Span.Start <= c.Span.Start && c.Span.End <= r.Span.End)
			}
		}
	}
}

// TestMinConfidence: the lowest OCR confidence under a span, and none
// where no recognised text lies.
func TestMinConfidence(t *testing.T) {
	d := &extract.Document{Text: "予以公开 12 件", Confidence: []extract.Confidence{
		{Span: extract.Span{Start: 0, End: 12}, Value: 0.95},
		{Span: extract.Span{Start: 13, End: 15}, Value: 0.42},
	}}
	v, ok := d.MinConfidence(extract.Span{Start: 13, End: 15})
	assert.True(t, ok)
	assert.Equal(t, 0.42, v)
	v, ok = d.MinConfidence(extract.Span{Start: 0, End: 20})
	assert.True(t, ok)
	assert.Equal(t, 0.42, v)
	_, ok = d.MinConfidence(extract.Span{Start: 16, End: 18})
	assert.False(t, ok)
}

// TestLineCol_Lines: the line index gives, at every offset, the line and
// column that counting the line ends before it gives, however the text
// starts and ends.
func TestLineCol_Lines(t *testing.T) {
	for _, text := range []string{"", "\n", "甲", "甲\n", "\n\n乙\n\n丙丁", "一、总体情况\n本年度\n\n二、", strings.Repeat("行\n", 1000)} {
		d := &extract.Document{Text: text}
		for o := 0; o <= len(text); o++ {
			line := 1 + strings.Count(text[:o], "\n")
			start := strings.LastIndexByte(text[:o], '\n') + 1
			col := 1 + utf8.RuneCountInString(text[start:o])
			l, c := d.LineCol(o)
			require.Equal(t, [2]int{line, col}, [2]int{l, c}, "%q at %d", text, o)
		}
	}
}

// TestBuilder_RowsShareNoCells: rows whose cells come from one array,
// or outgrow it, each keep their own cells, and appending to one row's
// cells changes no other.
func TestBuilder_RowsShareNoCells(t *testing.T) {
	b := extract.NewBuilder("t", "docx")
	widths := []int{1, 2, 2, 9, 3, 30, 1, 0, 2}
	for r, n := range widths {
		b.StartRow()
		for c := range n {
			b.Cell(fmt.Sprintf("r%dc%d", r, c), c, 1, 1, false)
		}
	}
	doc := b.Document()
	rows := doc.Blocks[0].Rows
	if len(rows) != len(widths) {
		t.Fatalf("%d rows, want %d", len(rows), len(widths))
	}
	for r := range rows {
		rows[r].Cells = append(rows[r].Cells, extract.Cell{Text: "added"})
	}
	for r, n := range widths {
		if got := len(rows[r].Cells); got != n+1 {
			t.Fatalf("row %d: %d cells, want %d", r, got, n+1)
		}
		for c := range n {
			if want := fmt.Sprintf("r%dc%d", r, c); rows[r].Cells[c].Text != want {
				t.Errorf("row %d cell %d: %q, want %q", r, c, rows[r].Cells[c].Text, want)
			}
		}
	}
}

// TestCell_Size: a report's tables are most of its document (10 MB of
// text reports: 411,000 cells), so a cell's grid column and spans are
// int32, not int: 48 bytes a cell instead of 64, in the reader and again
// in the parent that checks it (issue 17: t50's check 750 -> 698 MiB).
func TestCell_Size(t *testing.T) {
	assert.Equal(t, uintptr(48), unsafe.Sizeof(extract.Cell{}))
}
