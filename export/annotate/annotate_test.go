package annotate_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/export/annotate"
	"github.com/nianbao/nianbao/export/fix"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/docx"
	"github.com/nianbao/nianbao/internal/fixtures"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
)

// check reads a DOCX and runs every rule.
// check reads a DOCX and runs the rules but the wording ones: the tests
// count comments and read them in order from the seed's NM101.
func check(tb testing.TB, src []byte) (*extract.Document, []validate.Finding) {
	tb.Helper()
	doc, err := docx.Read("report.docx", src, extract.Limits{})
	require.NoError(tb, err)
	rep, err := normalize.Normalize(doc)
	require.NoError(tb, err)
	rules, err := validate.Resolve([]string{"NM", "NU", "ST", "TB"})
	require.NoError(tb, err)
	fs, err := validate.Check(rep, validate.Options{Rules: rules})
	require.NoError(tb, err)
	return doc, fs
}

func part(tb testing.TB, src []byte, name string) string {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	require.NoError(tb, err)
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			require.NoError(tb, err)
			defer rc.Close()
			b, err := io.ReadAll(rc)
			require.NoError(tb, err)
			return string(b)
		}
	}
	tb.Fatalf("no %s", name)
	return ""
}

// ranges returns the text each comment of a document.xml covers, by id:
// the text of w:t (and w:delText) between its range start and end.
func ranges(tb testing.TB, body string) map[string]string {
	tb.Helper()
	d := xml.NewDecoder(strings.NewReader(body))
	open := map[string]bool{}
	out := map[string]string{}
	inText := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		require.NoError(tb, err)
		switch tok := tok.(type) {
		case xml.StartElement:
			id := ""
			for _, a := range tok.Attr {
				if a.Name.Local == "id" {
					id = a.Value
				}
			}
			switch tok.Name.Local {
			case "commentRangeStart":
				open[id] = true
				out[id] += ""
			case "commentRangeEnd":
				delete(open, id)
			case "t", "delText":
				inText = true
			}
		case xml.EndElement:
			inText = false
		case xml.CharData:
			if inText {
				for id := range open {
					out[id] += string(tok)
				}
			}
		}
	}
}

// TestDOCX_comments: every finding of the seed's Word file is a comment by
// nianbao on its text, with the rule's explanation; the package gains the
// comments part, its relationship and content type; the text reads as
// before; the same input gives the same bytes.
func TestDOCX_comments(t *testing.T) {
	src := fixtures.Read(t, "report.docx")
	doc, fs := check(t, src)
	out, st, err := annotate.DOCX(context.Background(), src, doc, fs, annotate.Options{})
	require.NoError(t, err)
	assert.Equal(t, len(fs), st.Comments)
	assert.Zero(t, st.Changes)

	comments := etree.NewDocument()
	require.NoError(t, comments.ReadFromString(part(t, out, "word/comments.xml")))
	cs := comments.Root().ChildElements()
	require.Len(t, cs, len(fs))
	byID := map[string]string{}
	for _, c := range cs {
		assert.Equal(t, "nianbao", c.SelectAttrValue("w:author", ""))
		var sb strings.Builder
		for _, tx := range c.FindElements(".//w:t") {
			sb.WriteString(tx.Text() + "\n")
		}
		byID[c.SelectAttrValue("w:id", "")] = sb.String()
	}
	got := ranges(t, part(t, out, "word/document.xml"))
	nm := 0
	for _, c := range cs {
		id := c.SelectAttrValue("w:id", "")
		text := byID[id]
		if !strings.HasPrefix(text, "NM101") {
			continue
		}
		nm++
		assert.Contains(t, []string{"溜川", "溜川区"}, got[id], "comment %s covers its finding", id)
		assert.Contains(t, text, validate.Lookup("NM101").Doc.Text.Zh, "the rule's explanation")
		assert.Contains(t, text, "修改建议：改为“淄川")
	}
	assert.Equal(t, 5, nm)
	assert.Contains(t, part(t, out, "[Content_Types].xml"), `PartName="/word/comments.xml"`)
	assert.Contains(t, part(t, out, "word/_rels/document.xml.rels"), `relationships/comments" Target="comments.xml"`)

	again, _, err := annotate.DOCX(context.Background(), src, doc, fs, annotate.Options{})
	require.NoError(t, err)
	assert.Equal(t, out, again, "byte-stable")

	back, err := docx.Read("out.docx", out, extract.Limits{})
	require.NoError(t, err)
	assert.Equal(t, doc.Text, back.Text)
}

