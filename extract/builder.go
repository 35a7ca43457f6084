package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

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
	page  int
}

// NewBuilder starts a document for path in the given format.
func NewBuilder(path, format string) *Builder {
	return &Builder{doc: Document{Path: path, Format: format, Encoding: "utf-8"}}
}

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
	b.EndTable()
	text = JoinLines(text)
	if text == "" {
		return Span{Start: b.sb.Len(), End: b.sb.Len()}
	}
	b.newline()
	start := b.sb.Len()
	b.sb.WriteString(text)
	sp := Span{Start: start, End: b.sb.Len()}
	b.doc.Blocks = append(b.doc.Blocks, Block{Kind: kind, Span: sp, Page: b.page})
	return sp
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
	b.row = &Row{Span: Span{Start: start, End: start}}
}

// Cell appends a cell at grid column col spanning colSpan×rowSpan. A merged
// copy (merged=true) records the position without repeating the text.
func (b *Builder) Cell(text string, col, colSpan, rowSpan int, merged bool) {
	if b.row == nil {
		b.StartRow()
	}
	if len(b.row.Cells) > 0 {
		b.sb.WriteByte('\t')
	}
	text = strings.ReplaceAll(JoinLines(text), "\t", " ")
	start := b.sb.Len()
	if !merged {
		b.sb.WriteString(text)
	}
	if colSpan < 1 {
		colSpan = 1
	}
	if rowSpan < 1 {
		rowSpan = 1
	}
	b.row.Cells = append(b.row.Cells, Cell{
		Span: Span{Start: start, End: b.sb.Len()}, Text: b.doc.textOr(text, merged),
		Col: col, ColSpan: colSpan, RowSpan: rowSpan, Merged: merged,
	})
	b.row.Span.End = b.sb.Len()
}

func (d *Document) textOr(text string, merged bool) string {
	if merged {
		return ""
	}
	return text
}

func (b *Builder) endRow() {
	if b.row == nil {
		return
	}
	b.table.Rows = append(b.table.Rows, *b.row)
	b.table.Span.End = b.row.Span.End
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
	return &d
}

// JoinLines folds the lines of text into one: line breaks between two CJK
// characters vanish (Chinese has no spaces between words, and wrapped
// lines in cells are the same word), other breaks become one space.
// Leading and trailing space is trimmed and runs of space collapse.
func JoinLines(text string) string {
	if !strings.ContainsAny(text, "\r\n\t\u00a0\u3000  ") {
		return strings.TrimSpace(text)
	}
	var sb strings.Builder
	pendingSpace, pendingBreak := false, false
	var last rune
	for _, r := range text {
		switch {
		case r == '\n' || r == '\r':
			pendingBreak = true
			continue
		case r == '\u00a0' || r == '\t' || unicode.IsSpace(r):
			pendingSpace = true
			continue
		}
		if sb.Len() > 0 && (pendingSpace || pendingBreak) {
			if pendingSpace || !(cjk.Is(last) || cjk.Is(r)) {
				sb.WriteByte(' ')
			}
		}
		pendingSpace, pendingBreak = false, false
		sb.WriteRune(r)
		last = r
	}
	return sb.String()
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
