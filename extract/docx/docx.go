package docx

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf16"
	"unsafe"

	"github.com/nianbao/nianbao/extract"
)

// Read parses the DOCX file held in src and returns its document. path only
// names the document in positions and errors. Zero fields of lim take
// their defaults.
func Read(path string, src []byte, lim extract.Limits) (*extract.Document, error) {
	doc, err := read(path, src, lim.OrDefault())
	if err != nil {
		return nil, &extract.Error{Path: path, Err: err}
	}
	return doc, nil
}

func read(name string, src []byte, lim extract.Limits) (*extract.Document, error) {
	if int64(len(src)) > lim.MaxBytes {
		return nil, fmt.Errorf("%w: %d bytes > %d (see --max-bytes)", extract.ErrTooLarge, len(src), lim.MaxBytes)
	}
	if len(src) == 0 {
		return nil, fmt.Errorf("%w: empty file", extract.ErrEmpty)
	}
	if !bytes.HasPrefix(src, []byte("PK\x03\x04")) && !bytes.HasPrefix(src, []byte("PK\x05\x06")) {
		return nil, fmt.Errorf("%w: %s", extract.ErrUnsupported, sniff(name, src))
	}
	p, err := openPackage(src, lim)
	if err != nil {
		return nil, err
	}
	defer p.release()
	main, err := p.mainPart()
	if err != nil {
		return nil, err
	}
	rels, err := p.relationships(main)
	if err != nil {
		return nil, err
	}
	st := &styles{byID: map[string]*style{}}
	if part := rels.target("styles", "word/styles.xml"); p.has(part) {
		if st, err = readStyles(p, part); err != nil {
			return nil, err
		}
	}
	num := newNumbering(st)
	if part := rels.target("numbering", "word/numbering.xml"); p.has(part) {
		if err := num.read(p, part); err != nil {
			return nil, err
		}
	}
	return readBody(name, p, main, st, num)
}

