package corpus

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/worker"
	"github.com/nianbao/nianbao/internal/varbuf"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
)

// A spill holds checked results on disk between the pass that checks a
// batch and the one that writes it, so that the cross-report rules can
// see every report before the first is written without the batch in
// memory or read twice. A result is its document in the reader
// processes' compact form (worker.Marshal) and its report and findings
// written by hand: decoding them costs a fraction of normalizing again.
//
// Records are written and read back in one order by one process, so
// what repeats from report to report (keys of the templates, their
// specs, the rules) is written as an index into tables the spill keeps
// in memory, and decodes to the very strings and pointers the checking
// made. TestSpill_Fields fails when a field is added to one of the types
// written here without being added to this file.
type spill struct {
	f     *os.File
	w     *bufio.Writer
	r     *bufio.Reader
	name  string // still to remove at close; "" once removed
	texts *spillTexts
	enc   spillBuf
	dec   []byte
	strs  map[string]uint32
	str   []string
	ptrs  map[any]uint32
	ptr   []any
	// The cells of a template: what each shares from report to report.
	cellIDs map[string][]uint32 // by key in Report.Cells: one a template
	cellID  []cellID
	count   int
}

// cellID is what a cell of a template shares with the same cell of
// every report: its key in Report.Cells, its names and its spec. A cell
// is written as the index of its cellID, one lookup where its strings and
// pointers take eight.
type cellID struct {
	mapKey, key, table, row, col string
	spec                         normalize.CellSpec
}

func (id *cellID) of(mapKey string, c *normalize.Cell) bool {
	return id.mapKey == mapKey && id.key == c.Key && id.table == c.Table && id.row == c.Row && id.col == c.Col && id.spec == c.Spec
}

// states are the cell states written as a byte: 1 + index.
var states = []normalize.State{normalize.StateNumber, normalize.StateBlank, normalize.StateDash, normalize.StateMissing, normalize.StateUnreadable}

// maxInterned bounds the strings a spill interns: the vocabulary of the
// templates is a few thousand; past the bound strings are written out.
const maxInterned = 1 << 14

// newSpill creates the spill's file in the temporary folder and removes
// its name at once where the system allows (the open file stays
// readable), so that not even a killed run leaves it behind.
func newSpill() (*spill, error) {
	f, name, err := tempFile()
	if err != nil {
		return nil, err
	}
	tf, tname, err := tempFile()
	if err != nil {
		f.Close()
		os.Remove(name)
		return nil, err
	}
	return &spill{f: f, w: bufio.NewWriterSize(f, 64<<10), name: name, strs: map[string]uint32{}, ptrs: map[any]uint32{}, cellIDs: map[string][]uint32{},
		texts: &spillTexts{f: tf, w: bufio.NewWriterSize(tf, 64<<10), name: tname}}, nil
}

// tempFile creates a file in the temporary folder and removes its name
// at once where the system allows (the open file stays readable and
// writable), so that not even a killed run leaves it behind; name is
// what is still to remove when it could not.
func tempFile() (f *os.File, name string, err error) {
	f, err = os.CreateTemp("", "nianbao-spill-*")
	if err != nil {
		return nil, "", fmt.Errorf("corpus: spill: %w", err)
	}
	if os.Remove(f.Name()) != nil {
		name = f.Name()
	}
	return f, name, nil
}

// close closes and removes the files.
func (s *spill) close() error {
	err := closeTemp(s.f, s.name)
	if terr := closeTemp(s.texts.f, s.texts.name); err == nil {
		err = terr
	}
	s.name, s.texts.name = "", ""
	return err
}

func closeTemp(f *os.File, name string) error {
	err := f.Close()
	if name != "" {
		if rerr := os.Remove(name); err == nil {
			err = rerr
		}
	}
	return err
}

// spillTexts keeps what the reports' digests leave out of memory, their
// cells and texts (a cross.Store): appended as the batch is checked,
// read back by offset when the cross-report rules need them.
type spillTexts struct {
	f    *os.File
	w    *bufio.Writer
	name string
	off  int64
}

