package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/corpus/gen"
	"github.com/nianbao/nianbao/corpus/store"
	"github.com/nianbao/nianbao/extract/worker"
	"github.com/nianbao/nianbao/internal/extracttest"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate/cross"
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

// realCorpus is the folder of real reports.
const realCorpus = "../../corpus/testdata/corpus"

// summaryLine matches corpus add's summary and gives its counts.
var summaryLine = regexp.MustCompile(`新增 (\d+)，替换 (\d+)，未变 (\d+)，无法处理 (\d+)（共 (\d+) 个文件）；库中共 (\d+) 份报告`)

type addCounts struct{ added, replaced, unchanged, failed, files, stored int }

func countsOf(t *testing.T, out string) addCounts {
	t.Helper()
	m := summaryLine.FindStringSubmatch(out)
	require.NotNil(t, m, out)
	var n [6]int
	for i := range n {
		fmt.Sscan(m[i+1], &n[i])
	}
	return addCounts{n[0], n[1], n[2], n[3], n[4], n[5]}
}

// genFolder writes n generated text reports (seeds from…) into dir.
func genFolder(t testing.TB, dir string, from, n int) {
	t.Helper()
	require.NoError(t, os.MkdirAll(dir, 0o755))
	for i := from; i < from+n; i++ {
		r := gen.Generate(int64(i), gen.Options{})
		require.NoError(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("g%05d.txt", i)), gen.Text(r, gen.Damage{}), 0o644))
	}
}

// TestCorpus_AddTwice: the second add over the same folder reads no
// file: every one is known by path and hash, none is extracted.
func TestCorpus_AddTwice(t *testing.T) {
	dir := t.TempDir()
	reports := filepath.Join(dir, "reports")
	genFolder(t, reports, 0, 40)
	db := filepath.Join(dir, "c.db")

	start := time.Now()
	code, out, errs := runCLI("corpus", "add", "--db", db, "-q", reports)
	first := time.Since(start)
	require.Equal(t, exitClean, code, errs)
	assert.Equal(t, addCounts{added: 40, files: 40, stored: 40}, countsOf(t, out))

	start = time.Now()
	code, out, errs = runCLI("corpus", "add", "--db", db, "-q", reports)
	second := time.Since(start)
	require.Equal(t, exitClean, code, errs)
	assert.Equal(t, addCounts{unchanged: 40, files: 40, stored: 40}, countsOf(t, out), "nothing read again")
	t.Logf("40 reports: first add %v, second add %v", first, second)

	// A changed file replaces its old version; paths are stored relative
	// to the folder given.
	r := gen.Generate(1000, gen.Options{})
	require.NoError(t, os.WriteFile(filepath.Join(reports, "g00003.txt"), gen.Text(r, gen.Damage{}), 0o644))
	code, out, errs = runCLI("corpus", "add", "--db", db, "-q", reports)
	require.Equal(t, exitClean, code, errs)
	assert.Equal(t, addCounts{replaced: 1, unchanged: 39, files: 40, stored: 40}, countsOf(t, out))
	st, err := store.OpenExisting(context.Background(), db)
	require.NoError(t, err)
	defer st.Close()
	reps, err := st.Reports(context.Background())
	require.NoError(t, err)
	require.Len(t, reps, 40)
	assert.Equal(t, "g00000.txt", reps[0].Path)
	assert.Equal(t, r.Agency, reps[3].Agency)
}

func TestCorpus_AddFailures(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "empty.txt"), nil, 0o644))
	genFolder(t, dir, 0, 2)
	db := filepath.Join(dir, "c.db")
	code, out, errs := runCLI("corpus", "add", "--db", db, "-q", dir)
	assert.Equal(t, exitError, code)
	assert.Equal(t, addCounts{added: 2, failed: 1, files: 3, stored: 2}, countsOf(t, out))
	assert.Contains(t, errs, "empty.txt: 无法处理")
	assert.Contains(t, errs, "1 个文件（共 3 个）无法处理")

	code, _, errs = runCLI("corpus", "add", dir)
	assert.Equal(t, exitError, code)
	assert.Contains(t, errs, "--db")
	code, _, errs = runCLI("corpus", "add", "--db", db)
	assert.Equal(t, exitError, code)
	assert.Contains(t, errs, "没有给出要存入的文件")
	code, _, errs = runCLI("corpus", "add", "--db", dir, filepath.Join(dir, "g00000.txt"))
	assert.Equal(t, exitError, code)
	assert.Contains(t, errs, "is a folder")
}

