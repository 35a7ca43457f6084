package gen

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"time"
)

// DOCX renders r as a Word document: the smallest package Word opens
// (content types, relationships, styles, document), with the tables
// merged as Word writes them: w:gridSpan across, w:vMerge restart and
// continue down. Chrome and GBK do not apply to Word files.
func DOCX(r *Report, d Damage) []byte {
	var body strings.Builder
	for _, b := range r.layout(d) {
		switch b.kind {
		case bTitle:
			body.WriteString(`<w:p><w:pPr><w:jc w:val="center"/></w:pPr>`)
			run(&body, b.text, `<w:b/><w:sz w:val="36"/>`)
			body.WriteString(`</w:p>`)
		case bHeading:
			body.WriteString(`<w:p><w:pPr><w:spacing w:before="120" w:after="120"/></w:pPr>`)
			run(&body, b.text, `<w:rFonts w:eastAsia="黑体"/><w:b/>`)
			body.WriteString(`</w:p>`)
		case bPara:
			body.WriteString(`<w:p><w:pPr><w:ind w:firstLineChars="200" w:firstLine="640"/></w:pPr>`)
			run(&body, b.text, "")
			body.WriteString(`</w:p>`)
		case bTable:
			writeDocxTable(&body, b.table)
			body.WriteString(`<w:p/>`) // Word keeps a paragraph after every table
		}
	}
	doc := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:document xmlns:w="` + nsW + `" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>` +
		body.String() +
		`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1800" w:bottom="1440" w:left="1800" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>` +
		`</w:body></w:document>`
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	// A fixed time keeps the bytes the same for the same report.
	stamp := time.Date(r.Year+1, 1, 15, 9, 0, 0, 0, time.UTC)
	for _, f := range []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", packageRels},
		{"word/_rels/document.xml.rels", documentRels},
		{"word/styles.xml", styles},
		{"word/document.xml", doc},
	} {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: stamp})
		if err != nil {
			panic("gen: zip: " + err.Error()) // writing to memory cannot fail
		}
		if _, err := w.Write([]byte(f.body)); err != nil {
			panic("gen: zip: " + err.Error())
		}
	}
	if err := zw.Close(); err != nil {
		panic("gen: zip: " + err.Error())
	}
	return buf.Bytes()
}

const nsW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>`

const packageRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`

const documentRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`

const styles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="` + nsW + `"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋_GB2312"/><w:sz w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
	`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:left w:w="108" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
	`<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style></w:styles>`

// run writes one w:r, keeping spaces (xml:space) as Word does.
func run(sb *strings.Builder, text, props string) {
	sb.WriteString(`<w:r>`)
	if props != "" {
		sb.WriteString(`<w:rPr>` + props + `</w:rPr>`)
	}
	sb.WriteString(`<w:t xml:space="preserve">`)
	xml.EscapeText(sb, []byte(text))
	sb.WriteString(`</w:t></w:r>`)
}

// writeDocxTable writes the grid row by row: a cell starting at a
// position becomes a w:tc spanning its columns, with w:vMerge="restart"
// when it spans rows; a position under such a cell becomes an empty w:tc
// with a bare w:vMerge, as Word writes the continuation.
func writeDocxTable(sb *strings.Builder, t *gtable) {
	const width = 8300 // twips of an A4 text column
	colW := width / t.cols
	sb.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>`)
	for i := 0; i < t.cols; i++ {
		fmt.Fprintf(sb, `<w:gridCol w:w="%d"/>`, colW)
	}
	sb.WriteString(`</w:tblGrid>`)
	type origin struct {
		c   gcell
		row int
	}
	cover := make([][]*origin, len(t.rows))
	for i := range cover {
		cover[i] = make([]*origin, t.cols)
	}
	for i, row := range t.rows {
		for _, c := range row.cells {
			o := &origin{c: c, row: i}
			for dr := 0; dr < c.rowspan && i+dr < len(t.rows); dr++ {
				for dc := 0; dc < c.colspan; dc++ {
					cover[i+dr][c.col+dc] = o
				}
			}
		}
	}
	for i := range t.rows {
		sb.WriteString(`<w:tr>`)
		for col := 0; col < t.cols; {
			o := cover[i][col]
			if o == nil {
				fmt.Fprintf(sb, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr><w:p/></w:tc>`, colW)
				col++
				continue
			}
			c := o.c
			fmt.Fprintf(sb, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>`, colW*c.colspan)
			if c.colspan > 1 {
				fmt.Fprintf(sb, `<w:gridSpan w:val="%d"/>`, c.colspan)
			}
			switch {
			case o.row != i:
				sb.WriteString(`<w:vMerge/>`)
			case c.rowspan > 1:
				sb.WriteString(`<w:vMerge w:val="restart"/>`)
			}
			sb.WriteString(`<w:vAlign w:val="center"/></w:tcPr>`)
			switch {
			case o.row != i:
				sb.WriteString(`<w:p/>`)
			case c.blank:
				// An empty cell as Word saves it: a paragraph with no run.
				sb.WriteString(`<w:p><w:pPr><w:jc w:val="center"/></w:pPr></w:p>`)
			default:
				for _, line := range strings.Split(c.text, "\n") {
					sb.WriteString(`<w:p><w:pPr><w:jc w:val="center"/></w:pPr>`)
					run(sb, line, `<w:sz w:val="18"/>`)
					sb.WriteString(`</w:p>`)
				}
			}
			sb.WriteString(`</w:tc>`)
			col += c.colspan
		}
		sb.WriteString(`</w:tr>`)
	}
	sb.WriteString(`</w:tbl>`)
}
