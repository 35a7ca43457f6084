package docx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// scanner tokenizes document.xml held in memory, giving the tokens
// encoding/xml's Decoder.Token gives (names translated through the
// namespace declarations in scope, end tags checked against their start,
// character data and attribute values checked for legal characters and
// entities) without allocating for each token: names are interned,
// attribute values and character data stay undecoded bytes of the part
// until the parser asks for one. It is hand-written for speed: the
// decoder's per-token strings, attribute slices and interface values
// were a third of the time of reading a DOCX (measured on the generated
// mix, BenchmarkStage/extract/docx).
//
// It reads only the markup Word and WPS write. Whatever else it meets
// (comments, CDATA, DTDs, processing instructions other than the XML
// declaration, non-ASCII names, unquoted values, any syntax error, the end
// of the input before the root closes) makes it return errFallback, and
// the part is read again with encoding/xml, which then gives the error, or
// the same document: the scanner accepts a subset of what the decoder
// accepts and is never the one to judge a file malformed.
type scanner struct {
	src []byte
	pos int

	open   []openElem
	ns     map[string]string // prefix ("" for the default) to namespace
	undo   []nsBinding       // bindings shadowed by open elements
	names  map[string]*qname // interned names, by the name as written
	recent [256]*qname       // the names last interned, by a hash of their bytes
	// last caches the last prefix translated; bindings change rarely
	// (on the root, mostly) and every change clears it.
	last struct {
		prefix, uri string
		ok, valid   bool
	}
	attrs  []fastAttr
	closed bool     // the last start tag was self-closing
	toEnd  xml.Name // its translated name, for the end token that follows
}

// openElem and fastAttr hold offsets into src, not strings, so that the
// scanner's stacks hold no pointers: writing pointers costs write
// barriers while the collector runs, which was a tenth of the scan.
type openElem struct {
	q0, q1 int // the name as written, for matching the end tag
	undo   int // len(undo) when the element opened
}

// fastAttr is an attribute as written: its name src[q0:q1] (prefix
// src[q0:colon] when colon >= 0) and its value, still escaped,
// src[v0:v1].
type fastAttr struct {
	q0, colon, q1, v0, v1 int
}

// qname is an interned name: as written, and split at its colon.
type qname struct {
	raw, prefix, local string
}

type nsBinding struct {
	prefix, uri string
	ok          bool // whether prefix was bound before
}

// errFallback says the scanner met markup it leaves to encoding/xml.
var errFallback = errors.New("docx: markup left to encoding/xml")

// maxInterned bounds the interned names, so that a part of millions of
// distinct names costs what decoding them costs, not a table that grows.
const maxInterned = 4096

func newScanner(src []byte) *scanner {
	return &scanner{src: src, ns: map[string]string{}, names: map[string]*qname{}}
}

// scanners keeps scanners between parts and files, with the names they
// interned: a reader process reads thousands of documents that use the
// same few dozen names.
var scanners = sync.Pool{New: func() any { return newScanner(nil) }}

// getScanner is newScanner, from scanners.
func getScanner(src []byte) *scanner {
	s := scanners.Get().(*scanner)
	s.src = src
	return s
}

// putScanner gives s back to scanners once nothing reads its tokens,
// emptied of what it read but for the names; a table filled by one odd
// document is emptied too, so that it does not stay full for the rest.
func putScanner(s *scanner) {
	names, recent := s.names, s.recent
	if len(names) >= maxInterned {
		names, recent = map[string]*qname{}, [256]*qname{}
	}
	clear(s.ns)
	*s = scanner{
		ns: s.ns, names: names, recent: recent,
		open: s.open[:0], undo: s.undo[:0], attrs: s.attrs[:0],
	}
	scanners.Put(s)
}

// next reads the next token into t: its kind and, for a start or end
// tag, the translated name (an end tag's other fields are left as they
// were: nothing reads them); for a start tag, t.elem.attrs (valid until the
// next call); for character data, t.start and t.end, its bytes in src.
func (s *scanner) next(t *token) error {
	if s.closed {
		s.closed = false
		t.kind, t.elem.Name = tokEnd, s.toEnd
		s.pop()
		return nil
	}
	if s.pos >= len(s.src) {
		return errFallback
	}
	if s.src[s.pos] != '<' {
		end, err := s.chars(s.pos, -1)
		if err != nil {
			return err
		}
		if end >= len(s.src) {
			// The decoder would give this text, then its own error.
			return errFallback
		}
		t.kind, t.start, t.end = tokText, s.pos, end
		s.pos = end
		return nil
	}
	if s.pos+1 >= len(s.src) {
		return errFallback
	}
	switch s.src[s.pos+1] {
	case '/':
		return s.endTag(t)
	case '?':
		return s.procInst(t)
	case '!':
		return errFallback
	}
	return s.startTag(t)
}

