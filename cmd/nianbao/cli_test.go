package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// These tests run the built binary, as a user's shell or script does:
// argument order, help, exit codes and standard input all go through the
// real process boundary.

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds nianbao once per test run, with version-control stamping
// on so that "nianbao version" can name the commit.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "nianbao-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "nianbao")
		out, err := exec.Command("go", "build", "-buildvcs=true", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			// Outside a VCS checkout stamping fails; build without it.
			out, err = exec.Command("go", "build", "-buildvcs=false", "-o", binPath, ".").CombinedOutput()
		}
		if err != nil {
			buildErr = fmt.Errorf("go build: %w\n%s", err, out)
		}
	})
	require.NoError(t, buildErr)
	return binPath
}

type result struct {
	code        int
	out, stderr string
}

// nb runs the binary in dir with stdin (nil: no input) and a Chinese-or-C
// locale unless env says otherwise.
func nb(t *testing.T, dir string, stdin []byte, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "LC_ALL=", "LC_MESSAGES=", "LANG=C.UTF-8", "NO_COLOR=1")
	cmd.Env = append(cmd.Env, env...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return result{code, out.String(), errb.String()}
}

func absSeed(t *testing.T) string {
	p, err := filepath.Abs(seedPath)
	require.NoError(t, err)
	return p
}

func TestBinary_FlagsAnywhere(t *testing.T) {
	seed := absSeed(t)
	first := nb(t, ".", nil, nil, "check", "--format", "json", "-j", "2", seed)
	last := nb(t, ".", nil, nil, "check", seed, "--format", "json", "-j", "2")
	mixed := nb(t, ".", nil, nil, "check", "--format=json", seed, "--jobs=2")
	legacy := nb(t, ".", nil, nil, "check", "-format", "json", seed)
	require.Equal(t, exitFindings, first.code, first.stderr)
	assert.True(t, json.Valid([]byte(first.out)))
	assert.Equal(t, first, last)
	assert.Equal(t, first, mixed)
	assert.Equal(t, first, legacy, "Go-flag style -format still works")

	// -o writes the same report to a file instead.
	outFile := filepath.Join(t.TempDir(), "r.json")
	toFile := nb(t, ".", nil, nil, "check", seed, "-o", outFile, "--format", "json")
	assert.Equal(t, exitFindings, toFile.code, toFile.stderr)
	assert.Empty(t, toFile.out)
	written, err := os.ReadFile(outFile)
	require.NoError(t, err)
	assert.Equal(t, first.out, string(written))

	// -- ends the flags: a file may start with dashes.
	dir := t.TempDir()
	src, err := os.ReadFile(seed)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "--odd-name.txt"), src, 0o644))
	r := nb(t, dir, nil, nil, "check", "-q", "--", "--odd-name.txt")
	assert.Equal(t, exitFindings, r.code, r.stderr)
	assert.True(t, strings.HasPrefix(r.out, "--odd-name.txt:"), r.out)
}

func TestBinary_Help(t *testing.T) {
	han := regexp.MustCompile(`\p{Han}{4}`)
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}, {"check", "--help"}, {"bench", "--help"}, {"help", "check"}, {"config", "--help"}, {"completion", "--help"},
		{"completion", "bash", "--help"}, {"version", "--help"}, {"help", "help"}, {"rules", "--help"}, {"explain", "--help"}, {"extract", "--help"}} {
		r := nb(t, ".", nil, nil, args...)
		assert.Equal(t, exitClean, r.code, "%v: %s", args, r.stderr)
		assert.Regexp(t, han, r.out, "%v: Chinese help", args)
		assert.Contains(t, r.out, "示例", "%v: an example", args)
	}
	helpCheck := nb(t, ".", nil, nil, "help", "check")
	checkHelp := nb(t, ".", nil, nil, "check", "--help")
	assert.Equal(t, checkHelp.out, helpCheck.out)
	assert.Contains(t, checkHelp.out, "--rules")

	// English under --lang en or an English locale.
	en := nb(t, ".", nil, nil, "check", "--help", "--lang", "en")
	assert.Contains(t, en.out, "Usage:")
	assert.NotRegexp(t, `用法`, en.out)
	enLocale := nb(t, ".", nil, []string{"LANG=en_US.UTF-8"}, "bench", "--help")
	assert.Equal(t, exitClean, enLocale.code)
	assert.Contains(t, enLocale.out, "Usage:")

	// No command: help on standard error, exit 2.
	r := nb(t, ".", nil, nil)
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, "用法")
}