func (t *spillTexts) Put(b []byte) (int64, error) {
	off := t.off
	n, err := t.w.Write(b)
	t.off += int64(n)
	if err != nil {
		return 0, fmt.Errorf("corpus: spill: %w", err)
	}
	return off, nil
}

func (t *spillTexts) ReadAt(p []byte, off int64) (int, error) { return t.f.ReadAt(p, off) }

// put writes the result of a checked report (no error, a report).
func (s *spill) put(r *Result) error {
	b := &s.enc
	b.b = b.b[:0]
	b.err = nil
	b.s = s
	b.doc = r.Report.Doc
	b.str(r.Path)
	b.findings(r.Findings, r.Path)
	// The document and report last, after their length, so that a
	// reader wanting the findings alone skips them (see next).
	rest := b.begin()
	doc := b.begin()
	b.b = worker.AppendMarshal(b.b, r.Report.Doc)
	b.end(doc)
	b.report(r.Report)
	b.end(rest)
	b.doc = nil // not to keep the last document for as long as the spill
	if b.err != nil {
		return fmt.Errorf("corpus: spill: %s: %w", r.Path, b.err)
	}
	var head [binary.MaxVarintLen64]byte
	if _, err := s.w.Write(head[:binary.PutUvarint(head[:], uint64(len(b.b)))]); err != nil {
		return fmt.Errorf("corpus: spill: %w", err)
	}
	if _, err := s.w.Write(b.b); err != nil {
		return fmt.Errorf("corpus: spill: %w", err)
	}
	s.count++
	return nil
}

// rewind ends writing and starts reading from the first record; the
// texts can be read from then on.
func (s *spill) rewind() error {
	if err := s.w.Flush(); err != nil {
		return fmt.Errorf("corpus: spill: %w", err)
	}
	if err := s.texts.w.Flush(); err != nil {
		return fmt.Errorf("corpus: spill: %w", err)
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("corpus: spill: %w", err)
	}
	s.r = bufio.NewReaderSize(s.f, 64<<10)
	return nil
}

var errSpill = errors.New("corpus: spill: malformed record")

// next reads the next record back. A result that full (when not nil)
// says false of, by its path, comes with its path and findings only:
// its document and report, most of the cost of reading a result back,
// are skipped.
func (s *spill) next(full func(path string) bool) (Result, error) {
	n, err := binary.ReadUvarint(s.r)
	if err != nil {
		return Result{}, fmt.Errorf("corpus: spill: %w", err)
	}
	if cap(s.dec) < int(n) {
		s.dec = make([]byte, n)
	}
	s.dec = s.dec[:n]
	if _, err := io.ReadFull(s.r, s.dec); err != nil {
		return Result{}, fmt.Errorf("corpus: spill: %w", err)
	}
	return s.decode(s.dec, full)
}

func (s *spill) decode(p []byte, full func(path string) bool) (Result, error) {
	d, res := s.head(p)
	if d.Err != nil {
		return Result{}, errSpill
	}
	if full != nil && !full(res.Path) {
		return res, nil
	}
	doc, err := worker.Unmarshal(d.part())
	if d.Err != nil || err != nil {
		return Result{}, errSpill
	}
	d.doc = doc
	res.Report = d.report()
	res.Report.Doc = doc
	if d.Err != nil || len(d.B) > 0 {
		return Result{}, errSpill
	}
	return res, nil
}

// head decodes a record's path and findings, and the length of the rest,
// and leaves the decoder on the rest.
func (s *spill) head(p []byte) (*spillDec, Result) {
	d := &spillDec{Reader: varbuf.Reader{B: p, Bad: errSpill}, s: s}
	res := Result{Path: d.String()}
	res.Findings = d.findings(res.Path)
	rest := d.part()
	if len(d.B) > 0 {
		d.Fail() // the document and report are the record's last part
	}
	if d.Err == nil {
		d.B = rest
	}
	return d, res
}

