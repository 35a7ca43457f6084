package worker

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"unsafe"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/varbuf"
)

// The answers cross the pipe in a compact form written by hand rather
// than as gob. Gob builds every value by reflection and allocates each
// string and slice apart: an HTML report cost 0.5 ms to encode in the
// child and 0.3 ms to decode in the parent, and the decoded document
// took 53 KiB of the parent's heap, mostly cells each with its own copy
// of a text that the document's Text already holds. Here a cell's text
// is a slice of Text whenever it equals the text under its span (nearly
// always), and the rows and cells of a document share one array each.
//
// A frame is a 4-byte little-endian length and the payload, which opens
// with the reader's peak RSS in 8 bytes (set once the frame is built) and
// the length of the document's text in 8 more; integers are varints,
// strings a length and the bytes. TestWire_Fields fails when a field is
// added to the document without being added here.
//
// The text is not in the frame: it follows it on the pipe, written from
// the document's own string and read into the parent's own buffer, which
// becomes the document's Text. Copied into the frame, it was held twice
// by the reader and twice by the parent (frame and Text) when the
// document is largest: 10 MB of text cost 20 MB more at each end.

// maxFrame bounds the answer the parent accepts, so that a child gone
// wrong cannot make it allocate without limit: no document of an input
// within --max-bytes comes near it.
const maxFrame = 1 << 30

type wbuf struct {
	b []byte
	// noText leaves the document's text out, for a response frame.
	noText bool
	// out, when set, takes b each time it passes spillAt (see spill).
	out     io.Writer
	written int64 // bytes given to out
	err     error // out's first error
}

// spillAt is how much of a streamed frame is held before it is written.
const spillAt = 64 << 10

// spill writes b to out once it holds spillAt bytes. It is called
// between the items of a document (block, row, cell, piece), so that a
// streamed frame of any size takes one small buffer.
func (w *wbuf) spill() {
	if w.out != nil && len(w.b) >= spillAt {
		w.flush()
	}
}

func (w *wbuf) flush() {
	if w.err == nil {
		_, w.err = w.out.Write(w.b)
	}
	w.written += int64(len(w.b))
	w.b = w.b[:0]
}

func (w *wbuf) uint(v uint64) { w.b = binary.AppendUvarint(w.b, v) }
func (w *wbuf) int(v int)     { w.b = binary.AppendVarint(w.b, int64(v)) }
func (w *wbuf) str(s string)  { w.uint(uint64(len(s))); w.b = append(w.b, s...) }
func (w *wbuf) span(s extract.Span) {
	w.int(s.Start)
	w.int(s.End - s.Start)
}

func (w *wbuf) bool(v bool) {
	if v {
		w.b = append(w.b, 1)
	} else {
		w.b = append(w.b, 0)
	}
}

// appendRequest appends req as a frame to b. Requests, too, are written
// by hand: gob was the only user of encoding/gob in nianbao, whose
// package init and first encoding and decoding (its type descriptions
// built by reflection) every parent and every reader paid, 0.1–0.3 ms of
// checking one small PDF. TestWire_Fields lists the fields written.
func appendRequest(b []byte, req *request) []byte {
	w := wbuf{b: append(b, 0, 0, 0, 0)}
	w.str(req.File)
	w.str(req.Name)
	w.uint(uint64(len(req.Src)))
	w.b = append(w.b, req.Src...)
	l := &req.Limits
	for _, v := range []int64{l.MaxBytes, int64(l.MaxPages), int64(l.MaxDepth), l.MaxUnzipped, int64(l.MaxEntries), l.MaxMemory} {
		w.b = binary.AppendVarint(w.b, v)
	}
	w.bool(l.NoOrigin)
	w.bool(req.NoOrigin)
	w.bool(req.Peak)
	binary.LittleEndian.PutUint32(w.b[len(b):], uint32(len(w.b)-len(b)-4))
	return w.b
}

