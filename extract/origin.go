package extract

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// Origin maps the canonical text back to the bytes of the source it was
// read from, so that an edit of the canonical text (a fix) can be made in
// the file the editor works on. Readers whose source is text they can
// point into record it (text, HTML, DOCX); PDF and OCR do not, since
// what they read cannot be edited in place.
type Origin struct {
	// Part names what the Src offsets index: "" for the input file
	// itself, or the member of a package ("word/document.xml").
	Part string
	// Pieces are sorted by Text.Start and do not overlap. Canonical bytes
	// that no piece covers were written by the reader (the newline
	// between blocks, the tab between cells, a list number).
	Pieces []Piece
}

// Piece says that the canonical bytes Text were read from the source
// bytes Src. When both have the same length the bytes correspond one to
// one (an offset inside Text maps to the same offset inside Src);
// otherwise the piece is atomic (an entity such as &amp;, a GBK character,
// a CRLF line end) and only the whole of it maps.
type Piece struct {
	Text Span
	Src  Span
	// Node is the source's unit of text that holds Src (an HTML text
	// node, a DOCX w:t element); bytes between two nodes are markup, so an
	// edit crossing nodes is made node by node.
	Node int
}

func (p Piece) linear() bool { return p.Text.Len() == p.Src.Len() }

// ErrNoSource is wrapped by Origin.Source when part of a span was not read
// from the source (or only part of an atomic piece is asked for).
var ErrNoSource = errors.New("the text has no single place in the source")

// Source maps the canonical span sp to the source: one piece per source
// node the span touches, in order, each with the canonical bytes it
// covers and the source bytes they came from (including source bytes the
// reader dropped between them, such as a line break joined away). An
// empty sp maps to an empty piece at the source offset where text would be
// inserted.
func (o *Origin) Source(sp Span) ([]Piece, error) {
	if o == nil {
		return nil, ErrNoSource
	}
	ps := o.Pieces
	if sp.Start < 0 || sp.End < sp.Start {
		return nil, fmt.Errorf("%w: span %d..%d", ErrNoSource, sp.Start, sp.End)
	}
	if sp.Len() == 0 {
		return o.insertion(sp.Start)
	}
	i := sort.Search(len(ps), func(i int) bool { return ps[i].Text.End > sp.Start })
	var out []Piece
	at := sp.Start
	for ; at < sp.End; i++ {
		if i >= len(ps) || ps[i].Text.Start > at {
			return nil, fmt.Errorf("%w: byte %d was written by the reader", ErrNoSource, at)
		}
		p := ps[i]
		end := min(p.Text.End, sp.End)
		var src Span
		if p.linear() {
			src = Span{p.Src.Start + at - p.Text.Start, p.Src.Start + end - p.Text.Start}
		} else {
			if at != p.Text.Start || end != p.Text.End {
				return nil, fmt.Errorf("%w: bytes %d..%d split a source unit", ErrNoSource, at, end)
			}
			src = p.Src
		}
		if n := len(out); n > 0 && out[n-1].Node == p.Node && out[n-1].Text.End == at {
			out[n-1].Text.End, out[n-1].Src.End = end, src.End
		} else {
			out = append(out, Piece{Text: Span{at, end}, Src: src, Node: p.Node})
		}
		at = end
	}
	return out, nil
}

// insertion maps an empty span at off: inside or at the start of a piece,
// or at the end of the piece before it.
func (o *Origin) insertion(off int) ([]Piece, error) {
	ps := o.Pieces
	i := sort.Search(len(ps), func(i int) bool { return ps[i].Text.End >= off })
	for ; i < len(ps) && ps[i].Text.Start <= off; i++ {
		p := ps[i]
		switch {
		case off == p.Text.End:
			return []Piece{{Text: Span{off, off}, Src: Span{p.Src.End, p.Src.End}, Node: p.Node}}, nil
		case off == p.Text.Start || p.linear():
			s := p.Src.Start + off - p.Text.Start
			return []Piece{{Text: Span{off, off}, Src: Span{s, s}, Node: p.Node}}, nil
		}
	}
	return nil, fmt.Errorf("%w: offset %d", ErrNoSource, off)
}

// Traced is text being assembled together with where its parts came from,
// for readers that record an Origin: what strings.Builder is to plain
// text. Text written with WriteString or WriteByte has no source (the
// reader made it up); WriteFrom and WriteTraced carry theirs. The zero
// value is empty and ready to use. Like a slice, a Traced copied by value
// shares its storage: keep writing to one copy only.
type Traced struct {
	buf    []byte
	pieces []Piece // Text relative to buf
}

// TracedText returns s with no source.
func TracedText(s string) Traced { return Traced{buf: []byte(s)} }