// name reads an XML name at s.pos: ASCII letters, digits and _ . - with
// at most one colon that splits prefix and local name. It gives the name
// interned and its bytes in src.
func (s *scanner) name() (q *qname, q0, q1 int, ok bool) {
	q0, colon, q1, ok := s.rawName()
	if !ok {
		return nil, 0, 0, false
	}
	return s.intern(q0, colon, q1), q0, q1, true
}

// rawName is name without interning, for attributes: most are never
// read.
func (s *scanner) rawName() (q0, colon, q1 int, ok bool) {
	i := s.pos
	if i >= len(s.src) || !nameStart(s.src[i]) {
		return 0, 0, 0, false
	}
	colon = -1
	for i < len(s.src) {
		c := s.src[i]
		if c >= utf8.RuneSelf {
			return 0, 0, 0, false
		}
		if !isNameByte(c) {
			break
		}
		if c == ':' {
			if colon >= 0 {
				return 0, 0, 0, false
			}
			colon = i
		}
		i++
	}
	if i >= len(s.src) || colon == i-1 {
		return 0, 0, 0, false
	}
	q0, q1, s.pos = s.pos, i, i
	return q0, colon, q1, true
}

func nameStart(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == '_'
}

// isNameByte is encoding/xml's: the ASCII bytes that continue a name.
func isNameByte(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '_' || c == ':' || c == '.' || c == '-'
}

// intern returns the name src[q0:q1], split at colon (or -1).
func (s *scanner) intern(q0, colon, q1 int) *qname {
	b := s.src[q0:q1]
	// A document uses a few dozen names over and over: a direct-mapped
	// cache finds most of them without hashing the name for the map.
	h := (uint(len(b))*31 + uint(b[0])*7 + uint(b[len(b)-1])*3 + uint(b[len(b)/2])) & 255
	if q := s.recent[h]; q != nil && q.raw == string(b) {
		return q
	}
	if q, ok := s.names[string(b)]; ok {
		s.recent[h] = q
		return q
	}
	q := &qname{raw: string(b)}
	q.local = q.raw
	if colon >= 0 {
		q.prefix, q.local = q.raw[:colon-q0], q.raw[colon-q0+1:]
	}
	if len(s.names) < maxInterned {
		s.names[q.raw] = q
		s.recent[h] = q
	}
	return q
}

func (s *scanner) space() {
	for s.pos < len(s.src) {
		switch s.src[s.pos] {
		case ' ', '\r', '\n', '\t':
			s.pos++
		default:
			return
		}
	}
}

// translate is encoding/xml's translation of a name's prefix into its
// namespace.
func (s *scanner) translate(prefix, local string, element bool) string {
	switch {
	case prefix == "xmlns":
		return prefix
	case prefix == "" && !element:
		return prefix
	case prefix == "xml":
		prefix = "http://www.w3.org/XML/1998/namespace"
	case prefix == "" && local == "xmlns":
		return prefix
	}
	if !s.last.valid || s.last.prefix != prefix {
		uri, ok := s.ns[prefix]
		s.last.prefix, s.last.uri, s.last.ok, s.last.valid = prefix, uri, ok, true
	}
	if s.last.ok {
		return s.last.uri
	}
	return prefix
}

