package fix_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/nianbao/nianbao/export/fix"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/input"
	"github.com/nianbao/nianbao/internal/fixtures"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
)

// check reads src as name and runs the rules given (all when none).
func check(tb testing.TB, name string, src []byte, rules ...string) (*extract.Document, []validate.Finding) {
	tb.Helper()
	doc, err := input.Bytes(context.Background(), name, src, extract.Limits{})
	require.NoError(tb, err)
	rep, err := normalize.Normalize(doc)
	require.NoError(tb, err)
	var opts validate.Options
	if len(rules) > 0 {
		opts.Rules, err = validate.Resolve(rules)
		require.NoError(tb, err)
	}
	fs, err := validate.Check(rep, opts)
	require.NoError(tb, err)
	return doc, fs
}

// mustFix makes the safe fixes of src's findings.
func mustFix(tb testing.TB, name string, src []byte, rules ...string) *fix.Result {
	tb.Helper()
	doc, fs := check(tb, name, src, rules...)
	edits, skipped := fix.Select(doc.Text, fs)
	require.Empty(tb, skipped)
	require.NotEmpty(tb, edits)
	out, err := fix.Apply(context.Background(), src, doc, edits, extract.Limits{})
	require.NoError(tb, err)
	return out
}

func gbk(tb testing.TB, s string) []byte {
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	require.NoError(tb, err)
	return b
}

// TestApply_Text: the seed text, as UTF-8, as GBK and with CRLF line
// ends, comes back with 溜川 made 淄川 and every other byte as it was,
// with every rule too: the label ST107 flags is left for a person.
func TestApply_Text(t *testing.T) {
	seed := fixtures.Read(t, "000_zibo_zichuan_touzi_2023.txt")
	crlf := bytes.ReplaceAll(seed, []byte("\n"), []byte("\r\n"))
	for _, c := range []struct {
		name string
		src  []byte
		enc  func(string) []byte
	}{
		{"utf-8", seed, func(s string) []byte { return []byte(s) }},
		{"crlf", crlf, func(s string) []byte { return []byte(s) }},
		{"gbk", fixtures.Read(t, "seed_gbk.txt"), func(s string) []byte { return gbk(t, s) }},
	} {
		t.Run(c.name+"/NM101", func(t *testing.T) {
			out := mustFix(t, "seed.txt", c.src, "NM101")
			want := bytes.ReplaceAll(c.src, c.enc("溜川"), c.enc("淄川"))
			assert.Equal(t, want, out.Src)
			assert.NotContains(t, out.Text, "溜川")
		})
		t.Run(c.name+"/all", func(t *testing.T) {
			out := mustFix(t, "seed.txt", c.src)
			assert.Equal(t, bytes.ReplaceAll(c.src, c.enc("溜川"), c.enc("淄川")), out.Src)
			_, fs := check(t, "fixed.txt", out.Src)
			var rules []string
			for _, f := range fs {
				rules = append(rules, f.Rule.ID)
			}
			assert.NotContains(t, rules, "NM101", "溜川 is fixed")
			assert.Contains(t, rules, "ST107", "the label is not")
		})
	}
}

// TestApply_HTML: only the text of the nodes edited changes.
func TestApply_HTML(t *testing.T) {
	src := fixtures.Read(t, "report.html")
	out := mustFix(t, "report.html", src)
	assert.Equal(t, string(bytes.ReplaceAll(src, []byte("溜川"), []byte("淄川"))), string(out.Src))

	t.Run("gbk", func(t *testing.T) {
		page := strings.Replace(string(src), `charset="utf-8"`, `charset="gbk"`, 1)
		page = strings.Replace(page, `charset=utf-8`, `charset=gbk`, 1)
		src := gbk(t, page)
		out := mustFix(t, "report.html", src, "NM101")
		assert.Equal(t, bytes.ReplaceAll(src, gbk(t, "溜川"), gbk(t, "淄川")), out.Src)
	})
	t.Run("entity", func(t *testing.T) {
		// An entity next to the typo stays as written.
		src := bytes.Replace(src, []byte("“投资溜川”"), []byte("&ldquo;投资&#28316;川&rdquo;"), 1)
		out := mustFix(t, "report.html", src, "NM101")
		want := bytes.Replace(src, []byte("&#28316;"), []byte("淄"), 1)
		want = bytes.ReplaceAll(want, []byte("溜川"), []byte("淄川"))
		assert.Equal(t, string(want), string(out.Src))
	})
}

