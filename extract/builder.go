package extract

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/nianbao/nianbao/internal/cjk"
	"github.com/nianbao/nianbao/internal/numtok"
)

// Builder assembles a Document for backends whose source is not plain text
// (HTML, DOCX, PDF, OCR). It lays the canonical text out the same way for
// every format: one line per paragraph or heading, one line per table row
// with cells separated by a tab. Findings then read alike whatever the
// input was.
type Builder struct {
	doc   Document
	sb    strings.Builder
	table *Block
	row   *Row
	// rowBuf is the storage of row, and cells the length of the row
	// before it: a table's rows mostly have as many cells as the one
	// above, so a row's cells are allocated once.
	rowBuf Row
	cells  int
	// free is room for the cells of the rows to come, taken from one
	// array for many rows rather than one array a row.
	free []Cell
	page int
	// origin collects the sources of the text written with the Traced
	// methods, once Trace has been called.
	origin *Origin
}

// NewBuilder starts a document for path in the given format.
func NewBuilder(path, format string) *Builder {
	return &Builder{doc: Document{Path: path, Format: format, Encoding: "utf-8"}}
}

// Trace makes the document record its Origin: where in part (see
// Origin.Part) the text given to ParagraphTraced and CellTraced came from.
func (b *Builder) Trace(part string) { b.origin = &Origin{Part: part} }

// SetPage sets the 1-based page number recorded on following blocks.
func (b *Builder) SetPage(page int) { b.page = page }

// Len returns the current length of the canonical text in bytes.
func (b *Builder) Len() int { return b.sb.Len() }

func (b *Builder) newline() {
	if b.sb.Len() > 0 {
		b.sb.WriteByte('\n')
	}
}

// Paragraph appends a paragraph (or heading) of text and returns its
// span. Line breaks inside text are joined (see JoinLines); empty text
// adds nothing.
func (b *Builder) Paragraph(kind Kind, text string) Span {
	return b.paragraph(kind, JoinLines(text), nil)
}

// ParagraphTraced is Paragraph for text that knows its sources.
func (b *Builder) ParagraphTraced(kind Kind, t Traced) Span {
	if b.origin == nil {
		// No Origin to record: the text alone, which is what the traced
		// join gives.
		return b.paragraph(kind, JoinLines(transient(t.buf)), nil)
	}
	j := JoinLinesTraced(t)
	return b.paragraph(kind, transient(j.buf), j.pieces)
}

// transient is the text of buf for a call that copies it and keeps
// nothing of it (paragraph, cell): a copy for every cell and paragraph,
// which the Builder then copies again, was a tenth of an HTML read's
// allocations.
func transient(buf []byte) string { return unsafe.String(unsafe.SliceData(buf), len(buf)) }

func (b *Builder) paragraph(kind Kind, text string, pieces []Piece) Span {
	b.EndTable()
	if text == "" {
		return Span{Start: b.sb.Len(), End: b.sb.Len()}
	}
	b.newline()
	start := b.sb.Len()
	b.sb.WriteString(text)
	b.traced(start, pieces)
	sp := Span{Start: start, End: b.sb.Len()}
	b.doc.Blocks = append(b.doc.Blocks, Block{Kind: kind, Span: sp, Page: b.page})
	return sp
}

// traced records the sources of text just written at start.
func (b *Builder) traced(start int, pieces []Piece) {
	if b.origin == nil {
		return
	}
	for _, p := range pieces {
		p.Text.Start += start
		p.Text.End += start
		b.origin.Pieces = appendPiece(b.origin.Pieces, p)
	}
}

// StartTable begins a table; following Row and Cell calls fill it.
func (b *Builder) StartTable() {
	b.EndTable()
	b.table = &Block{Kind: Table, Page: b.page, Span: Span{Start: -1}}
}

// StartRow begins a new row of the current table.
func (b *Builder) StartRow() {
	if b.table == nil {
		b.StartTable()
	}
	b.endRow()
	b.newline()
	start := b.sb.Len()
	if b.table.Span.Start < 0 {
		b.table.Span.Start = start
	}
	if cap(b.free) < max(b.cells, 1) {
		b.free = make([]Cell, 0, max(b.cells, 1)*8)
	}
	b.rowBuf = Row{Span: Span{Start: start, End: start}, Cells: b.free[:0]}
	b.row = &b.rowBuf
}

