package fix

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/input"
	"github.com/nianbao/nianbao/validate"
)

// ErrNotEditable is returned for documents whose source cannot be edited
// in place: PDF and scans, whose text was laid out or recognised.
var ErrNotEditable = errors.New("the source cannot be edited in place")

// Select returns the edits of the fixes that can be made without a person
// choosing: the finding's only fix, marked Safe, each shrunk to the
// characters it changes in text (the canonical text the findings point
// into; see Shrink). They come sorted by position; edits that overlap
// with different text are left out (both), a repeat of the same edit is
// made once. skipped lists the findings whose fixes were left out for
// overlapping.
func Select(text string, findings []validate.Finding) (edits []validate.Edit, skipped []validate.Finding) {
	type owned struct {
		e validate.Edit
		f int
	}
	var all []owned
	for i, f := range findings {
		if len(f.Fixes) != 1 || !f.Fixes[0].Safe {
			continue
		}
		for _, e := range f.Fixes[0].Edits {
			if e.Span.Start < 0 || e.Span.End > len(text) || e.Span.End < e.Span.Start {
				continue
			}
			all = append(all, owned{Shrink(text, e), i})
		}
	}
	sort.SliceStable(all, func(i, j int) bool {
		a, b := all[i].e.Span, all[j].e.Span
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.End < b.End
	})
	drop := map[int]bool{}
	for i := 1; i < len(all); i++ {
		a, b := all[i-1].e, all[i].e
		switch {
		case a == b:
			all[i].f = -1 // the same edit twice: keep one
		case b.Span.Start < a.Span.End || (a.Span.Len() == 0 && b.Span.Start == a.Span.Start):
			drop[all[i-1].f], drop[all[i].f] = true, true
		}
	}
	for _, o := range all {
		if o.f >= 0 && !drop[o.f] {
			edits = append(edits, o.e)
		}
	}
	for i := range findings {
		if drop[i] {
			skipped = append(skipped, findings[i])
		}
	}
	return edits, skipped
}

// Result is a corrected file.
type Result struct {
	Src  []byte // the whole corrected file
	Text string // its canonical text, as the reader reads it back
}

// Apply makes edits, spans of doc.Text sorted and not overlapping (as
// Select gives them), in src, the file doc was read from, and reads the
// result back under lim to check that it gives exactly doc.Text with the
// edits made. With no edits it returns src unchanged.
func Apply(ctx context.Context, src []byte, doc *extract.Document, edits []validate.Edit, lim extract.Limits) (*Result, error) {
	if doc.Origin == nil {
		return nil, fmt.Errorf("%s: %w (%s)", doc.Path, ErrNotEditable, doc.Format)
	}
	want := ApplyText(doc.Text, edits)
	if len(edits) == 0 {
		return &Result{Src: src, Text: doc.Text}, nil
	}
	var out []byte
	var err error
	switch doc.Format {
	case "text", "html":
		out, err = applySource(src, doc, edits)
	case "docx":
		out, err = applyDOCX(src, doc, edits)
	default:
		return nil, fmt.Errorf("%s: %w (%s)", doc.Path, ErrNotEditable, doc.Format)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", doc.Path, err)
	}
	back, err := input.Bytes(ctx, doc.Path, out, lim)
	if err != nil {
		return nil, fmt.Errorf("%s: the corrected file cannot be read back: %w", doc.Path, err)
	}
	if back.Text != want {
		return nil, fmt.Errorf("%s: the corrected file does not read back as intended (%s); nothing was changed", doc.Path, firstDiff(want, back.Text))
	}
	return &Result{Src: out, Text: back.Text}, nil
}

// ApplyText makes edits, sorted and not overlapping, in the canonical
// text.
func ApplyText(text string, edits []validate.Edit) string {
	var sb strings.Builder
	at := 0
	for _, e := range edits {
		sb.WriteString(text[at:e.Span.Start])
		sb.WriteString(e.NewText)
		at = e.Span.End
	}
	sb.WriteString(text[at:])
	return sb.String()
}

// splice is a replacement of source bytes.
type splice struct {
	at   extract.Span
	text string // new text, not yet escaped or encoded
}

// splices maps edits to the source: each edit shrinks to the characters
// it changes (溜川→淄川 replaces 溜 only, so that a change that ends up
// crossing nodes stays small), then becomes one splice per source node it
// touches, the first node taking the new text and the others losing
// theirs.
func splices(doc *extract.Document, edits []validate.Edit) ([]splice, error) {
	var out []splice
	for _, e := range edits {
		e = Shrink(doc.Text, e)
		ps, err := doc.Origin.Source(e.Span)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line(doc, e.Span.Start), err)
		}
		for i, p := range ps {
			text := ""
			if i == 0 {
				text = e.NewText
			}
			out = append(out, splice{p.Src, text})
		}
	}
	for i := 1; i < len(out); i++ {
		if out[i].at.Start < out[i-1].at.End {
			return nil, fmt.Errorf("two edits meet in the same source bytes %d..%d", out[i].at.Start, out[i-1].at.End)
		}
	}
	return out, nil
}

func line(doc *extract.Document, off int) int {
	l, _ := doc.LineCol(off)
	return l
}

