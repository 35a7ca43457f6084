package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/export/sheets"
	"github.com/nianbao/nianbao/internal/fixtures"
	"github.com/nianbao/nianbao/validate/review"
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

// The review tests run the built binary on copies of the seed report:
// decisions recorded with review set or read back from a workbook, then
// honoured by check.

// mustCopySeed copies the seed report into dir as name.
func mustCopySeed(t *testing.T, dir, name string) string {
	t.Helper()
	src, err := os.ReadFile(seedPath)
	require.NoError(t, err)
	path := filepath.Join(dir, name)
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, src, 0o644))
	return path
}

// jsonOut is check's JSON output.
type jsonOut struct {
	Version int                 `json:"version"`
	Reports []export.JSONReport `json:"reports"`
}

// mustCheckJSON runs check --format json in dir and decodes its output.
func mustCheckJSON(t *testing.T, dir string, wantCode int, args ...string) jsonOut {
	t.Helper()
	r := nb(t, dir, nil, nil, append([]string{"check", "--format", "json"}, args...)...)
	require.Equal(t, wantCode, r.code, r.stderr)
	var out jsonOut
	require.NoError(t, json.Unmarshal([]byte(r.out), &out), r.out)
	require.Equal(t, 1, out.Version)
	return out
}

// find returns the finding of rule at line, failing when there is not
// exactly one.
func find(t *testing.T, fs []export.JSONFinding, rule string, line int) export.JSONFinding {
	t.Helper()
	var got []export.JSONFinding
	for _, f := range fs {
		if f.Rule == rule && f.Line == line {
			got = append(got, f)
		}
	}
	require.Len(t, got, 1, "%s at line %d", rule, line)
	return got[0]
}

func fingerprints(fs []export.JSONFinding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Fingerprint)
	}
	return out
}

func mustReadReview(t *testing.T, path string) *review.File {
	t.Helper()
	_, err := os.Stat(path)
	require.NoError(t, err)
	f, err := review.Load(path)
	require.NoError(t, err)
	return f
}

func mustEditFile(t *testing.T, path string, edit func(string) string) {
	t.Helper()
	src, err := os.ReadFile(path)
	require.NoError(t, err)
	out := edit(string(src))
	require.NotEqual(t, string(src), out)
	require.NoError(t, os.WriteFile(path, []byte(out), 0o644))
}

const reason = "“溜川”为当地村名，不是“淄川”之误"

