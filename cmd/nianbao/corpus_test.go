package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/corpus/gen"
	"github.com/nianbao/nianbao/corpus/store"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate/cross"
)

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