func (s *scanner) startTag(t *token) error {
	s.pos++
	q, q0, q1, ok := s.name()
	if !ok {
		return errFallback
	}
	s.attrs = s.attrs[:0]
	for {
		s.space()
		if s.pos >= len(s.src) {
			return errFallback
		}
		c := s.src[s.pos]
		if c == '/' {
			if s.pos+1 >= len(s.src) || s.src[s.pos+1] != '>' {
				return errFallback
			}
			s.pos += 2
			s.closed = true
			break
		}
		if c == '>' {
			s.pos++
			break
		}
		a0, colon, a1, ok := s.rawName()
		if !ok {
			return errFallback
		}
		s.space()
		if s.pos >= len(s.src) || s.src[s.pos] != '=' {
			return errFallback
		}
		s.pos++
		s.space()
		if s.pos >= len(s.src) || (s.src[s.pos] != '"' && s.src[s.pos] != '\'') {
			return errFallback
		}
		end, err := s.chars(s.pos+1, int(s.src[s.pos]))
		if err != nil {
			return err
		}
		if end >= len(s.src) {
			return errFallback
		}
		s.attrs = append(s.attrs, fastAttr{q0: a0, colon: colon, q1: a1, v0: s.pos + 1, v1: end})
		s.pos = end + 1
	}
	mark := len(s.undo)
	for _, a := range s.attrs {
		switch {
		case a.colon >= 0 && string(s.src[a.q0:a.colon]) == "xmlns":
			s.bind(s.intern(a.q0, a.colon, a.q1).local, decodeChars(s.src[a.v0:a.v1]))
		case a.colon < 0 && string(s.src[a.q0:a.q1]) == "xmlns":
			s.bind("", decodeChars(s.src[a.v0:a.v1]))
		}
	}
	s.open = append(s.open, openElem{q0: q0, q1: q1, undo: mark})
	name := xml.Name{Space: s.translate(q.prefix, q.local, true), Local: q.local}
	// Field by field, leaving what is already right: t is on the heap,
	// and writing a whole elem wrote six pointers, each through the
	// write barrier while the collector runs.
	t.kind, t.elem.Name, t.elem.fast = tokStart, name, s.attrs
	if t.elem.s != s {
		t.elem.s = s
	}
	if s.closed {
		s.toEnd = name
	}
	return nil
}

// attrName is the translated name of an attribute the scanner read.
func (s *scanner) attrName(a fastAttr) xml.Name {
	q := s.intern(a.q0, a.colon, a.q1)
	return xml.Name{Space: s.translate(q.prefix, q.local, false), Local: q.local}
}

// val is the body parser's val for attributes the scanner read.
func (s *scanner) val(attrs []fastAttr) (string, bool) {
	for _, a := range attrs {
		local := s.src[a.q0:a.q1]
		if a.colon >= 0 {
			local = s.src[a.colon+1 : a.q1]
		}
		if string(local) != "val" {
			continue
		}
		if n := s.attrName(a); wname(n) != "" || n.Space == "" {
			return decodeChars(s.src[a.v0:a.v1]), true
		}
	}
	return "", false
}

func (s *scanner) bind(prefix, uri string) {
	old, ok := s.ns[prefix]
	s.undo = append(s.undo, nsBinding{prefix: prefix, uri: old, ok: ok})
	s.ns[prefix] = uri
	s.last.valid = false
}

// pop closes the innermost element, restoring the bindings it shadowed.
func (s *scanner) pop() {
	e := s.open[len(s.open)-1]
	s.open = s.open[:len(s.open)-1]
	for i := len(s.undo) - 1; i >= e.undo; i-- {
		b := s.undo[i]
		if b.ok {
			s.ns[b.prefix] = b.uri
		} else {
			delete(s.ns, b.prefix)
		}
		s.last.valid = false
	}
	s.undo = s.undo[:e.undo]
}

func (s *scanner) endTag(t *token) error {
	s.pos += 2
	q, q0, q1, ok := s.name()
	if !ok || len(s.open) == 0 {
		return errFallback
	}
	s.space()
	if s.pos >= len(s.src) || s.src[s.pos] != '>' {
		return errFallback
	}
	s.pos++
	if top := s.open[len(s.open)-1]; string(s.src[top.q0:top.q1]) != string(s.src[q0:q1]) {
		return errFallback
	}
	t.kind, t.elem.Name = tokEnd, xml.Name{Space: s.translate(q.prefix, q.local, true), Local: q.local}
	s.pop()
	return nil
}

// procInst reads the XML declaration; a version other than 1.0 or an
// encoding other than UTF-8 is the decoder's to refuse, and other
// instructions its to read.
func (s *scanner) procInst(t *token) error {
	s.pos += 2
	i := s.pos
	for i < len(s.src) && s.src[i] < utf8.RuneSelf && isNameByte(s.src[i]) {
		i++
	}
	if string(s.src[s.pos:i]) != "xml" || i >= len(s.src) || s.src[i] >= utf8.RuneSelf {
		return errFallback
	}
	s.pos = i
	s.space()
	// bytes.Index: string(s.src[s.pos:]) copied the whole rest of the
	// part, a second document.xml per file.
	k := bytes.Index(s.src[s.pos:], []byte("?>"))
	if k < 0 {
		return errFallback
	}
	content := string(s.src[s.pos : s.pos+k])
	if v := procInstParam("version", content); v != "" && v != "1.0" {
		return errFallback
	}
	if e := procInstParam("encoding", content); e != "" && !strings.EqualFold(e, "utf-8") {
		return errFallback
	}
	s.pos += k + 2
	t.kind = tokOther
	return nil
}

