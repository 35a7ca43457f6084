// Package html reads annual reports published as web pages. It takes the
// raw bytes of a page and gives an extract.Document laid out like every
// other backend's: one line per paragraph or heading, one line per table
// row with the cells separated by tabs.
//
// The steps:
//
//   - Decode: BOM, then valid UTF-8, then the <meta> charset, then
//     GB18030 (GBK and GB2312 pages are common on government sites).
//   - Annotate and parse: one tokenizer pass records the source line of
//     every start tag in an attribute and bounds nesting and element count;
//     golang.org/x/net/html then builds the tree as a browser would.
//   - Find the report: the content text of <body> is measured (Han
//     characters and digits, not links, not chrome such as 您当前所在位置,
//     无障碍, 分享到, ICP 备案, nor <nav>, <header>, <footer> and elements
//     whose class names navigation or sharing); the body is the deepest
//     container holding 90% of it. A title element (…政府信息公开工作年度报告)
//     outside it is put first; failing one, the page's <title>.
//   - Lay out: block elements and <br> end paragraphs; <h1>…<h6> and short
//     lines opening with 一、…十、 (or bold ones opening with （一）) are
//     headings; chrome lines and lines mostly of links inside the body
//     are dropped. Data tables are expanded into a grid: a merged cell at
//     its first position and Merged copies at the others. Tables that lay
//     out the page are read as text; tables nested in a data cell flatten
//     into that cell's text.
//
// Example:
//
//	doc, lines, err := html.ReadWithSource("report.html", src, extract.Limits{})
//	if err != nil { ... } // *extract.Error
//	for i, b := range doc.Blocks {
//		fmt.Printf("html line %d: %s %s\n", lines[i], b.Kind, doc.Slice(b.Span))
//	}
package html
