package txt

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/lazyre"
	"github.com/nianbao/nianbao/internal/numtok"
)

// Read decodes src and returns its document. path only names the
// document in positions and errors. The document keeps none of src.
func Read(path string, src []byte, lim extract.Limits) (*extract.Document, error) {
	return read(path, src, lim, false)
}

// ReadOwned is Read for a caller that hands src over: when src is UTF-8
// text with LF line ends, as it is read, the document's text is src
// itself rather than a copy (the size of the file less to hold), so src
// must not change after.
func ReadOwned(path string, src []byte, lim extract.Limits) (*extract.Document, error) {
	return read(path, src, lim, true)
}

func read(path string, src []byte, lim extract.Limits, own bool) (*extract.Document, error) {
	lim = lim.OrDefault()
	if int64(len(src)) > lim.MaxBytes {
		return nil, &extract.Error{Path: path, Err: fmt.Errorf("%w: %d bytes > %d (see --max-bytes)", extract.ErrTooLarge, len(src), lim.MaxBytes)}
	}
	text, enc, err := decode(src, own)
	if err != nil {
		return nil, &extract.Error{Path: path, Err: err}
	}
	doc := Parse(path, text)
	doc.Encoding = enc
	if lim.NoOrigin {
		// The caller drops it: mapping every character back to src was
		// a third of a read.
		return doc, nil
	}
	if ps, ok := extract.DecodedPieces(src, enc, text, true); ok {
		doc.Origin = &extract.Origin{Pieces: ps}
	}
	return doc, nil
}

// Decode turns raw bytes into UTF-8 text with LF line ends. The encoding
// comes from the content: a BOM wins; otherwise valid UTF-8 is UTF-8;
// otherwise GB18030 (a superset of GBK and GB2312) is tried. Bytes that are
// none of these, or binary data, are an error wrapping extract.ErrEncoding.
func Decode(src []byte) (text, encoding string, err error) {
	return decode(src, false)
}

// decode is Decode; with own set, text may be src itself.
func decode(src []byte, own bool) (text, encoding string, err error) {
	var dec transform.Transformer
	valid := false // src was found to be UTF-8 as it is
	switch {
	case bytes.HasPrefix(src, []byte{0xEF, 0xBB, 0xBF}):
		src, encoding = src[3:], "utf-8"
	case bytes.HasPrefix(src, []byte{0xFF, 0xFE}):
		dec, encoding = xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM).NewDecoder(), "utf-16le"
	case bytes.HasPrefix(src, []byte{0xFE, 0xFF}):
		dec, encoding = xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM).NewDecoder(), "utf-16be"
	case utf8.Valid(src):
		encoding, valid = "utf-8", true
	default:
		dec, encoding = simplifiedchinese.GB18030.NewDecoder(), "gb18030"
	}
	if dec != nil {
		out, _, terr := transform.Bytes(dec, src)
		if terr != nil {
			return "", "", fmt.Errorf("%w: %s: %v", extract.ErrEncoding, encoding, terr)
		}
		src = out
	}
	if !valid && !utf8.Valid(src) {
		return "", "", fmt.Errorf("%w: invalid UTF-8 after decoding %s", extract.ErrEncoding, encoding)
	}
	var s string
	if own && len(src) > 0 {
		// Never written to again (the caller handed src over, and a
		// decoder's output is ours), so no copy: the string of src shares
		// its bytes, as strings.Builder's does. The line ends below copy
		// it only when there is a CR.
		s = unsafe.String(&src[0], len(src))
	} else {
		s = string(src)
	}
	if bad := badRatio(s); bad > 0.02 {
		return "", "", fmt.Errorf("%w: %.0f%% of the characters are control or replacement characters when read as %s (binary file?)", extract.ErrEncoding, bad*100, encoding)
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return s, encoding, nil
}

// badRatio is the share of runes that no report contains: NUL and other
// C0 controls, and U+FFFD, which GB18030 decoding yields for garbage. s
// is valid UTF-8, so that its controls are single bytes and U+FFFD only
// ever its three: counted by bytes, without decoding every rune.
func badRatio(s string) float64 {
	n, bad := 0, strings.Count(s, "\uFFFD")
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c&0xC0 != 0x80 { // not a continuation byte: a rune starts
			n++
		}
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			bad++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(bad) / float64(n)
}

