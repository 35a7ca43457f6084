package docx

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/numtok"
)

const (
	nsW       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	nsMC      = "http://schemas.openxmlformats.org/markup-compatibility/2006"
)

// wname is the local name of a WordprocessingML element or attribute, and
// "" for any other namespace. An unbound "w" prefix is accepted too, so
// that fragments without namespace declarations still read.
func wname(n xml.Name) string {
	switch n.Space {
	case nsW, nsWStrict, "w":
		return n.Local
	}
	return ""
}

func isMC(n xml.Name, local string) bool {
	return (n.Space == nsMC || n.Space == "mc") && n.Local == local
}

// val returns the w:val attribute of se.
func val(se elem) (string, bool) {
	if se.s != nil {
		return se.s.val(se.fast)
	}
	for _, a := range se.attrs {
		if a.Name.Local == "val" && (wname(a.Name) != "" || a.Name.Space == "") {
			return a.Value, true
		}
	}
	return "", false
}

func valInt(se elem, lo, hi int) (int, bool) {
	s, ok := val(se)
	if !ok {
		return 0, false
	}
	return (&xVal{Val: &s}).integer(lo, hi)
}

// valOn reads a boolean property such as <w:vanish/> or <w:vanish w:val="0"/>.
func valOn(se elem) bool {
	s, ok := val(se)
	return !ok || truthy(s)
}

// skipped reports the elements whose content is never text: deletions,
// instructions, and property blocks (whose w:tab children are tab stops,
// and whose *Change children hold the properties before a revision). A
// switch, not a map: it runs on every element of the body.
func skipped(name string) bool {
	switch name {
	case "del", "moveFrom", "delText", "instrText", "delInstrText",
		"sdtPr", "sdtEndPr", "sectPr", "customXmlPr", "smartTagPr",
		"tblPr", "tblGrid", "tblPrEx", "fldData", "ffData",
		"footnoteReference", "endnoteReference", "commentReference", "sym":
		return true
	}
	return false
}

type parser struct {
	t   *tokens
	b   *extract.Builder
	st  *styles
	num *numbering
	out int64 // bytes of text produced so far
	// maxOut bounds the text by the archive's unzipped limit: text never
	// outgrows its XML except through list labels, which a hostile
	// numbering.xml could repeat on millions of empty paragraphs.
	maxOut int64
	images bool // the body holds pictures, so an empty text means a scan
	paras  int  // top-level paragraphs emitted, for the title rule
	heads  int  // top-level headings emitted, for the title rule

	// Word records where its last layout broke pages
	// (w:lastRenderedPageBreak); when a file has these marks, blocks get
	// the page they start on. pages holds the count of marks before each
	// block, in the order of the builder's blocks.
	rendered    int
	sawRendered bool
	pages       []int

	// raw holds the bytes of the part read so far, so that the text of
	// each w:t can be traced to them; wt counts the w:t elements read.
	raw *recorder
	wt  int
	// plain is set when the caller drops the Origin: text is then
	// written without its sources, which cost a piece per w:t.
	plain bool
}

// container collects the paragraphs of the body (top), or of a table cell
// or text box, which become lines of one text.
type container struct {
	top   bool
	lines []extract.Traced
	carry extract.Traced // text of paragraphs whose mark was deleted
	// first is the storage of lines until it holds more than one: most
	// cells hold one paragraph.
	first [1]extract.Traced
}

// newContainer is a container for the paragraphs of a cell or text box.
func newContainer() *container {
	c := &container{}
	c.lines = c.first[:0]
	return c
}

type para struct {
	style           string
	numID, ilvl     int
	hasNum, hasIlvl bool
	outline         int // w:outlineLvl of the paragraph itself; -1 if absent
	markDeleted     bool
	page            int // page marks seen before the paragraph began
	sb              extract.Traced
}

// scanDocument is false only in tests, which read with encoding/xml alone
// as the reference the scanner is held to.
var scanDocument = true