// TestBinary_ReviewSet: a finding dismissed with review set is neither
// printed nor counted, in text and JSON, and stays dismissed after edits
// elsewhere in the report; --show-ignored lists it with its reason.
func TestBinary_ReviewSet(t *testing.T) {
	dir := t.TempDir()
	withoutWording(t, dir)
	mustCopySeed(t, dir, "seed.txt")
	before := mustCheckJSON(t, dir, exitFindings, "seed.txt").Reports[0].Findings
	require.Len(t, before, 10)
	target := find(t, before, "NM101", 25)
	assert.Regexp(t, `^NM101:[0-9a-f]{16}$`, target.Fingerprint)

	r := nb(t, dir, nil, nil, "review", "set", "seed.txt", "--rule", "NM101", "--line", "25", "--reason", reason, "--who", "区政务公开办")
	require.Equal(t, exitClean, r.code, r.stderr)
	assert.Contains(t, r.out, "seed.txt.review.json")
	assert.Contains(t, r.out, target.Fingerprint)
	side := mustReadReview(t, filepath.Join(dir, "seed.txt.review.json"))
	require.Len(t, side.Entries, 1)
	e := side.Entries[0]
	assert.Equal(t, target.Fingerprint, e.Fingerprint)
	assert.Equal(t, "NM101", e.Rule)
	assert.Equal(t, review.Dismissed, e.Status)
	assert.Equal(t, reason, e.Reason)
	assert.Equal(t, "区政务公开办", e.Who)
	assert.Empty(t, e.Report, "a file beside its report names no report")
	_, err := time.Parse(time.RFC3339, e.When)
	assert.NoError(t, err)
	assert.Equal(t, review.Hint{Message: target.Message, Text: "溜川", Section: "overview", Line: 25}, e.Hint)

	// An unrelated edit: a paragraph inserted at the top, another line
	// rewritten. The dismissed finding is now on line 27.
	mustEditFile(t, filepath.Join(dir, "seed.txt"), func(s string) string {
		s = "（本报告经本机关主要负责人审定后公开。）\n\n" + s
		return strings.Replace(s, "2023 年本机关未收到依申请公开事项。", "2023 年，本机关全年未收到依申请公开事项，也未发生行政复议、行政诉讼。", 1)
	})

	t.Run("json", func(t *testing.T) {
		out := mustCheckJSON(t, dir, exitFindings, "seed.txt").Reports[0]
		assert.Len(t, out.Findings, 9)
		assert.NotContains(t, fingerprints(out.Findings), target.Fingerprint)
		assert.Empty(t, out.Ignored)
		for _, f := range out.Findings {
			assert.Nil(t, f.Review)
		}
		shown := mustCheckJSON(t, dir, exitFindings, "seed.txt", "--show-ignored").Reports[0]
		assert.Equal(t, out.Findings, shown.Findings)
		require.Len(t, shown.Ignored, 1)
		ig := shown.Ignored[0]
		assert.Equal(t, target.Fingerprint, ig.Fingerprint)
		assert.Equal(t, 27, ig.Line, "moved by the edit")
		require.NotNil(t, ig.Review)
		assert.Equal(t, export.JSONReview{Status: "dismissed", Reason: reason, Who: "区政务公开办", When: e.When}, *ig.Review)
	})
	t.Run("text", func(t *testing.T) {
		out := nb(t, dir, nil, nil, "check", "seed.txt")
		assert.Equal(t, exitFindings, out.code, out.stderr)
		assert.NotContains(t, out.out, "seed.txt:27:51:")
		assert.Contains(t, out.out, "共 1 个文件：8 个错误，1 个警告")
		assert.Contains(t, out.out, "另有 1 个问题已按审核记录标为非错误，不计入（--show-ignored 列出）")
		shown := nb(t, dir, nil, nil, "check", "seed.txt", "--show-ignored")
		assert.Regexp(t, `(?m)^seed\.txt:27:51: +error NM101 “溜川”疑为“淄川”之误.* \[非错误：`+regexp.QuoteMeta(reason)+`\]$`, shown.out)
		assert.Contains(t, shown.out, "共 1 个文件：8 个错误，1 个警告")
		en := nb(t, dir, nil, nil, "check", "seed.txt", "--lang", "en")
		assert.Contains(t, en.out, "1 more findings were dismissed by a review")
	})
	t.Run("exit code", func(t *testing.T) {
		// ST107 is the seed's one warning: dismissed, --fail-on warning
		// passes.
		r := nb(t, dir, nil, nil, "check", "seed.txt", "--rules", "ST107", "--fail-on", "warning")
		assert.Equal(t, exitFindings, r.code, r.stderr)
		r = nb(t, dir, nil, nil, "review", "set", "seed.txt", "--rule", "ST107", "--reason", "本省格式允许此写法")
		require.Equal(t, exitClean, r.code, r.stderr)
		r = nb(t, dir, nil, nil, "check", "seed.txt", "--rules", "ST107", "--fail-on", "warning")
		assert.Equal(t, exitClean, r.code, r.out+r.stderr)
		assert.Contains(t, r.out, "0 个错误，0 个警告")
		r = nb(t, dir, nil, nil, "check", "seed.txt", "--rules", "ST107", "--fail-on", "warning", "--show-ignored")
		assert.Equal(t, exitClean, r.code, "shown, still not counted")
		assert.Contains(t, r.out, "ST107")
		// Back to pending: counted again.
		r = nb(t, dir, nil, nil, "review", "set", "seed.txt", "--rule", "ST107", "--status", "pending")
		require.Equal(t, exitClean, r.code, r.stderr)
		r = nb(t, dir, nil, nil, "check", "seed.txt", "--rules", "ST107", "--fail-on", "warning")
		assert.Equal(t, exitFindings, r.code)
		assert.Len(t, mustReadReview(t, filepath.Join(dir, "seed.txt.review.json")).Entries, 1)
	})
	t.Run("sarif", func(t *testing.T) {
		r := nb(t, dir, nil, nil, "check", "seed.txt", "--sarif", "out.sarif")
		require.Equal(t, exitFindings, r.code, r.stderr)
		src, err := os.ReadFile(filepath.Join(dir, "out.sarif"))
		require.NoError(t, err)
		var log struct {
			Runs []struct {
				Results []struct {
					RuleID              string            `json:"ruleId"`
					PartialFingerprints map[string]string `json:"partialFingerprints"`
					Suppressions        []map[string]any  `json:"suppressions"`
				} `json:"results"`
			} `json:"runs"`
		}
		require.NoError(t, json.Unmarshal(src, &log))
		res := log.Runs[0].Results
		require.Len(t, res, 10, "the dismissed finding is in the log, suppressed")
		var suppressed int
		for _, x := range res {
			if len(x.Suppressions) == 0 {
				continue
			}
			suppressed++
			assert.Equal(t, target.Fingerprint, x.PartialFingerprints["nianbao/v1"])
			assert.Equal(t, []map[string]any{{"kind": "external", "status": "accepted", "justification": reason}}, x.Suppressions)
		}
		assert.Equal(t, 1, suppressed)
	})
	t.Run("errors", func(t *testing.T) {
		for _, tc := range []struct {
			args []string
			want string
		}{
			{[]string{"review", "set", "seed.txt", "--rule", "NM101", "--line", "31"}, "--reason"},
			{[]string{"review", "set", "seed.txt", "--rule", "NM101", "--reason", "x"}, "--line"},
			{[]string{"review", "set", "seed.txt", "--rule", "TB101", "--reason", "x"}, "NM101"},
			{[]string{"review", "set", "seed.txt", "--reason", "x"}, "--fingerprint"},
			{[]string{"review", "set", "seed.txt", "--rule", "ST107", "--status", "ignored"}, "--status"},
			{[]string{"review"}, "set"},
		} {
			r := nb(t, dir, nil, nil, tc.args...)
			assert.Equal(t, exitError, r.code, "%v", tc.args)
			assert.Contains(t, r.stderr, tc.want, "%v", tc.args)
		}
		// A damaged review file stops check before any report is read.
		bad := filepath.Join(dir, "bad.txt")
		mustCopySeed(t, dir, "bad.txt")
		require.NoError(t, os.WriteFile(bad+".review.json", []byte(`{"version": 1, "entries": [{"fingerprint": "NM101:0000000000000000", "status": "dismissed"}]}`), 0o644))
		r := nb(t, dir, nil, nil, "check", "bad.txt")
		assert.Equal(t, exitError, r.code)
		assert.Contains(t, r.stderr, "bad.txt.review.json")
		assert.Contains(t, r.stderr, "reason")
		assert.Empty(t, r.out)
	})
}