func TestBinary_Version(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		r := nb(t, ".", nil, nil, args...)
		require.Equal(t, exitClean, r.code, r.stderr)
		lines := strings.Split(strings.TrimSpace(r.out), "\n")
		require.Len(t, lines, 5, r.out)
		assert.Regexp(t, `^nianbao \S+$`, lines[0])
		assert.Regexp(t, `^commit: \S+$`, lines[1])
		assert.Regexp(t, `^go: go1\.\d+`, lines[2])
		assert.Regexp(t, `^rules: \d+ rules, [0-9a-f]{12}$`, lines[3])
		assert.Regexp(t, `^divisions: .*20\d\d-\d\d-\d\d`, lines[4])
		if head, err := exec.Command("git", "rev-parse", "HEAD").Output(); err == nil {
			assert.Contains(t, lines[1], strings.TrimSpace(string(head)), "the commit built")
		}
	}
}

func TestBinary_Completion(t *testing.T) {
	for _, sh := range []string{"bash", "zsh", "fish"} {
		r := nb(t, ".", nil, nil, "completion", sh)
		assert.Equal(t, exitClean, r.code, r.stderr)
		assert.Contains(t, r.out, "nianbao", sh)
	}
	// The script asks the binary; it must answer with the commands.
	r := nb(t, ".", nil, nil, "__complete", "ch")
	assert.Equal(t, exitClean, r.code, r.stderr)
	assert.Contains(t, r.out, "check")
	r = nb(t, ".", nil, nil, "__complete", "check", "--fo")
	assert.Contains(t, r.out, "--format")
}

func TestBinary_BadValues(t *testing.T) {
	seed := absSeed(t)
	for _, tc := range []struct {
		args []string
		want []string // what the one line must name
	}{
		{[]string{"check", "-j", "0", seed}, []string{"--jobs", "1"}},
		{[]string{"check", seed, "--lang", "xx"}, []string{"--lang", "zh", "en"}},
		{[]string{"check", seed, "--format", "yaml"}, []string{"--format", "text", "json"}},
		{[]string{"check", "--max-bytes", "-1", seed}, []string{"--max-bytes"}},
		{[]string{"check", "--bogus", seed}, []string{"--bogus"}},
		{[]string{"check", "--fail-on", "fatal", seed}, []string{"--fail-on", "error", "warning", "info"}},
		{[]string{"check", "--rules", "TB1O1", seed}, []string{"--rules", "TB1O1"}},
		{[]string{"check", "--severity", "NU101=fatal", seed}, []string{"--severity", "fatal"}},
		{[]string{"bench", "-n", "0"}, []string{"-n", "1"}},
		{[]string{"gen", "-n", "0", t.TempDir()}, []string{"-n", "1"}},
		{[]string{"gen", "--formats", "text,txt", t.TempDir()}, []string{"--formats", "txt"}},
		{[]string{"gen", "--errors", "cell-changed,typo", t.TempDir()}, []string{"--errors", "typo", "place-name-typo"}},
		{[]string{"gen", "--seed", "x", t.TempDir()}, []string{"--seed"}},
		{[]string{"gen"}, []string{"文件夹"}},
		{[]string{"nope"}, []string{"nope"}},
	} {
		r := nb(t, ".", nil, nil, tc.args...)
		assert.Equal(t, exitError, r.code, "%v", tc.args)
		assert.Empty(t, r.out, "%v", tc.args)
		assert.Equal(t, 1, strings.Count(r.stderr, "\n"), "%v: one line: %s", tc.args, r.stderr)
		for _, w := range tc.want {
			assert.Contains(t, r.stderr, w, "%v", tc.args)
		}
	}
}