// procInstParam is encoding/xml's procInst: the value of param in the
// content of a processing instruction.
func procInstParam(param, s string) string {
	param += "="
	lenp := len(param)
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := strings.Index(sub, param)
		if k < 0 || lenp+k >= len(sub) {
			return ""
		}
		i += lenp + k + 1
		if c := sub[lenp+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}

// chars checks the character data from src[i] up to the next '<' (quote
// < 0) or the closing quote of an attribute value, as the decoder does:
// legal characters, well-formed entities, no ]]> in text and no < in a
// value. It returns the offset of the byte that ends it, len(src) at the
// end of the input.
func (s *scanner) chars(i int, quote int) (int, error) {
	src := s.src
	for i < len(src) {
		c := src[i]
		switch {
		case c == '<':
			if quote >= 0 {
				return 0, errFallback
			}
			return i, nil
		case quote >= 0 && c == byte(quote):
			return i, nil
		case c == '&':
			_, n, ok := entityAt(src[i:])
			if !ok {
				return 0, errFallback
			}
			i += n
		case c == ']':
			if quote < 0 && i+2 < len(src) && src[i+1] == ']' && src[i+2] == '>' {
				return 0, errFallback
			}
			i++
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && n == 1 || !legalChar(r) {
				return 0, errFallback
			}
			i += n
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
			return 0, errFallback
		default:
			i++
		}
	}
	return i, nil
}

// legalChar is the XML Char production, which the decoder checks.
func legalChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// entityAt reads the reference at the start of b (&amp;, &#28100;,
// &#x6E05;) as the decoder does, giving the character it stands for and
// its length in bytes; ok is false for any reference the decoder would
// refuse and for a few it accepts but Word never writes (&#X…).
func entityAt(b []byte) (r rune, n int, ok bool) {
	k := 1
	for k < len(b) && k <= 12 && b[k] != ';' {
		k++
	}
	if k >= len(b) || b[k] != ';' {
		return 0, 0, false
	}
	ref := b[1:k]
	switch string(ref) {
	case "lt":
		return '<', k + 1, true
	case "gt":
		return '>', k + 1, true
	case "amp":
		return '&', k + 1, true
	case "apos":
		return '\'', k + 1, true
	case "quot":
		return '"', k + 1, true
	}
	if len(ref) < 2 || ref[0] != '#' {
		return 0, 0, false
	}
	digits, base := ref[1:], 10
	if digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	if len(digits) == 0 {
		return 0, 0, false
	}
	for _, c := range digits {
		if !('0' <= c && c <= '9' || base == 16 && ('a' <= c && c <= 'f' || 'A' <= c && c <= 'F')) {
			return 0, 0, false
		}
	}
	v, err := strconv.ParseUint(string(digits), base, 64)
	if err != nil || v > utf8.MaxRune {
		return 0, 0, false
	}
	r = rune(v)
	if !utf8.ValidRune(r) {
		r = utf8.RuneError // what string(rune(v)) gives for a surrogate
	}
	if !legalChar(r) {
		return 0, 0, false
	}
	return r, k + 1, true
}

// decodeChars gives the text of character data or an attribute value
// the scanner has checked: entities replaced, CR and CRLF read as LF.
func decodeChars(raw []byte) string {
	if !hasSpecial(raw) {
		return string(raw)
	}
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); {
		switch c := raw[i]; c {
		case '&':
			r, n, _ := entityAt(raw[i:])
			out = utf8.AppendRune(out, r)
			i += n
		case '\r':
			out = append(out, '\n')
			i++
			if i < len(raw) && raw[i] == '\n' {
				i++
			}
		default:
			out = append(out, c)
			i++
		}
	}
	return string(out)
}

func hasSpecial(b []byte) bool {
	for _, c := range b {
		if c == '&' || c == '\r' {
			return true
		}
	}
	return false
}