// TestBinary_ReviewFile: with --review one file serves a batch; an entry
// names its report and applies to it alone.
func TestBinary_ReviewFile(t *testing.T) {
	dir := t.TempDir()
	mustCopySeed(t, dir, "in/a.txt")
	mustCopySeed(t, dir, "in/b.txt")
	r := nb(t, dir, nil, nil, "review", "set", "in/a.txt", "--rule", "NM101", "--line", "25", "--reason", reason, "--review", "审核.json")
	require.Equal(t, exitClean, r.code, r.stderr)
	f := mustReadReview(t, filepath.Join(dir, "审核.json"))
	require.Len(t, f.Entries, 1)
	assert.Equal(t, "a.txt", f.Entries[0].Report)
	_, err := os.Stat(filepath.Join(dir, "in", "a.txt.review.json"))
	assert.ErrorIs(t, err, os.ErrNotExist)

	// Without --review, and no file beside the reports, nothing is
	// dismissed (in a batch, each copy has a CR100 note on the other).
	all := mustCheckJSON(t, dir, exitFindings, "in").Reports
	require.Len(t, all, 2)
	n := len(all[0].Findings)
	require.Equal(t, n, len(all[1].Findings))
	out := mustCheckJSON(t, dir, exitFindings, "in", "--review", "审核.json", "--show-ignored")
	require.Len(t, out.Reports, 2)
	assert.Equal(t, "a.txt", out.Reports[0].Path)
	assert.Len(t, out.Reports[0].Findings, n-1)
	assert.Len(t, out.Reports[0].Ignored, 1)
	assert.Len(t, out.Reports[1].Findings, n, "b.txt is not a.txt")
	assert.Empty(t, out.Reports[1].Ignored)
	// A --review file that does not exist yet is an empty one.
	assert.Len(t, mustCheckJSON(t, dir, exitFindings, "in", "--review", "new.json").Reports[0].Findings, n)
}