// TestDOCX_trackChanges: accepting every change gives the fixed text,
// rejecting every change the original.
func TestDOCX_trackChanges(t *testing.T) {
	src := fixtures.Read(t, "report.docx")
	doc, fs := check(t, src)
	date := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	out, st, err := annotate.DOCX(context.Background(), src, doc, fs, annotate.Options{TrackChanges: true, Date: date})
	require.NoError(t, err)
	assert.Equal(t, 5, st.Changes, "the five 溜川; the ST107 label is only a comment")
	body := part(t, out, "word/document.xml")
	assert.Contains(t, body, `w:author="nianbao" w:date="2024-03-01T00:00:00Z"`)

	edits, _ := fix.Select(doc.Text, fs)
	accepted, err := docx.Read("out.docx", out, extract.Limits{})
	require.NoError(t, err)
	assert.Equal(t, fix.ApplyText(doc.Text, edits), accepted.Text, "all accepted")
	assert.NotContains(t, accepted.Text, "溜川")

	rejected, err := docx.Read("out.docx", rejectAll(t, out), extract.Limits{})
	require.NoError(t, err)
	assert.Equal(t, doc.Text, rejected.Text, "all rejected")
}

// rejectAll rejects every tracked change of a DOCX: insertions go,
// deletions come back as text.
func rejectAll(tb testing.TB, src []byte) []byte {
	out, err := fix.RewritePart(src, "word/document.xml", func(b []byte) ([]byte, error) {
		d := etree.NewDocument()
		if err := d.ReadFromBytes(b); err != nil {
			return nil, err
		}
		for _, ins := range d.FindElements("//w:ins") {
			ins.Parent().RemoveChild(ins)
		}
		for _, del := range d.FindElements("//w:del") {
			p, at := del.Parent(), del.Index()
			p.RemoveChild(del)
			for i, c := range del.ChildElements() {
				for _, dt := range c.FindElements("w:delText") {
					dt.Tag = "t"
				}
				p.InsertChildAt(at+i, c)
			}
		}
		return d.WriteToBytes()
	})
	require.NoError(tb, err)
	return out
}

// TestDOCX_acrossRuns: 溜 bold in a run of its own and 川 in the next: the
// comment spans both runs, and the tracked change replaces 溜 by a bold 淄.
func TestDOCX_acrossRuns(t *testing.T) {
	src, err := fix.RewritePart(fixtures.Read(t, "report.docx"), "word/document.xml", func(b []byte) ([]byte, error) {
		return bytes.Replace(b, []byte("投资溜川"), []byte(`投资</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>溜</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>川”微信`), 1), nil
	})
	require.NoError(t, err)
	doc, fs := check(t, src)
	out, _, err := annotate.DOCX(context.Background(), src, doc, fs, annotate.Options{TrackChanges: true})
	require.NoError(t, err)
	body := part(t, out, "word/document.xml")
	assert.Contains(t, body, `<w:commentRangeStart w:id="0"/><w:del w:id="10" w:author="nianbao"><w:r><w:rPr><w:b/></w:rPr><w:delText xml:space="preserve">溜</w:delText></w:r></w:del>`+
		`<w:ins w:id="11" w:author="nianbao"><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">淄</w:t></w:r></w:ins>`+
		`<w:r><w:rPr><w:i/></w:rPr><w:t>川</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>”微信`)
	assert.Equal(t, "溜淄川", ranges(t, body)["0"], "the deleted 溜, the inserted 淄 and 川")
}

// TestDOCX_refuses: a run where comment marks cannot go (inside a ruby
// base) is an error, not a damaged file; a text file is not a DOCX.
func TestDOCX_refuses(t *testing.T) {
	src, err := fix.RewritePart(fixtures.Read(t, "report.docx"), "word/document.xml", func(b []byte) ([]byte, error) {
		return bytes.Replace(b, []byte("投资溜川"), []byte(`投资</w:t></w:r><w:r><w:ruby><w:rubyBase><w:r><w:t>溜川</w:t></w:r></w:rubyBase></w:ruby></w:r><w:r><w:t>`), 1), nil
	})
	require.NoError(t, err)
	doc, fs := check(t, src)
	_, _, err = annotate.DOCX(context.Background(), src, doc, fs, annotate.Options{})
	assert.ErrorContains(t, err, "w:rubyBase")

	txt := fixtures.Read(t, "000_zibo_zichuan_touzi_2023.txt")
	tdoc := &extract.Document{Path: "r.txt", Format: "text", Text: string(txt), Origin: &extract.Origin{}}
	_, _, err = annotate.DOCX(context.Background(), txt, tdoc, nil, annotate.Options{})
	assert.ErrorIs(t, err, annotate.ErrNotDOCX)
}