// series writes an agency's reports for two consecutive years: the same
// seed draws the same agency, whose report is then much the same in both
// years (CR103, CR104, and CR102 where the in-force count does not follow).
func series(t *testing.T, dir string) (early, late string) {
	t.Helper()
	a, b := gen.Generate(5, gen.Options{Year: 2022}), gen.Generate(5, gen.Options{Year: 2023})
	require.Equal(t, a.Agency, b.Agency)
	early, late = filepath.Join(dir, "old", "2022.txt"), filepath.Join(dir, "new", "2023.txt")
	require.NoError(t, os.MkdirAll(filepath.Dir(early), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Dir(late), 0o755))
	require.NoError(t, os.WriteFile(early, gen.Text(a, gen.Damage{}), 0o644))
	require.NoError(t, os.WriteFile(late, gen.Text(b, gen.Damage{}), 0o644))
	return early, late
}

// findingLines are the finding lines of text output for one path.
func findingLines(out, path string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, path+":") {
			lines = append(lines, l)
		}
	}
	return lines
}

// TestCorpus_CheckDB: check --db FILE pairs a new report with the stored
// report of the year before, finding what checking both files together
// finds; corpus check finds the same over the store.
func TestCorpus_CheckDB(t *testing.T) {
	dir := t.TempDir()
	early, late := series(t, dir)
	db := filepath.Join(dir, "c.db")
	code, _, errs := runCLI("corpus", "add", "--db", db, "-q", filepath.Dir(early))
	require.Equal(t, exitClean, code, errs)

	_, alone, _ := runCLI("check", "--rules", "CR", late)
	assert.Empty(t, findingLines(alone, late), "one report alone has no year before")
	code, together, _ := runCLI("check", "--rules", "CR", "--fail-on", "warning", early, late)
	require.Equal(t, exitFindings, code)
	want := findingLines(together, late)
	require.NotEmpty(t, want)
	code, withDB, errs := runCLI("check", "--db", db, "--rules", "CR", "--fail-on", "warning", late)
	require.Equal(t, exitFindings, code, errs)
	assert.Equal(t, want, findingLines(withDB, late), "the stored year counts as if it were checked with it")
	assert.Contains(t, withDB, "共 1 个文件", "only the files given are reported")

	code, out, errs := runCLI("check", "--db", db, "--rules", "CR", "--format", "json", late)
	require.Equal(t, exitClean, code, errs, "warnings only")
	var doc struct {
		Reports []struct {
			Path     string
			Findings []struct {
				Rule    string
				Related []struct {
					Path string
					Line int
				}
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	require.Len(t, doc.Reports, 1)
	require.NotEmpty(t, doc.Reports[0].Findings)
	f := doc.Reports[0].Findings[0]
	require.NotEmpty(t, f.Related)
	assert.Equal(t, "2022.txt", f.Related[0].Path, "the stored report, by its stored path")
	assert.Positive(t, f.Related[0].Line)

	// With both stored, corpus check finds the same, at the same places.
	code, _, errs = runCLI("corpus", "add", "--db", db, "-q", filepath.Dir(late))
	require.Equal(t, exitClean, code, errs)
	code, text, errs := runCLI("corpus", "check", "--db", db, "--fail-on", "warning")
	require.Equal(t, exitFindings, code, errs)
	got := findingLines(text, "2023.txt")
	require.Len(t, got, len(want))
	for i := range want {
		assert.Equal(t, strings.TrimPrefix(want[i], late), strings.TrimPrefix(got[i], "2023.txt"))
	}
	assert.Contains(t, text, "共 2 个文件")
	code, _, _ = runCLI("corpus", "check", "--db", db)
	assert.Equal(t, exitClean, code, "warnings stay under --fail-on error")
	code, js, _ := runCLI("corpus", "check", "--db", db, "--format", "json", "--lang", "en", "--fail-on", "warning")
	require.Equal(t, exitFindings, code)
	var cdoc struct {
		Version int
		Reports []struct {
			Path     string
			Findings []struct{ Rule, Message string }
		}
	}
	require.NoError(t, json.Unmarshal([]byte(js), &cdoc), js)
	assert.Equal(t, 1, cdoc.Version)
	require.Len(t, cdoc.Reports, 2)
	assert.Equal(t, "2022.txt", cdoc.Reports[0].Path)
	assert.Empty(t, cdoc.Reports[0].Findings, "nothing on the earlier year")
	assert.Len(t, cdoc.Reports[1].Findings, len(want))
	assert.Contains(t, cdoc.Reports[1].Findings[0].Message, "2022")
	assert.Regexp(t, `^section|^table|^[a-z]`, cdoc.Reports[1].Findings[0].Message, "--lang en")
	code, _, _ = runCLI("corpus", "check", "--db", db, "--disable", "CR", "--fail-on", "info")
	assert.Equal(t, exitClean, code)

	// A file of the batch wins over its stored version (same path): the
	// 2023 checked now is not taken for a second 2023 report (CR100).
	code, out, _ = runCLI("check", "--db", db, "--rules", "CR", "--fail-on", "warning", filepath.Dir(late))
	assert.Equal(t, exitFindings, code)
	assert.NotContains(t, out, "CR100")
	assert.Len(t, findingLines(out, "2023.txt"), len(want))
}

func TestCorpus_ExportAndGrep(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	code, out, errs := runCLI("corpus", "add", "--db", db, "-q", realCorpus)
	require.Equal(t, exitClean, code, errs)
	stored := countsOf(t, out)
	export := func(sub string) map[string][]byte {
		out := filepath.Join(dir, sub)
		code, stdout, errs := runCLI("corpus", "export", "--db", db, "--csv", out, "--xlsx", filepath.Join(out, "data.xlsx"), "--parquet", out)
		require.Equal(t, exitClean, code, errs)
		assert.Empty(t, stdout)
		files := map[string][]byte{}
		entries, err := os.ReadDir(out)
		require.NoError(t, err)
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(out, e.Name()))
			require.NoError(t, err)
			files[e.Name()] = b
		}
		return files
	}
	a, b := export("a"), export("b")
	assert.Len(t, a, 7)
	for name, data := range a {
		assert.True(t, bytes.Equal(data, b[name]), name)
	}
	wide := strings.Split(strings.TrimSpace(string(a["wide.csv"])), "\n")
	assert.Equal(t, 1+stored.stored, len(wide), "one row per report")

	code, out, _ = runCLI("corpus", "grep", "--db", db, "溜川")
	assert.Equal(t, exitClean, code)
	assert.Regexp(t, `(?m)^000_zibo_zichuan_touzi_2023\.txt:\d+: 2023 年度 淄博市淄川区投资促进服务中心 一、总体情况：.*【溜川】`, out)
	code, out, _ = runCLI("corpus", "grep", "--db", db, "--format", "json", "--limit", "1", "政府信息公开")
	assert.Equal(t, exitClean, code)
	var hits struct {
		Version int
		Hits    []store.Hit
	}
	require.NoError(t, json.Unmarshal([]byte(out), &hits))
	assert.Len(t, hits.Hits, 1)
	code, out, _ = runCLI("corpus", "grep", "--db", db, "不在任何报告里的一句话")
	assert.Equal(t, exitFindings, code, "like grep: 1 when nothing is found")
	assert.Empty(t, out)

	code, _, errs = runCLI("corpus", "export", "--db", db)
	assert.Equal(t, exitError, code)
	assert.Contains(t, errs, "--csv")
	code, _, errs = runCLI("corpus", "grep", "--db", filepath.Join(dir, "none.db"), "x")
	assert.Equal(t, exitError, code)
	assert.Contains(t, errs, "none.db: no such database")
	assert.NoFileExists(t, filepath.Join(dir, "none.db"))
}

func TestCorpus_NewerSchema(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	code, _, errs := runCLI("corpus", "add", "--db", db, "-q", seedPath)
	require.Equal(t, exitClean, code, errs)
	raw, err := sql.Open("sqlite", db)
	require.NoError(t, err)
	_, err = raw.Exec(`UPDATE schema_version SET version = 99`)
	require.NoError(t, err)
	raw.Close()
	for _, args := range [][]string{{"corpus", "check", "--db", db}, {"corpus", "add", "--db", db, seedPath}, {"check", "--db", db, seedPath}} {
		code, _, errs := runCLI(args...)
		assert.Equal(t, exitError, code, args)
		assert.Contains(t, errs, fmt.Sprintf("%s: schema version 99 is newer than this nianbao's %d", db, store.SchemaVersion()), args)
	}
}

func TestBinary_CorpusHelp(t *testing.T) {
	for _, args := range [][]string{{"corpus", "--help"}, {"corpus", "add", "--help"}, {"corpus", "check", "--help"}, {"corpus", "export", "--help"}, {"corpus", "grep", "--help"}, {"help", "corpus", "add"}} {
		r := nb(t, ".", nil, nil, args...)
		assert.Equal(t, exitClean, r.code, "%v: %s", args, r.stderr)
		assert.Contains(t, r.out, "示例", args)
		assert.Contains(t, r.out, "--db", args)
		en := nb(t, ".", nil, nil, append(args, "--lang", "en")...)
		assert.Contains(t, en.out, "Examples:", args)
		assert.NotContains(t, en.out, "用法", args)
	}
	r := nb(t, ".", nil, nil, "--help")
	assert.Contains(t, r.out, "corpus")
}

// TestBinary_CorpusKill: an ingest killed with SIGKILL at three moments
// leaves a database that opens, passes SQLite's integrity check and holds
// only whole reports (each with every cell of its template, and a sample
// equal to what checking its file gives); corpus check works on it and
// counts only them; the next add stores the rest and re-reads nothing
// stored.
func TestBinary_CorpusKill(t *testing.T) {
	if testing.Short() {
		t.Skip("kills three ingests of 400 reports: skipped with -short")
	}
	dir := t.TempDir()
	reports := filepath.Join(dir, "reports")
	const n = 400
	genFolder(t, reports, 0, n)
	db := filepath.Join(dir, "c.db")
	// One read-only handle polls; it never makes the file itself.
	poll, err := sql.Open("sqlite", "file:"+db+"?mode=ro&_pragma=busy_timeout(5000)")
	require.NoError(t, err)
	defer poll.Close()
	count := func() int {
		var c int
		if err := poll.QueryRow(`SELECT count(*) FROM reports`).Scan(&c); err != nil {
			return 0 // not made yet
		}
		return c
	}
	killed := 0
	for _, at := range []int{20, 120, 250} {
		cmd := exec.Command(binary(t), "corpus", "add", "--db", db, "-q", "-j", "2", reports)
		var errb bytes.Buffer
		cmd.Stderr = &errb
		require.NoError(t, cmd.Start())
		deadline := time.Now().Add(3 * time.Minute)
		for count() < at && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
		err := cmd.Wait()
		if ee, ok := err.(*exec.ExitError); ok && !ee.Exited() {
			killed++
		}
		got := count()
		t.Logf("killed at %d stored (asked %d); stderr %q", got, at, errb.String())
		require.Less(t, got, n, "the add finished before it was killed; use more reports")
	}
	require.Equal(t, 3, killed)
	poll.Close()

	raw, err := sql.Open("sqlite", db)
	require.NoError(t, err)
	var ok string
	require.NoError(t, raw.QueryRow(`PRAGMA integrity_check`).Scan(&ok))
	assert.Equal(t, "ok", ok)
	var orphans int
	require.NoError(t, raw.QueryRow(`SELECT (SELECT count(*) FROM cells WHERE report_id NOT IN (SELECT id FROM reports)) +
		(SELECT count(*) FROM sections WHERE report_id NOT IN (SELECT id FROM reports)) +
		(SELECT count(*) FROM findings WHERE report_id NOT IN (SELECT id FROM reports))`).Scan(&orphans))
	assert.Zero(t, orphans)
	raw.Close()

	st, err := store.OpenExisting(context.Background(), db)
	require.NoError(t, err)
	reps, err := st.Reports(context.Background())
	st.Close()
	require.NoError(t, err)
	stored := len(reps)
	for i, r := range reps {
		require.Equal(t, templateCells(t, r.Template), len(r.Cells), "%s: every cell of its template", r.Path)
		if i%5 != 0 {
			continue
		}
		res := corpus.CheckFile(context.Background(), filepath.Join(reports, r.Path), corpus.Options{})
		require.NoError(t, res.Err)
		assert.Equal(t, cross.Of(res.Report, r.Path), r, r.Path)
	}

	check := nb(t, dir, nil, nil, "corpus", "check", "--db", db)
	assert.Contains(t, []int{exitClean, exitFindings}, check.code, check.stderr)
	assert.Contains(t, check.out, fmt.Sprintf("共 %d 个文件", stored), "counts only whole reports")

	done := nb(t, dir, nil, nil, "corpus", "add", "--db", db, "-q", reports)
	require.Equal(t, exitClean, done.code, done.stderr)
	c := countsOf(t, done.out)
	assert.Equal(t, addCounts{added: n - stored, unchanged: stored, files: n, stored: n}, c)
}

// templateCells is the number of cells a report of template has: every
// cell of its three tables.
func templateCells(t *testing.T, template string) int {
	p := normalize.ProfileFor(template)
	require.NotNil(t, p, template)
	n := 0
	for _, tb := range p.Tables {
		n += len(tb.CellKeys())
	}
	return n
}

// TestMain lets the test binary serve as the reader processes that the
// commands start (os.Executable with worker.Arg), as nianbao does in main.
func TestMain(m *testing.M) { os.Exit(worker.RunTests(m)) }

// hostile are the inputs of issue 17, each made by code, with what its
// error row must say. Their names sort before the good reports.
var hostile = []struct {
	name, reason string
	make         func(t *testing.T, path string)
}{
	{"000_objstm_self.pdf", "itself stored in an object stream", writeBytes(extracttest.NestedObjectStreams(false))},
	{"000_objstm_mutual.pdf", "itself stored in an object stream", writeBytes(extracttest.NestedObjectStreams(true))},
	// 300 formatting elements closed by </p> are re-opened in every
	// later paragraph: 480 KB become millions of nodes.
	{"000_reopen.html", "re-opens the formatting elements left open", writeBytes(reopenedPage(60000))},
	{"000_loop.tif", "loops back to offset 8", writeBytes(extracttest.LoopTIFF())},
	{"000_fifo.txt", "a named pipe (FIFO)", func(t *testing.T, p string) { require.NoError(t, syscall.Mkfifo(p, 0o644)) }},
	{"000_link.txt", "a symbolic link, skipped", func(t *testing.T, p string) { require.NoError(t, os.Symlink("/etc/hostname", p)) }},
	{"000_filter.pdf", "unknown filter \x1b[2J", writeBytes(escapeFilterPDF())},
	{"000_\x1b]52;c;ZXZpbA==\x07\x1b[2J.html", "no text", writeBytes([]byte("<html><body></body></html>"))},
}

func writeBytes(b []byte) func(t *testing.T, path string) {
	return func(t *testing.T, path string) { require.NoError(t, os.WriteFile(path, b, 0o644)) }
}

// reopenedPage leaves 300 distinct <b> open in a paragraph, then writes
// paragraphs paragraphs, in each of which the parser re-opens them all.
func reopenedPage(paragraphs int) []byte {
	var b strings.Builder
	b.WriteString("<html><body><p>")
	for i := range 300 {
		fmt.Fprintf(&b, "<b class=c%d>", i)
	}
	b.WriteString("</p>" + strings.Repeat("<p>x</p>", paragraphs))
	return []byte(b.String())
}

// checkDir runs the nianbao binary (its own process, so that rusage
// counts only its readers) on dir with -j 2 and args.
func checkDir(t *testing.T, dir string, args ...string) (code int, stdout, stderr string, maxRSS int64) {
	t.Helper()
	cmd := exec.Command(binary(t), append(append([]string{"check", "-j", "2", "-q"}, args...), dir)...)
	cmd.Env = append(os.Environ(), "LC_ALL=", "LANG=C.UTF-8")
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	// The largest of the process and the readers it waited for.
	maxRSS = cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10
	return code, out.String(), errb.String(), maxRSS
}

// goodReports writes 50 generated clean reports into a new folder.
func goodReports(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("50 reports: skipped with -short")
	}
	dir := t.TempDir()
	_, err := gen.WriteSet(context.Background(), dir, gen.SetOptions{Seed: 1, N: 50})
	require.NoError(t, err)
	return dir
}

