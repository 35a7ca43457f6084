package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/nianbao/nianbao/internal/fixtures"
)

const (
	sampleDOCX = "../../corpus/testdata/samples/report.docx"
	sampleHTML = "../../corpus/testdata/samples/report.html"
	sampleGBK  = "../../corpus/testdata/seed_gbk.txt"
	samplePDF  = "../../corpus/testdata/samples/report_lo_type1.pdf"
)

// copyTo copies the file at path into dir as name and returns its bytes.
func copyTo(t *testing.T, path, dir, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, name), b, 0o644))
	return b
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

func gbkOf(t *testing.T, s string) []byte {
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	require.NoError(t, err)
	return b
}

// TestBinary_Fix: nianbao fix on the seed text (UTF-8 and GBK), its web
// page and its Word file gives files in which 溜川 became 淄川 and nothing
// else changed, and prints the diff; --dry-run and a missing -o write
// nothing; a PDF is refused with exit 2, pointing to annotate.
func TestBinary_Fix(t *testing.T) {
	dir := t.TempDir()
	t.Run("text", func(t *testing.T) {
		src := copyTo(t, seedPath, dir, "seed.txt")
		r := nb(t, dir, nil, nil, "fix", "seed.txt", "--rules", "NM101", "-o", "out.txt")
		require.Equal(t, exitClean, r.code, r.stderr)
		assert.Equal(t, bytes.ReplaceAll(src, []byte("溜川"), []byte("淄川")), readFile(t, filepath.Join(dir, "out.txt")))
		assert.True(t, strings.HasPrefix(r.out, "--- a/seed.txt\n+++ b/seed.txt\n@@ "), r.out)
		assert.Equal(t, 3, strings.Count(r.out, "\n-"), "three lines hold the five 溜川")
		assert.Equal(t, 3, strings.Count(r.out, "\n+")-1, r.out)
		assert.NotRegexp(t, `\n\+[^\n]*溜川`, r.out)
		assert.Contains(t, r.stderr, "已应用 5 处修改")
	})
	t.Run("text all rules", func(t *testing.T) {
		src := copyTo(t, seedPath, dir, "all.txt")
		require.Equal(t, 5, bytes.Count(src, []byte("溜川")))
		r := nb(t, dir, nil, nil, "fix", "all.txt", "-o", "all.txt")
		require.Equal(t, exitClean, r.code, r.stderr)
		assert.Equal(t, bytes.ReplaceAll(src, []byte("溜川"), []byte("淄川")), readFile(t, filepath.Join(dir, "all.txt")), "written in place: 溜川 only, the ST107 label left for a person")
		assert.Contains(t, r.stderr, "已应用 5 处修改")
		again := nb(t, dir, nil, nil, "fix", "all.txt")
		assert.Equal(t, exitClean, again.code)
		assert.Empty(t, again.out, "nothing left to fix")
		assert.Contains(t, again.stderr, "没有可自动应用的修改")
	})
	t.Run("gbk", func(t *testing.T) {
		src := copyTo(t, sampleGBK, dir, "gbk.txt")
		r := nb(t, dir, nil, nil, "fix", "gbk.txt", "--rules", "NM101", "-o", "gbk-out.txt")
		require.Equal(t, exitClean, r.code, r.stderr)
		got := readFile(t, filepath.Join(dir, "gbk-out.txt"))
		assert.Equal(t, bytes.ReplaceAll(src, gbkOf(t, "溜川"), gbkOf(t, "淄川")), got)
		assert.False(t, utf8.Valid(got), "still GBK")
		text, err := simplifiedchinese.GB18030.NewDecoder().Bytes(got)
		require.NoError(t, err)
		assert.Equal(t, 5, strings.Count(string(text), "淄川")-strings.Count(string(readFile(t, seedPath)), "淄川"))
		assert.Contains(t, r.out, "+", "the diff is UTF-8 text")
		assert.True(t, utf8.ValidString(r.out))
	})
	t.Run("html", func(t *testing.T) {
		src := copyTo(t, sampleHTML, dir, "report.html")
		r := nb(t, dir, nil, nil, "fix", "report.html", "--rules", "NM101", "-o", "out.html")
		require.Equal(t, exitClean, r.code, r.stderr)
		assert.Equal(t, string(bytes.ReplaceAll(src, []byte("溜川"), []byte("淄川"))), string(readFile(t, filepath.Join(dir, "out.html"))))
	})
	t.Run("docx", func(t *testing.T) {
		src := copyTo(t, sampleDOCX, dir, "report.docx")
		r := nb(t, dir, nil, nil, "fix", "report.docx", "--rules", "NM101", "-o", "out.docx")
		require.Equal(t, exitClean, r.code, r.stderr)
		out := readFile(t, filepath.Join(dir, "out.docx"))
		before, after := fixtures.ZipParts(t, src), fixtures.ZipParts(t, out)
		assert.Equal(t, strings.ReplaceAll(before["word/document.xml"], "溜川", "淄川"), after["word/document.xml"])
		assert.Equal(t, strings.ReplaceAll(xmlText(before["word/document.xml"]), "溜川", "淄川"), xmlText(after["word/document.xml"]), "document.xml text diff: 溜川 only")
		delete(before, "word/document.xml")
		delete(after, "word/document.xml")
		assert.Equal(t, before, after, "every other entry as it was")
	})
	t.Run("dry run", func(t *testing.T) {
		copyTo(t, seedPath, dir, "dry.txt")
		r := nb(t, dir, nil, nil, "fix", "dry.txt", "-o", "dry-out.txt", "--dry-run")
		require.Equal(t, exitClean, r.code, r.stderr)
		assert.Contains(t, r.out, "+本机关充分发挥")
		assert.NoFileExists(t, filepath.Join(dir, "dry-out.txt"))
		plain := nb(t, dir, nil, nil, "fix", "dry.txt")
		assert.Equal(t, r.out, plain.out)
		assert.Equal(t, readFile(t, seedPath), readFile(t, filepath.Join(dir, "dry.txt")), "the input is untouched")
	})
	t.Run("pdf", func(t *testing.T) {
		copyTo(t, samplePDF, dir, "report.pdf")
		r := nb(t, dir, nil, nil, "fix", "report.pdf", "-o", "out.pdf")
		assert.Equal(t, exitError, r.code)
		assert.Contains(t, r.stderr, "nianbao annotate")
		assert.Contains(t, r.stderr, "原始文档")
		assert.NoFileExists(t, filepath.Join(dir, "out.pdf"))
		en := nb(t, dir, nil, nil, "fix", "report.pdf", "--lang", "en")
		assert.Contains(t, en.stderr, "cannot be edited in place")
	})
	t.Run("usage", func(t *testing.T) {
		r := nb(t, dir, nil, nil, "fix")
		assert.Equal(t, exitError, r.code)
		h := nb(t, dir, nil, nil, "fix", "--help")
		assert.Equal(t, exitClean, h.code)
		assert.Contains(t, h.out, "示例")
		assert.Contains(t, h.out, "--dry-run")
	})
}

