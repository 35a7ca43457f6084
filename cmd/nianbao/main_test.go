package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"go/format"
	"maps"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/corpus/gen"
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

// TestBinary_CrossChainBrokenTwice is issue 12's check as a user runs it:
// a folder with three consecutive years of one agency, carry-over
// holding and the in-force chain broken in the last two years, gives
// exactly the two CR102 findings, on the two later reports, each pointing
// at the year before, and no CR101.
func TestBinary_CrossChainBrokenTwice(t *testing.T) {
	s := gen.GenerateSeries(12, gen.SeriesOptions{Years: 3, First: 2022, Errors: []gen.CrossKind{gen.ChainBroken, gen.ChainBroken}})
	require.Len(t, s.Files, 3)
	dir := t.TempDir()
	for _, f := range s.Files {
		src, _ := f.Render()
		require.NoError(t, os.WriteFile(filepath.Join(dir, f.Name()), src, 0o644))
	}
	r := nb(t, dir, nil, nil, "check", ".", "--format", "json")
	require.Equal(t, 0, r.code, "warnings do not fail the run\n%s", r.stderr)
	out := decodeCheck(t, r.out)
	require.Len(t, out.Reports, 3)
	var got []string
	for i, rep := range out.Reports {
		require.Empty(t, rep.Error)
		assert.Equal(t, s.Files[i].Name(), rep.Path, "in year order")
		for _, f := range rep.Findings {
			got = append(got, f.Rule+" "+rep.Path)
			if f.Rule != "CR102" {
				continue
			}
			assert.Equal(t, "warning", f.Severity)
			assert.Equal(t, "active.normative_docs.in_force", f.Key)
			assert.Positive(t, f.Line)
			require.Len(t, f.Related, 1)
			assert.Equal(t, s.Files[i-1].Name(), f.Related[0].Path, "the year before")
			assert.Equal(t, f.Key, f.Related[0].Key)
			assert.Positive(t, f.Related[0].Line)
		}
	}
	assert.Equal(t, []string{"CR102 " + s.Files[1].Name(), "CR102 " + s.Files[2].Name()}, got)
}

var update = flag.Bool("update", false, "rewrite the rule tables of README.md from validate.Rules")

const readmePath = "../../README.md"

// readmeTables are the README's rule tables: the first table after each
// heading, generated by "nianbao rules --format markdown" in each language.
var readmeTables = []struct{ heading, lang string }{
	{"## 规则", "zh"},
	{"### Rules", "en"},
}

// TestREADME_Rules fails when a rule table of README.md differs from the
// rules in validate.Rules, which own the IDs, severities and titles.
func TestREADME_Rules(t *testing.T) {
	src, err := os.ReadFile(readmePath)
	require.NoError(t, err)
	lines := strings.SplitAfter(string(src), "\n")
	for _, tc := range readmeTables {
		t.Run(tc.lang, func(t *testing.T) {
			start, end := ruleTable(t, lines, tc.heading)
			want := rulesMarkdown(tc.lang)
			got := strings.Join(lines[start:end], "")
			if got == want {
				return
			}
			if *update {
				rows := strings.SplitAfter(want, "\n")
				rows = rows[:len(rows)-1] // the empty string after the last newline
				lines = slices.Concat(lines[:start], rows, lines[end:])
				return
			}
			assert.Equal(t, want, got,
				"README.md's table under %q differs from validate.Rules; regenerate it with\n"+
					"\tgo test ./cmd/nianbao -run TestREADME_Rules -update\n"+
					"or paste the output of\n"+
					"\tgo run ./cmd/nianbao rules --lang %s --format markdown", tc.heading, tc.lang)
		})
	}
	if *update {
		require.NoError(t, os.WriteFile(readmePath, []byte(strings.Join(lines, "")), 0o644))
	}
}

// ruleTable returns the line range [start, end) of the first table after
// the line heading.
func ruleTable(tb testing.TB, lines []string, heading string) (start, end int) {
	tb.Helper()
	h := -1
	for i, l := range lines {
		if strings.TrimRight(l, "\n") == heading {
			h = i
			break
		}
	}
	require.GreaterOrEqual(tb, h, 0, "README.md has no heading %q", heading)
	start = h + 1
	for start < len(lines) && !strings.HasPrefix(lines[start], "|") {
		if strings.HasPrefix(lines[start], "#") {
			tb.Fatalf("README.md has no table under %q", heading)
		}
		start++
	}
	end = start
	for end < len(lines) && strings.HasPrefix(lines[end], "|") {
		end++
	}
	require.Less(tb, start, end, "README.md has no table under %q", heading)
	return start, end
}