// share is what one of two readers may use under --max-memory budget.
func share(budget int64) int64 { return (budget - budget/parentShare) / 2 }

// escapeFilterPDF has a content stream whose filter is named by escape
// bytes (ESC [ 2 J, which clears a screen), quoted in the parser's error.
func escapeFilterPDF() []byte {
	var p extracttest.PDF
	p.Add("<< /Type /Catalog /Pages 2 0 R >>", nil)
	p.Add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>", nil)
	p.Add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>", nil)
	p.Add("<< /Length 4 /Filter /#1b#5b2J >>", []byte("junk"))
	return p.Bytes()
}

// TestCheck_Hostile: each hostile input, first in a batch of 50 good
// generated reports read with -j 2, is one error row naming the file and
// the reason; the 50 reports all have their results; exit code 2; no
// goroutine dump and no escape byte reaches the output; the readers'
// peak memory stays under the share of --max-memory.
func TestCheck_Hostile(t *testing.T) {
	dir := goodReports(t)
	for _, h := range hostile {
		h.make(t, filepath.Join(dir, h.name))
	}
	start := time.Now()
	code, out, stderr, rss := checkDir(t, dir, "--format", "json")
	assert.Less(t, time.Since(start), 60*time.Second)
	assert.Equal(t, exitError, code)
	var got struct {
		Version int
		Reports []struct{ Path, Error string }
	}
	require.NoError(t, json.Unmarshal([]byte(out), &got), stderr)
	assert.Equal(t, 1, got.Version)
	require.Len(t, got.Reports, 50+len(hostile))
	errs := map[string]string{}
	for _, r := range got.Reports {
		if r.Error != "" {
			errs[r.Path] = r.Error
		}
	}
	for _, h := range hostile {
		assert.Contains(t, errs[h.name], h.reason, h.name)
		assert.Contains(t, errs[h.name], h.name)
	}
	assert.Len(t, errs, len(hostile), "the 50 good reports are read")
	assert.Less(t, rss, share(1<<30), "peak RSS of the largest process, bytes")
	t.Logf("largest process: %d MiB", rss>>20)

	code, out, stderr, _ = checkDir(t, dir)
	assert.Equal(t, exitError, code)
	for _, s := range []string{out, stderr} {
		assert.NotContains(t, s, "\x1b", "no escape byte reaches text output")
		assert.NotContains(t, s, "goroutine ")
	}
	assert.Contains(t, out, `000_\x1b]52;c;ZXZpbA==\x07\x1b[2J.html: 无法处理`)
	assert.Contains(t, out, `unknown filter \x1b[2J`)
	assert.Contains(t, out, fmt.Sprintf("%d 个文件无法处理", len(hostile)))
}