// TestApply_DOCX: document.xml changes only in the text of the runs; every
// other entry is stored exactly as before.
func TestApply_DOCX(t *testing.T) {
	src := fixtures.Read(t, "report.docx")
	out := mustFix(t, "report.docx", src)
	before, after := entries(t, src), entries(t, out.Src)
	require.Equal(t, names(t, src), names(t, out.Src))
	for name, e := range before {
		if name == "word/document.xml" {
			continue
		}
		assert.Equal(t, e.raw, after[name].raw, "%s is stored as it was", name)
		assert.Equal(t, e.header, after[name].header, name)
	}
	assert.Equal(t, strings.ReplaceAll(before["word/document.xml"].text, "溜川", "淄川"), after["word/document.xml"].text)

	t.Run("across runs", func(t *testing.T) {
		// 溜 in a bold run of its own, 川 in the next: the fix edits the
		// bold run and leaves the formatting.
		src := splitRun(t, src)
		out := mustFix(t, "report.docx", src, "NM101")
		xml := entries(t, out.Src)["word/document.xml"].text
		assert.Contains(t, xml, `<w:r><w:rPr><w:b/></w:rPr><w:t>淄</w:t></w:r><w:r><w:rPr></w:rPr><w:t>川”微信公众号`)
		assert.NotContains(t, xml, "溜")
	})
}

// splitRun puts the first 溜 of the report's Word file in a bold run of its
// own.
func splitRun(tb testing.TB, src []byte) []byte {
	out, err := fix.RewritePart(src, "word/document.xml", func(b []byte) ([]byte, error) {
		return bytes.Replace(b, []byte("投资溜川"), []byte(`投资</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>溜</w:t></w:r><w:r><w:rPr></w:rPr><w:t>川`), 1), nil
	})
	require.NoError(tb, err)
	return out
}

type entry struct {
	raw    []byte         // the stored (compressed) bytes
	header zip.FileHeader // name, method, times, sizes, CRC, flags, extra
	text   string         // the content
}

// entries reads every zip entry of src, and the names in archive order.
func entries(tb testing.TB, src []byte) map[string]entry {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	require.NoError(tb, err)
	out := map[string]entry{}
	for _, f := range zr.File {
		off, err := f.DataOffset()
		require.NoError(tb, err)
		rc, err := f.Open()
		require.NoError(tb, err)
		b, err := io.ReadAll(rc)
		require.NoError(tb, err)
		rc.Close()
		out[f.Name] = entry{raw: src[off : off+int64(f.CompressedSize64)], header: f.FileHeader, text: string(b)}
	}
	return out
}

// names lists the entries of a zip archive in order.
func names(tb testing.TB, src []byte) []string {
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	require.NoError(tb, err)
	var out []string
	for _, f := range zr.File {
		out = append(out, f.Name)
	}
	return out
}

// TestApply_notEditable: a PDF has no source to edit.
func TestApply_notEditable(t *testing.T) {
	src := fixtures.Read(t, "report_lo_type1.pdf")
	doc, fs := check(t, "report.pdf", src, "NM101")
	edits, _ := fix.Select(doc.Text, fs)
	require.NotEmpty(t, edits)
	_, err := fix.Apply(context.Background(), src, doc, edits, extract.Limits{})
	assert.ErrorIs(t, err, fix.ErrNotEditable)
}

// TestSelect: only a finding's single safe fix is taken; overlapping
// edits are left out, a repeated one is taken once.
func TestSelect(t *testing.T) {
	edit := func(a, b int, s string) validate.Edit {
		return validate.Edit{Span: extract.Span{Start: a, End: b}, NewText: s}
	}
	safe := func(es ...validate.Edit) []validate.Fix { return []validate.Fix{{Edits: es, Safe: true}} }
	fs := []validate.Finding{
		{Fixes: safe(edit(0, 3, "淄"))},
		{Fixes: []validate.Fix{{Edits: []validate.Edit{edit(10, 12, "x")}}}},                              // not safe
		{Fixes: append(safe(edit(20, 22, "y")), validate.Fix{Edits: []validate.Edit{edit(20, 22, "z")}})}, // two alternatives
		{Fixes: safe(edit(30, 33, "a"))},
		{Fixes: safe(edit(31, 35, "b"))}, // overlaps the one before
		{Fixes: safe(edit(0, 3, "淄"))},   // the same as the first
	}
	edits, skipped := fix.Select(strings.Repeat("x", 40), fs)
	assert.Equal(t, []validate.Edit{edit(0, 3, "淄")}, edits)
	assert.Len(t, skipped, 2)

	// 溜川区→淄川区 and 溜川→淄川 at the same place both change 溜 to 淄:
	// the same edit once, not a conflict.
	text := "投资溜川区"
	at := strings.Index(text, "溜")
	edits, skipped = fix.Select(text, []validate.Finding{
		{Fixes: safe(edit(at, len(text), "淄川区"))},
		{Fixes: safe(edit(at, at+6, "淄川"))},
	})
	assert.Equal(t, []validate.Edit{edit(at, at+3, "淄")}, edits)
	assert.Empty(t, skipped)
}

// TestDiff: a unified diff of the canonical text.
func TestDiff(t *testing.T) {
	d := fix.Diff("a/r.txt", "b/r.txt", "一\n溜川\n三\n", "一\n淄川\n三\n")
	assert.Equal(t, "--- a/r.txt\n+++ b/r.txt\n@@ -1,3 +1,3 @@\n 一\n-溜川\n+淄川\n 三\n", d)
	assert.Empty(t, fix.Diff("a", "b", "x", "x"))
}