// readBody reads the main part in one pass into memory, then parses it
// with the scanner. A part that cannot be read whole, or that the scanner
// leaves to encoding/xml, is read again as it always was, streaming
// through the decoder: that path gives every error, so errors do not
// depend on which path met them.
func readBody(name string, pk *pkg, part string, st *styles, num *numbering) (*extract.Document, error) {
	left := pk.left
	if !scanDocument {
		// the decoder alone: the tests' reference
	} else if src, err := pk.readAll(part); err == nil {
		t := &tokens{s: getScanner(src), part: part, max: pk.maxDepth}
		doc, err := parseBody(name, pk, part, st, num, t, &recorder{buf: src})
		// The document holds copies of what it took from src.
		putScanner(t.s)
		pk.done(src)
		if !errors.Is(err, errFallback) {
			return doc, err
		}
		num.reset()
	}
	pk.left = left
	t, raw, err := pk.recordedTokens(part)
	if err != nil {
		return nil, err
	}
	return parseBody(name, pk, part, st, num, t, raw)
}

func parseBody(name string, pk *pkg, part string, st *styles, num *numbering, t *tokens, raw *recorder) (*extract.Document, error) {
	p := &parser{t: t, b: extract.NewBuilder(name, "docx"), st: st, num: num, maxOut: pk.max, raw: raw, plain: pk.noOrigin}
	if !pk.noOrigin {
		p.b.Trace(part)
	}
	if err := p.document(); err != nil {
		return nil, err
	}
	// The checksum is checked at the end of the part: read on past
	// </w:document>, so that a damaged part is not taken for a whole one.
	if raw.r != nil {
		if _, err := io.Copy(io.Discard, raw.r); err != nil {
			return nil, err
		}
	}
	doc := p.b.Document()
	if p.sawRendered && len(p.pages) == len(doc.Blocks) {
		for i := range doc.Blocks {
			doc.Blocks[i].Page = p.pages[i] + 1
		}
	}
	if strings.TrimSpace(doc.Text) == "" {
		if p.images {
			return nil, fmt.Errorf("%w: the document holds pictures but no text", extract.ErrNeedsOCR)
		}
		return nil, fmt.Errorf("%w: the document body has no text", extract.ErrEmpty)
	}
	return doc, nil
}

func (p *parser) document() error {
	for {
		err := p.t.next()
		if err == io.EOF {
			return fmt.Errorf("%s: no w:document element", p.t.part)
		}
		if err != nil {
			return err
		}
		if p.t.tok.kind == tokStart {
			if se := p.t.tok.elem; wname(se.Name) != "document" {
				return notWord(p.t.part, se.Name)
			}
			break
		}
	}
	return p.children(func(se elem) error {
		if wname(se.Name) != "body" {
			return p.t.skip()
		}
		top := &container{top: true}
		if err := p.blocks(top); err != nil {
			return err
		}
		return p.flush(top)
	})
}

// notWord explains a main part that is not WordprocessingML: the package
// relationships of .xlsx and .pptx files point at their own main parts.
func notWord(part string, root xml.Name) error {
	switch root.Local {
	case "workbook":
		return fmt.Errorf("%w: Excel workbook (.xlsx), not a Word document", extract.ErrUnsupported)
	case "presentation":
		return fmt.Errorf("%w: PowerPoint presentation (.pptx), not a Word document", extract.ErrUnsupported)
	}
	return fmt.Errorf("%w: %s: root element <%s> is not w:document", extract.ErrUnsupported, part, root.Local)
}

// blocks reads block-level content up to the end of the current element.
func (p *parser) blocks(c *container) error {
	return p.children(func(se elem) error { return p.block(se, c) })
}

func (p *parser) block(se elem, c *container) error {
	switch wname(se.Name) {
	case "p":
		pa, err := p.paragraph()
		if err != nil {
			return err
		}
		return p.addPara(c, pa)
	case "tbl":
		tb := &table{page: p.rendered}
		if err := p.tableContent(tb); err != nil {
			return err
		}
		return p.addTable(c, tb)
	}
	return p.wrapper(se, func() error { return p.blocks(c) })
}

// wrapper reads an element that is none of those the level being read
// (body, table, row, paragraph) knows. Most wrap content of that level
// (w:sdt, w:sdtContent, w:customXml, w:ins, w:moveTo, unknown ones):
// content reads it. mc:AlternateContent holds it once per choice; the
// elements in skipped hold none of it (deletions, properties, field
// codes).
func (p *parser) wrapper(se elem, content func() error) error {
	switch {
	case isMC(se.Name, "AlternateContent"):
		return p.alternate(content)
	case skipped(wname(se.Name)):
		return p.t.skip()
	}
	return content()
}

