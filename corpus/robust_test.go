package corpus_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/corpus/gen"
	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/export/jsonl"
	"github.com/nianbao/nianbao/export/sheets"
	"github.com/nianbao/nianbao/export/xlsx"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/input"
	"github.com/nianbao/nianbao/extract/worker"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
	"github.com/nianbao/nianbao/validate/cross"
)

// TestRobustness: hostile and broken inputs each give a clear per-file
// error naming the file, quickly and without holding much memory, and
// never stop the batch.
func TestRobustness(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, data, 0o644))
		return p
	}
	junk := make([]byte, 1<<20)
	for i := range junk {
		junk[i] = byte(i*131 + i>>7)
	}
	big := filepath.Join(dir, "huge.txt")
	f, err := os.Create(big)
	require.NoError(t, err)
	_, err = f.WriteString(strings.Repeat("一、总体情况 这是很长的一行。\n", 1000))
	require.NoError(t, err)
	require.NoError(t, f.Truncate(100<<20)) // 100 MB without writing them
	require.NoError(t, f.Close())

	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	w, err := zw.Create("word/document.xml")
	require.NoError(t, err)
	// 64 MB of well-formed, endlessly repeated XML, compressed ~1000:1.
	_, err = w.Write([]byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`))
	require.NoError(t, err)
	chunk := bytes.Repeat([]byte("<w:p/>"), 1<<18)
	for i := 0; i < 40; i++ {
		_, err := w.Write(chunk)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())

	cases := []struct {
		path string
		is   error
	}{
		{write("junk.txt", junk), extract.ErrEncoding},
		{write("empty.txt", nil), extract.ErrEmpty},
		{big, extract.ErrTooLarge},
		{write("deep.html", []byte("<html><body>"+strings.Repeat("<div>", 10000)+"一、总体情况"+strings.Repeat("</div>", 10000)+"</body></html>")), extract.ErrTooLarge},
		{write("bomb.docx", bomb.Bytes()), extract.ErrTooLarge},
		{write("old.doc", append([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), junk[:4096]...)), extract.ErrUnsupported},
		{write("pages.pdf", manyPagesPDF(5000)), extract.ErrTooLarge},
	}
	var paths []string
	for _, c := range cases {
		paths = append(paths, c.path)
	}
	paths = append(paths, "testdata/corpus/000_zibo_zichuan_touzi_2023.txt")

	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	results := corpus.Run(context.Background(), paths, corpus.Options{})
	elapsed := time.Since(start)
	var after runtime.MemStats
	runtime.ReadMemStats(&after)

	for i, c := range cases {
		r := results[i]
		require.Error(t, r.Err, c.path)
		assert.True(t, errors.Is(r.Err, c.is), "%s: %v", c.path, r.Err)
		assert.Contains(t, r.Err.Error(), c.path)
	}
	assert.NoError(t, results[len(results)-1].Err, "a good file after bad ones is still checked")
	assert.NotEmpty(t, results[len(results)-1].Findings)
	// Generous bounds: the point is "not unbounded", not speed.
	assert.Less(t, elapsed, 20*time.Second)
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(400<<20), "allocated bytes")
}

// manyPagesPDF builds a valid PDF of n empty pages.
func manyPagesPDF(n int) []byte {
	var b bytes.Buffer
	var offsets []int
	obj := func(body string) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offsets), body)
	}
	b.WriteString("%PDF-1.4\n")
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	var kids strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&kids, "%d 0 R ", i+4)
	}
	obj(fmt.Sprintf("<< /Type /Pages /Count %d /Kids [%s] >>", n, kids.String()))
	obj("<< /Length 0 >>\nstream\n\nendstream")
	for i := 0; i < n; i++ {
		obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>")
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return b.Bytes()
}

// TestTimeout: a file that takes longer than the timeout is reported
// after it and the batch goes on, every time: a check that ended just
// as its timer fired was returned as done about once in 50 runs.
func TestTimeout(t *testing.T) {
	for range 100 {
		start := time.Now()
		res := corpus.Run(context.Background(), []string{seed, seed},
			corpus.Options{Timeout: time.Microsecond, Workers: 1})
		assert.Less(t, time.Since(start), 5*time.Second)
		for _, r := range res {
			require.Error(t, r.Err)
			assert.Contains(t, r.Err.Error(), "gave up after 1µs")
		}
	}
}

const seed = "testdata/corpus/000_zibo_zichuan_touzi_2023.txt"

// TestExpand_NotRegular: a folder walk names every entry it does not
// take because of what it is (a link, a pipe), and a named pipe given as
// a file is refused at once instead of blocking until --timeout.
func TestExpand_NotRegular(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "a.txt")
	require.NoError(t, os.WriteFile(good, []byte("一、总体情况\n"), 0o644))
	require.NoError(t, os.Symlink(good, filepath.Join(dir, "link.txt")))
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "pipe.pdf"), 0o644))
	paths, errs := corpus.Expand([]string{dir})
	assert.Equal(t, []string{good}, paths)
	require.Len(t, errs, 2)
	assert.ErrorIs(t, errs[0], extract.ErrNotRegular)
	assert.Contains(t, errs[0].Error(), "link.txt: not a regular file: a symbolic link, skipped")
	assert.Contains(t, errs[1].Error(), "pipe.pdf: not a regular file: a named pipe (FIFO), skipped")

	start := time.Now()
	res := corpus.Run(context.Background(), []string{filepath.Join(dir, "pipe.pdf"), seed}, corpus.Options{Timeout: time.Minute})
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.ErrorIs(t, res[0].Err, extract.ErrNotRegular)
	assert.NoError(t, res[1].Err)
}

// TestExpand_Skipped: what a walk passes over on purpose is listed with
// why, a hidden folder once and not walked.
func TestExpand_Skipped(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.txt", "b.xlsx", ".DS_Store", ".git/c.txt", "README.md"} {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644))
	}
	paths, skipped, errs := corpus.ExpandSkipping([]string{dir})
	assert.Empty(t, errs)
	assert.Equal(t, []string{filepath.Join(dir, "a.txt")}, paths)
	assert.Equal(t, []corpus.Skip{
		{Path: filepath.Join(dir, ".DS_Store"), Reason: corpus.SkipHidden},
		{Path: filepath.Join(dir, ".git"), Reason: corpus.SkipHidden},
		{Path: filepath.Join(dir, "README.md"), Reason: corpus.SkipReadme},
		{Path: filepath.Join(dir, "b.xlsx"), Reason: corpus.SkipExtension},
	}, skipped)
}

// TestScans runs scanned reports through the whole pipeline (pdftoppm +
// tesseract): the tables come back as in the text, and OCR misreads never
// become confident typo findings.
func TestScans(t *testing.T) {
	if testing.Short() {
		t.Skip("OCR is slow: skipped with -short")
	}
	ctx := context.Background()
	seed := corpus.CheckFile(ctx, "testdata/corpus/000_zibo_zichuan_touzi_2023.txt", corpus.Options{})
	require.NoError(t, seed.Err)

	scan := corpus.CheckFile(ctx, "testdata/samples/scans/report_scanned_200dpi.pdf", corpus.Options{})
	require.NoError(t, scan.Err)
	assert.True(t, scan.Report.Doc.OCR)
	// The scan holds the first three of the seed's five pages: every cell
	// read from it must equal the seed's.
	same, read := 0, 0
	for k, c := range scan.Report.Cells {
		if c.Value == nil {
			continue
		}
		read++
		if s := seed.Report.Cell(k); s != nil && s.Value != nil && *s.Value == *c.Value {
			same++
		}
	}
	require.Greater(t, read, 40)
	assert.GreaterOrEqual(t, float64(same)/float64(read), 0.98, "%d of %d cells equal the seed's", same, read)
	rules := map[string]validate.Severity{}
	for _, f := range scan.Findings {
		rules[f.Rule.ID] = f.Severity
		if f.Rule.ID[:2] == "NM" || f.Rule.ID == "ST107" {
			assert.Equal(t, validate.Info, f.Severity, "a character finding on OCR text is a note: %s", f.Message.Zh)
			assert.Contains(t, f.Message.Zh, "OCR")
		}
	}
	assert.Contains(t, rules, "ST107", "the seed's label typo is still seen")
	assert.Contains(t, rules, "ST105", "the requests table is cut where the scan ends")

	synth := corpus.CheckFile(ctx, "testdata/samples/scans/synth_zhifu_amr_2023_scanned_200dpi.pdf", corpus.Options{})
	require.NoError(t, synth.Err)
	for _, f := range synth.Findings {
		if f.Rule.ID[:2] == "TB" {
			assert.Contains(t, f.Message.Zh, "低置信度", "a TB finding on OCR cells must say they were read with low confidence")
		}
	}
}

// brokenChain writes three consecutive years of one agency to a folder:
// carry-over holds, and the in-force count of the last two years breaks
// its chain, each its own way. It returns the folder and the series.
func brokenChain(tb testing.TB) (string, *gen.Series) {
	tb.Helper()
	s := gen.GenerateSeries(12, gen.SeriesOptions{Years: 3, First: 2022, Errors: []gen.CrossKind{gen.ChainBroken, gen.ChainBroken}})
	require.Len(tb, s.Files, 3)
	for _, e := range s.Expected {
		require.True(tb, e.Applied)
	}
	dir := tb.TempDir()
	for _, f := range s.Files {
		src, _ := f.Render()
		require.NoError(tb, os.WriteFile(filepath.Join(dir, f.Name()), src, 0o644))
	}
	return dir, s
}

// TestCrossReports_ChainBrokenTwice is issue 12's check at the corpus
// level: the folder gives exactly the two CR102 findings, on the two
// later reports, and no other finding across reports.
func TestCrossReports_ChainBrokenTwice(t *testing.T) {
	dir, s := brokenChain(t)
	paths, errs := corpus.Expand([]string{dir})
	require.Empty(t, errs)
	ctx := context.Background()
	reps, err := corpus.CrossReports(ctx, paths, corpus.Options{}, nil)
	require.NoError(t, err)
	require.Len(t, reps, 3)
	for _, r := range reps[1:] {
		require.Equal(t, reps[0].Key(), r.Key(), "the years pair")
	}
	fs := cross.Check(reps, cross.Options{})
	require.Len(t, fs, 2)
	for i, f := range fs {
		later := filepath.Join(dir, s.Files[i+1].Name())
		assert.Equal(t, "CR102", f.Rule.ID)
		assert.Equal(t, later, f.Path)
		require.Len(t, f.Related, 1)
		assert.Equal(t, filepath.Join(dir, s.Files[i].Name()), f.Related[0].Path, "the year before")
	}

	// Attached to the results of the run, as check does, they sit on
	// the cells planted wrong, like any finding.
	want := map[string]string{}
	for _, e := range s.Expected {
		for _, f := range s.Files {
			if f.Report == e.Want[0].Report {
				want[filepath.Join(dir, f.Name())] = "CR102 " + e.Want[0].Key
			}
		}
	}
	require.Len(t, want, 2)
	across := corpus.ByPath(fs)
	for _, r := range corpus.Run(ctx, paths, corpus.Options{}) {
		require.NoError(t, r.Err)
		corpus.Attach(&r, across[r.Path])
		var crs []string
		for _, f := range r.Findings {
			if strings.HasPrefix(f.Rule.ID, "CR") {
				crs = append(crs, f.Rule.ID+" "+f.Key)
				assert.Positive(t, f.Pos.Line)
				assert.Equal(t, "active", f.Section)
			}
		}
		if w, ok := want[r.Path]; ok {
			assert.Equal(t, []string{w}, crs, r.Path)
		} else {
			assert.Empty(t, crs, r.Path)
		}
	}
}

// TestCrossReports_RealCorpus: the real reports held are of different
// agencies, most of one year; nothing across them is wrong, and nothing
// may be reported.
func TestCrossReports_RealCorpus(t *testing.T) {
	paths, errs := corpus.Expand([]string{"testdata/corpus"})
	require.Empty(t, errs)
	reps, err := corpus.CrossReports(context.Background(), paths, corpus.Options{}, nil)
	require.NoError(t, err)
	require.NotEmpty(t, reps)
	for _, f := range cross.Check(reps, cross.Options{}) {
		t.Errorf("%s: %s %s", f.Path, f.Rule.ID, f.Message.Zh)
	}
}

// TestReadList_NotAList: a list that is a device, a pipe or one endless
// line is an error that says so, not a scanner's message.
func TestReadList_NotAList(t *testing.T) {
	_, err := corpus.ReadList(bytes.NewReader(make([]byte, 1<<20)))
	assert.EqualError(t, err, "line 1 is longer than 64 KiB: not a list of paths")
	fifo := filepath.Join(t.TempDir(), "list")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	_, err = corpus.ReadListFile(fifo)
	assert.ErrorIs(t, err, extract.ErrNotRegular)
	got, err := corpus.ReadList(strings.NewReader("# list\na.pdf\n\n b.txt \n"))
	require.NoError(t, err)
	assert.Equal(t, []string{"a.pdf", "b.txt"}, got)
}

// TestRun_Isolated: the batch's JSON and JSON Lines outputs are the
// same byte for byte whether files are read here or in worker processes
// (the document crosses the pipe whole: text, blocks, origin, OCR
// confidence), on the real corpus and the samples (text, HTML, DOCX, PDF).
func TestRun_Isolated(t *testing.T) {
	var paths []string
	for _, dir := range []string{"testdata/corpus", "testdata/samples"} {
		entries, err := os.ReadDir(dir)
		require.NoError(t, err)
		for _, e := range entries {
			if e.Type().IsRegular() && e.Name() != "README" {
				paths = append(paths, filepath.Join(dir, e.Name()))
			}
		}
	}
	require.Greater(t, len(paths), 10)
	output := func(opts corpus.Options) []byte {
		var buf bytes.Buffer
		results := corpus.Run(context.Background(), paths, opts)
		require.NoError(t, export.WriteJSON(&buf, results, "zh"))
		for _, r := range results {
			line, err := json.Marshal(jsonl.LineOf(r, "en"))
			require.NoError(t, err)
			buf.Write(line)
		}
		return buf.Bytes()
	}
	here := output(corpus.Options{Workers: 2})
	p := worker.New(worker.Options{Workers: 2, Command: []string{os.Args[0], worker.Arg}})
	defer p.Close()
	isolated := output(corpus.Options{Workers: 2, Read: p.Read})
	assert.Equal(t, string(here), string(isolated))
	assert.Equal(t, len(paths), p.Stats().Files)
}

// BenchmarkCheck_Seed measures extract + normalize + validate of the seed
// report from memory, one report per iteration.
func BenchmarkCheck_Seed(b *testing.B) {
	src, err := os.ReadFile("testdata/corpus/000_zibo_zichuan_touzi_2023.txt")
	require.NoError(b, err)
	ctx := context.Background()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		checkBytes(b, ctx, src)
	}
}

// BenchmarkCheck_SeedParallel gives reports/s on all cores
// (go test -bench SeedParallel -cpu 2).
func BenchmarkCheck_SeedParallel(b *testing.B) {
	src, err := os.ReadFile("testdata/corpus/000_zibo_zichuan_touzi_2023.txt")
	require.NoError(b, err)
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			checkBytes(b, ctx, src)
		}
	})
}

func checkBytes(b *testing.B, ctx context.Context, src []byte) {
	doc, err := input.Bytes(ctx, "seed.txt", src, extract.Limits{})
	if err != nil {
		b.Fatal(err)
	}
	rep, err := normalize.Normalize(doc)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := validate.Check(rep, validate.Options{}); err != nil {
		b.Fatal(err)
	}
}

// generated holds, by format, the sources of 42 reports from nianbao gen
// (every level, both templates), the mix the speed figures are measured
// on; a cycle of 7 levels × 2 templates × 3 formats.
func generated(b testing.TB) map[string][][]byte {
	b.Helper()
	dir := b.TempDir()
	truth, err := gen.WriteSet(context.Background(), dir, gen.SetOptions{Seed: 1, N: 42})
	require.NoError(b, err)
	out := map[string][][]byte{}
	for _, t := range truth {
		src, err := os.ReadFile(filepath.Join(dir, t.File))
		require.NoError(b, err)
		out[t.Format] = append(out[t.Format], src)
	}
	return out
}

// BenchmarkStage measures each stage of the pipeline apart on the
// generated mix, per format: extract (sniff and read), normalize,
// validate; an iteration is one report, the formats' reports in turn.
func BenchmarkStage(b *testing.B) {
	ctx := context.Background()
	for _, format := range gen.Formats {
		srcs := generated(b)[format]
		docs := make([]*extract.Document, len(srcs))
		reps := make([]*normalize.Report, len(srcs))
		for i, src := range srcs {
			var err error
			docs[i], err = input.Bytes(ctx, "report", src, extract.Limits{})
			require.NoError(b, err)
			reps[i], err = normalize.Normalize(docs[i])
			require.NoError(b, err)
		}
		b.Run("extract/"+format, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if _, err := input.Bytes(ctx, "report", srcs[i%len(srcs)], extract.Limits{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("normalize/"+format, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if _, err := normalize.Normalize(docs[i%len(docs)]); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("validate/"+format, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if _, err := validate.Check(reps[i%len(reps)], validate.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkExport measures each exporter per report, on the results of the
// generated mix: what --jsonl, --csv and --xlsx add to a check.
func BenchmarkExport(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	truth, err := gen.WriteSet(ctx, dir, gen.SetOptions{Seed: 1, N: 42})
	require.NoError(b, err)
	var results []export.Result
	for _, t := range truth {
		results = append(results, corpus.CheckFile(ctx, filepath.Join(dir, t.File), corpus.Options{}))
	}
	out := b.TempDir()
	for _, w := range []struct {
		name string
		open func() (export.Writer, error)
	}{
		{"jsonl", func() (export.Writer, error) { return jsonl.Create(filepath.Join(out, "r.jsonl"), jsonl.Options{}) }},
		{"csv", func() (export.Writer, error) { return sheets.CreateCSV(filepath.Join(out, "csv"), sheets.CSVOptions{}) }},
		{"xlsx", func() (export.Writer, error) { return xlsx.Create(filepath.Join(out, "r.xlsx"), xlsx.Options{}) }},
	} {
		b.Run(w.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ew, err := w.open()
				require.NoError(b, err)
				for _, r := range results {
					require.NoError(b, ew.Add(r))
				}
				require.NoError(b, ew.Close())
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(results)), "ns/report")
		})
	}
}

// TestAllocs_Stages guards the allocations of each stage per report of the
// generated mix (one of each level and template per format). The bounds
// are the counts measured on 2026-12-07 (after the second round of speed
// work of issue 14 on extract, normalize and validate; -v logs them) plus 25%: a change that brings
// back per-line or per-label allocations fails here rather than in a
// benchmark nobody runs.
func TestAllocs_Stages(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and checks 42 reports")
	}
	ctx := context.Background()
	bounds := map[string][3]float64{ // extract, normalize, validate
		"text": {231, 328, 566},
		"html": {5312, 241, 419},
		"docx": {1383, 239, 420},
	}
	all := generated(t)
	for _, format := range gen.Formats {
		srcs := all[format]
		var docs []*extract.Document
		var reps []*normalize.Report
		for _, src := range srcs {
			doc, err := input.Bytes(ctx, "report", src, extract.Limits{})
			require.NoError(t, err)
			rep, err := normalize.Normalize(doc)
			require.NoError(t, err)
			docs, reps = append(docs, doc), append(reps, rep)
		}
		i := 0
		perReport := func(fn func(i int)) float64 {
			i = 0
			return testing.AllocsPerRun(len(srcs), func() { fn(i % len(srcs)); i++ })
		}
		got := [3]float64{
			perReport(func(i int) { _, _ = input.Bytes(ctx, "report", srcs[i], extract.Limits{}) }),
			perReport(func(i int) { _, _ = normalize.Normalize(docs[i]) }),
			perReport(func(i int) { _, _ = validate.Check(reps[i], validate.Options{}) }),
		}
		for k, stage := range []string{"extract", "normalize", "validate"} {
			t.Logf("%s %s: %.0f allocations per report", format, stage, got[k])
			assert.LessOrEqual(t, got[k], bounds[format][k]*1.25, "%s %s: allocations per report", format, stage)
		}
	}
}
