package extract

import (
	"fmt"
	"iter"
	"sort"
	"strings"
	"unicode/utf8"
)

// Span is a half-open byte range [Start, End) into a Document's canonical
// text. The zero Span is empty and points at the start of the text.
type Span struct {
	Start int // byte offset of the first byte, 0-based
	End   int // byte offset just past the last byte
}

// Len returns the length of s in bytes.
func (s Span) Len() int { return s.End - s.Start }

// IsZero reports whether s is the empty span at offset 0, which means
// "no location" for cells that do not exist in the source.
func (s Span) IsZero() bool { return s.Start == 0 && s.End == 0 }

// Contains reports whether offset lies inside s.
func (s Span) Contains(offset int) bool { return offset >= s.Start && offset < s.End }

// Position is a resolved location in a source document, for people.
// Like go/token.Position, a zero field means unknown.
type Position struct {
	Path   string // the input file as given on the command line
	Page   int    // 1-based page number (PDF, scans); 0 for unpaged input
	Line   int    // 1-based line in the canonical text
	Column int    // 1-based column in characters (runes), not bytes
	Table  int    // 1-based table number in reading order; 0 outside tables
	Row    int    // 1-based row inside Table
	Col    int    // 1-based grid column inside Table
	// SourceLine is the 1-based line in the source file of the block
	// holding the position (HTML); 0 when Line already is the source line
	// or the source has no lines.
	SourceLine int
}

// String formats p as path:line:col, the form editors and compilers use.
func (p Position) String() string {
	s := p.Path
	if p.Line > 0 {
		s += fmt.Sprintf(":%d:%d", p.Line, p.Column)
	}
	return s
}

// Kind is what a block is.
type Kind uint8

const (
	Paragraph Kind = iota
	Heading
	Table
)

func (k Kind) String() string {
	switch k {
	case Heading:
		return "heading"
	case Table:
		return "table"
	default:
		return "paragraph"
	}
}

// MarshalText makes kinds readable in JSON dumps of a document.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads a kind back, so that a document can cross a process
// boundary (extract/worker) as it was made.
func (k *Kind) UnmarshalText(b []byte) error {
	switch string(b) {
	case "heading":
		*k = Heading
	case "table":
		*k = Table
	case "paragraph":
		*k = Paragraph
	default:
		return fmt.Errorf("extract: unknown block kind %q", b)
	}
	return nil
}

// Block is one paragraph, heading or table of the document, in reading
// order. For tables, Span covers the whole table and Rows hold the cells.
type Block struct {
	Kind Kind
	Span Span
	Page int // 1-based page where the block starts; 0 if unpaged
	// SourceLine is the 1-based line of the source file where the block
	// starts, for sources whose lines differ from the canonical text's
	// (HTML); 0 when the canonical lines are the source's (text) or the
	// source has none (DOCX, PDF).
	SourceLine int   `json:",omitempty"`
	Rows       []Row `json:",omitempty"`
}

// Row is one row of a table as it appears in the source.
type Row struct {
	Span  Span
	Cells []Cell
}

// Cell is one cell of a table row. Text is the cell's text as it stands in
// the canonical text at Span (which may cover several lines when the cell
// wraps). A cell that the source merged over several grid positions
// appears once, at its first position, with ColSpan/RowSpan > 1; extractors
// that expand merges into a grid set Merged on the copies.
type Cell struct {
	Span    Span
	Text    string
	Col     int32 // 0-based grid column
	ColSpan int32 // grid columns covered, at least 1
	RowSpan int32 // rows covered, at least 1
	Merged  bool  `json:",omitempty"` // a copy standing in for a merged cell
}

// Document is the product of every extractor: the canonical UTF-8 text of
// the input and its blocks, each with a span into that text.
type Document struct {
	Path     string // as given by the caller
	Format   string // "text", "html", "docx", "pdf", "ocr"
	Encoding string // the source encoding that was decoded, e.g. "utf-8", "gb18030"
	Text     string
	Blocks   []Block
	// OCR reports that the text came from optical character recognition,
	// so character-level findings must say so.
	OCR bool `json:",omitempty"`
	// Confidence holds per-span OCR confidence in [0,1], sorted by Start.
	Confidence []Confidence `json:",omitempty"`
	// Pages is the number of pages read from a paged source (PDF, scan);
	// zero for text, HTML and DOCX, which have none.
	Pages int `json:",omitempty"`
	// OCRPages counts the pages whose text came from recognition.
	OCRPages int `json:",omitempty"`
	// Bytes and SHA256 identify the file read, so that a result can be
	// tied to the exact file checked.
	Bytes  int64  `json:",omitempty"`
	SHA256 string `json:",omitempty"`
	// Origin maps the text back to the source bytes, for readers whose
	// source can be edited in place (text, HTML, DOCX); nil otherwise.
	Origin *Origin `json:"-"`

	lines []int // byte offset of each line start, built lazily
}