type spillBuf struct {
	b   []byte
	s   *spill
	doc *extract.Document
	err error // a part too long for its length
}

// begin starts a part of the record written after its length, in 4
// bytes (the part is written in place, its length known at the end),
// and returns where the length goes, for end.
func (w *spillBuf) begin() int {
	w.b = append(w.b, 0, 0, 0, 0)
	return len(w.b) - 4
}

// end writes the length of the part begun at at.
func (w *spillBuf) end(at int) {
	n := len(w.b) - at - 4
	if n > math.MaxUint32 {
		w.err = fmt.Errorf("a part of %d bytes", n)
		return
	}
	binary.LittleEndian.PutUint32(w.b[at:], uint32(n))
}

func (w *spillBuf) uint(v uint64)   { w.b = binary.AppendUvarint(w.b, v) }
func (w *spillBuf) int(v int)       { w.b = binary.AppendVarint(w.b, int64(v)) }
func (w *spillBuf) str(s string)    { w.uint(uint64(len(s))); w.b = append(w.b, s...) }
func (w *spillBuf) float(v float64) { w.b = binary.LittleEndian.AppendUint64(w.b, math.Float64bits(v)) }
func (w *spillBuf) span(s extract.Span) {
	w.int(s.Start)
	w.int(s.End - s.Start)
}

func (w *spillBuf) bool(v bool) {
	if v {
		w.b = append(w.b, 1)
	} else {
		w.b = append(w.b, 0)
	}
}

// istr writes a string of the templates' vocabulary: 0 and the bytes the
// first time (and when the table is full), else 1 + its index.
func (w *spillBuf) istr(s string) {
	if s == "" {
		w.uint(0)
		w.uint(0)
		return
	}
	if i, ok := w.s.strs[s]; ok {
		w.uint(uint64(i) + 1)
		return
	}
	if len(w.s.str) < maxInterned {
		w.s.strs[s] = uint32(len(w.s.str))
		w.s.str = append(w.s.str, s)
	}
	w.uint(0)
	w.str(s)
}

// tstr writes a string that is usually the document's text under sp: a
// flag, and the bytes only when it is not.
func (w *spillBuf) tstr(s string, sp extract.Span) {
	t := w.doc.Text
	if sp.Start >= 0 && sp.Start <= sp.End && sp.End <= len(t) && t[sp.Start:sp.End] == s {
		w.b = append(w.b, 1)
		return
	}
	w.b = append(w.b, 0)
	w.str(s)
}

// ptr writes a pointer into the tables of templates or rules as an
// index: the spill hands back the same pointer.
func (w *spillBuf) ptr(p any, isNil bool) {
	if isNil {
		w.uint(0)
		return
	}
	i, ok := w.s.ptrs[p]
	if !ok {
		i = uint32(len(w.s.ptr))
		w.s.ptrs[p] = i
		w.s.ptr = append(w.s.ptr, p)
	}
	w.uint(uint64(i) + 1)
}

// n writes a length, 0 for nil and 1 + len otherwise: outputs tell nil
// from empty (JSON's null and []).
func (w *spillBuf) n(l int, isNil bool) {
	if isNil {
		w.uint(0)
	} else {
		w.uint(uint64(l) + 1)
	}
}

func (w *spillBuf) strs(ss []string) {
	w.n(len(ss), ss == nil)
	for _, s := range ss {
		w.istr(s)
	}
}

func (w *spillBuf) text(t normalize.Text) {
	w.tstr(t.Value, t.Span)
	w.span(t.Span)
}

func (w *spillBuf) msg(m validate.Msg) {
	w.str(m.Zh)
	w.str(m.En)
}