// readRequest reads a frame written by appendRequest into req, with buf
// as the frame's buffer (grown as needed; returned for the next).
func readRequest(in io.Reader, buf []byte, req *request) ([]byte, error) {
	buf, err := readFrame(in, buf)
	if err != nil {
		return buf, err
	}
	r := &varbuf.Reader{B: buf, Bad: errCorruptRequest}
	*req = request{File: r.String(), Name: r.String()}
	if src := r.Bytes(); len(src) > 0 {
		// The report itself: kept where it was read, and the buffer left
		// to it rather than reused.
		req.Src, buf = src, nil
	}
	l := &req.Limits
	var n [6]int64
	for i := range n {
		v, k := binary.Varint(r.B)
		if k <= 0 {
			r.Fail()
			break
		}
		n[i], r.B = v, r.B[k:]
	}
	l.MaxBytes, l.MaxPages, l.MaxDepth, l.MaxUnzipped, l.MaxEntries, l.MaxMemory = n[0], int(n[1]), int(n[2]), n[3], int(n[4]), n[5]
	l.NoOrigin = r.Bool()
	req.NoOrigin = r.Bool()
	req.Peak = r.Bool()
	if r.Err == nil && len(r.B) > 0 {
		r.Fail()
	}
	return buf, r.Err
}

var errCorruptRequest = errors.New("malformed request from the parent process")

// appendResponse appends res as a frame to b, without the document's
// text, which writeResponse sends after it.
func appendResponse(b []byte, res *response) []byte {
	w := wbuf{b: append(b, 0, 0, 0, 0), noText: true}
	w.payload(res)
	binary.LittleEndian.PutUint32(w.b[len(b):], uint32(len(w.b)-len(b)-4))
	return w.b
}

// streamResponse writes to out what appendResponse and writeResponse
// write, byte for byte, without building the frame: a large document's
// frame, grown by appending, was held whole and in copies (a third of
// what sending 50 MB of text added to the reader's peak). The payload is
// encoded twice, first only to count its bytes for the frame's length.
// buf is a buffer to use, returned.
func streamResponse(out io.Writer, buf []byte, res *response) ([]byte, error) {
	count := wbuf{b: buf[:0], noText: true, out: io.Discard}
	count.payload(res)
	count.flush()
	w := wbuf{b: binary.LittleEndian.AppendUint32(count.b, uint32(count.written)), noText: true, out: out}
	w.payload(res)
	w.flush()
	if w.err != nil {
		return w.b, w.err
	}
	return w.b, writeResponse(out, nil, res)
}

// payload writes res after the frame's length.
func (w *wbuf) payload(res *response) {
	w.b = binary.LittleEndian.AppendUint64(w.b, uint64(res.PeakRSS))
	var text int
	if res.Doc != nil {
		text = len(res.Doc.Text)
	}
	w.b = binary.LittleEndian.AppendUint64(w.b, uint64(text))
	w.str(res.Err)
	w.str(res.Path)
	w.uint(uint64(len(res.Causes)))
	for _, c := range res.Causes {
		w.str(c)
	}
	w.bool(res.Doc != nil)
	if res.Doc != nil {
		w.doc(res.Doc)
	}
}

// writeResponse writes the frame that appendResponse made of res, then
// the document's text.
func writeResponse(out io.Writer, frame []byte, res *response) error {
	if len(frame) > 0 {
		if _, err := out.Write(frame); err != nil {
			return err
		}
	}
	if res.Doc == nil {
		return nil
	}
	_, err := io.WriteString(out, res.Doc.Text) // *os.File writes a string without copying it
	return err
}

// readResponse reads what writeResponse wrote into res, the frame into
// buf (grown as needed, and returned) and the text into a buffer of its
// own that the document keeps.
func readResponse(r io.Reader, buf []byte, res *response) ([]byte, error) {
	buf, err := readFrame(r, buf)
	if err != nil {
		return buf, err
	}
	if len(buf) < 16 {
		return buf, errCorrupt
	}
	n := binary.LittleEndian.Uint64(buf[8:])
	if n > maxFrame {
		return buf, fmt.Errorf("text of %d bytes, more than %d", n, maxFrame)
	}
	var text string
	if n > 0 {
		b := make([]byte, n)
		if _, err := io.ReadFull(r, b); err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return buf, err
		}
		// b is written only here: the string may share it rather than
		// copy it, as strings.Builder does.
		text = unsafe.String(unsafe.SliceData(b), len(b))
	}
	return buf, decodeResponse(buf, text, res)
}

// setPeak writes peak as the PeakRSS of the frame that appendResponse
// made: the peak is read once the frame is built, as building it is part
// of the cost of the file.
func setPeak(frame []byte, peak int64) {
	binary.LittleEndian.PutUint64(frame[4:], uint64(peak))
}