func TestBinary_Config(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in", "2023")
	require.NoError(t, os.MkdirAll(in, 0o755))
	reports, err := filepath.Glob("../../corpus/testdata/corpus/*.txt")
	require.NoError(t, err)
	for _, p := range reports {
		src, err := os.ReadFile(p)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(in, filepath.Base(p)), src, 0o644))
	}
	before := nb(t, dir, nil, nil, "check", "-q", "in")
	require.Contains(t, before.out, " NU105 ", "the corpus must give NU105 for this test to mean anything")

	conf := filepath.Join(dir, "nianbao.toml")
	require.NoError(t, os.WriteFile(conf, []byte("[rules.NU105]\nenabled = false\nreason = \"本省不要求在年报中写联系方式\"\n\n[rules.ST107]\nseverity = \"error\"\n"), 0o644))
	after := nb(t, dir, nil, nil, "check", "-q", "in")
	assert.NotContains(t, after.out, " NU105 ")
	assert.NotContains(t, after.out, "warning ST107")
	assert.Contains(t, after.out, "error ST107")

	// The file is found from the folder checked, not the working directory.
	fromElsewhere := nb(t, t.TempDir(), nil, nil, "check", "-q", filepath.Join(dir, "in"))
	assert.Equal(t, after.out, fromElsewhere.out)
	// Flags win over the file; --no-config ignores it.
	assert.Contains(t, nb(t, dir, nil, nil, "check", "-q", "--no-config", "in").out, " NU105 ")
	onlyTB := nb(t, dir, nil, nil, "check", "-q", "--rules", "TB", "in")
	assert.NotRegexp(t, ` (NM|NU|ST)\d{3} `, onlyTB.out)

	cfg := nb(t, dir, nil, nil, "config", "in")
	require.Equal(t, exitClean, cfg.code, cfg.stderr)
	assert.Contains(t, cfg.out, conf)
	assert.Regexp(t, `NU105\t停用.*\n\t启用：`+regexp.QuoteMeta(conf)+`（理由：本省不要求在年报中写联系方式）`, cfg.out)
	assert.Regexp(t, `ST107\t运行\t错误.*\n.*级别：`+regexp.QuoteMeta(conf), cfg.out)
	assert.Regexp(t, `TB101\t运行.*\n\t启用：默认；级别：默认`, cfg.out)

	for _, bad := range []struct{ file, want string }{
		{"[rules.NU15]\nenabled = false\nreason = \"x\"\n", "NU15"},
		{"[rules.NU105]\nenabled = false\n", "reason"},
		{"[rules.NU105]\nenabeld = false\n", "enabeld"},
		{"[rules.TB101]\naccept = [\"x\"]\n", "accept"},
		{"only = [\"TB\", \"XX\"]\n", "XX"},
	} {
		require.NoError(t, os.WriteFile(conf, []byte(bad.file), 0o644))
		for _, cmd := range []string{"check", "config"} {
			r := nb(t, dir, nil, nil, cmd, "in")
			assert.Equal(t, exitError, r.code, "%s with %q", cmd, bad.file)
			assert.Contains(t, r.stderr, bad.want, "%s with %q", cmd, bad.file)
		}
	}
}

func TestBinary_Stdin(t *testing.T) {
	src, err := os.ReadFile(seedPath)
	require.NoError(t, err)
	piped := nb(t, t.TempDir(), src, nil, "check")
	dash := nb(t, t.TempDir(), src, nil, "check", "-")
	file := nb(t, ".", nil, nil, "check", seedPath)
	assert.Equal(t, exitFindings, piped.code, piped.stderr)
	assert.Equal(t, piped, dash)
	assert.Equal(t, strings.ReplaceAll(file.out, seedPath, "<stdin>"), piped.out)
}

