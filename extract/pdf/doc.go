// Package pdf reads text PDFs into an extract.Document: the canonical text
// of the report (one line per paragraph, one line per table row with cells
// separated by tabs) and its blocks, each with its page.
//
// It takes the object graph from github.com/ledongthuc/pdf but walks the
// content streams itself, because the positions that library reports are
// not fit for layout analysis. The walker follows the text state (Tm, Td,
// TJ, Tc, Tw, Tz, Ts …) and the CTM through q/Q/cm and form XObjects,
// measures every character with the font's own widths (/Widths, CID /W)
// and decodes it with the font's ToUnicode CMap, parsed here. It also
// keeps the ruling lines that are drawn: stroked horizontal and vertical
// segments and thin filled rectangles.
//
// From there the layout is rebuilt. Connected horizontal and vertical
// rules make a grid; a missing rule between two grid positions merges
// them into one cell, and each character goes to the cell under its
// centre, so text wrapped inside a cell (labels, numbers of four digits
// broken over two lines of a narrow column) stays one cell. Lines of text
// outside grids that fall into aligned columns make unruled tables. A
// table that ends a page and one that starts the next with the same
// columns are joined: a cell cut by the page break is made whole and
// header rows repeated on the new page are dropped. Remaining lines join
// into paragraphs unless the spacing, indentation, type size or a short
// line says a new one begins; page numbers and running heads in the
// margins are dropped.
//
// The parser's tokenizer stops at things real content streams contain
// (binary inline images, odd-length hex strings) and hangs or exhausts
// memory on some damage, so each content stream is decoded here first,
// bounded by Limits.MaxUnzipped, cleaned, and only then interpreted; the
// cross-reference data is checked before the parser sizes its tables from
// it.
//
// A file whose text layer cannot be used — a scan without text, an OCR
// layer in GlyphLessFont or invisible text, fonts without a Unicode
// mapping, text of private-use characters — gives an error wrapping
// extract.ErrNeedsOCR that says why. Damaged files give errors, never
// panics, and extract.Limits bound the file size and page count.
//
//	doc, err := pdf.Read("2023.pdf", src, extract.Limits{})
//	if errors.Is(err, extract.ErrNeedsOCR) { ... } // send to OCR
//	for _, b := range doc.Blocks { fmt.Println(b.Page, b.Kind, doc.Slice(b.Span)) }
package pdf
