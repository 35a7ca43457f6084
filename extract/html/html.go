package html

import (
	"fmt"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/nianbao/nianbao/extract"
)

// Read decodes and parses a web page and returns the report on it as a
// Document in format "html". path only names the document in positions
// and errors. Errors are *extract.Error wrapping extract.ErrTooLarge (the
// page exceeds lim.MaxBytes, nests deeper than lim.MaxDepth, or has absurdly
// many elements or table cells), extract.ErrEncoding (the bytes are not
// text in any encoding the page could be in) or extract.ErrEmpty (no text).
func Read(path string, src []byte, lim extract.Limits) (*extract.Document, error) {
	doc, lines, err := ReadWithSource(path, src, lim)
	if err != nil {
		return nil, err
	}
	for i := range doc.Blocks {
		if i < len(lines) {
			doc.Blocks[i].SourceLine = lines[i]
		}
	}
	return doc, nil
}

// ReadWithSource is Read that also returns where each block came from:
// lines[i] is the 1-based line of the page source (counting LF, CRLF and
// CR as one line end each) where doc.Blocks[i] starts: the line of the
// <table> tag for a table, of the first character for a paragraph or
// heading, and of the element's start tag for a title taken from outside
// the report body.
//
// The lines are a slice parallel to doc.Blocks rather than a field of
// extract.Block because only this backend has them (a PDF has pages, a
// DOCX has neither) and the shared model stays format-neutral; a caller
// that wants to point at the HTML keeps the slice next to the document.
func ReadWithSource(path string, src []byte, lim extract.Limits) (doc *extract.Document, lines []int, err error) {
	lim = lim.OrDefault()
	fail := func(err error) (*extract.Document, []int, error) {
		return nil, nil, &extract.Error{Path: path, Err: err}
	}
	if int64(len(src)) > lim.MaxBytes {
		return fail(fmt.Errorf("%w: %d bytes > %d (see --max-bytes)", extract.ErrTooLarge, len(src), lim.MaxBytes))
	}
	text, enc, err := decode(src)
	if err != nil {
		return fail(err)
	}
	toks := new(tokens)
	marked, err := annotate(text, lim.MaxDepth, toks)
	if err != nil {
		return fail(err)
	}
	root, err := html.Parse(marked)
	if err != nil {
		// Reading from memory cannot fail, so this is the parser's own
		// limit of 512 open elements, which annotate's estimate missed.
		return fail(fmt.Errorf("%w: %v", extract.ErrTooLarge, err))
	}
	doc, lines, err = build(path, root, lim.MaxDepth, toks, !lim.NoOrigin)
	if err != nil {
		return fail(err)
	}
	doc.Encoding = enc
	traceToFile(doc, src, text)
	return doc, lines, nil
}

// traceToFile makes the origin of doc, traced to the decoded page, point
// into the file src the page was decoded from; it drops the origin when
// the decoding cannot be traced (an encoding other than UTF-8, GB18030 or
// UTF-16).
func traceToFile(doc *extract.Document, src, page []byte) {
	if doc.Origin == nil || len(page) == len(src) && doc.Encoding == "utf-8" {
		return // UTF-8 without a BOM: the page is the file
	}
	via, ok := extract.DecodedPieces(src, doc.Encoding, string(page), false)
	if !ok {
		doc.Origin = nil
		return
	}
	doc.Origin.Pieces = extract.Compose(doc.Origin.Pieces, via)
}

// build finds the report in the parsed page and lays it out, with the
// document's Origin when origin is set.
func build(path string, root *html.Node, maxDepth int, toks *tokens, origin bool) (*extract.Document, []int, error) {
	body := find(root, atom.Body, 2)
	if body == nil {
		return nil, nil, fmt.Errorf("%w: the page has no <body>", extract.ErrEmpty)
	}
	sc := &scorer{maxDepth: maxDepth, cells: make(map[*html.Node]cellInfo), layouts: make(map[*html.Node]bool)}
	st, err := sc.visit(body, 2, flags{})
	if err != nil {
		return nil, nil, err
	}
	sc.choose(body, st.text)
	w := &walker{b: extract.NewBuilder(path, "html"), maxDepth: maxDepth, layouts: sc.layouts, grid: gridBudget, pairs: pairer{toks: toks, at: root}}
	if origin {
		w.b.Trace("")
	}
	if t := sc.title(); t != nil {
		w.add(extract.Heading, textOf(t.n), lineOf(t.n))
		w.sawTitle = true
	} else if len(sc.titles) == 0 {
		// No title in the body at all: the <title> is the last place
		// where the agency and year are written.
		if text, n := headTitle(root); n != nil {
			w.add(extract.Heading, text, lineOf(n))
			w.sawTitle = true
		}
	}
	if err := w.walk(sc.body, 0, context{}); err != nil {
		return nil, nil, err
	}
	w.flush()
	doc := w.b.Document()
	if doc.Text == "" {
		return nil, nil, extract.ErrEmpty
	}
	return doc, w.lines, nil
}