func (w *wbuf) doc(d *extract.Document) {
	w.str(d.Path)
	w.str(d.Format)
	w.str(d.Encoding)
	if !w.noText {
		w.str(d.Text)
	}
	w.bool(d.OCR)
	w.int(d.Pages)
	w.int(d.OCRPages)
	w.int(int(d.Bytes))
	w.str(d.SHA256)
	rows, cells := 0, 0
	for _, b := range d.Blocks {
		rows += len(b.Rows)
		for _, r := range b.Rows {
			cells += len(r.Cells)
		}
	}
	w.uint(uint64(len(d.Blocks)))
	w.uint(uint64(rows))
	w.uint(uint64(cells))
	for _, b := range d.Blocks {
		w.uint(uint64(b.Kind))
		w.span(b.Span)
		w.int(b.Page)
		w.int(b.SourceLine)
		w.uint(uint64(len(b.Rows)))
		w.spill()
		for _, r := range b.Rows {
			w.span(r.Span)
			w.uint(uint64(len(r.Cells)))
			for _, c := range r.Cells {
				w.span(c.Span)
				// A flag byte: bit 0 merged, bit 1 the text is the
				// document's under the span and is not written.
				var flags byte
				if c.Merged {
					flags |= 1
				}
				shared := c.Text != "" && inText(d.Text, c.Span) && d.Text[c.Span.Start:c.Span.End] == c.Text
				if shared {
					flags |= 2
				}
				w.b = append(w.b, flags)
				if !shared {
					w.str(c.Text)
				}
				w.int(int(c.Col))
				w.int(int(c.ColSpan))
				w.int(int(c.RowSpan))
				w.spill()
			}
		}
	}
	w.uint(uint64(len(d.Confidence)))
	for _, c := range d.Confidence {
		w.span(c.Span)
		w.b = binary.LittleEndian.AppendUint64(w.b, math.Float64bits(c.Value))
		w.spill()
	}
	w.bool(d.Origin != nil)
	if o := d.Origin; o != nil {
		w.str(o.Part)
		w.uint(uint64(len(o.Pieces)))
		for _, p := range o.Pieces {
			w.span(p.Text)
			w.span(p.Src)
			w.int(p.Node)
			w.spill()
		}
	}
}

func inText(text string, s extract.Span) bool {
	return s.Start >= 0 && s.Start <= s.End && s.End <= len(text)
}

// readFrame reads one frame's payload from r into buf (grown as needed).
func readFrame(r io.Reader, buf []byte) ([]byte, error) {
	var head [4]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return buf, err
	}
	n := binary.LittleEndian.Uint32(head[:])
	if n > maxFrame {
		return buf, fmt.Errorf("answer of %d bytes, more than %d", n, maxFrame)
	}
	if cap(buf) < int(n) {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	_, err := io.ReadFull(r, buf)
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return buf, err
}

var errCorrupt = errors.New("malformed answer from the reader process")

// rbuf reads a payload (see varbuf.Reader: a malformed frame is an
// error, never a panic or a huge allocation).
type rbuf struct {
	varbuf.Reader
	// text, when set, is the document's text, which the payload
	// does not hold (a response frame).
	text *string
}

// int32 reads an int that must fit in an int32 (a cell's grid column
// and spans).
func (r *rbuf) int32() int32 {
	v := r.Int()
	if v != int(int32(v)) {
		r.Fail()
		return 0
	}
	return int32(v)
}

func (r *rbuf) span() extract.Span {
	start := r.Int()
	return extract.Span{Start: start, End: start + r.Int()}
}

// decodeResponse decodes a payload written by appendResponse, with
// text, the document's text that followed it.
func decodeResponse(payload []byte, text string, res *response) error {
	if len(payload) < 16 || binary.LittleEndian.Uint64(payload[8:]) != uint64(len(text)) {
		return errCorrupt
	}
	res.PeakRSS = int64(binary.LittleEndian.Uint64(payload))
	r := &rbuf{Reader: varbuf.Reader{B: payload[16:], Bad: errCorrupt}, text: &text}
	res.Err = r.String()
	res.Path = r.String()
	if n := r.Count(); n > 0 {
		res.Causes = make([]string, n)
		for i := range res.Causes {
			res.Causes[i] = r.String()
		}
	}
	if r.Bool() {
		res.Doc = r.doc()
	} else if text != "" {
		r.Fail() // a text without its document
	}
	if r.Err == nil && len(r.B) > 0 {
		r.Fail()
	}
	if r.Err != nil {
		res.Doc = nil
	}
	return r.Err
}