// WriteString appends s, made by the reader.
func (t *Traced) WriteString(s string) (int, error) {
	t.buf = append(t.buf, s...)
	return len(s), nil
}

// WriteByte appends c, made by the reader.
func (t *Traced) WriteByte(c byte) error {
	t.buf = append(t.buf, c)
	return nil
}

// WriteFrom appends s, read from the source bytes src of node. When s and
// src have the same length they correspond byte for byte; otherwise s maps
// only as a whole.
func (t *Traced) WriteFrom(s string, src Span, node int) {
	t.add(Piece{Text: Span{len(t.buf), len(t.buf) + len(s)}, Src: src, Node: node})
	t.buf = append(t.buf, s...)
}

// WriteTraced appends u with its sources.
func (t *Traced) WriteTraced(u Traced) {
	if len(t.buf) == 0 && len(t.pieces) == 0 {
		// Into empty text, the common case (a cell or paragraph of one
		// text node): t is u, sharing its storage. Clipped, so that what
		// either appends later goes to storage of its own.
		t.buf, t.pieces = slices.Clip(u.buf), slices.Clip(u.pieces)
		return
	}
	off := len(t.buf)
	for _, p := range u.pieces {
		p.Text.Start += off
		p.Text.End += off
		t.add(p)
	}
	t.buf = append(t.buf, u.buf...)
}

// add appends p. Pieces are merged only where a fresh list is built
// (remap, the Builder's), so that appending never changes a piece a
// copy of t may hold.
func (t *Traced) add(p Piece) {
	if p.Text.Len() > 0 {
		t.pieces = append(t.pieces, p)
	}
}

// appendPiece appends p to a list ps that has one owner, merging it into
// the last piece when both map byte for byte and continue each other.
func appendPiece(ps []Piece, p Piece) []Piece {
	if p.Text.Len() == 0 {
		return ps
	}
	if n := len(ps); n > 0 && continues(ps[n-1], p) {
		q := &ps[n-1]
		q.Text.End, q.Src.End = p.Text.End, p.Src.End
		return ps
	}
	return append(ps, p)
}

// continues reports whether p continues q byte for byte, in text and
// source, so that the two make one piece.
func continues(q, p Piece) bool {
	return q.Node == p.Node && q.linear() && p.linear() && q.Text.End == p.Text.Start && q.Src.End == p.Src.Start
}

// Len returns the length of the text in bytes.
func (t *Traced) Len() int { return len(t.buf) }

// String returns the text.
func (t Traced) String() string { return string(t.buf) }

// Is reports whether the text is s.
func (t Traced) Is(s string) bool { return string(t.buf) == s }

// Pieces returns the sources of the text, with Text relative to it.
func (t Traced) Pieces() []Piece { return t.pieces }

// Reset empties t.
func (t *Traced) Reset() { *t = Traced{} }

// Slice returns the part of t between byte offsets a and b. It shares
// t's bytes, which writes to either never change.
func (t Traced) Slice(a, b int) Traced { return t.slice(a, b, false) }

// within is t.Slice(a, b) with its pieces merged as remap merges them:
// what remap gives for the bytes a to b of t in order, without copying
// the bytes.
func (t Traced) within(a, b int) Traced {
	if a == 0 && b == len(t.buf) && merged(t.pieces) {
		return Traced{buf: t.buf[a:b:b], pieces: slices.Clip(t.pieces)}
	}
	r := t.slice(a, b, true)
	r.pieces = slices.Clip(r.pieces)
	return r
}

// slice is Slice, its pieces merged as appendPiece merges them when
// merge is set.
func (t Traced) slice(a, b int, merge bool) Traced {
	r := Traced{buf: t.buf[a:b:b]}
	for _, p := range t.pieces {
		if p.Text.End <= a || p.Text.Start >= b {
			continue
		}
		s, e := max(p.Text.Start, a), min(p.Text.End, b)
		var q Piece
		switch {
		case p.linear():
			d := s - p.Text.Start
			q = Piece{Text: Span{s - a, e - a}, Src: Span{p.Src.Start + d, p.Src.Start + d + e - s}, Node: p.Node}
		case s == p.Text.Start && e == p.Text.End:
			q = Piece{Text: Span{s - a, e - a}, Src: p.Src, Node: p.Node}
		default:
			continue
		}
		if merge {
			r.pieces = appendPiece(r.pieces, q)
		} else {
			r.pieces = append(r.pieces, q)
		}
	}
	return r
}

// merged reports whether appendPiece would keep ps as they are: none is
// empty, and none continues the one before it.
func merged(ps []Piece) bool {
	for i, p := range ps {
		if p.Text.Len() == 0 || i > 0 && continues(ps[i-1], p) {
			return false
		}
	}
	return true
}

