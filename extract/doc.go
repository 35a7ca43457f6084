// Package extract turns an input file into a Document: the canonical UTF-8
// text of the report and its blocks (headings, paragraphs, tables with rows
// and cells), each carrying a Span into that text. A Span resolves to a
// Position (line and column in characters, page, table cell), so later
// stages record locations once and never search for them again.
//
// Readers whose source can be edited in place (text, HTML, DOCX) also
// record the Document's Origin: which source bytes each part of the
// canonical text was read from, so that a fix made on the canonical text
// can be made in the file (export/fix, export/annotate).
//
// The backends live in subpackages named after what they read
// (extract/txt, and later extract/html, extract/docx, extract/pdf);
// extract/input sniffs the content of a file and picks one with a plain
// switch.
//
//	doc, err := input.Read(ctx, "report.txt", extract.Limits{})
//	if err != nil { ... }          // *extract.Error naming the file
//	for _, b := range doc.Blocks { fmt.Println(b.Kind, doc.Slice(b.Span)) }
package extract