// Shrink drops the characters an edit keeps at either end of the text
// it replaces.
func Shrink(text string, e validate.Edit) validate.Edit {
	old, nw := text[e.Span.Start:e.Span.End], e.NewText
	for old != "" && nw != "" {
		r1, n1 := utf8.DecodeRuneInString(old)
		r2, n2 := utf8.DecodeRuneInString(nw)
		if r1 != r2 || r1 == utf8.RuneError {
			break
		}
		old, nw = old[n1:], nw[n2:]
		e.Span.Start += n1
	}
	for old != "" && nw != "" {
		r1, n1 := utf8.DecodeLastRuneInString(old)
		r2, n2 := utf8.DecodeLastRuneInString(nw)
		if r1 != r2 || r1 == utf8.RuneError {
			break
		}
		old, nw = old[:len(old)-n1], nw[:len(nw)-n2]
		e.Span.End -= n1
	}
	e.NewText = nw
	return e
}

// applySource makes the edits in a text file or a web page: in the bytes
// of the file itself, the new text escaped for HTML and encoded as the
// file is.
func applySource(src []byte, doc *extract.Document, edits []validate.Edit) ([]byte, error) {
	sp, err := splices(doc, edits)
	if err != nil {
		return nil, err
	}
	enc, err := encoder(doc.Encoding)
	if err != nil {
		return nil, err
	}
	nl := "\n"
	if crlf, _ := encodeIn(enc, "\r\n"); crlf != nil && bytes.Contains(src, crlf) {
		nl = "\r\n"
	}
	var out bytes.Buffer
	at := 0
	for _, s := range sp {
		text := strings.ReplaceAll(s.text, "\n", nl)
		if doc.Format == "html" {
			text = escapeText(text)
		}
		b, err := encodeIn(enc, text)
		if err != nil {
			return nil, fmt.Errorf("%q cannot be written in %s", s.text, doc.Encoding)
		}
		out.Write(src[at:s.at.Start])
		out.Write(b)
		at = s.at.End
	}
	out.Write(src[at:])
	return out.Bytes(), nil
}

// encoder returns the encoding the readers name; nil means UTF-8.
func encoder(name string) (encoding.Encoding, error) {
	switch name {
	case "utf-8":
		return nil, nil
	case "gb18030":
		return simplifiedchinese.GB18030, nil
	case "utf-16le":
		return xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), nil
	case "utf-16be":
		return xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM), nil
	}
	return nil, fmt.Errorf("cannot write text in %s", name)
}

func encodeIn(enc encoding.Encoding, s string) ([]byte, error) {
	if enc == nil {
		return []byte(s), nil
	}
	// The strict encoder: a character the file's encoding lacks is an
	// error, never a replacement.
	return enc.NewEncoder().Bytes([]byte(s))
}

// escapeText escapes what HTML and XML text cannot hold as it is.
var escapeText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace

// applyDOCX makes the edits in the text of word/document.xml (the part
// the origin names) and writes the package again, every other entry
// copied as it was stored.
func applyDOCX(src []byte, doc *extract.Document, edits []validate.Edit) ([]byte, error) {
	sp, err := splices(doc, edits)
	if err != nil {
		return nil, err
	}
	return rewritePart(src, doc.Origin.Part, func(xml []byte) ([]byte, error) {
		if !utf8XML(xml) {
			return nil, fmt.Errorf("%s is not UTF-8 XML", doc.Origin.Part)
		}
		var out bytes.Buffer
		at := 0
		for _, s := range sp {
			out.Write(xml[at:s.at.Start])
			out.WriteString(escapeText(s.text))
			at = s.at.End
		}
		out.Write(xml[at:])
		return out.Bytes(), nil
	})
}

// utf8XML reports whether an XML part is UTF-8: no declaration, or one
// that names UTF-8.
func utf8XML(b []byte) bool {
	if bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) {
		return true
	}
	if !bytes.HasPrefix(b, []byte("<?xml")) {
		return !bytes.HasPrefix(b, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(b, []byte{0xFE, 0xFF})
	}
	end := bytes.Index(b, []byte("?>"))
	if end < 0 {
		return false
	}
	decl := strings.ToLower(string(b[:end]))
	i := strings.Index(decl, "encoding")
	if i < 0 {
		return true
	}
	return strings.Contains(decl[i:], "utf-8") || strings.Contains(decl[i:], "utf8")
}

// RewritePart returns the zip archive src with the entry named part (OPC
// names compare without case) replaced by what edit makes of it, and
// every other entry copied as stored, compressed bytes and headers
// unchanged, in the same order.
func RewritePart(src []byte, part string, edit func([]byte) ([]byte, error)) ([]byte, error) {
	return rewritePart(src, part, edit)
}

func rewritePart(src []byte, part string, edit func([]byte) ([]byte, error)) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		return nil, fmt.Errorf("read zip: %w", err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	found := false
	for _, f := range zr.File {
		if found || !strings.EqualFold(strings.TrimPrefix(f.Name, "/"), part) {
			if err := zw.Copy(f); err != nil {
				return nil, fmt.Errorf("copy %s: %w", f.Name, err)
			}
			continue
		}
		found = true
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		old, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		nw, err := edit(old)
		if err != nil {
			return nil, err
		}
		h := f.FileHeader
		w, err := zw.CreateHeader(&h)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		if _, err := w.Write(nw); err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
	}
	if !found {
		return nil, fmt.Errorf("no %s in the package", part)
	}
	if err := zw.SetComment(zr.Comment); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// firstDiff describes where two texts first differ, by line.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d: want %q, got %q", i+1, clip(w), clip(g))
		}
	}
	return "same lines"
}

func clip(s string) string {
	if utf8.RuneCountInString(s) <= 60 {
		return s
	}
	return string([]rune(s)[:60]) + "…"
}