// Cell appends a cell at grid column col spanning colSpan×rowSpan. A merged
// copy (merged=true) records the position without repeating the text.
func (b *Builder) Cell(text string, col, colSpan, rowSpan int, merged bool) {
	// JoinLines leaves no tab: a tab in a cell would end it.
	b.cell(JoinLines(text), nil, col, colSpan, rowSpan, merged)
}

// CellTraced is Cell for text that knows its sources.
func (b *Builder) CellTraced(t Traced, col, colSpan, rowSpan int, merged bool) {
	if b.origin == nil {
		b.cell(JoinLines(transient(t.buf)), nil, col, colSpan, rowSpan, merged)
		return
	}
	j := JoinLinesTraced(t)
	b.cell(transient(j.buf), j.pieces, col, colSpan, rowSpan, merged)
}

func (b *Builder) cell(text string, pieces []Piece, col, colSpan, rowSpan int, merged bool) {
	if b.row == nil {
		b.StartRow()
	}
	if len(b.row.Cells) > 0 {
		b.sb.WriteByte('\t')
	}
	start := b.sb.Len()
	if !merged {
		b.sb.WriteString(text)
		b.traced(start, pieces)
	}
	if colSpan < 1 {
		colSpan = 1
	}
	if rowSpan < 1 {
		rowSpan = 1
	}
	// Text is set by Document, from the canonical text: text is not
	// kept (see transient).
	b.row.Cells = append(b.row.Cells, Cell{
		Span: Span{Start: start, End: b.sb.Len()},
		Col:  int32(col), ColSpan: int32(colSpan), RowSpan: int32(rowSpan), Merged: merged,
	})
	b.row.Span.End = b.sb.Len()
}

func (b *Builder) endRow() {
	if b.row == nil {
		return
	}
	// The row keeps its cells, clipped, and the room after them is for
	// the next rows; a row that outgrew free has an array of its own
	// and leaves free as it was.
	n := len(b.row.Cells)
	if n > 0 && cap(b.free) > 0 && &b.row.Cells[:1][0] == &b.free[:1][0] {
		b.free = b.free[n:n]
	}
	b.row.Cells = b.row.Cells[:n:n]
	b.table.Rows = append(b.table.Rows, *b.row)
	b.table.Span.End = b.row.Span.End
	b.cells = n
	b.row = nil
}

// EndTable closes the current table, if any. Tables without rows vanish.
func (b *Builder) EndTable() {
	if b.table == nil {
		return
	}
	b.endRow()
	if len(b.table.Rows) > 0 {
		b.doc.Blocks = append(b.doc.Blocks, *b.table)
	}
	b.table = nil
}

// Document finishes and returns the document.
func (b *Builder) Document() *Document {
	b.EndTable()
	d := b.doc
	d.Text = b.sb.String()
	for i := range d.Blocks {
		for j := range d.Blocks[i].Rows {
			for k := range d.Blocks[i].Rows[j].Cells {
				if c := &d.Blocks[i].Rows[j].Cells[k]; !c.Merged {
					c.Text = d.Text[c.Span.Start:c.Span.End]
				}
			}
		}
	}
	if b.origin != nil {
		o := *b.origin
		o.Pieces = slices.Clip(o.Pieces)
		d.Origin = &o
	}
	return &d
}

// JoinLines folds the lines of text into one: line breaks between two CJK
// characters vanish (Chinese has no spaces between words, and wrapped
// lines in cells are the same word), other breaks become one space.
// Leading and trailing space is trimmed and runs of space collapse.
func JoinLines(text string) string {
	if !hasJoinSpace(text) {
		return strings.TrimSpace(text)
	}
	out, _ := joinLines(make([]byte, 0, len(text)), text, nil)
	// out is not written again: the string may share its bytes, as
	// strings.Builder's does.
	return unsafe.String(unsafe.SliceData(out), len(out))
}

// JoinLinesTraced is JoinLines for traced text: the characters kept keep
// their sources; a space stands for its source only where it was one
// space there.
func JoinLinesTraced(t Traced) Traced {
	if len(t.pieces) == 0 {
		return TracedText(JoinLines(string(t.buf)))
	}
	if !hasJoinSpace(t.buf) {
		// Nothing to fold, the common case for a table cell: the join is
		// the text trimmed, and its sources are t's within the trim.
		start := len(t.buf) - len(bytes.TrimLeftFunc(t.buf, unicode.IsSpace))
		end := len(bytes.TrimRightFunc(t.buf, unicode.IsSpace))
		return t.within(start, max(start, end))
	}
	out, idx := joinLines(make([]byte, 0, len(t.buf)), string(t.buf), make([]int, 0, len(t.buf)))
	return t.remap(out, idx)
}

