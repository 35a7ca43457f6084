package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/export"
)

// seedPath is the seed report's text, kept once in corpus/testdata.
const seedPath = "../../corpus/testdata/corpus/000_zibo_zichuan_touzi_2023.txt"

func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(context.Background(), args, env{stdout: &out, stderr: &errb})
	return code, out.String(), errb.String()
}

func TestCheck_Text(t *testing.T) {
	code, out, _ := runCLI("check", seedPath)
	assert.Equal(t, exitFindings, code)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Greater(t, len(lines), 2)
	assert.Regexp(t, `^`+regexp.QuoteMeta(seedPath)+`:\d+:\d+: +(error|warning|info) [A-Z]{2}\d{3} `, lines[0])
	assert.Contains(t, lines[len(lines)-1], "共 1 个文件")
	// The same input gives the same output, byte for byte.
	_, again, _ := runCLI("check", seedPath)
	assert.Equal(t, out, again)
}

func TestCheck_FailOn(t *testing.T) {
	// A clean report exits 0; warnings fail only with --fail-on warning.
	dir := t.TempDir()
	src, err := os.ReadFile("../../validate/testdata/rules/ST107_typo.txtar")
	require.NoError(t, err)
	input := string(src)
	input = input[strings.Index(input, "-- input.txt --\n")+len("-- input.txt --\n") : strings.Index(input, "-- want --")]
	path := filepath.Join(dir, "typo.txt")
	require.NoError(t, os.WriteFile(path, []byte(input), 0o644))
	code, out, _ := runCLI("check", path)
	assert.Equal(t, exitClean, code, out)
	code, _, _ = runCLI("check", "--fail-on", "warning", path)
	assert.Equal(t, exitFindings, code)
}

func TestCheck_JSON(t *testing.T) {
	code, out, _ := runCLI("check", "--format", "json", "--lang", "en", seedPath, "testdata/missing.txt")
	assert.Equal(t, exitError, code, "a file that cannot be read is a processing error")
	doc := decodeCheck(t, out)
	assert.Equal(t, 1, doc.Version)
	require.Len(t, doc.Reports, 2)
	assert.Contains(t, doc.Reports[1].Error, "testdata/missing.txt")
	var st102 bool
	for _, f := range doc.Reports[0].Findings {
		assert.NotZero(t, f.Line)
		assert.NotNil(t, f.Fixes)
		if f.Key != "" {
			// A key comes with its printed name; neither message nor label
			// shows the key to people.
			assert.NotEmpty(t, f.Label, f.Key)
			assert.NotContains(t, f.Message, f.Key)
		}
		if f.Rule == "ST102" {
			st102 = true
			assert.Equal(t, "problems", f.Section)
			assert.Contains(t, f.Message, "section 五")
			require.Len(t, f.Fixes, 1)
			assert.Equal(t, 69, f.Fixes[0].Edits[0].Line)
			assert.Contains(t, f.Fixes[0].Edits[0].NewText, "五、存在的主要问题及改进情况")
		}
	}
	assert.True(t, st102)
}