// officeEdit opens the workbook as an office would, sorts 问题清单 by 规则
// descending (rows move; the hidden 指纹 column moves with them), sets
// 状态 and 审核说明 where set says so, and saves it as out.
func officeEdit(t *testing.T, in, out string, set func(row map[string]string) (status, reason string)) {
	t.Helper()
	f, err := excelize.OpenFile(in)
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows(sheets.FindingName)
	require.NoError(t, err)
	head := rows[0]
	col := func(name string) int {
		i := slices.Index(head, name)
		require.GreaterOrEqual(t, i, 0, name)
		return i
	}
	data := rows[1:]
	require.NotEmpty(t, data)
	slices.SortStableFunc(data, func(a, b []string) int { return strings.Compare(get(b, col("规则")), get(a, col("规则"))) })
	for i, row := range data {
		row = append(row, make([]string, len(head)-len(row))...)
		m := map[string]string{}
		for j, h := range head {
			m[h] = row[j]
		}
		if st, why := set(m); st != "" {
			row[col("状态")], row[col("审核说明")] = st, why
		}
		vals := make([]any, len(row))
		for j, v := range row {
			vals[j] = v
		}
		cell, err := excelize.CoordinatesToCellName(1, i+2)
		require.NoError(t, err)
		require.NoError(t, f.SetSheetRow(sheets.FindingName, cell, &vals))
	}
	require.NoError(t, f.SetDocProps(&excelize.DocProperties{Creator: "nianbao", LastModifiedBy: "区政务公开办"}))
	require.NoError(t, f.SaveAs(out))
}

func get(row []string, i int) string {
	if i < len(row) {
		return row[i]
	}
	return ""
}