// TracedView returns b, read byte for byte from the source bytes src of
// node, as traced text that shares b's storage: b must not change while
// the text is in use. piece is storage for its one piece (see Pieces).
func TracedView(b []byte, src Span, node int, piece *Pieces) Traced {
	t := Traced{buf: b[:len(b):len(b)]}
	if len(b) > 0 {
		t.pieces = piece.one(Piece{Text: Span{0, len(b)}, Src: src, Node: node})
	}
	return t
}

// Pieces is storage for the pieces of many small traced texts, taken a
// block at a time: a reader that traces every token of its source would
// otherwise allocate one piece per token. The zero value is ready to use.
type Pieces struct{ free []Piece }

// one returns a list of just p, whose appends go elsewhere.
func (s *Pieces) one(p Piece) []Piece {
	if len(s.free) == 0 {
		s.free = make([]Piece, 256)
	}
	out := s.free[:1:1]
	out[0] = p
	s.free = s.free[1:]
	return out
}

// Filter returns t without the runes for which keep is false.
func (t Traced) Filter(keep func(rune) bool) Traced {
	var out []byte
	var idx []int
	for i, r := range string(t.buf) {
		if !keep(r) {
			continue
		}
		n := utf8.RuneLen(r)
		if r == utf8.RuneError {
			_, n = utf8.DecodeRune(t.buf[i:])
		}
		out = append(out, t.buf[i:i+n]...)
		for k := range n {
			idx = append(idx, i+k)
		}
	}
	return t.remap(out, idx)
}

// remap gives text out, whose byte i was byte idx[i] of t (or made up
// where idx[i] < 0), the sources of the bytes it kept: byte runs of
// pieces that map byte for byte, and atomic pieces kept whole and in one
// run.
func (t Traced) remap(out []byte, idx []int) Traced {
	r := Traced{buf: out}
	if len(t.pieces) == 0 {
		return r
	}
	pi := 0
	for o := 0; o < len(idx); {
		in := idx[o]
		if in < 0 {
			o++
			continue
		}
		for pi < len(t.pieces) && t.pieces[pi].Text.End <= in {
			pi++
		}
		if pi < len(t.pieces) && t.pieces[pi].Text.Start > in {
			// idx is not sorted: look the piece up afresh.
			pi = sort.Search(len(t.pieces), func(i int) bool { return t.pieces[i].Text.End > in })
		}
		if pi >= len(t.pieces) || t.pieces[pi].Text.Start > in {
			o++
			continue
		}
		p := t.pieces[pi]
		// The run of output bytes that continue in within p.
		n := 1
		for o+n < len(idx) && idx[o+n] == in+n && in+n < p.Text.End {
			n++
		}
		switch {
		case p.linear():
			d := in - p.Text.Start
			r.pieces = appendPiece(r.pieces, Piece{Text: Span{o, o + n}, Src: Span{p.Src.Start + d, p.Src.Start + d + n}, Node: p.Node})
		case in == p.Text.Start && n == p.Text.Len():
			r.pieces = appendPiece(r.pieces, Piece{Text: Span{o, o + n}, Src: p.Src, Node: p.Node})
		}
		o += n
	}
	// Clipped, so that appending to r never writes where a copy looks.
	r.pieces = slices.Clip(r.pieces)
	return r
}