func TestExtract_JSON(t *testing.T) {
	code, out, errs := runCLI("extract", "--format", "json", seedPath)
	require.Equal(t, exitClean, code, errs)
	var doc struct {
		Version int `json:"version"`
		Model   struct {
			Template string `json:"template"`
			Agency   struct {
				Value string `json:"value"`
			} `json:"agency"`
			Year       int    `json:"year"`
			RegionCode string `json:"region_code"`
			Sections   []struct {
				Key     string `json:"key"`
				Heading string `json:"heading"`
				Line    int    `json:"line"`
				Missing bool   `json:"missing"`
			} `json:"sections"`
			Cells map[string]struct {
				Value  *float64 `json:"value"`
				State  string   `json:"state"`
				Raw    string   `json:"raw"`
				Line   int      `json:"line"`
				Column int      `json:"column"`
			} `json:"cells"`
		} `json:"model"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	assert.Equal(t, 1, doc.Version)
	m := doc.Model
	assert.Equal(t, "2021", m.Template)
	assert.Equal(t, "淄博市淄川区投资促进服务中心", m.Agency.Value)
	assert.Equal(t, 2023, m.Year)
	require.Len(t, m.Sections, 6)
	assert.Equal(t, "overview", m.Sections[0].Key)
	assert.Equal(t, 7, m.Sections[0].Line)
	assert.True(t, m.Sections[3].Missing)
	c := m.Cells["requests.new.total"]
	assert.Equal(t, "number", c.State)
	require.NotNil(t, c.Value)
	assert.Equal(t, 0.0, *c.Value)
	assert.Equal(t, 54, c.Line)
	assert.Equal(t, "missing", m.Cells["requests.carried_forward.total"].State)
	assert.Nil(t, m.Cells["requests.carried_forward.total"].Value)
	assert.Equal(t, "missing", m.Cells["review.review.total"].State)
}

func TestRulesAndExplain(t *testing.T) {
	code, out, _ := runCLI("rules")
	assert.Equal(t, exitClean, code)
	assert.Contains(t, out, "TB101")
	code, out, _ = runCLI("explain", "--lang", "en", "tb101")
	assert.Equal(t, exitClean, code)
	assert.Contains(t, out, "TB101")
	code, _, errs := runCLI("explain", "XX999")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errs, "XX999")
}

func TestRules_Format(t *testing.T) {
	_, text, _ := runCLI("rules")
	_, textFlag, _ := runCLI("rules", "--format", "text")
	assert.Equal(t, text, textFlag, "text is the default")
	assert.True(t, strings.HasPrefix(text, "CR100\tinfo\t同一机关同一年度有多份报告，无法配对\n"), text)
	assert.Contains(t, text, "\nNM101\terror\t本地地名写错字\n")

	code, md, _ := runCLI("rules", "--format", "markdown")
	assert.Equal(t, exitClean, code)
	lines := strings.Split(strings.TrimSuffix(md, "\n"), "\n")
	assert.Equal(t, []string{"| 规则 | 级别 | 说明 |", "|---|---|---|", "| CR100 | 提示 | 同一机关同一年度有多份报告，无法配对 |"}, lines[:3])
	assert.Len(t, lines, 2+strings.Count(text, "\n"), "one row per rule")
	_, md, _ = runCLI("rules", "--lang", "en", "--format", "markdown")
	assert.True(t, strings.HasPrefix(md, "| Rule | Severity | Title |\n|---|---|---|\n| CR100 | info | one agency has several reports for one year |\n"), md)
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{}, {"nope"}, {"check"}, {"check", "--format", "xml", "x"}, {"check", "--lang", "fr", "x"},
		{"check", "--fail-on", "fatal", "x"}, {"check", "--bogus", "x"}, {"extract"}, {"rules", "--format", "html"},
	} {
		code, _, _ := runCLI(args...)
		assert.Equal(t, exitError, code, "%v", args)
	}
}

func TestCheck_Batch(t *testing.T) {
	dir := t.TempDir()
	seed, err := os.ReadFile(seedPath)
	require.NoError(t, err)
	for _, name := range []string{"b/2.txt", "a/1.txt", "a/3.html", ".hidden/x.txt", "a/skip.xlsx"} {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		content := seed
		if strings.HasSuffix(name, ".html") {
			content = []byte("<html><body><p>" + strings.ReplaceAll(string(seed), "\n", "</p><p>") + "</p></body></html>")
		}
		require.NoError(t, os.WriteFile(p, content, 0o644))
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a", "empty.txt"), nil, 0o644))
	_, out1, _ := runCLI("check", "-j", "1", dir)
	code, out2, _ := runCLI("check", "-j", "3", dir)
	assert.Equal(t, exitError, code, "the empty file cannot be processed")
	assert.Equal(t, out1, out2, "output must not depend on -j")
	// Paths are shown relative to the folder given, unless --absolute-paths.
	assert.Contains(t, out1, filepath.Join("a", "empty.txt")+": 无法处理")
	assert.NotContains(t, out1, dir)
	assert.NotContains(t, out1, ".hidden")
	assert.NotContains(t, out1, "skip.xlsx")
	_, abs, _ := runCLI("check", "--absolute-paths", dir)
	assert.Contains(t, abs, filepath.Join(dir, "a", "empty.txt")+": 无法处理")
	// Files in sorted order: a/1.txt before a/3.html before b/2.txt.
	i1 := strings.Index(out1, filepath.Join("a", "1.txt"))
	i3 := strings.Index(out1, filepath.Join("a", "3.html"))
	i2 := strings.Index(out1, filepath.Join("b", "2.txt"))
	assert.True(t, 0 <= i1 && i1 < i3 && i3 < i2, "order %d %d %d", i1, i3, i2)
	assert.Contains(t, out1, "按规则族：")

	list := filepath.Join(dir, "list.txt")
	require.NoError(t, os.WriteFile(list, []byte("# reports\n"+filepath.Join(dir, "b", "2.txt")+"\n\n"), 0o644))
	code, out, _ := runCLI("check", "--list", list)
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, out, "共 1 个文件")
}

// checkOutput is check's JSON output (version 1).
type checkOutput struct {
	Version int                 `json:"version"`
	Reports []export.JSONReport `json:"reports"`
}

// findingKeys are the keys every finding of version 1 carries, by their
// published names; a renamed tag would still decode into export's types,
// so decodeCheck looks for them in the raw objects too.
var findingKeys = []string{"rule", "severity", "message", "line", "column", "end_line", "end_column", "fixes"}

// decodeCheck decodes check's JSON output, failing the test unless every
// finding carries findingKeys.
func decodeCheck(t *testing.T, out string) checkOutput {
	t.Helper()
	var raw struct {
		Reports []struct {
			Findings []map[string]json.RawMessage `json:"findings"`
		} `json:"reports"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &raw), out)
	for _, r := range raw.Reports {
		for _, f := range r.Findings {
			for _, k := range findingKeys {
				require.Contains(t, f, k)
			}
		}
	}
	var doc checkOutput
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	return doc
}
