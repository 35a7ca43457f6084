package export_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/export/internal/exporttest"
	"github.com/nianbao/nianbao/extract/txt"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
	"github.com/nianbao/nianbao/validate/review"
)

const report = "淄博市淄川区商务局2023年政府信息公开工作年度报告\n一、总体情况\n全力推进溜川区建设，淄川区发展良好。\n"

func mustResult(tb testing.TB, path, text string) export.Result {
	tb.Helper()
	rep, err := normalize.Normalize(txt.Parse(path, text))
	require.NoError(tb, err)
	fs, err := validate.Check(rep, validate.Options{})
	require.NoError(tb, err)
	return export.Result{Path: path, Report: rep, Findings: fs}
}

func TestWriteText(t *testing.T) {
	results := []export.Result{
		mustResult(t, "甲.txt", report),
		mustResult(t, "a.txt", report),
		{Path: "bad.pdf", Err: errors.New("extract: bad.pdf: damaged")},
	}
	var buf bytes.Buffer
	require.NoError(t, export.WriteText(&buf, results, export.TextOptions{}))
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	// Within a file, severities line up although 甲 is two columns wide.
	var cols []int
	for _, l := range lines {
		if i := strings.Index(l, " error "); i >= 0 && strings.HasPrefix(l, "甲.txt") {
			w := 0
			for _, r := range l[:i] {
				if r >= 0x1100 {
					w += 2
				} else {
					w++
				}
			}
			cols = append(cols, w)
		}
	}
	require.NotEmpty(t, cols)
	for _, c := range cols {
		assert.Equal(t, cols[0], c)
	}
	assert.Contains(t, buf.String(), "bad.pdf: 无法处理: extract: bad.pdf: damaged")
	assert.Contains(t, buf.String(), "1 个文件无法处理")

	buf.Reset()
	require.NoError(t, export.WriteText(&buf, results[:1], export.TextOptions{Lang: "en"}))
	assert.Contains(t, buf.String(), "probably a misspelling")
}

// TestTextWriter_RuleError: when one rule breaks, text output keeps the
// findings of the others, as JSON does, and shows the rule's error.
func TestTextWriter_RuleError(t *testing.T) {
	rep, err := normalize.Normalize(txt.Parse("a.txt", report))
	require.NoError(t, err)
	broken := &validate.Rule{
		ID: "ST999", Title: validate.Msg{Zh: "坏规则", En: "broken rule"}, Severity: validate.Error,
		Run: func(*validate.Pass) error { return errors.New("index out of range") },
	}
	fs, err := validate.Check(rep, validate.Options{Rules: append(slices.Clone(validate.All), broken)})
	require.Error(t, err)
	res := export.Result{Path: "a.txt", Report: rep, Findings: fs, Err: err}
	want := export.JSONFindings(res, "zh")
	require.NotEmpty(t, want)

	var buf bytes.Buffer
	require.NoError(t, export.WriteText(&buf, []export.Result{res}, export.TextOptions{}))
	out := buf.String()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Len(t, lines, len(want)+2, "one line per finding, the error, the summary:\n%s", out)
	for i, f := range want {
		assert.Regexp(t, fmt.Sprintf(`^a\.txt:%d:%d: +%s %s %s$`, f.Line, f.Column, f.Severity, f.Rule, regexp.QuoteMeta(f.Message)), lines[i])
	}
	assert.Equal(t, "a.txt: 无法处理: validate: a.txt: rules failed: ST999: index out of range", lines[len(want)])
	assert.Contains(t, lines[len(want)+1], "1 个文件无法处理")
	assert.Contains(t, out, "NM101")
}