func (w *spillBuf) report(r *normalize.Report) {
	w.istr(r.Template)
	w.istr(r.TemplateBasis.Table)
	w.strs(r.TemplateBasis.Keys)
	w.int(r.TemplateBasis.Year)
	w.text(r.Title)
	w.text(r.Agency)
	g := r.Region
	w.istr(g.Code)
	w.istr(g.Province)
	w.istr(g.Prefecture)
	w.istr(g.County)
	w.istr(g.Township)
	// A region's names are as many as the regions: not interned.
	w.n(len(g.Names), g.Names == nil)
	for _, s := range g.Names {
		w.str(s)
	}
	w.int(r.Year)
	w.span(r.YearSpan)
	w.span(r.MisYear)
	w.str(r.Period.Start)
	w.str(r.Period.End)
	w.span(r.Period.Span)
	w.text(r.Contact.Address)
	w.text(r.Contact.Postcode)
	w.text(r.Contact.Phone)
	w.text(r.Contact.Email)
	w.n(len(r.Sections), r.Sections == nil)
	for _, s := range r.Sections {
		w.istr(s.Key)
		w.istr(s.Number)
		w.str(s.Heading)
		w.bool(s.Missing)
		w.bool(s.HeadingMissing)
		w.span(s.Span)
		w.span(s.Body)
		w.int(s.Order)
	}
	w.n(len(r.Tables), r.Tables == nil)
	for k, t := range r.Tables {
		w.istr(k)
		w.bool(t != nil)
		if t != nil {
			w.table(t)
		}
	}
	w.n(len(r.Cells), r.Cells == nil)
	for k, c := range r.Cells {
		w.cell(k, c)
	}
	w.n(len(r.Labels), r.Labels == nil)
	for _, l := range r.Labels {
		w.istr(l.Table)
		w.istr(l.Key)
		w.istr(l.Kind)
		w.tstr(l.Raw, l.Span)
		w.istr(l.Canonical)
		w.float(l.Score)
		w.bool(l.Alias)
		w.span(l.Span)
		w.bool(l.Deviates)
		w.str(l.Text)
		w.istr(l.Numbering)
	}
	w.bool(r.Truncated)
	w.span(r.TruncatedAt)
	w.bool(r.StartsLate)
	w.n(len(r.Quoted), r.Quoted == nil)
	for _, q := range r.Quoted {
		w.text(q)
	}
}

func (w *spillBuf) table(t *normalize.Table) {
	w.istr(t.Key)
	w.bool(t.Found)
	w.istr(t.Template)
	w.span(t.Span)
	w.strs(t.MissingRows)
	w.bool(t.Truncated)
	w.bool(t.Unfilled)
	w.bool(t.Disordered)
	w.n(len(t.MissingCols), t.MissingCols == nil)
	for k, v := range t.MissingCols {
		w.istr(k)
		w.strs(v)
	}
	for _, m := range []map[string]extract.Span{t.RowLabels, t.Rows} {
		w.n(len(m), m == nil)
		for k, v := range m {
			w.istr(k)
			w.span(v)
		}
	}
}

// cell writes a cell of Report.Cells under key k: 0 and k for nil;
// 2 + the index of its cellID; else 1, k and its names and spec.
func (w *spillBuf) cell(k string, c *normalize.Cell) {
	if c == nil {
		w.uint(0)
		w.istr(k)
		return
	}
	sp := w.s
	known := false
	for _, i := range sp.cellIDs[k] {
		if sp.cellID[i].of(k, c) {
			w.uint(uint64(i) + 2)
			known = true
			break
		}
	}
	if !known {
		if len(sp.cellID) < maxInterned {
			sp.cellIDs[k] = append(sp.cellIDs[k], uint32(len(sp.cellID)))
			sp.cellID = append(sp.cellID, cellID{k, c.Key, c.Table, c.Row, c.Col, c.Spec})
		}
		w.uint(1)
		w.istr(k)
		w.istr(c.Key)
		w.istr(c.Table)
		w.istr(c.Row)
		w.istr(c.Col)
		w.ptr(c.Spec.Table, c.Spec.Table == nil)
		w.ptr(c.Spec.Row, c.Spec.Row == nil)
		w.ptr(c.Spec.Col, c.Spec.Col == nil)
	}
	st := 0
	for j, x := range states {
		if c.State == x {
			st = j + 1
		}
	}
	w.b = append(w.b, byte(st))
	if st == 0 {
		w.istr(string(c.State))
	}
	w.bool(c.Value != nil)
	if c.Value != nil {
		w.float(*c.Value)
	}
	w.tstr(c.Raw, c.Span)
	w.istr(c.Unit)
	w.span(c.Span)
}

