package xlsx

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/klauspost/compress/flate"
	"github.com/xuri/excelize/v2"
)

// sheetData holds the rows of a streamed sheet below its header, as the
// XML that excelize's StreamWriter.SetRow writes for them, byte for byte;
// WriteZip puts them in place when the sheet is written.
//
// Why not SetRow itself: it was over half the CPU of a workbook. It
// formats each cell's reference and runs each string through
// xml.EscapeText, a strings.ReplaceAll and a regular expression, with a
// dozen allocations a cell, and 数据 alone has 1.4 million rows of 13
// cells for 10,000 reports. Here a cell costs a few appends. The subset of
// SetRow's values used here is small (nil, string, int, int64, float64,
// excelize.Cell with one of those), and TestSheetData_SetRow holds each of
// them to what SetRow writes.
//
// The rows are compressed as they come, for the part they go in (see
// writeZip), and kept in memory up to excelize.StreamChunkSize compressed
// bytes, in a temporary file beyond that, so that memory stays flat
// however many rows a sheet gets. Compressed, they are a tenth of what
// the StreamWriter wrote to its own temporary file and read back, which
// by then was a fifth of the workbook's CPU.
type sheetData struct {
	part string // the sheet's part in the package, xl/worksheets/sheetN.xml
	b    []byte // rows not yet compressed
	// The rows compressed: their deflate blocks, and the CRC-32 and
	// length of what they hold. A goroutine of the sheet's own does that
	// (see compress); these are its, until finish has waited for it.
	z   *flate.Writer
	out spool
	crc uint32
	n   int64
	// The stages of rows on their way to the goroutine, and back empty;
	// nil until the sheet has rows enough to compress.
	work, free chan []byte
	done       chan struct{}
	zerr       error  // the goroutine's first error
	row        int    // last row begun
	num        []byte // its number, in decimal
	col        int    // last column written in it, 1-based
	// start is where the row begun starts in b.
	start int
	// last is, for the first columns, the text last written in each and
	// its XML from the cell's type on.
	last [16]struct {
		s   string
		set bool
		xml []byte
	}
}

// newSheetData starts the rows of the sheet sw streams. excelize names a
// sheet's part after its ID and says so nowhere; should that change,
// writeZip fails for want of the part rather than leave the rows out.
func newSheetData(sw *excelize.StreamWriter) *sheetData {
	return &sheetData{part: fmt.Sprintf("xl/worksheets/sheet%d.xml", sw.SheetID)}
}

// errValue is the error of a value sheetData does not write; SetRow would
// write it, so its encoding would first need a test.
var errValue = errors.New("xlsx: cell value of a type the sheet writer does not encode")

// setRow writes one row, its values from column A on; row must come after
// the last one written, as for SetRow.
func (d *sheetData) setRow(row int, values []any) error {
	if err := d.begin(row); err != nil {
		return err
	}
	for _, v := range values {
		style := 0
		if c, ok := v.(excelize.Cell); ok {
			if c.Formula != "" {
				return d.abort()
			}
			style, v = c.StyleID, c.Value
			if v == nil {
				d.col++
				d.cell(style)
				d.b = append(d.b, `></c>`...)
				continue
			}
		}
		switch v := v.(type) {
		case nil:
			d.Empty()
		case string:
			d.string(style, v)
		case int:
			d.int(style, int64(v))
		case int64:
			d.int(style, v)
		case float64:
			d.float(style, v)
		default:
			return d.abort()
		}
	}
	return d.end()
}

// begin starts a row, to be written a cell at a time (sheets.CellWriter)
// and ended with end.
func (d *sheetData) begin(row int) error {
	if row <= d.row {
		return fmt.Errorf("xlsx: row %d after row %d", row, d.row)
	}
	d.row, d.col, d.start = row, 0, len(d.b)
	d.num = strconv.AppendInt(d.num[:0], int64(row), 10)
	d.b = append(d.b, `<row r="`...)
	d.b = append(d.b, d.num...)
	d.b = append(d.b, `">`...)
	return nil
}

func (d *sheetData) end() error {
	d.b = append(d.b, `</row>`...)
	return d.sync()
}

// abort drops the row begun.
func (d *sheetData) abort() error {
	d.b = d.b[:d.start]
	return errValue
}

