package annotate

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/beevik/etree"

	"github.com/nianbao/nianbao/export/fix"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/docx"
	"github.com/nianbao/nianbao/validate"
)

const (
	nsW       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"

	relComments  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
	typeComments = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
)

// ErrNotDOCX is returned for documents that were not read from a DOCX.
var ErrNotDOCX = errors.New("only a DOCX file can be annotated")

// Options tune DOCX.
type Options struct {
	Lang         string // "en" for English comments, else Chinese
	TrackChanges bool   // also write each safe fix as a tracked change
	Author       string // the comments' and changes' author; "" means "nianbao"
	// Date stamps comments and changes; the zero time leaves the date out,
	// so that the same input always gives the same bytes.
	Date  time.Time
	Limit extract.Limits // for reading the result back
}

// Stats counts what DOCX wrote.
type Stats struct {
	Comments int // findings written as comments
	Changes  int // edits written as tracked changes
}

// DOCX returns src, the DOCX that doc was read from, with findings as
// comments and, with opts.TrackChanges, the safe fixes as tracked changes.
func DOCX(ctx context.Context, src []byte, doc *extract.Document, findings []validate.Finding, opts Options) ([]byte, Stats, error) {
	var st Stats
	if doc.Format != "docx" || doc.Origin == nil || doc.Origin.Part == "" {
		return nil, st, fmt.Errorf("%s: %w (it is %s)", doc.Path, ErrNotDOCX, doc.Format)
	}
	if opts.Author == "" {
		opts.Author = "nianbao"
	}
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		return nil, st, fmt.Errorf("%s: %w", doc.Path, err)
	}
	part := doc.Origin.Part
	raw, err := readEntry(zr, part)
	if err != nil {
		return nil, st, fmt.Errorf("%s: %w", doc.Path, err)
	}
	a, err := newAnnotator(raw, opts)
	if err != nil {
		return nil, st, fmt.Errorf("%s: %s: %w", doc.Path, part, err)
	}
	commentsPart := path.Join(path.Dir(part), "comments.xml")
	var comments *etree.Document
	if b, err := readEntry(zr, commentsPart); err == nil {
		comments = etree.NewDocument()
		if err := comments.ReadFromBytes(b); err != nil {
			return nil, st, fmt.Errorf("%s: %s: %w", doc.Path, commentsPart, err)
		}
		a.seeIDs(comments.Root())
	}
	want := doc.Text
	var edits []validate.Edit
	if opts.TrackChanges {
		edits, _ = fix.Select(doc.Text, findings)
		for _, e := range edits {
			if err := a.change(doc, fix.Shrink(doc.Text, e)); err != nil {
				return nil, st, fmt.Errorf("%s: tracked change at line %d: %w", doc.Path, line(doc, e.Span.Start), err)
			}
		}
		st.Changes = len(edits)
		want = fix.ApplyText(doc.Text, edits)
	}
	var notes []*etree.Element
	for _, f := range findings {
		id, err := a.comment(doc, f.Span)
		if err != nil {
			return nil, st, fmt.Errorf("%s: %s at line %d: %w", doc.Path, f.Rule.ID, f.Pos.Line, err)
		}
		notes = append(notes, a.commentElement(id, f))
	}
	st.Comments = len(notes)
	if err := a.apply(); err != nil {
		return nil, st, fmt.Errorf("%s: %w", doc.Path, err)
	}
	body, err := a.doc.WriteToBytes()
	if err != nil {
		return nil, st, err
	}
	parts := map[string][]byte{part: body}
	if len(notes) > 0 {
		if comments == nil {
			comments = newComments(a.prefix)
		}
		for _, n := range notes {
			comments.Root().AddChild(n)
		}
		if parts[commentsPart], err = comments.WriteToBytes(); err != nil {
			return nil, st, err
		}
		if err := registerComments(zr, part, commentsPart, parts); err != nil {
			return nil, st, fmt.Errorf("%s: %w", doc.Path, err)
		}
	}
	out, err := rewrite(zr, parts)
	if err != nil {
		return nil, st, fmt.Errorf("%s: %w", doc.Path, err)
	}
	back, err := docx.Read(doc.Path, out, opts.Limit)
	if err != nil {
		return nil, st, fmt.Errorf("%s: the annotated file cannot be read back: %w", doc.Path, err)
	}
	if back.Text != want {
		return nil, st, fmt.Errorf("%s: the annotated file does not read back as intended; nothing was written", doc.Path)
	}
	return out, st, nil
}