// TestCheck_BigBatch: a folder of 1,000 generated reports (text, HTML,
// DOCX; some with injected errors), 5% of them broken (truncated PDF, junk
// bytes, empty, oversized), plus the real corpus and samples. The batch
// finishes, every good file is a row of 汇总, every bad one a row of 错误文件
// with its reason, and the workbook is the same byte for byte with -j 1
// and -j 2.
func TestCheck_BigBatch(t *testing.T) {
	if testing.Short() {
		t.Skip("1,000 reports: skipped with -short")
	}
	dir := t.TempDir()
	rnd := rand.New(rand.NewSource(7))
	pdf, err := os.ReadFile("../../corpus/testdata/corpus/001_huaian_hongze_qu_gov_2023.pdf")
	require.NoError(t, err)
	bad := 0
	for i := 0; i < 1000; i++ {
		name := filepath.Join(dir, fmt.Sprintf("gen/%03d/r%04d", i/100, i))
		var data []byte
		ext := ".txt"
		switch {
		case i%20 == 7: // 5% broken, four kinds
			bad++
			switch (i / 20) % 4 {
			case 0:
				data, ext = pdf[:len(pdf)/3], ".pdf"
			case 1:
				data = make([]byte, 5000)
				rnd.Read(data)
			case 2:
				data = nil
			case 3:
				data = bytes.Repeat([]byte("一、总体情况\n"), 200000) // > --max-bytes below
			}
		default:
			r := gen.Generate(int64(i), gen.Options{})
			if i%3 == 0 {
				gen.Inject(r, gen.ErrorKinds[i%len(gen.ErrorKinds)], rnd)
			}
			format := gen.Formats[i%len(gen.Formats)]
			data, ext = gen.Render(format, r, gen.Damage{Seed: int64(i)})
		}
		require.NoError(t, os.MkdirAll(filepath.Dir(name), 0o755))
		require.NoError(t, os.WriteFile(name+ext, data, 0o644))
	}
	args := func(j, out string) []string {
		return []string{"check", "--quiet", "-j", j, "--max-bytes", "1000000", "--xlsx", out,
			dir, "../../corpus/testdata/corpus", "../../corpus/testdata/samples"}
	}
	out1, out2 := filepath.Join(dir, "j1.xlsx"), filepath.Join(dir, "j2.xlsx")
	code, text, _ := runCLI(args("1", out1)...)
	assert.Equal(t, exitError, code, "broken files make the run exit 2")
	_, text2, _ := runCLI(args("2", out2)...)
	assert.Equal(t, text, text2)
	b1, err := os.ReadFile(out1)
	require.NoError(t, err)
	b2, err := os.ReadFile(out2)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(b1, b2), "workbook differs between -j 1 and -j 2")

	f, err := excelize.OpenFile(out1)
	require.NoError(t, err)
	defer f.Close()
	summary, err := f.GetRows("汇总")
	require.NoError(t, err)
	failures, err := f.GetRows("错误文件")
	require.NoError(t, err)
	nSummary := 0
	for _, row := range summary[1:] {
		if len(row) > 0 && strings.Contains(row[0], string(filepath.Separator)) {
			nSummary++
		}
	}
	assert.Equal(t, bad, len(failures)-1, "one 错误文件 row per broken file")
	for _, row := range failures[1:] {
		require.Len(t, row, 2)
		assert.NotEmpty(t, row[1], "reason for %s", row[0])
	}
	real, errs := corpus.Expand([]string{"../../corpus/testdata/corpus", "../../corpus/testdata/samples"})
	require.Empty(t, errs)
	good := 1000 - bad + len(real)
	assert.Equal(t, good+bad, nSummary, "every file, good or bad, has a row in 汇总")
}

// TestHelpGen fails when help_gen.go is not help.toml decoded; -update
// (go generate) rewrites it.
func TestHelpGen(t *testing.T) {
	var m map[string]helpEntry
	_, err := toml.DecodeFile("help.toml", &m)
	require.NoError(t, err)
	var b bytes.Buffer
	b.WriteString("// Code generated by go test -run TestHelpGen -update; DO NOT EDIT.\n\npackage main\n\n")
	b.WriteString("// helpTexts is help.toml decoded: each command's help by its path.\nvar helpTexts = map[string]helpEntry{\n")
	text := func(h helpText) string {
		return fmt.Sprintf("helpText{Use: %q, Short: %q, Long: %q, Example: %q}", h.Use, h.Short, h.Long, h.Example)
	}
	for _, path := range slices.Sorted(maps.Keys(m)) {
		h := m[path]
		fmt.Fprintf(&b, "%q: {\nExample: %q,\nZh: %s,\nEn: %s,\n},\n", path, h.Example, text(h.Zh), text(h.En))
	}
	b.WriteString("}\n")
	want, err := format.Source(b.Bytes())
	require.NoError(t, err)
	if *update {
		require.NoError(t, os.WriteFile("help_gen.go", want, 0o644))
		return // the texts compiled into this test are the old ones
	}
	got, err := os.ReadFile("help_gen.go")
	require.NoError(t, err)
	require.True(t, bytes.Equal(want, got), "help_gen.go does not match help.toml: run go generate ./cmd/nianbao")
	assert.True(t, reflect.DeepEqual(m, helpTexts), "the texts compiled in are help.toml's")
}