func (r *rbuf) doc() *extract.Document {
	d := &extract.Document{Path: r.String(), Format: r.String(), Encoding: r.String()}
	if r.text != nil {
		d.Text = *r.text
	} else {
		d.Text = r.String()
	}
	d.OCR = r.Bool()
	d.Pages = r.Int()
	d.OCRPages = r.Int()
	d.Bytes = int64(r.Int())
	d.SHA256 = r.String()
	nb, nr, nc := r.Count(), r.Count(), r.Count()
	if r.Err != nil {
		return nil
	}
	var rows []extract.Row
	var cells []extract.Cell
	if nr > 0 {
		rows = make([]extract.Row, nr)
	}
	if nc > 0 {
		cells = make([]extract.Cell, nc)
	}
	if nb > 0 {
		d.Blocks = make([]extract.Block, nb)
	}
	for i := range d.Blocks {
		b := &d.Blocks[i]
		b.Kind = extract.Kind(r.Uint())
		b.Span = r.span()
		b.Page = r.Int()
		b.SourceLine = r.Int()
		n := r.Count()
		if n > len(rows) {
			r.Fail()
		}
		if r.Err != nil {
			return nil
		}
		if n > 0 {
			b.Rows, rows = rows[:n:n], rows[n:]
		}
		for j := range b.Rows {
			row := &b.Rows[j]
			row.Span = r.span()
			m := r.Count()
			if m > len(cells) {
				r.Fail()
			}
			if r.Err != nil {
				return nil
			}
			if m > 0 {
				row.Cells, cells = cells[:m:m], cells[m:]
			}
			for k := range row.Cells {
				c := &row.Cells[k]
				c.Span = r.span()
				flags := r.Byte()
				c.Merged = flags&1 != 0
				if flags&2 != 0 {
					if !inText(d.Text, c.Span) {
						r.Fail()
						return nil
					}
					c.Text = d.Text[c.Span.Start:c.Span.End]
				} else {
					c.Text = r.String()
				}
				c.Col = r.int32()
				c.ColSpan = r.int32()
				c.RowSpan = r.int32()
			}
		}
	}
	if len(rows) > 0 || len(cells) > 0 {
		r.Fail() // the totals did not add up
	}
	if n := r.Count(); n > 0 {
		d.Confidence = make([]extract.Confidence, n)
		for i := range d.Confidence {
			d.Confidence[i].Span = r.span()
			if len(r.B) < 8 {
				r.Fail()
				return nil
			}
			d.Confidence[i].Value = math.Float64frombits(binary.LittleEndian.Uint64(r.B))
			r.B = r.B[8:]
		}
	}
	if r.Bool() {
		o := &extract.Origin{Part: r.String()}
		if n := r.Count(); n > 0 {
			o.Pieces = make([]extract.Piece, n)
			for i := range o.Pieces {
				p := &o.Pieces[i]
				p.Text = r.span()
				p.Src = r.span()
				p.Node = r.Int()
			}
		}
		d.Origin = o
	}
	if r.Err != nil {
		return nil
	}
	return d
}

// Marshal is the document in the compact form the reader processes send
// it in, about the size of its text and free of pointers: how a batch
// holds many documents for a later pass at little cost to the garbage
// collector. Unmarshal gives the document back.
func Marshal(doc *extract.Document) []byte { return AppendMarshal(nil, doc) }

// AppendMarshal appends what Marshal gives to b.
func AppendMarshal(b []byte, doc *extract.Document) []byte {
	w := wbuf{b: b}
	w.doc(doc)
	return w.b
}

// Unmarshal decodes what Marshal gave.
func Unmarshal(b []byte) (*extract.Document, error) {
	r := &rbuf{Reader: varbuf.Reader{B: b, Bad: errCorrupt}}
	doc := r.doc()
	if r.Err == nil && len(r.B) > 0 {
		r.Fail()
	}
	if r.Err != nil {
		return nil, r.Err
	}
	return doc, nil
}