func line(doc *extract.Document, off int) int {
	l, _ := doc.LineCol(off)
	return l
}

func readEntry(zr *zip.Reader, name string) ([]byte, error) {
	for _, f := range zr.File {
		if strings.EqualFold(strings.TrimPrefix(f.Name, "/"), name) {
			rc, err := f.Open()
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			defer rc.Close()
			return io.ReadAll(rc)
		}
	}
	return nil, fmt.Errorf("no %s in the package", name)
}

// rewrite copies the archive, entries in parts replaced (those not in it
// added at the end), every other entry copied as stored.
func rewrite(zr *zip.Reader, parts map[string][]byte) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	done := map[string]bool{}
	for _, f := range zr.File {
		name := strings.TrimPrefix(f.Name, "/")
		var body []byte
		var ok bool
		for k, v := range parts {
			if strings.EqualFold(k, name) && !done[k] {
				body, ok = v, true
				done[k] = true
			}
		}
		if !ok {
			if err := zw.Copy(f); err != nil {
				return nil, fmt.Errorf("copy %s: %w", f.Name, err)
			}
			continue
		}
		h := f.FileHeader
		w, err := zw.CreateHeader(&h)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(body); err != nil {
			return nil, err
		}
	}
	var added []string
	for k := range parts {
		if !done[k] {
			added = append(added, k)
		}
	}
	sort.Strings(added)
	for _, k := range added {
		// A fixed time keeps the output the same from run to run.
		w, err := zw.CreateHeader(&zip.FileHeader{Name: k, Method: zip.Deflate, Modified: time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(parts[k]); err != nil {
			return nil, err
		}
	}
	if err := zw.SetComment(zr.Comment); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// registerComments adds the comments part to the main part's
// relationships and to the content types, unless they have it.
func registerComments(zr *zip.Reader, main, comments string, parts map[string][]byte) error {
	relsName := path.Join(path.Dir(main), "_rels", path.Base(main)+".rels")
	target := path.Base(comments)
	rels := etree.NewDocument()
	if b, err := readEntry(zr, relsName); err == nil {
		if err := rels.ReadFromBytes(b); err != nil {
			return fmt.Errorf("%s: %w", relsName, err)
		}
	} else {
		rels.CreateProcInst("xml", `version="1.0" encoding="UTF-8" standalone="yes"`)
		rels.CreateElement("Relationships").CreateAttr("xmlns", "http://schemas.openxmlformats.org/package/2006/relationships")
	}
	root := rels.Root()
	if root == nil {
		return fmt.Errorf("%s: no root element", relsName)
	}
	has, ids := false, map[string]bool{}
	for _, r := range root.ChildElements() {
		ids[r.SelectAttrValue("Id", "")] = true
		if r.SelectAttrValue("Type", "") == relComments {
			has = true
		}
	}
	if !has {
		id := "rIdNianbaoComments"
		for n := 1; ids[id]; n++ {
			id = "rIdNianbaoComments" + strconv.Itoa(n)
		}
		r := root.CreateElement("Relationship")
		r.CreateAttr("Id", id)
		r.CreateAttr("Type", relComments)
		r.CreateAttr("Target", target)
		b, err := rels.WriteToBytes()
		if err != nil {
			return err
		}
		parts[relsName] = b
	}
	ct := etree.NewDocument()
	b, err := readEntry(zr, "[Content_Types].xml")
	if err != nil {
		return err
	}
	if err := ct.ReadFromBytes(b); err != nil {
		return fmt.Errorf("[Content_Types].xml: %w", err)
	}
	if root = ct.Root(); root == nil {
		return errors.New("[Content_Types].xml: no root element")
	}
	for _, o := range root.ChildElements() {
		if o.Tag == "Override" && strings.EqualFold(o.SelectAttrValue("PartName", ""), "/"+comments) {
			return nil
		}
	}
	o := root.CreateElement("Override")
	o.CreateAttr("PartName", "/"+comments)
	o.CreateAttr("ContentType", typeComments)
	if parts["[Content_Types].xml"], err = ct.WriteToBytes(); err != nil {
		return err
	}
	return nil
}

// newComments starts a comments part whose WordprocessingML prefix is
// prefix.
func newComments(prefix string) *etree.Document {
	d := etree.NewDocument()
	d.CreateProcInst("xml", `version="1.0" encoding="UTF-8" standalone="yes"`)
	root := d.CreateElement(prefix + ":comments")
	root.CreateAttr("xmlns:"+prefix, nsW)
	return d
}

// wtext is a w:t element of the main part: where its text lies in the
// part's bytes.
type wtext struct {
	el           *etree.Element
	start, end   int // bytes of its character data
	raw          []byte
	points       []point
	dels         []extract.Span // decoded offsets of deleted text
	hasDelOrMark bool
}

// point is something to put between runs at a decoded offset of a w:t's
// text; kind orders things at the same offset.
type point struct {
	off  int
	kind int
	make func(rPr *etree.Element) []*etree.Element
}

const (
	kindEnd     = iota // a comment's end and its reference
	kindIns            // inserted text, after what it replaces
	kindStart          // a comment's start
	kindAtPoint        // a comment on no text: start, end and reference
)

// annotator edits the main part's tree.
type annotator struct {
	doc    *etree.Document
	opts   Options
	prefix string // the WordprocessingML prefix the part uses ("w")
	ts     []*wtext
	nextID int
}

func newAnnotator(raw []byte, opts Options) (*annotator, error) {
	offs, err := scanText(raw)
	if err != nil {
		return nil, err
	}
	d := etree.NewDocument()
	d.ReadSettings.PreserveCData = true
	if err := d.ReadFromBytes(raw); err != nil {
		return nil, err
	}
	a := &annotator{doc: d, opts: opts, prefix: "w"}
	if root := d.Root(); root != nil && root.Space != "" {
		a.prefix = root.Space
	}
	var els []*etree.Element
	var walk func(e *etree.Element)
	walk = func(e *etree.Element) {
		if e.Tag == "t" && isW(e) {
			els = append(els, e)
		}
		a.seeID(e)
		for _, c := range e.ChildElements() {
			walk(c)
		}
	}
	if d.Root() == nil {
		return nil, errors.New("no root element")
	}
	walk(d.Root())
	if len(els) != len(offs) {
		return nil, fmt.Errorf("found %d w:t elements by offset and %d in the tree", len(offs), len(els))
	}
	for i, e := range els {
		a.ts = append(a.ts, &wtext{el: e, start: offs[i][0], end: offs[i][1], raw: raw[offs[i][0]:offs[i][1]]})
	}
	return a, nil
}

func isW(e *etree.Element) bool {
	ns := e.NamespaceURI()
	return ns == nsW || ns == nsWStrict
}

// seeIDs notes the w:id values used under e, so that new ones differ.
func (a *annotator) seeIDs(e *etree.Element) {
	if e == nil {
		return
	}
	a.seeID(e)
	for _, c := range e.ChildElements() {
		a.seeIDs(c)
	}
}

func (a *annotator) seeID(e *etree.Element) {
	for _, at := range e.Attr {
		if at.Key == "id" {
			if n, err := strconv.Atoi(at.Value); err == nil && n >= a.nextID {
				a.nextID = n + 1
			}
		}
	}
}

func (a *annotator) newID() string {
	id := a.nextID
	a.nextID++
	return strconv.Itoa(id)
}

// scanText returns the byte range of the character data of every w:t
// element of the part, in document order.
func scanText(raw []byte) ([][2]int, error) {
	d := xml.NewDecoder(bytes.NewReader(raw))
	var out [][2]int
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "t" || (se.Name.Space != nsW && se.Name.Space != nsWStrict) {
			continue
		}
		start := int(d.InputOffset())
		end := start
		for depth := 1; depth > 0; {
			end = int(d.InputOffset())
			tok, err := d.Token()
			if err != nil {
				return nil, err
			}
			switch tok.(type) {
			case xml.StartElement:
				depth++
			case xml.EndElement:
				depth--
			}
		}
		out = append(out, [2]int{start, end})
	}
}

// at maps a byte offset of the part inside a w:t's character data to the
// w:t and the offset in its decoded text.
func (a *annotator) at(src int) (*wtext, int, error) {
	i := sort.Search(len(a.ts), func(i int) bool { return a.ts[i].end >= src })
	if i == len(a.ts) || a.ts[i].start > src {
		return nil, 0, fmt.Errorf("byte %d of the part is not in a w:t", src)
	}
	t := a.ts[i]
	n, err := decodedLen(t.raw[:src-t.start])
	return t, n, err
}

// decodedLen is the length of XML character data once its entities and
// line ends are decoded.
func decodedLen(raw []byte) (int, error) {
	if bytes.HasPrefix(raw, []byte("<![CDATA[")) {
		return len(raw) - 9, nil
	}
	var s string
	d := xml.NewDecoder(bytes.NewReader(append(append([]byte("<x>"), raw...), "</x>"...)))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return len(s), nil
		}
		if err != nil {
			return 0, err
		}
		if cd, ok := tok.(xml.CharData); ok {
			s += string(cd)
		}
	}
}