func (w *spillBuf) findings(fs []validate.Finding, path string) {
	w.n(len(fs), fs == nil)
	for i := range fs {
		f := &fs[i]
		w.ptr(f.Rule, f.Rule == nil)
		w.int(int(f.Severity))
		w.span(f.Span)
		p := f.Pos
		// The position names the report's own path, as a rule leaves it.
		w.bool(p.Path == path)
		if p.Path != path {
			w.str(p.Path)
		}
		w.int(p.Page)
		w.int(p.Line)
		w.int(p.Column)
		w.int(p.Table)
		w.int(p.Row)
		w.int(p.Col)
		w.int(p.SourceLine)
		w.istr(f.Section)
		w.istr(f.Key)
		w.istr(f.Label.Zh)
		w.istr(f.Label.En)
		w.msg(f.Message)
		w.n(len(f.Related), f.Related == nil)
		for _, r := range f.Related {
			w.span(r.Span)
			w.msg(r.Message)
			w.istr(r.Key)
			w.str(r.Path)
			w.int(r.Line)
			w.int(r.Column)
			w.int(r.Page)
		}
		w.n(len(f.Fixes), f.Fixes == nil)
		for _, x := range f.Fixes {
			w.msg(x.Message)
			w.n(len(x.Edits), x.Edits == nil)
			for _, e := range x.Edits {
				w.span(e.Span)
				w.str(e.NewText)
			}
			w.bool(x.Safe)
		}
	}
}

// spillDec reads a record back (see varbuf.Reader: the first error
// sticks; the caller checks Err once).
type spillDec struct {
	varbuf.Reader
	s   *spill
	doc *extract.Document
}

// part reads what spillBuf.begin and end wrote: a length in 4 bytes and
// the part, which it returns without copying.
func (r *spillDec) part() []byte {
	if len(r.B) < 4 {
		r.Fail()
		return nil
	}
	n := uint64(binary.LittleEndian.Uint32(r.B))
	if n > uint64(len(r.B)-4) {
		r.Fail()
		return nil
	}
	p := r.B[4 : 4+n]
	r.B = r.B[4+n:]
	return p
}

func (r *spillDec) span() extract.Span {
	start := r.Int()
	return extract.Span{Start: start, End: start + r.Int()}
}

func (r *spillDec) istr() string {
	i := r.Uint()
	if i == 0 {
		return r.String()
	}
	if i > uint64(len(r.s.str)) {
		r.Fail()
		return ""
	}
	return r.s.str[i-1]
}

func (r *spillDec) ptr() any {
	i := r.Uint()
	if i == 0 {
		return nil
	}
	if i > uint64(len(r.s.ptr)) {
		r.Fail()
		return nil
	}
	return r.s.ptr[i-1]
}

// n reads what spillBuf.n wrote: the length, and whether the value was
// nil; a length longer than what is left is malformed.
func (r *spillDec) n() (int, bool) {
	v := r.Uint()
	if v == 0 {
		return 0, true
	}
	if v-1 > uint64(len(r.B)) {
		r.Fail()
		return 0, true
	}
	return int(v - 1), false
}

func (r *spillDec) strs() []string {
	n, isNil := r.n()
	if isNil {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = r.istr()
	}
	return out
}