// TestCheck_MemoryShare: a page the element estimate lets through but
// whose parse takes some 200 MB is stopped at its share of a smaller
// --max-memory (96 MiB of 256), in a reader of its own; the others go on.
func TestCheck_MemoryShare(t *testing.T) {
	dir := goodReports(t)
	writeBytes(reopenedPage(2000))(t, filepath.Join(dir, "000_reopen.html"))
	budget := int64(256 << 20)
	code, out, _, rss := checkDir(t, dir, "--max-memory", fmt.Sprint(budget))
	assert.Equal(t, exitError, code)
	assert.Contains(t, out, "000_reopen.html: 无法处理: extract: 000_reopen.html: 内存超限：读取进程用了")
	assert.Contains(t, out, "共 51 个文件")
	assert.Contains(t, out, "1 个文件无法处理")
	// Stopped near its share: the watch looks every 10 ms, so on a busy
	// machine a fast parse passes the share by some tens of MiB, but
	// never reaches the budget of the whole run.
	assert.Less(t, rss, budget, "peak RSS of the largest process, bytes")
	t.Logf("largest process: %d MiB", rss>>20)
}

// TestCheck_OneLargeFile: a file checked alone has all of the readers'
// part of --max-memory, not the share of one of -j readers: a page of
// 8 MB, most of it empty elements, takes its reader some 220 MiB; under a
// budget of 400 MiB it is read (the readers' part is 300) where a share
// of two (150) stopped it.
func TestCheck_OneLargeFile(t *testing.T) {
	seed, err := os.ReadFile(seedPath)
	require.NoError(t, err)
	var page strings.Builder
	page.WriteString("<html><body>")
	for _, l := range strings.Split(string(seed), "\n") {
		page.WriteString("<p>" + l + "</p>\n")
	}
	page.WriteString(strings.Repeat(`<div class="x" id="y"><span title="z"></span></div>`+"\n", 150_000))
	page.WriteString("</body></html>")
	file := filepath.Join(t.TempDir(), "large.html")
	require.NoError(t, os.WriteFile(file, []byte(page.String()), 0o644))
	code, out, stderr, rss := checkDir(t, file, "--max-memory", fmt.Sprint(400<<20))
	assert.NotContains(t, out, "内存超限")
	assert.Equal(t, exitFindings, code, stderr)
	assert.Contains(t, out, "共 1 个文件")
	t.Logf("largest process: %d MiB", rss>>20)
}