// comment anchors a new comment on the text of sp and returns its id. A
// span the origin maps only in part is anchored on the part it maps (a
// table's span covers the tabs and line ends the reader wrote); a span
// with no text is anchored where it points.
func (a *annotator) comment(doc *extract.Document, sp extract.Span) (string, error) {
	id := a.newID()
	first, last, ok := mapped(doc.Origin, sp)
	if !ok {
		ps, err := doc.Origin.Source(extract.Span{Start: sp.Start, End: sp.Start})
		if err != nil {
			// Nowhere in the text: the next text after it.
			ps, err = doc.Origin.Source(extract.Span{Start: next(doc.Origin, sp.Start), End: next(doc.Origin, sp.Start)})
			if err != nil {
				return "", err
			}
		}
		t, off, err := a.at(ps[0].Src.Start)
		if err != nil {
			return "", err
		}
		t.points = append(t.points, point{off, kindAtPoint, func(*etree.Element) []*etree.Element {
			return []*etree.Element{a.el("commentRangeStart", "id", id), a.el("commentRangeEnd", "id", id), a.reference(id)}
		}})
		return id, nil
	}
	ts, so, err := a.at(first)
	if err != nil {
		return "", err
	}
	te, eo, err := a.at(last)
	if err != nil {
		return "", err
	}
	ts.points = append(ts.points, point{so, kindStart, func(*etree.Element) []*etree.Element {
		return []*etree.Element{a.el("commentRangeStart", "id", id)}
	}})
	te.points = append(te.points, point{eo, kindEnd, func(*etree.Element) []*etree.Element {
		return []*etree.Element{a.el("commentRangeEnd", "id", id), a.reference(id)}
	}})
	return id, nil
}