// alternate reads mc:AlternateContent: the first mc:Choice, or the
// mc:Fallback when there is no choice, with body.
func (p *parser) alternate(body func() error) error {
	chosen := false
	return p.children(func(se elem) error {
		if !chosen && (isMC(se.Name, "Choice") || isMC(se.Name, "Fallback")) {
			chosen = true
			return body()
		}
		return p.t.skip()
	})
}

func (p *parser) paragraph() (*para, error) {
	pa := &para{outline: -1, page: p.rendered}
	return pa, p.inline(pa)
}

// inline reads the content of a paragraph, run or inline wrapper up to
// the end of the current element. hidden applies to the run being read.
func (p *parser) inline(pa *para) error {
	hidden := false
	return p.children(func(se elem) error { return p.inlineElement(se, pa, &hidden) })
}

// runChar is the character a run element stands for, if it stands for
// one.
func runChar(name string) (byte, bool) {
	switch name {
	case "tab", "ptab":
		return '\t', true
	case "br", "cr":
		return '\n', true
	case "noBreakHyphen":
		return '-', true
	}
	return 0, false
}

func (p *parser) inlineElement(se elem, pa *para, hidden *bool) error {
	name := wname(se.Name)
	if c, ok := runChar(name); ok {
		if !*hidden {
			pa.sb.WriteByte(c)
		}
		return p.t.skip()
	}
	switch name {
	case "t":
		s, err := p.text()
		if !*hidden {
			pa.sb.WriteTraced(s)
		}
		return err
	case "rPr":
		h, err := p.runProps()
		*hidden = h
		return err
	case "pPr":
		return p.paraProps(pa)
	case "txbxContent", "p", "tbl":
		// A text box (or content standing in for one) inside the
		// paragraph: its paragraphs become lines of this one.
		sub := newContainer()
		var err error
		if name == "txbxContent" {
			err = p.blocks(sub)
		} else {
			err = p.block(se, sub)
		}
		if err != nil {
			return err
		}
		if err := p.flush(sub); err != nil {
			return err
		}
		if len(sub.lines) > 0 && !*hidden {
			pa.sb.WriteByte('\n')
			pa.sb.WriteTraced(joinTraced(sub.lines, "\n"))
			pa.sb.WriteByte('\n')
		}
		return nil
	case "drawing", "pict", "object":
		p.images = true
	case "lastRenderedPageBreak":
		p.rendered++
		p.sawRendered = true
	}
	// w:r, w:hyperlink, w:smartTag, w:fldSimple and drawing markup that
	// may hold a text box wrap inline content too.
	return p.wrapper(se, func() error { return p.inline(pa) })
}

// text returns the character data of a w:t element, traced to the bytes
// of the part.
func (p *parser) text() (extract.Traced, error) {
	var tr extract.Traced
	p.wt++
	for {
		if err := p.t.next(); err != nil {
			return tr, noEOF(err)
		}
		switch tok := &p.t.tok; tok.kind {
		case tokText:
			if p.plain {
				p.t.writeChars(&tr)
			} else {
				p.raw.trace(&tr, p.t.chars(), tok.start, tok.end, p.wt)
			}
		case tokStart:
			if err := p.t.skip(); err != nil {
				return tr, err
			}
		case tokEnd:
			return tr, nil
		}
	}
}

// runProps reads w:rPr and reports whether the run is hidden.
func (p *parser) runProps() (hidden bool, err error) {
	err = p.children(func(se elem) error {
		if wname(se.Name) == "vanish" {
			hidden = valOn(se)
		}
		return p.t.skip()
	})
	return hidden, err
}

