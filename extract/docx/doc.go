// Package docx reads Word 2007+ documents (.docx, also .docm/.dotx, and
// .wps files that WPS saved in the same format). It takes the bytes of the
// file and gives an *extract.Document whose canonical text is laid out by
// extract.Builder, exactly as for HTML or PDF input: one line per paragraph
// or heading, one line per table row with the cells separated by tabs.
//
// What is text follows what Word shows, not what the XML happens to hold:
//
//   - Tracked changes count as accepted: w:ins and w:moveTo are text,
//     w:del, w:delText and w:moveFrom are not; a deleted paragraph mark
//     joins its paragraph to the next one. A deleted table row or cell is
//     dropped.
//   - Field instructions (w:instrText) are not text; field results are.
//     Hidden runs (w:vanish) are not text.
//   - Content controls (w:sdt) and their content are kept; for
//     mc:AlternateContent only the first mc:Choice is read, because the
//     mc:Fallback repeats it.
//   - Automatic list numbers are restored from numbering.xml, because
//     reports often number their sections and table labels (一、 （一）
//     1.) with Word lists instead of typing them. Counters follow Word:
//     numbering instances that share an abstract list continue one
//     another unless a w:startOverride restarts them; using a level
//     restarts the deeper ones (w:lvlRestart can change that). Bullets
//     give no label.
//   - A paragraph is a Heading when its style (through w:basedOn) is a
//     heading of level 1 to 3 (Heading 1, 标题 1, Title, w:outlineLvl 0–2),
//     when it is a short 一、… line (the rule extract/txt uses, so the
//     kinds agree across formats), or when it reads like a report title
//     among the first paragraphs, before any other heading.
//   - Pages are known only when Word recorded its last layout
//     (w:lastRenderedPageBreak): blocks then carry the page they start
//     on. Files without the marks (LibreOffice, WPS) leave Page at 0,
//     because counting explicit breaks alone would give wrong pages.
//
// Tables: w:gridSpan becomes ColSpan; w:vMerge restart/continue becomes a
// RowSpan on the first cell plus a Merged copy at every continued
// position; w:gridBefore shifts the grid column of the row's first cell,
// and skipped grid columns give no cell. A table nested in a cell is
// flattened into the cell's text, one line per inner row, because the
// Document model has no cells within cells and the reports' own tables
// are never nested; the outer grid, which the later stages read, stays
// intact. Text boxes are joined to the paragraph that anchors them.
// Headers, footers, footnotes and comments are not read: the reports'
// content is in the body.
//
// The input is untrusted. Read bounds the file size, the number of zip
// entries (counted from the central directory before archive/zip
// allocates them), the total uncompressed size (counted while
// decompressing, not taken from the headers), the expansion ratio of each
// large entry, the XML nesting depth and the size of the text produced.
// Every failure is an *extract.Error; legacy binary formats (.doc, old
// .wps, encrypted files) and other non-zip input wrap
// extract.ErrUnsupported and name what the file is.
//
//	src, _ := os.ReadFile("2023年报.docx")
//	doc, err := docx.Read("2023年报.docx", src, extract.Limits{})
//	if errors.Is(err, extract.ErrUnsupported) { ... } // e.g. a .doc file
//	for _, b := range doc.Blocks { fmt.Println(b.Kind, doc.Slice(b.Span)) }
package docx