// mapped returns the source bytes where the mapped text of sp begins and
// ends.
func mapped(o *extract.Origin, sp extract.Span) (first, last int, ok bool) {
	ps := o.Pieces
	i := sort.Search(len(ps), func(i int) bool { return ps[i].Text.End > sp.Start })
	for ; i < len(ps) && ps[i].Text.Start < sp.End; i++ {
		p := ps[i]
		a, b := max(p.Text.Start, sp.Start), min(p.Text.End, sp.End)
		linear := p.Text.Len() == p.Src.Len()
		s, e := p.Src.Start, p.Src.End
		if linear {
			s, e = p.Src.Start+a-p.Text.Start, p.Src.Start+b-p.Text.Start
		}
		if !ok {
			first, ok = s, true
		}
		last = e
	}
	return first, last, ok
}

// next is the first canonical offset at or after off that has a source.
func next(o *extract.Origin, off int) int {
	ps := o.Pieces
	i := sort.Search(len(ps), func(i int) bool { return ps[i].Text.End > off })
	if i < len(ps) {
		return max(off, ps[i].Text.Start)
	}
	if len(ps) > 0 {
		return ps[len(ps)-1].Text.End
	}
	return off
}

// change records a tracked change for edit e.
func (a *annotator) change(doc *extract.Document, e validate.Edit) error {
	ps, err := doc.Origin.Source(e.Span)
	if err != nil {
		return err
	}
	for i, p := range ps {
		ts, so, err := a.at(p.Src.Start)
		if err != nil {
			return err
		}
		te, eo, err := a.at(p.Src.End)
		if err != nil {
			return err
		}
		if ts != te {
			return errors.New("the change crosses w:t elements")
		}
		if so < eo {
			ts.dels = append(ts.dels, extract.Span{Start: so, End: eo})
		}
		if i == 0 && e.NewText != "" {
			text := e.NewText
			ts.points = append(ts.points, point{eo, kindIns, func(rPr *etree.Element) []*etree.Element {
				ins := a.revision("ins")
				r := ins.CreateElement(a.prefix + ":r")
				if rPr != nil {
					r.AddChild(rPr.Copy())
				}
				a.textEl(r, "t", text)
				return []*etree.Element{ins}
			}})
		}
	}
	return nil
}

