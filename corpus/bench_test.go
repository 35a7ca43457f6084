package corpus_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

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
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
)

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
// are the counts measured on 2026-12-07 (i14speed) plus 25%: a change that
// brings back per-line or per-label allocations fails here rather than
// in a benchmark nobody runs.
func TestAllocs_Stages(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and checks 42 reports")
	}
	ctx := context.Background()
	bounds := map[string][3]float64{ // extract, normalize, validate
		"text": {680, 4220, 4500},
		"html": {11270, 3670, 4190},
		"docx": {32670, 3760, 4130},
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
			assert.LessOrEqual(t, got[k], bounds[format][k]*1.25, "%s %s: allocations per report", format, stage)
		}
	}
}