func (r *spillDec) text() normalize.Text {
	// tstr's flag and string come before the span they refer to.
	if !r.Bool() {
		v := r.String()
		return normalize.Text{Value: v, Span: r.span()}
	}
	sp := r.span()
	return normalize.Text{Value: r.slice(sp), Span: sp}
}

func (r *spillDec) msg() validate.Msg { return validate.Msg{Zh: r.String(), En: r.String()} }

func (r *spillDec) report() *normalize.Report {
	rep := &normalize.Report{Template: r.istr()}
	rep.TemplateBasis.Table = r.istr()
	rep.TemplateBasis.Keys = r.strs()
	rep.TemplateBasis.Year = r.Int()
	rep.Title = r.text()
	rep.Agency = r.text()
	g := &rep.Region
	g.Code, g.Province, g.Prefecture, g.County, g.Township = r.istr(), r.istr(), r.istr(), r.istr(), r.istr()
	if n, isNil := r.n(); !isNil {
		g.Names = make([]string, n)
		for i := range g.Names {
			g.Names[i] = r.String()
		}
	}
	rep.Year = r.Int()
	rep.YearSpan = r.span()
	rep.MisYear = r.span()
	rep.Period.Start = r.String()
	rep.Period.End = r.String()
	rep.Period.Span = r.span()
	rep.Contact.Address = r.text()
	rep.Contact.Postcode = r.text()
	rep.Contact.Phone = r.text()
	rep.Contact.Email = r.text()
	if n, isNil := r.n(); !isNil {
		rep.Sections = make([]normalize.Section, n)
		for i := range rep.Sections {
			s := &rep.Sections[i]
			s.Key, s.Number, s.Heading = r.istr(), r.istr(), r.String()
			s.Missing, s.HeadingMissing = r.Bool(), r.Bool()
			s.Span, s.Body = r.span(), r.span()
			s.Order = r.Int()
		}
	}
	if n, isNil := r.n(); !isNil {
		rep.Tables = make(map[string]*normalize.Table, n)
		for range n {
			k := r.istr()
			var t *normalize.Table
			if r.Bool() {
				t = r.table()
			}
			rep.Tables[k] = t
		}
	}
	if n, isNil := r.n(); !isNil {
		rep.Cells = make(map[string]*normalize.Cell, n)
		slab := make([]normalize.Cell, n)
		for i := range n {
			k, c := r.cell(&slab[i])
			rep.Cells[k] = c
		}
	}
	if n, isNil := r.n(); !isNil {
		rep.Labels = make([]normalize.LabelUse, n)
		for i := range rep.Labels {
			l := &rep.Labels[i]
			l.Table, l.Key, l.Kind = r.istr(), r.istr(), r.istr()
			shared := r.Bool()
			if !shared {
				l.Raw = r.String()
			}
			l.Canonical = r.istr()
			l.Score = r.Float64()
			l.Alias = r.Bool()
			l.Span = r.span()
			if shared {
				l.Raw = r.slice(l.Span)
			}
			l.Deviates = r.Bool()
			l.Text = r.String()
			l.Numbering = r.istr()
		}
	}
	rep.Truncated = r.Bool()
	rep.TruncatedAt = r.span()
	rep.StartsLate = r.Bool()
	if n, isNil := r.n(); !isNil {
		rep.Quoted = make([]normalize.Text, n)
		for i := range rep.Quoted {
			rep.Quoted[i] = r.text()
		}
	}
	return rep
}

// slice is the document's text under sp.
func (r *spillDec) slice(sp extract.Span) string {
	t := r.doc.Text
	if sp.Start < 0 || sp.Start > sp.End || sp.End > len(t) {
		r.Fail()
		return ""
	}
	return t[sp.Start:sp.End]
}