var tags = regexp.MustCompile(`<[^>]*>`)

// xmlText is the text of an XML part without its markup.
func xmlText(s string) string { return tags.ReplaceAllString(s, "") }

// TestBinary_Annotate: the seed's Word file with its findings as comments
// opens in LibreOffice, which finds every comment by nianbao; with
// --track-changes, accepting every change gives the fixed text.
func TestBinary_Annotate(t *testing.T) {
	dir := t.TempDir()
	copyTo(t, sampleDOCX, dir, "report.docx")
	withoutWording(t, dir)
	r := nb(t, dir, nil, nil, "annotate", "report.docx", "-o", "comments.docx")
	require.Equal(t, exitClean, r.code, r.stderr)
	assert.Contains(t, r.stderr, "10 条批注，0 处修订")
	tc := nb(t, dir, nil, []string{"SOURCE_DATE_EPOCH=1709251200"}, "annotate", "report.docx", "-o", "changes.docx", "--track-changes", "--lang", "en")
	require.Equal(t, exitClean, tc.code, tc.stderr)
	assert.Contains(t, tc.stderr, "10 comments, 5 tracked changes")
	body := fixtures.ZipParts(t, readFile(t, filepath.Join(dir, "changes.docx")))["word/document.xml"]
	assert.Contains(t, body, `w:author="nianbao" w:date="2024-03-01T00:00:00Z"`)

	// Our reader reads w:ins and drops w:del, as accepting every change
	// does: nothing left for NM101.
	accepted := nb(t, dir, nil, nil, "check", "changes.docx", "--rules", "NM101,ST107")
	assert.Equal(t, exitClean, accepted.code, accepted.out)

	t.Run("refused", func(t *testing.T) {
		copyTo(t, seedPath, dir, "seed.txt")
		r := nb(t, dir, nil, nil, "annotate", "seed.txt", "-o", "x.docx")
		assert.Equal(t, exitError, r.code)
		assert.Contains(t, r.stderr, "nianbao fix")
		r = nb(t, dir, nil, nil, "annotate", "report.docx")
		assert.Equal(t, exitError, r.code)
		assert.Contains(t, r.stderr, "-o")
	})

	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice not installed (Debian: libreoffice-writer-nogui); the LibreOffice checks are skipped")
	}
	out := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	for _, name := range []string{"comments.docx", "changes.docx"} {
		cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.ToSlash(t.TempDir()),
			"--headless", "--convert-to", "odt", "--outdir", out, filepath.Join(dir, name))
		msg, err := cmd.CombinedOutput()
		require.NoError(t, err, string(msg))
	}
	content := func(name string) string {
		return fixtures.ZipParts(t, readFile(t, filepath.Join(out, name)))["content.xml"]
	}
	odt := content("comments.odt")
	assert.Equal(t, 10, len(regexp.MustCompile(`<office:annotation[ >]`).FindAllString(odt, -1)), "every comment is there")
	assert.Equal(t, 10, strings.Count(odt, "<dc:creator>nianbao</dc:creator>"))
	assert.Contains(t, odt, "“溜川”疑为“淄川”之误")
	assert.NotContains(t, odt, "<text:tracked-changes")

	// In ODT a deletion sits in text:tracked-changes and an insertion in
	// the text: the text without the first is the text with every change
	// accepted.
	odt = content("changes.odt")
	assert.Equal(t, 10, strings.Count(odt, "<text:changed-region"), "five replacements, each a deletion and an insertion")
	text := regexp.MustCompile(`(?s)<text:tracked-changes.*?</text:tracked-changes>|<office:annotation[ >].*?</office:annotation>`).ReplaceAllString(odt, "")
	text = xmlText(text)
	assert.NotContains(t, text, "溜川")
	assert.Contains(t, text, "投资淄川")
	assert.Contains(t, text, "其他法律法规禁止公开", "the ST107 label is a comment, not a change")
}

// withoutWording puts a project file in dir that runs every rule but the
// wording ones (TX): tests that count the seed's findings, or read them in
// order from its NM101, are about other things than its wording.
func withoutWording(t *testing.T, dir string) {
	t.Helper()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "nianbao.toml"), []byte("only = [\"CR\", \"NM\", \"NU\", \"ST\", \"TB\"]\n"), 0o644))
}