// line is one line of the text, without its newline.
type line struct {
	start int // byte offset of the line in the text
	text  string
}

// Parse finds the blocks of already decoded text.
func Parse(path, text string) *extract.Document {
	doc := &extract.Document{Path: path, Format: "text", Encoding: "utf-8", Text: text}
	// Sized at once: appending a line at a time to a large text's slice
	// copied it over and over (two fifths of what reading 10 MB of text
	// allocated).
	starts := make([]int, 0, strings.Count(text, "\n")+1)
	for start := range extract.Lines(text) {
		starts = append(starts, start)
	}
	p := parser{doc: doc, starts: starts}
	p.run()
	return doc
}

type parser struct {
	doc *extract.Document
	// starts are where the lines of the text start: a line is made when
	// it is read, where a slice of them, each with its string, took more
	// than a third of the text again.
	starts []int
}

// n is the number of lines.
func (p *parser) n() int { return len(p.starts) }

// line returns line i.
func (p *parser) line(i int) line {
	start, end := p.starts[i], len(p.doc.Text)
	if i+1 < len(p.starts) {
		end = p.starts[i+1] - 1 // before its newline
	}
	return line{start, p.doc.Text[start:end]}
}

func (p *parser) run() {
	for i := 0; i < p.n(); {
		l := p.line(i)
		if strings.TrimSpace(l.text) == "" {
			i++
			continue
		}
		if n := p.pipeRun(i); n > 0 {
			p.pipeTable(i, i+n)
			i += n
			continue
		}
		if n := p.cellLineRun(i); n > 0 {
			for k := i; k < i+n; k++ {
				p.addCellLine(p.line(k))
			}
			i += n
			continue
		}
		if cells := splitRow(l); cells != nil {
			j := i + 1
			rows := [][]cellSpan{cells}
			for j < p.n() {
				c := splitRow(p.line(j))
				if c == nil {
					break
				}
				rows = append(rows, c)
				j++
			}
			p.addTable(rows)
			i = j
			continue
		}
		p.addText(l)
		i++
	}
}

type cellSpan struct{ start, end int }

// splitRow returns the cells of a line that is a table row, or nil.
func splitRow(l line) []cellSpan {
	t := l.text
	switch {
	case strings.Contains(t, "\t"):
		return splitOn(l, '\t')
	case strings.Count(t, "|") >= 1 && pipeRow(t):
		cells := splitOn(l, '|')
		// A trailing "|" closes the last cell rather than opening one, and
		// a leading one (Markdown's | a | b |) opens the first.
		if len(cells) > 1 && strings.TrimSpace(l.text[cells[len(cells)-1].start-l.start:]) == "" {
			cells = cells[:len(cells)-1]
		}
		if len(cells) > 1 && strings.HasPrefix(strings.TrimSpace(t), "|") && cells[0].start == cells[0].end {
			cells = cells[1:]
		}
		return cells
	}
	if cells := spaceRow(l); cells != nil {
		return cells
	}
	return nil
}

// pipeRow tells a "a | b | c |" row from prose that happens to hold a bar.
func pipeRow(t string) bool {
	t = strings.TrimSpace(t)
	return strings.HasSuffix(t, "|") || strings.Count(t, "|") >= 2
}

// splitOn splits l at each sep, a single byte, into trimmed cells, in
// one slice of the size they need.
func splitOn(l line, sep byte) []cellSpan {
	t := l.text
	cells := make([]cellSpan, 0, strings.Count(t, string(sep))+1)
	prev := 0
	for {
		j := strings.IndexByte(t[prev:], sep)
		if j < 0 {
			return append(cells, trimSpan(l, prev, len(t)))
		}
		cells = append(cells, trimSpan(l, prev, prev+j))
		prev += j + 1
	}
}

// trimSpan is the cell between byte offsets a and b of l without the
// surrounding white space (ASCII, no-break and ideographic).
func trimSpan(l line, a, b int) cellSpan {
	if a > b {
		a = b
	}
	s := l.text[a:b]
	lead := len(s) - len(strings.TrimLeftFunc(s, unicode.IsSpace))
	trail := len(s) - len(strings.TrimRightFunc(s, unicode.IsSpace))
	if lead+trail >= len(s) {
		return cellSpan{l.start + a + lead, l.start + a + lead}
	}
	return cellSpan{l.start + a + lead, l.start + b - trail}
}

