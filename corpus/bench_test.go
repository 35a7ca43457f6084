package corpus_test

import (
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

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
