package corpus_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/corpus/gen"
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
func generated(b *testing.B) map[string][][]byte {
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
