// Package txt reads plain-text reports: it decodes the bytes (BOM, UTF-8
// or GB18030, decided from the content), keeps the text as the canonical
// text, and finds the blocks in it: headings, paragraphs, and tables in the
// shapes that copy-pasted reports take (tab-separated rows, rows with "|"
// separators, one cell per line between "|" markers, and rows whose numbers
// are separated by spaces).
//
//	doc, err := txt.Read("report.txt", src, extract.Limits{})
package txt