func TestBinary_RelativePaths(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(seedPath)
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "2024"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "2024", "a.txt"), src, 0o644))
	out := t.TempDir()
	r := nb(t, ".", nil, nil, "check", "--format", "json", "--csv", out, "--jsonl", filepath.Join(out, "r.jsonl"), "--sarif", filepath.Join(out, "r.sarif"), dir)
	require.Equal(t, exitFindings, r.code, r.stderr)
	assert.Contains(t, r.out, `"path": "2024/a.txt"`)
	for _, name := range []string{"问题清单.csv", "r.jsonl", "r.sarif"} {
		b, err := os.ReadFile(filepath.Join(out, name))
		require.NoError(t, err, name)
		assert.Contains(t, string(b), "2024/a.txt", name)
		assert.NotContains(t, string(b), dir, name)
	}
	// SARIF lists the file read among its artifacts, with size and hash.
	var log struct {
		Runs []struct {
			Artifacts []struct {
				Location struct {
					URI string `json:"uri"`
				} `json:"location"`
				Length     int64             `json:"length"`
				Hashes     map[string]string `json:"hashes"`
				Properties struct {
					Format string `json:"format"`
				} `json:"properties"`
			} `json:"artifacts"`
		} `json:"runs"`
	}
	b, err := os.ReadFile(filepath.Join(out, "r.sarif"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &log))
	require.Len(t, log.Runs, 1)
	require.Len(t, log.Runs[0].Artifacts, 1)
	a := log.Runs[0].Artifacts[0]
	sum := sha256.Sum256(src)
	assert.Equal(t, "2024/a.txt", a.Location.URI)
	assert.Equal(t, int64(len(src)), a.Length)
	assert.Equal(t, hex.EncodeToString(sum[:]), a.Hashes["sha-256"])
	assert.Equal(t, "text", a.Properties.Format)

	abs := nb(t, ".", nil, nil, "check", "--format", "json", "--absolute-paths", dir)
	assert.Contains(t, abs.out, filepath.Join(dir, "2024", "a.txt"))
}