// DecodedPieces maps text, decoded from src in encoding ("utf-8",
// "gb18030", "utf-16le" or "utf-16be", as the text and HTML readers name
// them, a byte-order mark allowed), back to src, rune by rune; with
// lineEnds, each LF of text may stand for a CRLF or CR of src, as when a
// reader normalises line ends. It returns nil and false when src and text
// do not line up that way (another encoding, bytes the decoder replaced).
func DecodedPieces(src []byte, encoding, text string, lineEnds bool) ([]Piece, bool) {
	i := 0
	unit := 1
	switch encoding {
	case "utf-8":
		if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
			i = 3
		}
	case "gb18030":
	case "utf-16le", "utf-16be":
		unit = 2
		if len(src) >= 2 && (src[0] == 0xFF && src[1] == 0xFE || src[0] == 0xFE && src[1] == 0xFF) {
			i = 2
		}
	default:
		return nil, false
	}
	// at returns the code unit at byte offset k of src, or -1.
	at := func(k int) int {
		switch {
		case k+unit > len(src):
			return -1
		case encoding == "utf-16le":
			return int(src[k]) | int(src[k+1])<<8
		case encoding == "utf-16be":
			return int(src[k])<<8 | int(src[k+1])
		}
		return int(src[k])
	}
	var ps []Piece
	for j, r := range text {
		sz := utf8.RuneLen(r)
		if r == utf8.RuneError {
			_, sz = utf8.DecodeRuneInString(text[j:])
		}
		var n int
		switch {
		case lineEnds && r == '\n' && at(i) == '\r':
			n = unit
			if at(i+unit) == '\n' {
				n = 2 * unit
			}
		case encoding == "utf-8":
			n = sz
			if i+n > len(src) || string(src[i:i+n]) != text[j:j+sz] {
				return nil, false
			}
		case encoding == "gb18030":
			c := at(i)
			switch {
			case c < 0:
				return nil, false
			case r < 0x80:
				if c != int(r) {
					return nil, false
				}
				n = 1
			case c >= 0x81 && c <= 0xFE && i+1 < len(src) && src[i+1] >= 0x30 && src[i+1] <= 0x39:
				n = 4
			case c >= 0x81 && c <= 0xFE:
				n = 2
			default:
				n = 1
			}
		default: // UTF-16
			c := at(i)
			switch {
			case c < 0:
				return nil, false
			case r > 0xFFFF:
				n = 4
			case c != int(r) && r != utf8.RuneError:
				return nil, false
			default:
				n = 2
			}
		}
		if i+n > len(src) {
			return nil, false
		}
		ps = appendPiece(ps, Piece{Text: Span{j, j + sz}, Src: Span{i, i + n}})
		i += n
	}
	if i != len(src) {
		return nil, false
	}
	return slices.Clip(ps), true
}

// Compose maps pieces ps, whose Src index an intermediate text (a web page
// decoded to UTF-8), through via, pieces whose Text indexes that same text
// and whose Src the bytes it was decoded from: the result points into
// those bytes. What via does not map is left out.
func Compose(ps, via []Piece) []Piece {
	var out []Piece
	o := Origin{Pieces: via}
	for _, p := range ps {
		if !p.linear() {
			qs, err := o.Source(p.Src)
			if err == nil && len(qs) == 1 {
				out = appendPiece(out, Piece{Text: p.Text, Src: qs[0].Src, Node: p.Node})
			}
			continue
		}
		i := sort.Search(len(via), func(i int) bool { return via[i].Text.End > p.Src.Start })
		for ; i < len(via) && via[i].Text.Start < p.Src.End; i++ {
			q := via[i]
			a, b := max(q.Text.Start, p.Src.Start), min(q.Text.End, p.Src.End)
			t := Span{p.Text.Start + a - p.Src.Start, p.Text.Start + b - p.Src.Start}
			switch {
			case q.linear():
				out = appendPiece(out, Piece{Text: t, Src: Span{q.Src.Start + a - q.Text.Start, q.Src.Start + b - q.Text.Start}, Node: p.Node})
			case a == q.Text.Start && b == q.Text.End:
				out = appendPiece(out, Piece{Text: t, Src: q.Src, Node: p.Node})
			}
		}
	}
	return slices.Clip(out)
}

// Align traces decoded, the text markup bytes raw (read from byte start
// of the source) decode to: byte for byte where raw holds it as written,
// each character reference and each CRLF (read as LF) as a whole. entity
// says where the reference at raw[i] ends and what it decodes to. ok is
// false when the two do not line up; the caller then keeps the text
// without a source rather than guess one.
func Align(raw string, start int, decoded string, node int, entity func(raw string, i int, decoded string) (end int, text string)) (t Traced, ok bool) {
	i, j := 0, 0
	for i < len(raw) && j < len(decoded) {
		switch c := raw[i]; {
		case c == '&':
			k, d := entity(raw, i, decoded[j:])
			if k <= i || !strings.HasPrefix(decoded[j:], d) || d == "" {
				return Traced{}, false
			}
			t.WriteFrom(d, Span{Start: start + i, End: start + k}, node)
			i, j = k, j+len(d)
		case c == '\r' && decoded[j] == '\n':
			n := 1
			if i+1 < len(raw) && raw[i+1] == '\n' {
				n = 2
			}
			t.WriteFrom("\n", Span{Start: start + i, End: start + i + n}, node)
			i, j = i+n, j+1
		case c == decoded[j]:
			n := 1
			for i+n < len(raw) && j+n < len(decoded) && raw[i+n] == decoded[j+n] && raw[i+n] != '&' && raw[i+n] != '\r' {
				n++
			}
			t.WriteFrom(decoded[j:j+n], Span{Start: start + i, End: start + i + n}, node)
			i, j = i+n, j+n
		default:
			return Traced{}, false
		}
	}
	return t, i == len(raw) && j == len(decoded)
}