// Confidence is the recognition confidence of an OCR'd span.
type Confidence struct {
	Span  Span
	Value float64 // 0..1
}

// Slice returns the canonical text under s, clamped to the text.
func (d *Document) Slice(s Span) string {
	start, end := clamp(s.Start, len(d.Text)), clamp(s.End, len(d.Text))
	if end < start {
		return ""
	}
	return d.Text[start:end]
}

func clamp(v, n int) int {
	if v < 0 {
		return 0
	}
	if v > n {
		return n
	}
	return v
}

// LineCol returns the 1-based line and 1-based rune column of a byte
// offset in the canonical text.
func (d *Document) LineCol(offset int) (line, col int) {
	if d.lines == nil {
		d.lines = lineStarts(d.Text)
	}
	offset = clamp(offset, len(d.Text))
	i := sort.Search(len(d.lines), func(i int) bool { return d.lines[i] > offset }) - 1
	if i < 0 {
		i = 0
	}
	return i + 1, utf8.RuneCountInString(d.Text[d.lines[i]:offset]) + 1
}

// Offset is the inverse of LineCol: the byte offset of a 1-based line and
// rune column, clamped to the text.
func (d *Document) Offset(line, col int) int {
	if d.lines == nil {
		d.lines = lineStarts(d.Text)
	}
	if line < 1 {
		return 0
	}
	if line > len(d.lines) {
		return len(d.Text)
	}
	off := d.lines[line-1]
	for n := 1; n < col && off < len(d.Text) && d.Text[off] != '\n'; n++ {
		_, size := utf8.DecodeRuneInString(d.Text[off:])
		off += size
	}
	return off
}

func lineStarts(text string) []int {
	// Counted first: grown by appending, a large text's index was
	// allocated five times over (32 MB for the 6 MB of 50 MB of text).
	starts := make([]int, 1, strings.Count(text, "\n")+1)
	for i := 0; ; {
		j := strings.IndexByte(text[i:], '\n')
		if j < 0 {
			return starts
		}
		i += j + 1
		starts = append(starts, i)
	}
}

// Position resolves a byte offset to a Position, adding page and table
// cell when the offset falls in a block that has them.
func (d *Document) Position(offset int) Position {
	p := Position{Path: d.Path}
	p.Line, p.Column = d.LineCol(offset)
	table := 0
	for _, b := range d.Blocks {
		if b.Kind == Table {
			table++
		}
		if !b.Span.Contains(offset) {
			continue
		}
		p.Page, p.SourceLine = b.Page, b.SourceLine
		if b.Kind != Table {
			break
		}
		p.Table = table
		for ri, r := range b.Rows {
			for _, c := range r.Cells {
				if !c.Merged && c.Span.Contains(offset) {
					p.Row, p.Col = ri+1, int(c.Col)+1
					return p
				}
			}
		}
		break
	}
	return p
}

// LowConfidence is the OCR confidence below which text counts as read
// with low confidence: findings on it say so.
const LowConfidence = 0.7

// MinConfidence returns the lowest OCR confidence of the text under sp;
// ok is false when no recognised text lies there (or the document is not
// from OCR).
func (d *Document) MinConfidence(sp Span) (v float64, ok bool) {
	cs := d.Confidence
	// Spans do not overlap and are sorted by Start: skip those that end
	// before sp starts.
	i := sort.Search(len(cs), func(i int) bool { return cs[i].Span.End > sp.Start })
	v = 1
	for ; i < len(cs) && cs[i].Span.Start < sp.End; i++ {
		v, ok = min(v, cs[i].Value), true
	}
	return v, ok
}

// MeanConfidence is the OCR confidence averaged over the recognised text,
// weighting each span by its length; zero when the text was not OCRed.
func (d *Document) MeanConfidence() float64 {
	var sum, n float64
	for _, c := range d.Confidence {
		w := float64(max(c.Span.End-c.Span.Start, 1))
		sum += c.Value * w
		n += w
	}
	if n == 0 {
		return 0
	}
	return sum / n
}

// Lines yields each line of text (without its "\n") and the offset it
// starts at; text ending in "\n" ends with an empty line, so every offset
// up to len(text) falls in one line.
func Lines(text string) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		for start := 0; start <= len(text); {
			end := strings.IndexByte(text[start:], '\n')
			if end < 0 {
				end = len(text)
			} else {
				end += start
			}
			if !yield(start, text[start:end]) {
				return
			}
			start = end + 1
		}
	}
}