// TestBinary_Source: the JSON says how each file was read, and the facts
// are checked against the file itself (its size and hash) and against
// poppler's page count.
func TestBinary_Source(t *testing.T) {
	dir := t.TempDir()
	seed, err := os.ReadFile(seedPath)
	require.NoError(t, err)
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes(seed)
	require.NoError(t, err)
	gbkPath := filepath.Join(dir, "gbk.txt")
	require.NoError(t, os.WriteFile(gbkPath, gbk, 0o644))

	type source struct {
		Format   string `json:"format"`
		Encoding string `json:"encoding"`
		Pages    int    `json:"pages"`
		OCR      struct {
			Used           bool    `json:"used"`
			MeanConfidence float64 `json:"mean_confidence"`
			Pages          int     `json:"pages"`
		} `json:"ocr"`
		Template struct {
			Chosen string   `json:"chosen"`
			By     string   `json:"by"`
			Year   int      `json:"year"`
			Rows   []string `json:"rows"`
			Labels []string `json:"labels"`
		} `json:"template"`
		Bytes  int64  `json:"bytes"`
		SHA256 string `json:"sha256"`
	}
	read := func(t *testing.T, path string) source {
		r := nb(t, ".", nil, nil, "check", "--format", "json", path)
		require.NotEqual(t, exitError, r.code, r.stderr)
		var doc struct {
			Reports []struct {
				Source *source `json:"source"`
			} `json:"reports"`
		}
		require.NoError(t, json.Unmarshal([]byte(r.out), &doc))
		require.Len(t, doc.Reports, 1)
		require.NotNil(t, doc.Reports[0].Source)
		s := *doc.Reports[0].Source
		src, err := os.ReadFile(path)
		require.NoError(t, err)
		sum := sha256.Sum256(src)
		assert.Equal(t, int64(len(src)), s.Bytes)
		assert.Equal(t, hex.EncodeToString(sum[:]), s.SHA256)
		assert.NotEmpty(t, s.Template.Chosen)
		return s
	}
	pdfPages := func(t *testing.T, path string) int {
		out, err := exec.Command("pdfinfo", path).Output()
		if err != nil {
			t.Skip("pdfinfo (poppler-utils) not installed; ./test.sh installs it")
		}
		m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out)
		require.NotNil(t, m)
		n, err := strconv.Atoi(string(m[1]))
		require.NoError(t, err)
		return n
	}

	t.Run("utf-8 text", func(t *testing.T) {
		s := read(t, seedPath)
		assert.Equal(t, "text", s.Format)
		assert.Equal(t, "utf-8", s.Encoding)
		assert.Zero(t, s.Pages)
		assert.False(t, s.OCR.Used)
		// Table 二's 2021 columns decide the template, and are named.
		assert.Equal(t, "2021", s.Template.Chosen)
		assert.Equal(t, "rows", s.Template.By)
		assert.Contains(t, s.Template.Rows, "active.issued")
		assert.Contains(t, s.Template.Labels, "表二“本年制发件数”列")
	})
	t.Run("gbk text", func(t *testing.T) {
		s := read(t, gbkPath)
		assert.Equal(t, "text", s.Format)
		assert.Equal(t, "gb18030", s.Encoding)
	})
	t.Run("docx", func(t *testing.T) {
		s := read(t, "../../corpus/testdata/samples/report.docx")
		assert.Equal(t, "docx", s.Format)
		assert.Empty(t, s.Encoding)
		assert.Zero(t, s.Pages)
		assert.False(t, s.OCR.Used)
	})
	t.Run("text pdf", func(t *testing.T) {
		path := "../../corpus/testdata/corpus/001_huaian_hongze_qu_gov_2023.pdf"
		s := read(t, path)
		assert.Equal(t, "pdf", s.Format)
		assert.Equal(t, pdfPages(t, path), s.Pages)
		assert.False(t, s.OCR.Used)
		assert.Zero(t, s.OCR.Pages)
	})
	t.Run("scanned pdf", func(t *testing.T) {
		if testing.Short() {
			t.Skip("OCR of three pages: skipped with -short")
		}
		path := "../../corpus/testdata/samples/scans/report_scanned_200dpi.pdf"
		s := read(t, path)
		assert.Equal(t, "ocr", s.Format)
		assert.True(t, s.OCR.Used)
		assert.Equal(t, pdfPages(t, path), s.Pages)
		assert.Equal(t, s.Pages, s.OCR.Pages)
		assert.Greater(t, s.OCR.MeanConfidence, 0.5)
		assert.LessOrEqual(t, s.OCR.MeanConfidence, 1.0)
	})
}

// TestBinary_Regions: a report that does not say where its agency is
// (every 淄博/淄川 taken out of the real seed) still has 溜川区 flagged when
// the project file says the batch covers 淄川区, by code or by name.
func TestBinary_Regions(t *testing.T) {
	src, err := os.ReadFile(seedPath)
	require.NoError(t, err)
	text := regexp.MustCompile(`淄博市|淄川区|淄川|淄博`).ReplaceAllString(string(src), "")
	require.Contains(t, text, "溜川区")
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "in"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "in", "a.txt"), []byte(text), 0o644))
	conf := filepath.Join(dir, "nianbao.toml")

	assert.NotContains(t, nb(t, dir, nil, nil, "check", "in").out, "NM101", "no region, no place-name check")
	for _, region := range []string{"370302", "淄川区"} {
		require.NoError(t, os.WriteFile(conf, []byte("[rules.NM101]\nregions = [\""+region+"\"]\n"), 0o644))
		r := nb(t, dir, nil, nil, "check", "in")
		assert.Contains(t, r.out, "NM101 “溜川区”疑为“淄川区”之误", region)
	}
	require.NoError(t, os.WriteFile(conf, []byte("[rules.NM101]\nregions = [\"火星区\"]\n"), 0o644))
	r := nb(t, dir, nil, nil, "check", "in")
	assert.Equal(t, exitError, r.code)
	assert.Contains(t, r.stderr, "火星区")
}

