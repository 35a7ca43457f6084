package docx

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/extracttest"
)

// The tests below build small DOCX files with archive/zip, each holding
// one feature the real samples lack, and read them back.

const docOpen = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
	`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"` +
	` xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"` +
	` xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"` +
	` xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"` +
	` xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"` +
	` xmlns:v="urn:schemas-microsoft-com:vml"><w:body>`

const docClose = `<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`

const partsOpen = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`

const wns = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`

// mkdocx returns a DOCX whose body is body, with optional styles and
// numbering parts (their inner XML; empty means absent).
func mkdocx(tb testing.TB, body, styles, numbering string) []byte {
	tb.Helper()
	parts := map[string]string{
		"word/document.xml": docOpen + body + docClose,
	}
	rels := `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
	if styles != "" {
		parts["word/styles.xml"] = partsOpen + `<w:styles ` + wns + `>` + styles + `</w:styles>`
		rels += `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`
	}
	if numbering != "" {
		parts["word/numbering.xml"] = partsOpen + `<w:numbering ` + wns + `>` + numbering + `</w:numbering>`
		rels += `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>`
	}
	parts["word/_rels/document.xml.rels"] = partsOpen + rels + `</Relationships>`
	return mkzip(tb, parts)
}

// mkzip writes parts into a zip with the package boilerplate around them;
// an empty part leaves the default one out.
func mkzip(tb testing.TB, parts map[string]string) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	all := map[string]string{
		"[Content_Types].xml": partsOpen + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"_rels/.rels": partsOpen + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
	}
	for k, v := range parts {
		all[k] = v
		if v == "" {
			delete(all, k) // leave out a default part
		}
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "word/styles.xml", "word/numbering.xml", "word/document.xml"} {
		if v, ok := all[name]; ok {
			w, err := zw.Create(name)
			require.NoError(tb, err)
			_, err = w.Write([]byte(v))
			require.NoError(tb, err)
			delete(all, name)
		}
	}
	for name, v := range all {
		w, err := zw.Create(name)
		require.NoError(tb, err)
		_, err = w.Write([]byte(v))
		require.NoError(tb, err)
	}
	require.NoError(tb, zw.Close())
	return buf.Bytes()
}

// xpara and tc keep the test XML short.
func xpara(text string) string { return `<w:p><w:r><w:t>` + text + `</w:t></w:r></w:p>` }

func tc(props, text string) string {
	return `<w:tc><w:tcPr>` + props + `</w:tcPr>` + xpara(text) + `</w:tc>`
}

func mustReadBytes(tb testing.TB, name string, src []byte) *extract.Document {
	tb.Helper()
	doc, err := Read(name, src, extract.Limits{})
	require.NoError(tb, err)
	checkDoc(tb, doc)
	return doc
}

func lines(doc *extract.Document) []string { return strings.Split(doc.Text, "\n") }

type gridCell struct {
	Text            string
	Col, Span, Rows int
	Merged          bool
}

func cells(r extract.Row) []gridCell {
	var out []gridCell
	for _, c := range r.Cells {
		out = append(out, gridCell{c.Text, int(c.Col), int(c.ColSpan), int(c.RowSpan), c.Merged})
	}
	return out
}

func TestRead_Tables(t *testing.T) {
	t.Run("gridBefore and gridAfter shift the grid", func(t *testing.T) {
		body := `<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>` +
			`<w:tr>` + tc("", "a") + tc("", "b") + tc("", "c") + `</w:tr>` +
			`<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>` + tc("", "d") + tc("", "e") + `</w:tr>` +
			`<w:tr><w:trPr><w:gridAfter w:val="1"/></w:trPr>` + tc("", "f") + tc("", "g") + `</w:tr>` +
			`<w:tr><w:trPr><w:gridBefore w:val="2"/></w:trPr>` + tc("", "h") + `</w:tr></w:tbl>`
		doc := mustReadBytes(t, "grid.docx", mkdocx(t, body, "", ""))
		tbs := extracttest.Tables(doc)
		require.Len(t, tbs, 1)
		rows := tbs[0].Rows
		require.Len(t, rows, 4)
		assert.Equal(t, []gridCell{{"a", 0, 1, 1, false}, {"b", 1, 1, 1, false}, {"c", 2, 1, 1, false}}, cells(rows[0]))
		assert.Equal(t, []gridCell{{"d", 1, 1, 1, false}, {"e", 2, 1, 1, false}}, cells(rows[1]))
		assert.Equal(t, []gridCell{{"f", 0, 1, 1, false}, {"g", 1, 1, 1, false}}, cells(rows[2]))
		assert.Equal(t, []gridCell{{"h", 2, 1, 1, false}}, cells(rows[3]))
		assert.Equal(t, []string{"a\tb\tc", "d\te", "f\tg", "h"}, lines(doc))
		pos := doc.Position(strings.Index(doc.Text, "e"))
		assert.Equal(t, extract.Position{Path: "grid.docx", Line: 2, Column: 3, Table: 1, Row: 2, Col: 3}, pos)
	})

	t.Run("vMerge restart, bare and continue", func(t *testing.T) {
		body := `<w:tbl>` +
			`<w:tr>` + tc(`<w:gridSpan w:val="2"/><w:vMerge w:val="restart"/>`, "合并") + tc(`<w:vMerge w:val="restart"/>`, "右") + `</w:tr>` +
			`<w:tr>` + tc(`<w:gridSpan w:val="2"/><w:vMerge/>`, "") + tc(`<w:vMerge w:val="continue"/>`, "") + `</w:tr>` +
			`<w:tr>` + tc(`<w:gridSpan w:val="2"/><w:vMerge w:val="continue"/>`, "") + tc("", "x") + `</w:tr>` +
			`<w:tr>` + tc(`<w:gridSpan w:val="2"/>`, "plain") + tc(`<w:vMerge/>`, "孤") + `</w:tr></w:tbl>`
		doc := mustReadBytes(t, "vmerge.docx", mkdocx(t, body, "", ""))
		rows := extracttest.Tables(doc)[0].Rows
		require.Len(t, rows, 4)
		assert.Equal(t, []gridCell{{"合并", 0, 2, 3, false}, {"右", 2, 1, 2, false}}, cells(rows[0]))
		assert.Equal(t, []gridCell{{"", 0, 2, 1, true}, {"", 2, 1, 1, true}}, cells(rows[1]))
		assert.Equal(t, []gridCell{{"", 0, 2, 1, true}, {"x", 2, 1, 1, false}}, cells(rows[2]))
		// A continuation with nothing above it stands on its own.
		assert.Equal(t, []gridCell{{"plain", 0, 2, 1, false}, {"孤", 2, 1, 1, false}}, cells(rows[3]))
		assert.Equal(t, []string{"合并\t右", "\t", "\tx", "plain\t孤"}, lines(doc))
	})

	t.Run("paragraphs in a cell join like wrapped lines", func(t *testing.T) {
		body := `<w:tbl><w:tr><w:tc><w:p><w:r><w:t>本年新收政府</w:t></w:r></w:p><w:p><w:r><w:t>信息公开申请</w:t></w:r></w:p></w:tc>` +
			`<w:tc><w:p><w:r><w:t>12</w:t></w:r></w:p><w:p><w:r><w:t>345</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`
		doc := mustReadBytes(t, "cell.docx", mkdocx(t, body, "", ""))
		assert.Equal(t, "本年新收政府信息公开申请\t12 345", doc.Text)
	})

	t.Run("nested table flattens into its cell", func(t *testing.T) {
		inner := `<w:tbl><w:tr>` + tc("", "甲") + tc("", "1") + `</w:tr><w:tr>` + tc("", "乙") + tc("", "2") + `</w:tr></w:tbl>`
		body := `<w:tbl><w:tr>` + tc("", "外") + `<w:tc>` + xpara("上") + inner + xpara("下") + `</w:tc></w:tr></w:tbl>`
		doc := mustReadBytes(t, "nested.docx", mkdocx(t, body, "", ""))
		rows := extracttest.Tables(doc)[0].Rows
		require.Len(t, rows, 1)
		assert.Equal(t, []gridCell{{"外", 0, 1, 1, false}, {"上甲 1乙 2下", 1, 1, 1, false}}, cells(rows[0]))
	})

	t.Run("tracked row and cell deletions and legacy hMerge", func(t *testing.T) {
		body := `<w:tbl>` +
			`<w:tr>` + tc("", "a") + tc(`<w:hMerge w:val="restart"/>`, "b") + tc(`<w:hMerge/>`, "") + `</w:tr>` +
			`<w:tr><w:trPr><w:del w:id="1" w:author="x"/></w:trPr>` + tc("", "删行") + `</w:tr>` +
			`<w:tr>` + tc("", "c") + tc(`<w:cellDel w:id="2" w:author="x"/>`, "删格") + tc("", "d") + `</w:tr></w:tbl>`
		doc := mustReadBytes(t, "del.docx", mkdocx(t, body, "", ""))
		rows := extracttest.Tables(doc)[0].Rows
		require.Len(t, rows, 2)
		assert.Equal(t, []gridCell{{"a", 0, 1, 1, false}, {"b", 1, 2, 1, false}}, cells(rows[0]))
		assert.Equal(t, []gridCell{{"c", 0, 1, 1, false}, {"d", 1, 1, 1, false}}, cells(rows[1]))
	})

	t.Run("rows inside content controls", func(t *testing.T) {
		body := `<w:sdt><w:sdtPr><w:alias w:val="表"/></w:sdtPr><w:sdtContent><w:tbl>` +
			`<w:sdt><w:sdtContent><w:tr>` + tc("", "r1") + `</w:tr></w:sdtContent></w:sdt>` +
			`<w:customXml w:element="row"><w:tr><w:sdt><w:sdtContent>` + tc("", "r2") + `</w:sdtContent></w:sdt></w:tr></w:customXml>` +
			`</w:tbl></w:sdtContent></w:sdt>`
		doc := mustReadBytes(t, "sdt.docx", mkdocx(t, body, "", ""))
		assert.Equal(t, "r1\nr2", doc.Text)
		assert.Len(t, extracttest.Tables(doc)[0].Rows, 2)
	})
}

func TestRead_Text(t *testing.T) {
	cases := []struct {
		name, body, want string
	}{
		{"tracked insertions count, deletions do not",
			`<w:p><w:r><w:t>保留</w:t></w:r><w:del w:id="1" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del>` +
				`<w:ins w:id="2" w:author="a"><w:r><w:t>插入</w:t></w:r></w:ins>` +
				`<w:moveFrom w:id="3" w:author="a"><w:r><w:t>移走</w:t></w:r></w:moveFrom><w:moveTo w:id="4" w:author="a"><w:r><w:t>移入</w:t></w:r></w:moveTo></w:p>`,
			"保留插入移入"},
		{"a deleted paragraph mark joins two paragraphs",
			`<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="a"/></w:rPr></w:pPr><w:r><w:t>加强对政务公开工作的监督</w:t></w:r></w:p>` + xpara("检查，不断完善。"),
			"加强对政务公开工作的监督检查，不断完善。"},
		{"field instructions are not text, results are",
			`<w:p><w:r><w:t xml:space="preserve">第 </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE \* MERGEFORMAT </w:instrText></w:r>` +
				`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> 页</w:t></w:r>` +
				`<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>/9</w:t></w:r></w:fldSimple></w:p>`,
			"第 7 页/9"},
		{"hidden runs are not text",
			`<w:p><w:r><w:t>看得见</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:rPr><w:vanish w:val="false"/></w:rPr><w:t>也可见</w:t></w:r></w:p>`,
			"看得见也可见"},
		{"content controls keep their content",
			`<w:sdt><w:sdtPr><w:alias w:val="标题"/><w:placeholder><w:docPart w:val="x"/></w:placeholder></w:sdtPr><w:sdtContent>` + xpara("块级控件") + `</w:sdtContent></w:sdt>` +
				`<w:p><w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>行内控件</w:t></w:r></w:sdtContent></w:sdt><w:hyperlink r:id="x" xmlns:r="urn:r"><w:r><w:t>链接</w:t></w:r></w:hyperlink></w:p>`,
			"块级控件\n行内控件链接"},
		{"tabs become spaces and breaks join lines",
			`<w:p><w:r><w:t>信息内容</w:t><w:tab/><w:t>12</w:t></w:r></w:p><w:p><w:r><w:t>加强对</w:t><w:br/><w:t>监督</w:t><w:t xml:space="preserve"> and</w:t><w:br/><w:t>more</w:t></w:r></w:p>`,
			"信息内容 12\n加强对监督 and more"},
		{"alternate content is read once",
			`<w:p><w:r><w:t>前</w:t></w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:t>选</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>备</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>`,
			"前选"},
		{"text boxes join their paragraph",
			`<w:p><w:r><w:t>正文</w:t></w:r><w:r><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>` + xpara("文本框") + `</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r></w:p>`,
			"正文文本框"},
		{"tab stops in paragraph properties are not tabs",
			`<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t>无</w:t></w:r></w:p>`,
			"无"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := mustReadBytes(t, "text.docx", mkdocx(t, c.body, "", ""))
			assert.Equal(t, c.want, doc.Text)
		})
	}
}

// listNumbering is a typical Chinese multilevel list: 一、 / （一） / 1.
const listNumbering = `<w:abstractNum w:abstractNumId="0">` +
	`<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>` +
	`<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>` +
	`<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>` +
	`<w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2.%4"/><w:isLgl/></w:lvl>` +
	`</w:abstractNum>` +
	`<w:abstractNum w:abstractNumId="1">` +
	`<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1、"/></w:lvl>` +
	`<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircleChinese"/><w:lvlText w:val="%2"/><w:lvlRestart w:val="0"/></w:lvl>` +
	`</w:abstractNum>` +
	`<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val=""/></w:lvl></w:abstractNum>` +
	`<w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="ideographDigital"/><w:lvlText w:val="第%1条"/><w:suff w:val="space"/><w:pStyle w:val="Article"/></w:lvl></w:abstractNum>` +
	`<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>` +
	`<w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>` +
	`<w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>` +
	`<w:num w:numId="4"><w:abstractNumId w:val="1"/></w:num>` +
	`<w:num w:numId="5"><w:abstractNumId w:val="2"/></w:num>` +
	`<w:num w:numId="6"><w:abstractNumId w:val="3"/></w:num>`

const listStyles = `<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="SectionHead"><w:name w:val="节标题"/><w:basedOn w:val="2"/>` +
	`<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Article"><w:name w:val="条"/><w:pPr><w:numPr><w:numId w:val="6"/></w:numPr></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Heading4"><w:name w:val="heading 4"/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Outline"><w:name w:val="大纲"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>`

func numbered(numID, ilvl int, text string) string {
	return `<w:p><w:pPr><w:numPr><w:ilvl w:val="` + itoa(ilvl) + `"/><w:numId w:val="` + itoa(numID) + `"/></w:numPr></w:pPr><w:r><w:t>` + text + `</w:t></w:r></w:p>`
}

func styled(style, text string) string {
	return `<w:p><w:pPr><w:pStyle w:val="` + style + `"/></w:pPr><w:r><w:t>` + text + `</w:t></w:r></w:p>`
}

func itoa(n int) string { return string(rune('0' + n)) }

func TestRead_Numbering(t *testing.T) {
	body := numbered(1, 0, "总体情况") +
		numbered(1, 1, "主动公开") +
		numbered(1, 1, "依申请公开") +
		numbered(1, 2, "第一点") +
		numbered(1, 2, "第二点") +
		numbered(1, 3, "法定编号") +
		numbered(1, 0, "主动公开政府信息情况") +
		numbered(1, 1, "规章") + // （一） again: level 0 restarted level 1
		numbered(2, 0, "另一实例接续") + // same abstract list: continues at 三、
		numbered(3, 0, "重新编号") + // startOverride: restarts at 一、
		numbered(4, 0, "甲") +
		numbered(4, 1, "圈一") +
		numbered(4, 0, "乙") +
		numbered(4, 1, "圈二") + // lvlRestart 0: never restarts
		numbered(5, 0, "项目符号") +
		`<w:tbl><w:tr><w:tc>` + numbered(4, 0, "表内") + `</w:tc>` + tc("", "0") + `</w:tr></w:tbl>` +
		styled("SectionHead", "样式带编号") +
		styled("Article", "样式绑定级别") +
		`<w:p><w:pPr><w:pStyle w:val="SectionHead"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>编号被取消</w:t></w:r></w:p>`
	doc := mustReadBytes(t, "list.docx", mkdocx(t, body, listStyles, listNumbering))
	assert.Equal(t, []string{
		"一、总体情况",
		"（一）主动公开",
		"（二）依申请公开",
		"1. 第一点",
		"2. 第二点",
		"1.2.1 法定编号",
		"二、主动公开政府信息情况",
		"（一）规章",
		"三、另一实例接续",
		"一、重新编号",
		"1、甲",
		"①圈一",
		"2、乙",
		"②圈二",
		"项目符号",
		"3、表内\t0",
		"二、样式带编号",
		"第一条 样式绑定级别",
		"编号被取消",
	}, lines(doc))
	kinds := map[string]extract.Kind{}
	for _, b := range doc.Blocks {
		kinds[doc.Slice(b.Span)] = b.Kind
	}
	assert.Equal(t, extract.Heading, kinds["一、总体情况"], "short 一、 line")
	assert.Equal(t, extract.Heading, kinds["二、样式带编号"], "style based on heading 2")
	assert.Equal(t, extract.Heading, kinds["编号被取消"], "style based on heading 2, number removed")
	assert.Equal(t, extract.Paragraph, kinds["（一）主动公开"])
}

func TestRead_Headings(t *testing.T) {
	body := xpara("某某局2023年政府信息公开工作年度报告") +
		styled("Heading4", "第四级不是节标题") +
		styled("Outline", "大纲一级") +
		`<w:p><w:pPr><w:pStyle w:val="2"/><w:outlineLvl w:val="9"/></w:pPr><w:r><w:t>正文级别</w:t></w:r></w:p>` +
		xpara("二、主动公开政府信息情况") +
		xpara("一、本年新收政府信息公开申请数量为8件，比上年增加2件。") +
		xpara("四、结转下年度继续办理")
	doc := mustReadBytes(t, "head.docx", mkdocx(t, body, listStyles, ""))
	var got []string
	for _, b := range doc.Blocks {
		if b.Kind == extract.Heading {
			got = append(got, doc.Slice(b.Span))
		}
	}
	assert.Equal(t, []string{"某某局2023年政府信息公开工作年度报告", "大纲一级", "二、主动公开政府信息情况", "四、结转下年度继续办理"}, got)
}

func TestRead_Pages(t *testing.T) {
	t.Run("from Word's rendered page breaks", func(t *testing.T) {
		body := xpara("第一页") +
			`<w:p><w:r><w:t>跨页的段落</w:t></w:r><w:r><w:lastRenderedPageBreak/><w:t>续</w:t></w:r></w:p>` +
			xpara("第二页") +
			`<w:tbl><w:tr>` + tc("", "表") + `</w:tr><w:tr><w:tc><w:p><w:r><w:lastRenderedPageBreak/><w:t>下页的行</w:t></w:r></w:p></w:tc></w:tr></w:tbl>` +
			xpara("第三页")
		doc := mustReadBytes(t, "pages.docx", mkdocx(t, body, "", ""))
		var pages []int
		for _, b := range doc.Blocks {
			pages = append(pages, b.Page)
		}
		assert.Equal(t, []int{1, 1, 2, 2, 3}, pages)
		assert.Equal(t, 3, doc.Position(strings.Index(doc.Text, "第三页")).Page)
	})
	t.Run("unknown without them", func(t *testing.T) {
		for _, b := range mustRead(t, "report.docx").Blocks {
			assert.Zero(t, b.Page)
		}
	})
}

func TestRead_TitleAfterDocumentNumber(t *testing.T) {
	doc := mustReadBytes(t, "title.docx", mkdocx(t, xpara("淄川投促〔2024〕1号")+xpara("淄博市淄川区投资促进服务中心2023年政府信息公开工作年度报告")+xpara("一、总体情况")+xpara("某某2023年工作报告"), "", ""))
	var kinds []extract.Kind
	for _, b := range doc.Blocks {
		kinds = append(kinds, b.Kind)
	}
	assert.Equal(t, []extract.Kind{extract.Paragraph, extract.Heading, extract.Heading, extract.Paragraph}, kinds)
}