func (d *sheetData) Empty()          { d.col++ }
func (d *sheetData) String(s string) { d.string(0, s) }
func (d *sheetData) Int(n int)       { d.int(0, int64(n)) }
func (d *sheetData) Float(v float64) { d.float(0, v) }

// cell starts the next cell: its reference and style.
func (d *sheetData) cell(style int) {
	b := append(d.b, `<c r="`...)
	if d.col <= len(columnNames) {
		b = append(b, columnNames[d.col-1]...)
	} else {
		b = appendColumn(b, d.col)
	}
	b = append(b, d.num...)
	b = append(b, '"')
	if style > 0 {
		b = append(b, ` s="`...)
		b = strconv.AppendInt(b, int64(style), 10)
		b = append(b, '"')
	}
	d.b = b
}

func (d *sheetData) string(style int, s string) {
	d.col++
	d.cell(style)
	if d.col > len(d.last) {
		d.b = appendInlineStr(d.b, s)
		return
	}
	// A column often repeats the text of the row above: the file, the
	// agency, a row's label in each of its cells.
	last := &d.last[d.col-1]
	if last.s == s && last.set {
		d.b = append(d.b, last.xml...)
		return
	}
	start := len(d.b)
	d.b = appendInlineStr(d.b, s)
	last.s, last.set = s, true
	last.xml = append(last.xml[:0], d.b[start:]...)
}

func (d *sheetData) int(style int, n int64) {
	d.col++
	d.cell(style)
	d.b = append(d.b, `><v>`...)
	d.b = strconv.AppendInt(d.b, n, 10)
	d.b = append(d.b, `</v></c>`...)
}

func (d *sheetData) float(style int, v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		d.string(style, fmt.Sprint(v))
		return
	}
	d.col++
	d.cell(style)
	d.b = append(d.b, `><v>`...)
	d.b = appendFloat(d.b, v)
	d.b = append(d.b, `</v></c>`...)
}

// stageSize is how many bytes of rows wait before they are compressed.
const stageSize = 256 << 10

// spillAt is how many compressed bytes of rows stay in memory before they
// go to a temporary file; tests lower it.
var spillAt = excelize.StreamChunkSize

// sync compresses the rows staged once there are enough of them.
func (d *sheetData) sync() error {
	if len(d.b) < stageSize {
		return nil
	}
	return d.compress()
}

// compress hands the staged rows to the sheet's compressing goroutine
// and stages the next rows in a buffer it has given back. Compression was
// half the CPU of a 10,000-report workbook, and on the goroutine that
// encodes the rows it came after them; on its own it runs beside them.
// Each sheet's rows still go through one compressor, in order, so the
// same rows give the same bytes.
func (d *sheetData) compress() error {
	if len(d.b) == 0 {
		return nil
	}
	if d.work == nil {
		d.work, d.free, d.done = make(chan []byte, stages-1), make(chan []byte, stages), make(chan struct{})
		for range stages - 1 {
			d.free <- make([]byte, 0, stageSize+stageSize/4)
		}
		d.z = newDeflater(&d.out)
		go d.deflate()
	}
	d.work <- d.b
	d.b = <-d.free
	return nil
}

// stages is how many buffers of rows a sheet has: one being filled, the
// others queued for or in the compressor.
const stages = 3

// deflate compresses the stages of rows as they come, until finish.
func (d *sheetData) deflate() {
	defer close(d.done)
	for b := range d.work {
		if d.zerr == nil {
			d.crc = crc32.Update(d.crc, crc32.IEEETable, b)
			d.n += int64(len(b))
			_, d.zerr = d.z.Write(b)
			if d.zerr == nil {
				d.zerr = d.out.err
			}
		}
		d.free <- b[:0]
	}
}

// wait ends the compressing goroutine, once it has the stages handed to
// it, and returns its error.
func (d *sheetData) wait() error {
	if d.work == nil {
		return nil
	}
	close(d.work)
	<-d.done
	d.work = nil
	return d.zerr
}

// finish compresses what is staged and ends the rows' deflate blocks on a
// byte, without marking the last one final, so that the blocks of the
// sheet's tail can follow them.
func (d *sheetData) finish() error {
	if err := d.compress(); err != nil {
		return err
	}
	if err := d.wait(); err != nil {
		return err
	}
	if d.z == nil {
		return nil
	}
	err := d.z.Flush()
	putDeflater(d.z)
	d.z = nil
	if err == nil {
		err = d.out.err
	}
	return err
}