// TestBinary_ReviewImport: a workbook sent to an agency comes back with
// 状态 and 审核说明 filled in, its rows re-sorted; review import writes
// the decisions beside each report, and check honours them.
func TestBinary_ReviewImport(t *testing.T) {
	dir := t.TempDir()
	mustCopySeed(t, dir, "年报/a.txt")
	mustCopySeed(t, dir, "年报/sub/b.txt")
	r := nb(t, dir, nil, nil, "check", "年报", "--xlsx", "结果.xlsx")
	require.Equal(t, exitFindings, r.code, r.stderr)
	before := mustCheckJSON(t, dir, exitFindings, "年报").Reports
	require.Len(t, before, 2)
	nA, nB := len(before[0].Findings), len(before[1].Findings)
	dismissed := find(t, before[0].Findings, "NM101", 25).Fingerprint
	confirmed := find(t, before[0].Findings, "ST107", 59).Fingerprint

	decide := func(row map[string]string) (string, string) {
		switch {
		case row["文件"] == "a.txt" && row["指纹"] == dismissed:
			return "非错误", reason
		case row["文件"] == "a.txt" && row["指纹"] == confirmed:
			return "已确认", ""
		case row["文件"] == filepath.Join("sub", "b.txt") && row["规则"] == "ST101":
			return "已修正", "已补上第四部分"
		}
		return "", ""
	}
	officeEdit(t, filepath.Join(dir, "结果.xlsx"), filepath.Join(dir, "返回.xlsx"), decide)

	r = nb(t, dir, nil, nil, "review", "import", "返回.xlsx", "年报")
	require.Equal(t, exitClean, r.code, r.stderr)
	assert.Contains(t, r.out, filepath.Join("年报", "a.txt.review.json")+": 已确认 1，非错误 1")
	assert.Contains(t, r.out, filepath.Join("年报", "sub", "b.txt.review.json")+": 已修正 1")
	a := mustReadReview(t, filepath.Join(dir, "年报", "a.txt.review.json"))
	require.Len(t, a.Entries, 2)
	for _, e := range a.Entries {
		assert.Equal(t, "区政务公开办", e.Who, "the workbook's last editor")
		assert.Empty(t, e.Report)
		switch e.Fingerprint {
		case dismissed:
			assert.Equal(t, review.Dismissed, e.Status)
			assert.Equal(t, reason, e.Reason)
			assert.Equal(t, 25, e.Hint.Line)
			assert.Contains(t, e.Hint.Message, "溜川")
		case confirmed:
			assert.Equal(t, review.Confirmed, e.Status)
			assert.Equal(t, "requests.withheld.prohibited_by_law", e.Hint.Key)
		default:
			t.Errorf("unexpected entry %+v", e)
		}
	}
	b := mustReadReview(t, filepath.Join(dir, "年报", "sub", "b.txt.review.json"))
	require.Len(t, b.Entries, 1)
	assert.Equal(t, review.Fixed, b.Entries[0].Status)
	assert.Equal(t, "ST101", b.Entries[0].Rule)

	// Importing the same workbook again changes nothing, byte for byte.
	aBytes, err := os.ReadFile(filepath.Join(dir, "年报", "a.txt.review.json"))
	require.NoError(t, err)
	r = nb(t, dir, nil, nil, "review", "import", "返回.xlsx", "年报")
	require.Equal(t, exitClean, r.code, r.stderr)
	assert.Contains(t, r.out, "无变化")
	again, err := os.ReadFile(filepath.Join(dir, "年报", "a.txt.review.json"))
	require.NoError(t, err)
	assert.Equal(t, string(aBytes), string(again))

	// check honours the decisions: the dismissed finding is gone, the
	// others carry theirs.
	after := mustCheckJSON(t, dir, exitFindings, "年报").Reports
	assert.Len(t, after[0].Findings, nA-1)
	assert.NotContains(t, fingerprints(after[0].Findings), dismissed)
	assert.Equal(t, &export.JSONReview{Status: "confirmed", Who: "区政务公开办", When: a.Entries[0].When}, find(t, after[0].Findings, "ST107", 59).Review)
	assert.Len(t, after[1].Findings, nB)
	assert.Equal(t, "fixed", find(t, after[1].Findings, "ST101", 69).Review.Status)

	// The next workbook shows the decisions, without the dismissed row
	// unless asked.
	for _, show := range []bool{false, true} {
		args := []string{"check", "年报", "--xlsx", "第二轮.xlsx"}
		if show {
			args = append(args, "--show-ignored")
		}
		r = nb(t, dir, nil, nil, args...)
		require.Equal(t, exitFindings, r.code, r.stderr)
		f, err := excelize.OpenFile(filepath.Join(dir, "第二轮.xlsx"))
		require.NoError(t, err)
		rows, err := f.GetRows(sheets.FindingName)
		require.NoError(t, err)
		f.Close()
		head := rows[0]
		status := map[string]string{}
		for _, row := range rows[1:] {
			status[get(row, slices.Index(head, "文件"))+" "+get(row, slices.Index(head, "指纹"))] = get(row, slices.Index(head, "状态")) + "|" + get(row, slices.Index(head, "审核说明"))
		}
		assert.Equal(t, "已确认|", status["a.txt "+confirmed])
		d, ok := status["a.txt "+dismissed]
		assert.Equal(t, show, ok)
		if show {
			assert.Equal(t, "非错误|"+reason, d)
			assert.Len(t, rows, 1+nA+nB)
		} else {
			assert.Len(t, rows, nA+nB)
		}
	}

	// The office puts the dismissed one back to 待处理: the decision goes.
	officeEdit(t, filepath.Join(dir, "第二轮.xlsx"), filepath.Join(dir, "返回2.xlsx"), func(row map[string]string) (string, string) {
		if row["指纹"] == dismissed && row["文件"] == "a.txt" {
			return "待处理", ""
		}
		return "", ""
	})
	r = nb(t, dir, nil, nil, "review", "import", "返回2.xlsx", "年报")
	require.Equal(t, exitClean, r.code, r.stderr)
	assert.Contains(t, r.out, "撤销 1")
	assert.Len(t, mustCheckJSON(t, dir, exitFindings, "年报").Reports[0].Findings, nA)
	assert.Len(t, mustReadReview(t, filepath.Join(dir, "年报", "a.txt.review.json")).Entries, 1)
}