func TestWriteJSON(t *testing.T) {
	res := mustResult(t, "a.txt", report)
	var buf bytes.Buffer
	require.NoError(t, export.WriteJSON(&buf, []export.Result{res}, "zh"))
	var out struct {
		Version int                 `json:"version"`
		Reports []export.JSONReport `json:"reports"`
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &out))
	assert.Equal(t, 1, out.Version)
	var nm *export.JSONFinding
	for i, f := range out.Reports[0].Findings {
		if f.Rule == "NM101" {
			nm = &out.Reports[0].Findings[i]
		}
	}
	require.NotNil(t, nm)
	assert.Equal(t, 3, nm.Line)
	assert.Equal(t, 5, nm.Column)
	assert.Equal(t, 3, nm.EndLine)
	assert.Equal(t, 8, nm.EndColumn)
	require.Len(t, nm.Fixes, 1)
	assert.Equal(t, export.JSONEdit{Line: 3, Column: 5, EndLine: 3, EndColumn: 8, NewText: "淄川区"}, nm.Fixes[0].Edits[0])
	assert.Equal(t, "overview", nm.Section)
}

// TestWriteJSON_RawPath: a file name that is not UTF-8 (GBK on a Linux
// disk) keeps its bytes in path_bytes; path shows U+FFFD for them.
func TestWriteJSON_RawPath(t *testing.T) {
	name := "\xc4\xea\xb1\xa8.txt" // 年报.txt in GBK
	res := mustResult(t, name, report)
	var buf bytes.Buffer
	require.NoError(t, export.WriteJSON(&buf, []export.Result{res, mustResult(t, "a.txt", report)}, "zh"))
	var out struct{ Reports []export.JSONReport }
	require.NoError(t, json.Unmarshal(buf.Bytes(), &out))
	assert.Equal(t, []byte(name), out.Reports[0].PathBytes)
	assert.Contains(t, out.Reports[0].Path, "\ufffd")
	assert.Nil(t, out.Reports[1].PathBytes)
	assert.NotContains(t, buf.String(), `"path_bytes": null`, "absent for UTF-8 names")
}

// TestWriteText_Escapes: nothing from a file reaches a terminal as a
// control character: not its name, not an error quoting its bytes.
func TestWriteText_Escapes(t *testing.T) {
	res := export.Result{Path: "a\x1b]52;c;ZXZpbA==\x07.txt", Err: errors.New("unknown filter \x1b[2J\x9b")}
	var buf bytes.Buffer
	require.NoError(t, export.WriteText(&buf, []export.Result{res}, export.TextOptions{}))
	assert.NotContains(t, buf.String(), "\x1b")
	assert.Contains(t, buf.String(), `a\x1b]52;c;ZXZpbA==\x07.txt: 无法处理: unknown filter \x1b[2J\x9b`)
}

func TestWriteModel(t *testing.T) {
	res := mustResult(t, "a.txt", report)
	var buf bytes.Buffer
	require.NoError(t, export.WriteModel(&buf, res.Report))
	var out struct {
		Version int          `json:"version"`
		Model   export.Model `json:"model"`
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &out))
	assert.Equal(t, 1, out.Version)
	assert.Equal(t, "淄博市淄川区商务局", out.Model.Agency.Value)
	assert.Equal(t, "370302", out.Model.RegionCode)
	assert.Equal(t, "missing", out.Model.Cells["requests.new.total"].State)
	assert.Len(t, out.Model.Sections, 6)
}

// TestJSON_SourceLine: findings on an HTML page carry the line of the
// page source as well as the line of the extracted text.
func TestJSON_SourceLine(t *testing.T) {
	res := corpus.CheckFile(context.Background(), "../corpus/testdata/samples/report.html", corpus.Options{})
	require.NoError(t, res.Err)
	src, err := os.ReadFile("../corpus/testdata/samples/report.html")
	require.NoError(t, err)
	lines := strings.Split(string(src), "\n")
	n := 0
	for _, f := range export.JSONFindings(res, "zh") {
		if f.Rule != "NM101" {
			continue
		}
		n++
		require.NotZero(t, f.SourceLine)
		assert.Contains(t, lines[f.SourceLine-1], "溜川", "source line %d", f.SourceLine)
	}
	assert.Equal(t, 5, n)
}

// mustSeed checks the seed without the wording rules: these tests are
// about how decisions apply, and read its findings in order from NM101.
func mustSeed(tb testing.TB) export.Result {
	tb.Helper()
	rules, err := validate.Resolve([]string{"NM", "NU", "ST", "TB"})
	require.NoError(tb, err)
	res := corpus.CheckFile(context.Background(), "../corpus/testdata/corpus/000_zibo_zichuan_touzi_2023.txt", corpus.Options{Rules: rules})
	require.NoError(tb, res.Err)
	return res
}