// el makes a w: element with w: attributes given as name, value pairs.
func (a *annotator) el(tag string, attrs ...string) *etree.Element {
	e := etree.NewElement(a.prefix + ":" + tag)
	for i := 0; i+1 < len(attrs); i += 2 {
		e.CreateAttr(a.prefix+":"+attrs[i], attrs[i+1])
	}
	return e
}

func (a *annotator) reference(id string) *etree.Element {
	r := a.el("r")
	r.AddChild(a.el("commentReference", "id", id))
	return r
}

// revision starts a w:ins or w:del by the author.
func (a *annotator) revision(tag string) *etree.Element {
	e := a.el(tag, "id", a.newID(), "author", a.opts.Author)
	if !a.opts.Date.IsZero() {
		e.CreateAttr(a.prefix+":date", a.opts.Date.UTC().Format(time.RFC3339))
	}
	return e
}

// textEl adds a w:t (or w:delText) holding s to r, keeping its spaces.
func (a *annotator) textEl(r *etree.Element, tag, s string) {
	t := r.CreateElement(a.prefix + ":" + tag)
	t.CreateAttr("xml:space", "preserve")
	t.SetText(s)
}

// commentElement is the w:comment for a finding: its message, then the
// rule's explanation and the fixes offered, a paragraph per line.
func (a *annotator) commentElement(id string, f validate.Finding) *etree.Element {
	c := a.el("comment", "id", id, "author", a.opts.Author, "initials", "nb")
	if !a.opts.Date.IsZero() {
		c.CreateAttr(a.prefix+":date", a.opts.Date.UTC().Format(time.RFC3339))
	}
	lang := a.opts.Lang
	lines := []string{fmt.Sprintf("%s %s：%s", f.Rule.ID, f.Rule.Title.In(lang), f.Message.In(lang))}
	if lang == "en" {
		lines[0] = fmt.Sprintf("%s %s: %s", f.Rule.ID, f.Rule.Title.In(lang), f.Message.In(lang))
	}
	lines = append(lines, strings.Split(f.Rule.Doc.In(lang), "\n")...)
	for _, fx := range f.Fixes {
		if lang == "en" {
			lines = append(lines, "Suggested fix: "+fx.Message.In(lang))
		} else {
			lines = append(lines, "修改建议："+fx.Message.In(lang))
		}
	}
	for _, l := range lines {
		p := c.CreateElement(a.prefix + ":p")
		a.textEl(p.CreateElement(a.prefix+":r"), "t", l)
	}
	return c
}

