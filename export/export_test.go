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
	"github.com/nianbao/nianbao/extract/txt"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
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