func TestApplyReview(t *testing.T) {
	plain := mustSeed(t)
	all := export.Decisions(plain)
	require.Len(t, all, len(plain.Findings))
	r := exporttest.Review(t, plain)

	assert.Len(t, r.Findings, len(plain.Findings)-1)
	assert.Equal(t, plain.Findings[0].Message, r.Ignored[0].Message)
	assert.Equal(t, all[0].Fingerprint, r.IgnoredReview[0].Fingerprint)
	assert.Equal(t, exporttest.Reason, r.IgnoredReview[0].Reason())
	require.Len(t, r.Review, len(r.Findings))
	assert.Equal(t, review.Confirmed, r.Review[0].Status())
	for i, d := range r.Review {
		assert.Equal(t, all[i+1].Fingerprint, d.Fingerprint, "fingerprints taken over every finding")
	}
	assert.Equal(t, r.Review, export.Decisions(r))

	t.Run("text", func(t *testing.T) {
		var plainOut, out, shown bytes.Buffer
		require.NoError(t, export.WriteText(&plainOut, []export.Result{plain}, export.TextOptions{}))
		require.NoError(t, export.WriteText(&out, []export.Result{r}, export.TextOptions{}))
		require.NoError(t, export.WriteText(&shown, []export.Result{r}, export.TextOptions{ShowIgnored: true}))
		first := strings.SplitN(plainOut.String(), "\n", 2)[0]
		require.Contains(t, first, "NM101")
		assert.NotContains(t, out.String(), first, "a dismissed finding is not printed")
		assert.Contains(t, plainOut.String(), "9 个错误")
		assert.Contains(t, out.String(), "8 个错误", "nor counted")
		assert.Contains(t, out.String(), "另有 1 个问题已按审核记录标为非错误，不计入（--show-ignored 列出）")
		assert.Contains(t, out.String(), " [已确认]", "a confirmed finding says so")
		assert.Contains(t, shown.String(), first+" [非错误："+exporttest.Reason+"]")
		assert.Contains(t, shown.String(), "8 个错误", "shown, still not counted")
		assert.NotContains(t, plainOut.String(), "审核", "no review, no change")
	})

	t.Run("json", func(t *testing.T) {
		decode := func(opts export.JSONOptions) export.JSONReport {
			var buf bytes.Buffer
			w := export.NewJSONWriterWith(&buf, opts)
			w.Add(r)
			require.NoError(t, w.Close())
			var out struct {
				Version int                 `json:"version"`
				Reports []export.JSONReport `json:"reports"`
			}
			require.NoError(t, json.Unmarshal(buf.Bytes(), &out))
			assert.Equal(t, 1, out.Version)
			return out.Reports[0]
		}
		jr := decode(export.JSONOptions{})
		assert.Len(t, jr.Findings, len(r.Findings))
		assert.Empty(t, jr.Ignored)
		assert.Equal(t, &export.JSONReview{Status: "confirmed"}, jr.Findings[0].Review)
		assert.Nil(t, jr.Findings[1].Review)
		for i, f := range jr.Findings {
			assert.Equal(t, r.Review[i].Fingerprint, f.Fingerprint)
		}
		jr = decode(export.JSONOptions{ShowIgnored: true})
		require.Len(t, jr.Ignored, 1)
		assert.Equal(t, &export.JSONReview{Status: "dismissed", Reason: exporttest.Reason, Who: "区政务公开办", When: "2024-03-01T09:30:00Z"}, jr.Ignored[0].Review)
		assert.Equal(t, all[0].Fingerprint, jr.Ignored[0].Fingerprint)
		assert.Equal(t, 25, jr.Ignored[0].Line)
	})

	t.Run("without review", func(t *testing.T) {
		// Every finding has its fingerprint, and no review.
		for i, f := range export.JSONFindings(plain, "zh") {
			assert.Equal(t, all[i].Fingerprint, f.Fingerprint)
			assert.Nil(t, f.Review)
		}
	})
}