// apply splits the runs of every w:t that has points or deletions.
func (a *annotator) apply() error {
	for _, t := range a.ts {
		if len(t.points) == 0 && len(t.dels) == 0 {
			continue
		}
		if err := a.split(t); err != nil {
			return err
		}
	}
	return nil
}

// containers are the elements whose children may be runs and the
// comment and revision marks placed between them.
var containers = map[string]bool{
	"p": true, "hyperlink": true, "ins": true, "moveTo": true, "smartTag": true,
	"customXml": true, "sdtContent": true, "fldSimple": true, "bdo": true, "dir": true,
}

// split replaces the run that holds t by runs for the parts of its text
// between the points and deletions, each with a copy of the run's
// properties, and puts the points' elements between them.
func (a *annotator) split(t *wtext) error {
	r := t.el.Parent()
	if r == nil || r.Tag != "r" || !isW(r) {
		return errors.New("a w:t outside a run")
	}
	parent := r.Parent()
	if parent == nil || !containers[parent.Tag] || !isW(parent) {
		return fmt.Errorf("a run inside %s, where comments and changes cannot be placed safely", parent.FullTag())
	}
	text := t.el.Text()
	var rPr *etree.Element
	var before, after []etree.Token
	seen := false
	for _, c := range r.Child {
		switch {
		case c == etree.Token(t.el):
			seen = true
		case isElem(c, "rPr"):
			rPr = c.(*etree.Element)
		case !seen:
			before = append(before, c)
		default:
			after = append(after, c)
		}
	}
	cuts := map[int]bool{0: true, len(text): true}
	for _, p := range t.points {
		if p.off < 0 || p.off > len(text) {
			return fmt.Errorf("offset %d outside the text of a w:t", p.off)
		}
		cuts[p.off] = true
	}
	for _, d := range t.dels {
		cuts[d.Start], cuts[d.End] = true, true
	}
	offs := make([]int, 0, len(cuts))
	for o := range cuts {
		offs = append(offs, o)
	}
	sort.Ints(offs)
	sort.SliceStable(t.points, func(i, j int) bool {
		if t.points[i].off != t.points[j].off {
			return t.points[i].off < t.points[j].off
		}
		return t.points[i].kind < t.points[j].kind
	})
	run := func(children ...etree.Token) *etree.Element {
		n := etree.NewElement(r.FullTag())
		for _, at := range r.Attr {
			n.CreateAttr(at.FullKey(), at.Value)
		}
		if rPr != nil {
			n.AddChild(rPr.Copy())
		}
		for _, c := range children {
			n.AddChild(c)
		}
		return n
	}
	var out []etree.Token
	if len(before) > 0 {
		out = append(out, run(before...))
	}
	pi := 0
	marks := func(off int) {
		for ; pi < len(t.points) && t.points[pi].off == off; pi++ {
			for _, e := range t.points[pi].make(rPr) {
				out = append(out, e)
			}
		}
	}
	for k, off := range offs {
		marks(off)
		if k+1 == len(offs) {
			break
		}
		seg := text[off:offs[k+1]]
		if seg == "" {
			continue
		}
		if t.deleted(off) {
			del := a.revision("del")
			n := run()
			a.textEl(n, "delText", seg)
			del.AddChild(n)
			out = append(out, del)
			continue
		}
		n := run()
		nt := t.el.Copy()
		nt.SetText(seg)
		if strings.TrimSpace(seg) != seg && nt.SelectAttr("xml:space") == nil {
			nt.CreateAttr("xml:space", "preserve")
		}
		n.AddChild(nt)
		out = append(out, n)
	}
	if len(after) > 0 {
		out = append(out, run(after...))
	}
	at := r.Index()
	parent.RemoveChildAt(at)
	for i, c := range out {
		parent.InsertChildAt(at+i, c)
	}
	return nil
}

func (t *wtext) deleted(off int) bool {
	for _, d := range t.dels {
		if off >= d.Start && off < d.End {
			return true
		}
	}
	return false
}

func isElem(c etree.Token, tag string) bool {
	e, ok := c.(*etree.Element)
	return ok && e.Tag == tag && isW(e)
}