// spaceRow splits rows written with spaces: either cells separated by
// runs of two or more spaces (with at least one number among them), or a
// label followed by three or more numbers separated by single spaces.
func spaceRow(l line) []cellSpan {
	t := l.text
	fields := extract.FieldSpans(t)
	if len(fields) < 2 {
		return nil
	}
	trailing := 0
	for k := len(fields) - 1; k >= 0 && numtok.IsValue(t[fields[k][0]:fields[k][1]]); k-- {
		trailing++
	}
	if trailing >= 3 || (trailing == len(fields) && trailing >= 2) {
		var cells []cellSpan
		if trailing < len(fields) {
			label := fields[len(fields)-trailing-1]
			cells = append(cells, trimSpan(l, fields[0][0], label[1]))
		}
		for _, f := range fields[len(fields)-trailing:] {
			cells = append(cells, cellSpan{l.start + f[0], l.start + f[1]})
		}
		return cells
	}
	// Cells separated by wide gaps, as text exported from a laid-out page.
	groups := extract.GapFields(t)
	if len(groups) < 3 {
		return nil
	}
	numbers := 0
	for _, g := range groups {
		if numtok.IsValue(t[g[0]:g[1]]) {
			numbers++
		}
	}
	if numbers == 0 {
		return nil
	}
	cells := make([]cellSpan, len(groups))
	for k, g := range groups {
		cells[k] = cellSpan{l.start + g[0], l.start + g[1]}
	}
	return cells
}

// pipeRun detects tables flattened one cell per line, each cell closed
// by "|" and each row opened by a line holding only "|" (a common result of
// copying HTML tables). It returns how many lines from i belong to it.
func (p *parser) pipeRun(i int) int {
	if strings.TrimSpace(p.line(i).text) != "|" {
		return 0
	}
	j, bare := i, 0
	for j < p.n() {
		t := strings.TrimSpace(p.line(j).text)
		if t == "" || !strings.HasSuffix(t, "|") {
			break
		}
		if t == "|" {
			bare++
		}
		j++
	}
	if j-i < 3 || bare < 1 {
		return 0
	}
	// A cell whose text was cut off in the source ends the run without its
	// "|"; keep it as the last cell if it is a short fragment.
	if j < p.n() && j-i > 3 && p.restBlank(j+1) {
		if t := strings.TrimSpace(p.line(j).text); t != "" && utf8.RuneCountInString(t) <= 40 && !strings.ContainsAny(t, "。；") {
			j++
		}
	}
	return j - i
}

// cellLineRun detects a table flattened one cell per line where each
// line closes its cell with "|" (and a row's last cell with the bars of the
// cells it spans: 0 | ||) but no line opens a row, as a web page store
// writes them (天津佳荣里街 2021: 规章 |, 0 |, 0 |, 0 |, 行政规范性文件 |, …).
// Read as rows, each line would be a row of one cell and the numbers rows
// without labels. It returns how many lines from i belong to it: six or
// more, each with exactly one cell that is not blank, a quarter or more
// of them numbers (a row-per-line table never has a line that is a
// number alone).
func (p *parser) cellLineRun(i int) int {
	j, numbers := i, 0
	for ; j < p.n(); j++ {
		t := strings.TrimSpace(p.line(j).text)
		if !strings.HasSuffix(t, "|") {
			break
		}
		cell, ok := soleCell(t)
		if !ok {
			break
		}
		if numtok.IsValue(cell) {
			numbers++
		}
	}
	if n := j - i; n >= 6 && numbers*4 >= n {
		return n
	}
	return 0
}

// soleCell returns the one cell of a "|"-closed line that is not blank,
// and whether there is exactly one.
func soleCell(t string) (string, bool) {
	cell := ""
	for _, c := range strings.Split(t, "|") {
		if c = strings.TrimSpace(c); c == "" {
			continue
		}
		if cell != "" {
			return "", false
		}
		cell = c
	}
	return cell, cell != ""
}

// addCellLine adds the one cell of a line of a cellLineRun as a
// paragraph of its own, without the bars, as a cell per line is read.
func (p *parser) addCellLine(l line) {
	cell, _ := soleCell(l.text)
	at := strings.Index(l.text, cell) // the only segment that is not blank
	p.addText(line{l.start + at, cell})
}