// sniff names what a file that is not a zip archive is, for the error
// message: people often rename or mislabel files, and government sites
// serve web pages and RTF with a .doc extension.
func sniff(name string, src []byte) string {
	ext := strings.ToLower(path.Ext(name))
	head := src[:min(len(src), 1024)]
	switch {
	case bytes.HasPrefix(src, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return ole2(ext, src)
	case bytes.HasPrefix(src, []byte("%PDF-")):
		return "PDF document, not DOCX"
	case bytes.HasPrefix(src, []byte(`{\rtf`)):
		return "RTF document (often saved with a .doc extension); save it as .docx"
	case bytes.Contains(head, []byte("MIME-Version:")):
		return "MHTML web archive (a web page saved as .doc); read it as HTML"
	case bytes.Contains(head, []byte("w:wordDocument")) || bytes.Contains(head, []byte(`progid="Word.Document"`)):
		return "Word 2003 XML document; save it as .docx"
	case bytes.Contains(head, []byte("pkg:package")):
		return "Word flat OPC XML document; save it as .docx"
	case bytes.Contains(bytes.ToLower(head), []byte("<html")):
		return "HTML page (saved with a " + ext + " extension); read it as HTML"
	}
	return "not a zip archive, so not a DOCX file"
}

// ole2 tells the binary formats stored in an OLE2 compound file apart by
// the names of their streams, which are UTF-16 in the directory.
func ole2(ext string, src []byte) string {
	has := func(stream string) bool {
		u := utf16.Encode([]rune(stream))
		b := make([]byte, 2*len(u))
		for i, c := range u {
			b[2*i], b[2*i+1] = byte(c), byte(c>>8)
		}
		return bytes.Contains(src, b)
	}
	switch {
	case has("EncryptedPackage"):
		return "password-protected Office document (OLE2 EncryptedPackage); remove the password and save as .docx"
	case ext == ".wps":
		return "WPS Office .wps document (OLE2 compound file); save it as .docx"
	case has("WordDocument"):
		return "Word 97-2003 .doc document (OLE2 compound file); save it as .docx"
	case has("Workbook") || has("Book"):
		return "Excel 97-2003 .xls workbook (OLE2 compound file), not a report document"
	}
	return "OLE2 compound file (.doc, .wps or similar binary Office format); save it as .docx"
}

// rels are the relationships of one part: how it names the parts it uses.
type rels struct {
	base string // directory of the source part
	list []rel
}

type rel struct {
	Type       string `xml:"Type,attr"`
	Target     string `xml:"Target,attr"`
	TargetMode string `xml:"TargetMode,attr"`
}

// target returns the part of the first relationship whose type ends in
// kind, which matches the transitional and the strict OOXML type URIs
// alike, or fallback, the name Word gives the part.
func (r rels) target(kind, fallback string) string {
	for _, x := range r.list {
		if strings.HasSuffix(x.Type, "/"+kind) && !strings.EqualFold(x.TargetMode, "External") {
			if strings.HasPrefix(x.Target, "/") {
				return path.Clean(x.Target)[1:]
			}
			return path.Join(r.base, x.Target)
		}
	}
	return fallback
}

func (p *pkg) readRels(name string) (rels, error) {
	var r rels
	if !p.has(name) {
		return r, nil
	}
	if p.scanSmall(name, func(t *tokens) error { return scanRels(t, &r.list) }) {
		return r, nil
	}
	r.list = nil
	var v struct {
		Rels []rel `xml:"Relationship"`
	}
	if err := p.decode(name, &v); err != nil {
		return r, err
	}
	r.list = v.Rels
	return r, nil
}

// mainPart finds the main document through the package relationships;
// Word and WPS call it word/document.xml, but the name is not fixed.
func (p *pkg) mainPart() (string, error) {
	r, err := p.readRels("_rels/.rels")
	if err != nil {
		return "", err
	}
	if main := r.target("officeDocument", "word/document.xml"); p.has(main) {
		return main, nil
	}
	if p.has("word/document.xml") {
		return "word/document.xml", nil
	}
	switch {
	case p.has("mimetype"):
		return "", fmt.Errorf("%w: OpenDocument file (.odt or similar); save it as .docx", extract.ErrUnsupported)
	case p.has("xl/workbook.xml"):
		return "", fmt.Errorf("%w: Excel workbook (.xlsx), not a Word document", extract.ErrUnsupported)
	case p.has("ppt/presentation.xml"):
		return "", fmt.Errorf("%w: PowerPoint presentation (.pptx), not a Word document", extract.ErrUnsupported)
	}
	return "", fmt.Errorf("%w: zip archive without a Word main document (word/document.xml)", extract.ErrUnsupported)
}

// relationships reads the relationships of part, e.g.
// word/_rels/document.xml.rels for word/document.xml.
func (p *pkg) relationships(part string) (rels, error) {
	r, err := p.readRels(path.Join(path.Dir(part), "_rels", path.Base(part)+".rels"))
	r.base = path.Dir(part)
	if r.base == "." {
		r.base = ""
	}
	return r, err
}

// tokens reads the XML of one part, refusing nesting deeper than max:
// with encoding/xml (Token, for the small parts and wherever the scanner
// gives up) or with the scanner (next, for document.xml).
type tokens struct {
	d     *xml.Decoder
	s     *scanner // nil: next reads d
	part  string
	depth int
	max   int
	tok   token // the token next read
}

type tokKind uint8

const (
	tokOther tokKind = iota // comment, processing instruction, directive
	tokStart
	tokEnd
	tokText
)

// token is what next read. For tokStart and tokEnd, elem holds the
// translated name; for tokStart, its attributes too, valid until the next
// call. For tokText, start and end are its bytes in the part; data is its
// text when the decoder read it.
type token struct {
	kind       tokKind
	elem       elem
	start, end int
	data       []byte
}

// elem is a start tag as the body parser reads it. Its attributes are
// attrs, translated and decoded, when the decoder read it; when the
// scanner did, they are fast, bytes of the part that s translates and
// decodes when asked: most attributes (rsid, fonts, sizes) never are.
type elem struct {
	Name  xml.Name
	attrs []xml.Attr
	fast  []fastAttr
	s     *scanner
}

// next reads the next token into t.tok, with the depth limit of Token.
func (t *tokens) next() error {
	if t.s == nil {
		start := t.d.InputOffset()
		tok, err := t.Token()
		if err != nil {
			return err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			t.tok = token{kind: tokStart, elem: elem{Name: tok.Name, attrs: tok.Attr}}
		case xml.EndElement:
			t.tok = token{kind: tokEnd, elem: elem{Name: tok.Name}}
		case xml.CharData:
			t.tok = token{kind: tokText, start: int(start), end: int(t.d.InputOffset()), data: tok}
		default:
			t.tok = token{kind: tokOther}
		}
		return nil
	}
	if err := t.s.next(&t.tok); err != nil {
		return err
	}
	switch t.tok.kind {
	case tokStart:
		t.depth++
		if t.depth > t.max {
			return t.tooDeep()
		}
	case tokEnd:
		t.depth--
	}
	return nil
}

// chars is the text of the tokText just read.
func (t *tokens) chars() string {
	if t.s == nil {
		return string(t.tok.data)
	}
	return decodeChars(t.s.src[t.tok.start:t.tok.end])
}

// writeChars appends the text of the tokText just read to tr, as chars
// gives it, without a string of its own where the text needs no decoding.
func (t *tokens) writeChars(tr *extract.Traced) {
	var raw []byte
	if t.s == nil {
		raw = t.tok.data
	} else if raw = t.s.src[t.tok.start:t.tok.end]; hasSpecial(raw) {
		tr.WriteString(decodeChars(raw))
		return
	}
	// WriteString copies the bytes and keeps nothing of the string.
	tr.WriteString(unsafe.String(unsafe.SliceData(raw), len(raw)))
}

func (t *tokens) tooDeep() error {
	return fmt.Errorf("%w: %s: XML nested deeper than %d elements (see --max-depth)", extract.ErrTooLarge, t.part, t.max)
}

func (p *pkg) tokens(name string) (*tokens, error) {
	r, err := p.open(name)
	if err != nil {
		return nil, err
	}
	return &tokens{d: xml.NewDecoder(r), part: name, max: p.maxDepth}, nil
}

// Token implements xml.TokenReader so that xml.NewTokenDecoder can unmarshal
// small parts under the same depth limit.
func (t *tokens) Token() (xml.Token, error) {
	tok, err := t.d.Token()
	if err != nil {
		if err == io.EOF && t.depth == 0 {
			return nil, io.EOF
		}
		return nil, t.wrap(err)
	}
	switch tok.(type) {
	case xml.StartElement:
		t.depth++
		if t.depth > t.max {
			return nil, t.tooDeep()
		}
	case xml.EndElement:
		t.depth--
	}
	return tok, nil
}

// wrap names the part in decoder errors; errors from reading the entry
// (limits, corrupt data) name it already.
func (t *tokens) wrap(err error) error {
	if strings.Contains(err.Error(), t.part) {
		return err
	}
	return fmt.Errorf("%s: %w", t.part, err)
}

// skip consumes the rest of the element whose start next just read.
func (t *tokens) skip() error {
	for depth := t.depth - 1; t.depth > depth; {
		if err := t.next(); err != nil {
			return noEOF(err)
		}
	}
	return nil
}

// noEOF turns an end of input inside an element into an error.
func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// decode unmarshals a small part (relationships, styles, numbering).
func (p *pkg) decode(name string, v any) error {
	t, err := p.tokens(name)
	if err != nil {
		return err
	}
	if err := xml.NewTokenDecoder(t).Decode(v); err != nil {
		if err == io.EOF {
			return fmt.Errorf("%s: no XML content", name)
		}
		if !strings.Contains(err.Error(), name) {
			return fmt.Errorf("%s: %w", name, err)
		}
		return err
	}
	return nil
}