// recorder is a Writer that notes what happened to it.
type recorder struct {
	name             string
	log              *[]string
	addErr, closeErr error
}

func (r recorder) Add(export.Result) error { *r.log = append(*r.log, r.name+".add"); return r.addErr }
func (r recorder) Close() error            { *r.log = append(*r.log, r.name+".close"); return r.closeErr }
func (r recorder) Abort()                  { *r.log = append(*r.log, r.name+".abort") }

// TestMulti: results reach every writer in order; a failing Close aborts
// the writers after it so no output is left half written.
func TestMulti(t *testing.T) {
	var log []string
	m := export.Multi(recorder{name: "a", log: &log}, recorder{name: "b", log: &log, closeErr: errors.New("disk full")}, recorder{name: "c", log: &log})
	assert.NoError(t, m.Add(export.Result{}))
	assert.EqualError(t, m.Close(), "disk full")
	assert.Equal(t, []string{"a.add", "b.add", "c.add", "a.close", "b.close", "c.abort"}, log)

	log = nil
	m = export.Multi(recorder{name: "a", log: &log, addErr: errors.New("bad")}, recorder{name: "b", log: &log})
	assert.EqualError(t, m.Add(export.Result{}), "bad")
	m.Abort()
	assert.Equal(t, []string{"a.add", "a.abort", "b.abort"}, log)
}

// TestAsync: results reach the writer in order, Close closes it once they
// have; an error of Add comes back from a later Add or from Close, which
// then aborts the writer instead of completing it.
func TestAsync(t *testing.T) {
	var log []string
	a := export.Async(recorder{name: "a", log: &log})
	for range 10 {
		require.NoError(t, a.Add(export.Result{}))
	}
	require.NoError(t, a.Close())
	assert.Equal(t, append(slices.Repeat([]string{"a.add"}, 10), "a.close"), log)
	assert.Error(t, a.Add(export.Result{}), "add after close")

	log = nil
	a = export.Async(recorder{name: "b", log: &log, addErr: errors.New("bad")})
	require.NoError(t, a.Add(export.Result{}), "the first Add cannot know yet")
	assert.EqualError(t, a.Close(), "bad")
	assert.Equal(t, []string{"b.add", "b.abort"}, log)

	log = nil
	a = export.Async(recorder{name: "c", log: &log, addErr: errors.New("bad")})
	var err error
	for i := 0; err == nil; i++ {
		require.Less(t, i, 1000, "Add never reported the writer's error")
		err = a.Add(export.Result{})
	}
	assert.EqualError(t, err, "bad")
	a.Abort()
	assert.Equal(t, []string{"c.add", "c.abort"}, log, "results after the error are dropped")
}

// TestAsync_Shared: the results an Async writer has are read by the
// caller's own writers at the same time, as check prints the report while
// the files are written, on documents whose lines are not yet found, as a
// result read back from a batch's spill has them (run with -race).
func TestAsync_Shared(t *testing.T) {
	results := func() []export.Result {
		var rs []export.Result
		for i := range 4 {
			path := fmt.Sprintf("%d.txt", i)
			r := mustResult(t, path, report)
			require.NotEmpty(t, r.Findings)
			r.Report.Doc = txt.Parse(path, report) // the same text, its lines not yet found
			rs = append(rs, r)
		}
		return rs
	}
	var direct bytes.Buffer
	d := export.NewJSONWriterWith(&direct, export.JSONOptions{})
	for _, r := range results() {
		d.Add(r)
	}
	require.NoError(t, d.Close())

	var async, printed bytes.Buffer
	a := export.Async(export.Stream(export.NewJSONWriterWith(&async, export.JSONOptions{})))
	p := export.NewJSONWriterWith(&printed, export.JSONOptions{})
	for _, r := range results() {
		require.NoError(t, a.Add(r))
		p.Add(r)
	}
	require.NoError(t, a.Close())
	require.NoError(t, p.Close())
	assert.Equal(t, direct.String(), async.String())
	assert.Equal(t, direct.String(), printed.String())
}