// restBlank reports whether lines from i to the end hold no text, which is
// how a report cut off in the middle of a table ends.
func (p *parser) restBlank(i int) bool {
	for ; i < p.n(); i++ {
		if strings.TrimSpace(p.line(i).text) != "" {
			return false
		}
	}
	return true
}

func (p *parser) pipeTable(from, to int) {
	var rows [][]cellSpan
	var cur []cellSpan
	flush := func() {
		if cur != nil {
			rows = append(rows, cur)
		}
		cur = nil
	}
	for k := from; k < to; k++ {
		l := p.line(k)
		t := strings.TrimSpace(l.text)
		if t == "|" && cur != nil && strings.TrimLeft(l.text, " \t\u3000") != l.text {
			// " |": a cell with nothing before its closing bar, as a
			// blank cell is copied; the row opener has no space.
			off := l.start + strings.Index(l.text, "|")
			cur = append(cur, cellSpan{off, off})
			continue
		}
		if t == "|" {
			// Several bare bars in a row: all but the last are empty cells
			// of the current row; the last opens the next row.
			if k+1 < to && strings.TrimRight(p.line(k+1).text, " \t\r") == "|" && cur != nil {
				off := l.start + strings.Index(l.text, "|")
				cur = append(cur, cellSpan{off, off})
				continue
			}
			flush()
			cur = []cellSpan{}
			continue
		}
		cells := splitOn(l, '|')
		if len(cells) > 1 && strings.TrimSpace(l.text[cells[len(cells)-1].start-l.start:]) == "" {
			cells = cells[:len(cells)-1]
		}
		cur = append(cur, cells...)
	}
	flush()
	p.addTable(rows)
}

func (p *parser) addTable(rows [][]cellSpan) {
	if len(rows) == 0 {
		return
	}
	text := p.doc.Text
	// The rows and cells of a table each take one array of the size they
	// need, as extract/worker decodes them: a row's cells appended one by
	// one held up to twice their room, and most of a large text's memory
	// is its cells.
	nrows, ncells := 0, 0
	for i, r := range rows {
		if len(r) == 0 || p.alignRow(r) {
			rows[i] = nil
			continue
		}
		nrows++
		ncells += len(r)
	}
	if nrows == 0 {
		return
	}
	b := extract.Block{Kind: extract.Table, Rows: make([]extract.Row, 0, nrows)}
	cells := make([]extract.Cell, ncells)
	first := true
	for _, r := range rows {
		if r == nil {
			continue
		}
		row := extract.Row{Span: extract.Span{Start: r[0].start, End: r[len(r)-1].end}}
		row.Cells, cells = cells[:len(r):len(r)], cells[len(r):]
		for c, cs := range r {
			row.Cells[c] = extract.Cell{
				Span: extract.Span{Start: cs.start, End: cs.end},
				Text: text[cs.start:cs.end], Col: int32(c), ColSpan: 1, RowSpan: 1,
			}
		}
		if first {
			b.Span.Start = row.Span.Start
			first = false
		}
		b.Span.End = max(b.Span.End, row.Span.End)
		b.Rows = append(b.Rows, row)
	}
	if len(b.Rows) > 0 {
		p.doc.Blocks = append(p.doc.Blocks, b)
	}
}

// alignRE is a Markdown table's alignment cell (---, :--:).
var alignRE = lazyre.New(`^:?-{3,}:?$`)

// alignRow reports whether r is the |---|---| line that Markdown puts
// under a table header: syntax, not a row of cells (its dashes would read
// as "none" values).
func (p *parser) alignRow(r []cellSpan) bool {
	n := 0
	for _, c := range r {
		t := p.doc.Text[c.start:c.end]
		switch {
		case t == "":
		case (t[0] == ':' || t[0] == '-') && alignRE.MatchString(t):
			n++
		default:
			return false
		}
	}
	return n > 0
}

func (p *parser) addText(l line) {
	cs := trimSpan(l, 0, len(l.text))
	t := p.doc.Text[cs.start:cs.end]
	kind := extract.Paragraph
	if numtok.SectionHeading(t) {
		kind = extract.Heading
	}
	p.doc.Blocks = append(p.doc.Blocks, extract.Block{Kind: kind, Span: extract.Span{Start: cs.start, End: cs.end}})
}