// TestBinary_ReviewImportErrors: a workbook with a row that cannot be
// read writes nothing; --review puts every decision in one file.
func TestBinary_ReviewImportErrors(t *testing.T) {
	dir := t.TempDir()
	mustCopySeed(t, dir, "a.txt")
	r := nb(t, dir, nil, nil, "check", "a.txt", "--xlsx", "结果.xlsx")
	require.Equal(t, exitFindings, r.code, r.stderr)

	n := 0
	officeEdit(t, filepath.Join(dir, "结果.xlsx"), filepath.Join(dir, "坏.xlsx"), func(row map[string]string) (string, string) {
		n++
		switch n {
		case 1:
			return "已确认", ""
		case 2:
			return "非错误", "" // no reason
		case 3:
			return "不是错误", "" // not a status
		}
		return "", ""
	})
	r = nb(t, dir, nil, nil, "review", "import", "坏.xlsx")
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, "2 行无法导入，未写入任何文件")
	assert.Contains(t, r.stderr, "审核说明")
	assert.Contains(t, r.stderr, "问题清单!4：状态“不是错误”无效，须为 待处理、已确认、非错误、已修正 之一")
	_, err := os.Stat(filepath.Join(dir, "a.txt.review.json"))
	assert.ErrorIs(t, err, os.ErrNotExist)

	// The report cannot be found from another folder without the folder.
	sub := filepath.Join(dir, "elsewhere")
	require.NoError(t, os.Mkdir(sub, 0o755))
	officeEdit(t, filepath.Join(dir, "结果.xlsx"), filepath.Join(dir, "好.xlsx"), func(row map[string]string) (string, string) {
		if row["规则"] == "ST107" {
			return "非错误", "本省格式"
		}
		return "", ""
	})
	r = nb(t, sub, nil, nil, "review", "import", filepath.Join("..", "好.xlsx"))
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, `"a.txt" not found`)
	r = nb(t, sub, nil, nil, "review", "import", filepath.Join("..", "好.xlsx"), filepath.Join("..", "a.txt"))
	require.Equal(t, exitClean, r.code, r.stderr)
	assert.Len(t, mustReadReview(t, filepath.Join(dir, "a.txt.review.json")).Entries, 1)

	// --review: one file, entries naming their report.
	r = nb(t, dir, nil, nil, "review", "import", "好.xlsx", "--review", "审核.json", "--who", "张三")
	require.Equal(t, exitClean, r.code, r.stderr)
	f := mustReadReview(t, filepath.Join(dir, "审核.json"))
	require.Len(t, f.Entries, 1)
	assert.Equal(t, "a.txt", f.Entries[0].Report)
	assert.Equal(t, "张三", f.Entries[0].Who)
	assert.Equal(t, "ST107", f.Entries[0].Rule)

	// Not a workbook of ours.
	require.NoError(t, excelize.NewFile().SaveAs(filepath.Join(dir, "空.xlsx")))
	r = nb(t, dir, nil, nil, "review", "import", "空.xlsx")
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, "问题清单")
}

func TestBinary_ReviewHelp(t *testing.T) {
	for _, args := range [][]string{{"review", "--help"}, {"review", "set", "--help"}, {"review", "import", "--help"}, {"help", "review"}} {
		r := nb(t, ".", nil, nil, args...)
		assert.Equal(t, exitClean, r.code, "%v: %s", args, r.stderr)
		assert.Contains(t, r.out, "示例", "%v", args)
	}
	assert.Contains(t, nb(t, ".", nil, nil, "check", "--help").out, "--show-ignored")
	en := nb(t, ".", nil, nil, "review", "import", "--help", "--lang", "en")
	assert.Contains(t, en.out, "fingerprint")
}

// TestFix_Hostile: fix and annotate read in a worker process too, so a
// hostile file is an error naming the file and its reason, exit 2, no
// goroutine dump, whatever reading it does to the reader.
func TestFix_Hostile(t *testing.T) {
	dir := t.TempDir()
	for _, h := range hostile[:3] {
		h.make(t, filepath.Join(dir, h.name))
		for _, args := range [][]string{{"fix", h.name}, {"annotate", h.name, "-o", "out.docx"}} {
			r := nb(t, dir, nil, nil, args...)
			assert.Equal(t, exitError, r.code, "%v\n%s", args, r.stderr)
			assert.Contains(t, r.stderr, h.reason, args)
			assert.Contains(t, r.stderr, h.name, args)
			assert.NotContains(t, r.stderr, "goroutine ", args)
		}
	}
	assert.NoFileExists(t, filepath.Join(dir, "out.docx"))
}

// TestCheck_Skipped: check names on stderr each entry its folder walk
// passed over and why, as the folder's relative path; --quiet keeps it
// silent, and neither changes the exit code.
func TestCheck_Skipped(t *testing.T) {
	dir := t.TempDir()
	seed, err := os.ReadFile(seedPath)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "r.txt"), seed, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "结果.xlsx"), nil, 0o644))
	require.NoError(t, os.Mkdir(filepath.Join(dir, ".git"), 0o755))
	r := nb(t, dir, nil, nil, "check", ".")
	assert.Equal(t, exitFindings, r.code)
	assert.Contains(t, r.stderr, "nianbao check：跳过 结果.xlsx：不是报告的文件类型")
	assert.Contains(t, r.stderr, "nianbao check：跳过 .git：隐藏的文件或文件夹")
	q := nb(t, dir, nil, nil, "check", "--quiet", ".", "--lang", "en")
	assert.Equal(t, exitFindings, q.code)
	assert.NotContains(t, q.stderr, "skipped")
}