// close drops the rows and their temporary file.
func (d *sheetData) close() {
	_ = d.wait()
	d.b = nil
	if d.z != nil {
		putDeflater(d.z)
		d.z = nil
	}
	d.out.close()
}

// spool holds compressed bytes: in memory up to spillAt, then in a
// temporary file. In memory they are kept in chunks of a fixed size, not
// one slice grown by append, which copied them over and over and left
// the copies behind as garbage: half the peak memory of a workbook.
type spool struct {
	chunks [][]byte
	inMem  int
	tmp    *os.File
	tw     *bufio.Writer // on tmp, once the bytes spilled
	size   int64
	err    error // the first error writing to tmp
}

// spoolChunk is the size of the chunks of a spool in memory.
const spoolChunk = 1 << 20

func (s *spool) Write(p []byte) (int, error) {
	n := len(p)
	s.size += int64(n)
	if s.err != nil {
		return n, s.err
	}
	if s.tw != nil {
		_, s.err = s.tw.Write(p)
		return n, s.err
	}
	s.inMem += n
	for len(p) > 0 {
		last := len(s.chunks) - 1
		if last < 0 || len(s.chunks[last]) == cap(s.chunks[last]) {
			s.chunks = append(s.chunks, make([]byte, 0, min(spoolChunk, max(spillAt, 1))))
			last++
		}
		c := s.chunks[last]
		k := min(len(p), cap(c)-len(c))
		s.chunks[last] = append(c, p[:k]...)
		p = p[k:]
	}
	if s.inMem >= spillAt {
		s.spill()
	}
	return n, s.err
}

// spill moves the bytes in memory to the temporary file, where the rest
// will go.
func (s *spool) spill() {
	if s.tmp, s.err = os.CreateTemp("", "nianbao-xlsx-"); s.err != nil {
		return
	}
	s.tw = bufio.NewWriterSize(s.tmp, 256<<10)
	for _, c := range s.chunks {
		if _, s.err = s.tw.Write(c); s.err != nil {
			return
		}
	}
	s.chunks, s.inMem = nil, 0
}

func (s *spool) writeTo(w io.Writer) error {
	if s.err != nil {
		return s.err
	}
	if s.tw != nil {
		if err := s.tw.Flush(); err != nil {
			return err
		}
		if _, err := s.tmp.Seek(0, io.SeekStart); err != nil {
			return err
		}
		_, err := io.Copy(w, s.tmp)
		return err
	}
	for _, c := range s.chunks {
		if _, err := w.Write(c); err != nil {
			return err
		}
	}
	return nil
}

func (s *spool) close() {
	s.chunks = nil
	if s.tmp != nil {
		_ = s.tmp.Close()
		_ = os.Remove(s.tmp.Name())
		s.tmp, s.tw = nil, nil
	}
}

// columnNames are the letters of the columns the sheets use, A to AZ.
var columnNames = func() []string {
	names := make([]string, 52)
	for i := range names {
		names[i] = string(appendColumn(nil, i+1))
	}
	return names
}()

// appendColumn appends the letters of a 1-based column number.
func appendColumn(b []byte, col int) []byte {
	var s [3]byte
	i := len(s)
	for col > 0 {
		col--
		i--
		s[i] = byte('A' + col%26)
		col /= 26
	}
	return append(b, s[i:]...)
}

// appendFloat appends a number as SetRow writes a float64: the shortest
// decimal form, cut to the 15 significant digits Excel keeps, the digits
// cut off before the point written as zeros.
func appendFloat(b []byte, v float64) []byte {
	start := len(b)
	b = strconv.AppendFloat(b, v, 'f', -1, 64)
	if math.Abs(v) == math.MaxFloat64 {
		return b
	}
	s := b[start:]
	point := bytes.IndexByte(s, '.')
	significant := 0
	for i, c := range s {
		if c < '0' || c > '9' || significant == 0 && c == '0' {
			continue
		}
		if significant++; significant <= 15 {
			continue
		}
		if point >= 0 && i > point {
			return bytes.TrimSuffix(b[:start+i], []byte("."))
		}
		if point < 0 {
			point = len(s)
		}
		for j := i; j < point; j++ {
			s[j] = '0'
		}
		return b[:start+point]
	}
	return b
}