func (r *spillDec) table() *normalize.Table {
	t := &normalize.Table{Key: r.istr(), Found: r.Bool(), Template: r.istr(), Span: r.span()}
	t.MissingRows = r.strs()
	t.Truncated, t.Unfilled, t.Disordered = r.Bool(), r.Bool(), r.Bool()
	if n, isNil := r.n(); !isNil {
		t.MissingCols = make(map[string][]string, n)
		for range n {
			k := r.istr()
			t.MissingCols[k] = r.strs()
		}
	}
	for _, m := range []*map[string]extract.Span{&t.RowLabels, &t.Rows} {
		if n, isNil := r.n(); !isNil {
			*m = make(map[string]extract.Span, n)
			for range n {
				k := r.istr()
				(*m)[k] = r.span()
			}
		}
	}
	return t
}

// cell reads what spillBuf.cell wrote into c: its key, and c or nil.
func (r *spillDec) cell(c *normalize.Cell) (string, *normalize.Cell) {
	var k string
	switch tag := r.Uint(); tag {
	case 0:
		return r.istr(), nil
	case 1:
		k = r.istr()
		c.Key, c.Table, c.Row, c.Col = r.istr(), r.istr(), r.istr(), r.istr()
		c.Spec.Table, _ = r.ptr().(*normalize.TableSpec)
		c.Spec.Row, _ = r.ptr().(*normalize.RowSpec)
		c.Spec.Col, _ = r.ptr().(*normalize.ColSpec)
	default:
		if tag-2 >= uint64(len(r.s.cellID)) {
			r.Fail()
			return "", nil
		}
		id := &r.s.cellID[tag-2]
		k, c.Key, c.Table, c.Row, c.Col, c.Spec = id.mapKey, id.key, id.table, id.row, id.col, id.spec
	}
	if len(r.B) == 0 {
		r.Fail()
		return "", nil
	}
	st := int(r.B[0])
	r.B = r.B[1:]
	switch {
	case st == 0:
		c.State = normalize.State(r.istr())
	case st <= len(states):
		c.State = states[st-1]
	default:
		r.Fail()
	}
	if r.Bool() {
		v := r.Float64()
		c.Value = &v
	}
	shared := r.Bool()
	if !shared {
		c.Raw = r.String()
	}
	c.Unit = r.istr()
	c.Span = r.span()
	if shared {
		c.Raw = r.slice(c.Span)
	}
	return k, c
}

func (r *spillDec) findings(path string) []validate.Finding {
	n, isNil := r.n()
	if isNil {
		return nil
	}
	fs := make([]validate.Finding, n)
	for i := range fs {
		f := &fs[i]
		f.Rule, _ = r.ptr().(*validate.Rule)
		f.Severity = validate.Severity(r.Int())
		f.Span = r.span()
		if r.Bool() {
			f.Pos.Path = path
		} else {
			f.Pos.Path = r.String()
		}
		p := &f.Pos
		p.Page, p.Line, p.Column, p.Table, p.Row, p.Col, p.SourceLine = r.Int(), r.Int(), r.Int(), r.Int(), r.Int(), r.Int(), r.Int()
		f.Section, f.Key = r.istr(), r.istr()
		f.Label = validate.Msg{Zh: r.istr(), En: r.istr()}
		f.Message = r.msg()
		if n, isNil := r.n(); !isNil {
			f.Related = make([]validate.Related, n)
			for j := range f.Related {
				rel := &f.Related[j]
				rel.Span = r.span()
				rel.Message = r.msg()
				rel.Key = r.istr()
				rel.Path = r.String()
				rel.Line, rel.Column, rel.Page = r.Int(), r.Int(), r.Int()
			}
		}
		if n, isNil := r.n(); !isNil {
			f.Fixes = make([]validate.Fix, n)
			for j := range f.Fixes {
				x := &f.Fixes[j]
				x.Message = r.msg()
				if m, isNil := r.n(); !isNil {
					x.Edits = make([]validate.Edit, m)
					for k := range x.Edits {
						x.Edits[k].Span = r.span()
						x.Edits[k].NewText = r.String()
					}
				}
				x.Safe = r.Bool()
			}
		}
	}
	return fs
}