// TestBinary_Gen: nianbao gen writes the same bytes for the same flags,
// and truth.jsonl says what nianbao check finds in the files.
func TestBinary_Gen(t *testing.T) {
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	args := []string{"gen", "-n", "14", "--seed", "7", "--errors", "cell-changed,place-name-typo,section-removed,last-years-year,text-vs-table"}
	for _, dir := range []string{a, b} {
		r := nb(t, ".", nil, nil, append(args, dir)...)
		require.Equal(t, exitClean, r.code, r.stderr)
	}
	require.Equal(t, exitClean, nb(t, ".", nil, nil, "gen", "-n", "14", "--seed", "8", c).code)
	files, err := os.ReadDir(a)
	require.NoError(t, err)
	require.Len(t, files, 15, "14 reports and truth.jsonl")
	differ := 0
	for _, f := range files {
		x, err := os.ReadFile(filepath.Join(a, f.Name()))
		require.NoError(t, err)
		y, err := os.ReadFile(filepath.Join(b, f.Name()))
		require.NoError(t, err)
		assert.Equal(t, x, y, "%s: same flags, same bytes", f.Name())
		if z, _ := os.ReadFile(filepath.Join(c, f.Name())); !bytes.Equal(x, z) {
			differ++
		}
	}
	assert.Equal(t, len(files), differ, "another seed gives other files")

	type truth struct {
		File, Format, Template, Level string
		Error                         *struct {
			Kind    string
			Rules   []string
			Key     string
			Section string
		}
	}
	var lines []truth
	src, err := os.ReadFile(filepath.Join(a, "truth.jsonl"))
	require.NoError(t, err)
	for _, l := range strings.Split(strings.TrimSpace(string(src)), "\n") {
		var tr truth
		require.NoError(t, json.Unmarshal([]byte(l), &tr), l)
		lines = append(lines, tr)
	}
	require.Len(t, lines, 14)
	levels, templates := map[string]bool{}, map[string]bool{}
	for _, tr := range lines {
		levels[tr.Level], templates[tr.Template] = true, true
	}
	assert.Len(t, levels, 7, "every level")
	assert.Len(t, templates, 2, "both templates")

	r := nb(t, a, nil, nil, "check", "--format", "json", ".")
	var out struct {
		Reports []struct {
			Path     string `json:"path"`
			Findings []struct {
				Rule    string `json:"rule"`
				Key     string `json:"key"`
				Section string `json:"section"`
				Related []struct {
					Key string `json:"key"`
				} `json:"related"`
			} `json:"findings"`
		} `json:"reports"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.out), &out), r.stderr)
	byFile := map[string]int{}
	for i, rep := range out.Reports {
		byFile[filepath.Base(rep.Path)] = i
	}
	planted := 0
	for _, tr := range lines {
		if tr.Error == nil {
			continue
		}
		planted++
		i, ok := byFile[tr.File]
		require.True(t, ok, tr.File)
		found := false
		for _, f := range out.Reports[i].Findings {
			rule := slices.ContainsFunc(tr.Error.Rules, func(r string) bool { return r == f.Rule || len(r) == 2 && strings.HasPrefix(f.Rule, r) })
			key := tr.Error.Key == "" || f.Key == tr.Error.Key || strings.HasPrefix(f.Key, tr.Error.Key+".") ||
				slices.ContainsFunc(f.Related, func(r struct {
					Key string `json:"key"`
				}) bool {
					return r.Key == tr.Error.Key
				})
			if rule && key && (tr.Error.Section == "" || f.Section == tr.Error.Section) {
				found = true
			}
		}
		assert.True(t, found, "%s: planted %s, want %v on %q", tr.File, tr.Error.Kind, tr.Error.Rules, tr.Error.Key)
	}
	assert.GreaterOrEqual(t, planted, 9, "most files carry an error")
}