// TestCheck_ListNotAList: --list names itself and the file when the list
// is a pipe or has no line ends.
func TestCheck_ListNotAList(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "list")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	code, _, stderr := runCLI("check", "--list", fifo)
	assert.Equal(t, exitError, code)
	assert.Contains(t, stderr, "--list "+fifo+": not a regular file: a named pipe (FIFO)")
	long := filepath.Join(dir, "long")
	require.NoError(t, os.WriteFile(long, make([]byte, 1<<20), 0o644))
	code, _, stderr = runCLI("check", "--list", long)
	assert.Equal(t, exitError, code)
	assert.Contains(t, stderr, "--list "+long+": line 1 is longer than 64 KiB")
}

// TestBinary_Serve: serve's help in both languages; the command serves
// the folder on the address it prints, in the language asked, and ends
// cleanly on an interrupt; an address for every interface, two folders,
// a missing folder and a zero limit are usage errors. The page itself is
// tested in package web, in a browser.
func TestBinary_Serve(t *testing.T) {
	zh := nb(t, ".", nil, nil, "help", "serve")
	require.Equal(t, exitClean, zh.code, zh.stderr)
	for _, s := range []string{"示例", "--addr", "--max-bytes", "--rules", "127.0.0.1:8080"} {
		assert.Contains(t, zh.out, s)
	}
	en := nb(t, ".", nil, nil, "serve", "--help", "--lang", "en")
	assert.Contains(t, en.out, "Usage:")
	assert.NotRegexp(t, `用法`, en.out)

	dir := t.TempDir()
	copyTo(t, seedPath, dir, "seed.txt")
	for _, args := range [][]string{
		{"serve", "--addr", "0.0.0.0:0", dir},
		{"serve", dir, dir},
		{"serve", "--addr", "127.0.0.1:0", dir + "/missing"},
		{"serve", "--max-bytes", "0", dir},
	} {
		r := nb(t, ".", nil, nil, args...)
		assert.Equal(t, exitError, r.code, "%v", args)
		assert.Regexp(t, `\p{Han}`, r.stderr, "%v: a Chinese message", args)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary(t), "serve", "--addr", "127.0.0.1:0", "--lang", "en", dir)
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	line, err := bufio.NewReader(stderr).ReadString('\n')
	require.NoError(t, err)
	url := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`).FindString(line)
	require.NotEmpty(t, url, line)

	get := func(path string) string {
		resp, err := http.Get(url + path)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode, string(b))
		return string(b)
	}
	assert.Contains(t, get(""), `<html lang="en">`)
	assert.JSONEq(t, `[{"id":"file:seed.txt","name":"seed.txt"}]`, get("api/reports"))
	assert.Contains(t, get("api/report?id=file:seed.txt"), `"rule":"NM101"`)

	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	assert.NoError(t, cmd.Wait(), "an interrupt ends serve with exit 0")
}