// maxCellUnits is how many UTF-16 units a cell holds (excelize.TotalCellChars).
const maxCellUnits = excelize.TotalCellChars

// appendInlineStr appends the rest of a string cell, from its type on:
// the text cut to what a cell holds, a space kept at either end, escaped
// for XML except for line feeds, and with literal _xHHHH_ sequences
// escaped as Office does (see appendBstr).
func appendInlineStr(b []byte, s string) []byte {
	if len(s) > maxCellUnits { // a UTF-16 unit takes at least a byte
		s = truncateUnits(s, maxCellUnits)
	}
	b = append(b, ` t="inlineStr"><is><t`...)
	if s != "" && (isSpace(s[0]) || isSpace(s[len(s)-1])) {
		b = append(b, ` xml:space="preserve"`...)
	}
	b = append(b, '>')
	start := len(b)
	b = appendEscaped(b, s)
	if strings.Contains(s, "_x") { // escaping neither makes nor breaks one
		escaped := string(b[start:])
		b = appendBstr(b[:start], escaped)
	}
	return append(b, `</t></is></c>`...)
}

func isSpace(c byte) bool { return c == '\t' || c == '\n' || c == '\r' || c == ' ' }

func truncateUnits(s string, units int) string {
	n := 0
	for i, r := range s {
		if n += utf16.RuneLen(r); n > units {
			return s[:i]
		}
	}
	return s
}

// appendEscaped appends s escaped as xml.EscapeText escapes it, but for
// line feeds, which excelize puts back as they were.
func appendEscaped(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		var esc string
		width := 1
		if c < utf8.RuneSelf {
			switch {
			case c == '"':
				esc = "&#34;"
			case c == '\'':
				esc = "&#39;"
			case c == '&':
				esc = "&amp;"
			case c == '<':
				esc = "&lt;"
			case c == '>':
				esc = "&gt;"
			case c == '\t':
				esc = "&#x9;"
			case c == '\r':
				esc = "&#xD;"
			case c < ' ' && c != '\n':
				esc = "\uFFFD"
			default:
				i++
				continue
			}
		} else {
			var r rune
			r, width = utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && width == 1 || !inCharacterRange(r) {
				esc = "\uFFFD"
			} else {
				i += width
				continue
			}
		}
		b = append(b, s[last:i]...)
		b = append(b, esc...)
		i += width
		last = i
	}
	return append(b, s[last:]...)
}

// inCharacterRange is XML's Char production for runes past ASCII.
func inCharacterRange(r rune) bool {
	return r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// appendBstr appends s with each _xHHHH_ in it escaped, as excelize does
// so that a reader does not take it for an escaped character: the
// underscore becomes _x005F_. Matches are found left to right without
// overlapping; one that names a surrogate is dropped, and _x005F_ itself
// is escaped in its own way, all as excelize writes them.
func appendBstr(b []byte, s string) []byte {
	last := 0
	for i := 0; i+7 <= len(s); {
		if !isBstr(s[i:]) {
			i++
			continue
		}
		b = append(b, s[last:i]...)
		m := s[i : i+7]
		end := i + 7
		switch {
		case m == "_x005F_":
			if end+6 <= len(s) && s[end] == 'x' && isHex4(s[end+1:end+5]) && s[end+5] == '_' && !isSurrogate(s[end+1:end+5]) {
				b = append(b, "_x005F_x005F_x005F_"...)
			} else {
				b = append(b, "_x005F_x005F_"...)
			}
		case !isSurrogate(m[2:6]):
			b = append(b, "_x005F"...)
			b = append(b, m...)
		}
		i, last = end, end
	}
	return append(b, s[last:]...)
}

// isBstr says whether s starts with _xHHHH_.
func isBstr(s string) bool {
	return len(s) >= 7 && s[0] == '_' && s[1] == 'x' && isHex4(s[2:6]) && s[6] == '_'
}

func isHex4(s string) bool {
	for i := range 4 {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// isSurrogate says whether four hex digits name a UTF-16 surrogate, which
// is no character.
func isSurrogate(hex string) bool {
	v, _ := strconv.ParseUint(hex, 16, 16)
	return v >= 0xD800 && v <= 0xDFFF
}