// joinSpaces are the characters that make JoinLines more than a trim.
const joinSpaces = "\r\n\t\u00a0\u3000 "

// hasJoinSpace is strings.ContainsAny(s, joinSpaces) by bytes: with
// characters beyond ASCII in its set, ContainsAny decoded every rune of
// s and looked each up, a twentieth of reading a DOCX. The UTF-8 of
// U+00A0 and U+3000 begins with a byte that only ever begins a character,
// so that finding the bytes is finding the character, in valid UTF-8 or
// not.
func hasJoinSpace[S string | []byte](s S) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\r':
			return true
		case 0xC2: // U+00A0: C2 A0
			if i+1 < len(s) && s[i+1] == 0xA0 {
				return true
			}
		case 0xE3: // U+3000: E3 80 80
			if i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x80 {
				return true
			}
		}
	}
	return false
}

// joinLines appends to out what JoinLines makes of text and, when idx is
// not nil, appends to idx where each byte appended was in text (-1 for a
// space standing for several).
func joinLines(out []byte, text string, idx []int) ([]byte, []int) {
	trace := idx != nil
	pendingSpace, pendingBreak := false, false
	spaceAt, spaces := -1, 0 // the pending white space: where it starts, how many runes
	var last rune
	for i, r := range text {
		switch {
		case r == '\n' || r == '\r':
			pendingBreak = true
			if spaces == 0 {
				spaceAt = i
			}
			spaces++
			continue
		case r == '\u00a0' || r == '\t' || unicode.IsSpace(r):
			pendingSpace = true
			if spaces == 0 {
				spaceAt = i
			}
			spaces++
			continue
		}
		if len(out) > 0 && (pendingSpace || pendingBreak) {
			if pendingSpace || !(cjk.Is(last) || cjk.Is(r)) {
				out = append(out, ' ')
				if trace {
					if spaces == 1 && text[spaceAt] == ' ' {
						idx = append(idx, spaceAt)
					} else {
						idx = append(idx, -1)
					}
				}
			}
		}
		pendingSpace, pendingBreak, spaces = false, false, 0
		n := len(out)
		out = utf8.AppendRune(out, r)
		if trace {
			if r == utf8.RuneError {
				// An invalid byte is written as U+FFFD: it stands for
				// nothing in text.
				for range len(out) - n {
					idx = append(idx, -1)
				}
			} else {
				for k := range len(out) - n {
					idx = append(idx, i+k)
				}
			}
		}
		last = r
	}
	return out, idx
}

// LineKind tells a heading from a paragraph for the backends that see
// how a line is set (pdf, ocr): a line with sentence punctuation (。；;)
// is a paragraph, a numbered section heading (一、总体情况) a heading, and
// so is a line of at most 60 characters that is set larger than the body
// or, opening the text, is centred (the title).
func LineKind(text string, larger, centeredTitle bool) Kind {
	switch {
	case strings.ContainsAny(text, "。；;"):
		return Paragraph
	case numtok.SectionHeading(text):
		return Heading
	case utf8.RuneCountInString(text) <= 60 && (larger || centeredTitle):
		return Heading
	}
	return Paragraph
}

// GapFields returns the byte ranges of the cells of a line laid out in
// columns, as text exported from a page is: fields separated by runs of
// two or more spaces or an ideographic space, where a single space stays
// inside a cell (4.无正当理由大量反复 申请).
func GapFields(s string) [][2]int {
	fields := FieldSpans(s)
	if len(fields) < 2 {
		return fields
	}
	groups := fields[:0:0]
	cur := fields[0]
	for _, f := range fields[1:] {
		gap := s[cur[1]:f[0]]
		if utf8.RuneCountInString(gap) >= 2 || strings.ContainsRune(gap, '\u3000') {
			groups = append(groups, cur)
			cur = f
			continue
		}
		cur[1] = f[1]
	}
	return append(groups, cur)
}

// FieldSpans returns the byte ranges of the white-space separated fields
// of s, for backends and stages that split rows written with spaces.
func FieldSpans(s string) [][2]int {
	var out [][2]int
	start := -1
	for i, r := range s {
		if unicode.IsSpace(r) {
			if start >= 0 {
				out = append(out, [2]int{start, i})
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(s)})
	}
	return out
}