// paraProps reads w:pPr: style, list numbering, outline level, and
// whether the paragraph mark itself was deleted as a tracked change.
func (p *parser) paraProps(pa *para) error {
	return p.children(func(se elem) error {
		switch wname(se.Name) {
		case "pStyle":
			pa.style, _ = val(se)
		case "outlineLvl":
			if n, ok := valInt(se, 0, 9); ok {
				pa.outline = n
			}
		case "numPr":
			return p.children(func(se elem) error {
				switch wname(se.Name) {
				case "numId":
					pa.numID, pa.hasNum = valInt(se, 0, 1<<30)
				case "ilvl":
					pa.ilvl, pa.hasIlvl = valInt(se, 0, 8)
				}
				return p.t.skip()
			})
		case "rPr":
			return p.children(func(se elem) error {
				if n := wname(se.Name); n == "del" || n == "moveFrom" {
					pa.markDeleted = true
				}
				return p.t.skip()
			})
		}
		return p.t.skip()
	})
}

// children calls f for each child element of the current element; f must
// consume the child.
func (p *parser) children(f func(elem) error) error {
	for {
		if err := p.t.next(); err != nil {
			return noEOF(err)
		}
		switch p.t.tok.kind {
		case tokEnd:
			return nil
		case tokStart:
			if err := f(p.t.tok.elem); err != nil {
				return err
			}
		}
	}
}

// addPara finishes a paragraph: it restores its list label and hands it to
// the builder, or to the lines of a cell or text box.
func (p *parser) addPara(c *container, pa *para) error {
	if pa.markDeleted {
		// Word joins the text to the next paragraph, whose properties
		// (and list label) the joined paragraph takes.
		c.carry.WriteTraced(pa.sb)
		return nil
	}
	var text extract.Traced
	text.WriteString(p.listLabel(pa))
	text.WriteTraced(c.carry)
	text.WriteTraced(pa.sb)
	c.carry = extract.Traced{}
	return p.emit(c, pa, text)
}

func (p *parser) emit(c *container, pa *para, text extract.Traced) error {
	if err := p.grow(text.Len()); err != nil {
		return err
	}
	if !c.top {
		c.lines = append(c.lines, text)
		return nil
	}
	// The builder joins the lines again, with their sources: joining
	// twice gives what joining once does, so the text for the tests
	// below is joined without them.
	jt := text
	joined := extract.JoinLines(text.String())
	if joined == "" {
		return nil
	}
	kind := extract.Paragraph
	level := p.st.headingLevel(pa.style)
	if pa.outline >= 0 {
		level = pa.outline + 1
	}
	if (level >= 1 && level <= 3) || numtok.SectionHeading(joined) || (p.heads == 0 && p.paras < 3 && titleText(joined)) {
		kind = extract.Heading
		p.heads++
	}
	p.b.ParagraphTraced(kind, jt)
	p.paras++
	p.pages = append(p.pages, pa.page)
	return nil
}

// flush emits text left over by a deleted paragraph mark at the end of a
// container.
func (p *parser) flush(c *container) error {
	if c.carry.Len() == 0 {
		return nil
	}
	text := c.carry
	c.carry = extract.Traced{}
	return p.emit(c, &para{outline: -1, page: p.rendered}, text)
}

func (p *parser) grow(n int) error {
	p.out += int64(n)
	if p.out > p.maxOut {
		return fmt.Errorf("%w: %s: more than %d bytes of text (see --max-unzipped)", extract.ErrTooLarge, p.t.part, p.maxOut)
	}
	return nil
}

// listLabel returns the automatic number of a paragraph (with the space
// that follows it, if any), taking numbering from its style when the
// paragraph has none of its own.
func (p *parser) listLabel(pa *para) string {
	numID, ilvl, hasNum := pa.numID, pa.ilvl, pa.hasNum
	if !hasNum {
		sNum, sIlvl, sHasNum, sHasIlvl := p.st.numbering(pa.style)
		if !sHasNum {
			return ""
		}
		numID, hasNum = sNum, true
		switch {
		case pa.hasIlvl:
		case sHasIlvl:
			ilvl = sIlvl
		default:
			style := pa.style
			if style == "" {
				style = p.st.def
			}
			ilvl = p.num.levelForStyle(numID, style)
		}
	}
	if !hasNum || numID == 0 {
		return ""
	}
	return p.num.next(numID, ilvl)
}

// titleText recognises a report title set as body text, among the first
// paragraphs and before any heading (a document number may come first):
// "<机关>2023年政府信息公开工作年度报告".
func titleText(s string) bool {
	return strings.Contains(s, "报告") && utf8.RuneCountInString(s) <= 80 && !strings.ContainsAny(s, "。；;：:")
}
