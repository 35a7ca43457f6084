//go:build unix

package corpus_test

import (
	"context"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/corpus/gen"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/validate/cross"
)

// cpuPerOp reports, when the returned function is called at the end of
// a benchmark, the process's CPU time (user and system, the collector's
// included) per iteration as cpu-ns/op: on a machine shared with other
// work, ns/op counts the time spent waiting for a core too.
func cpuPerOp(b *testing.B) func() {
	start := cpuTime()
	return func() { b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op") }
}

func cpuTime() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// BenchmarkOnePass measures, per report of the generated mix, what the
// one-pass check does around normalizing and validating: the digest of
// a report for the cross-report rules, writing its result to the spill,
// and reading it back.
func BenchmarkOnePass(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	truth, err := gen.WriteSet(ctx, dir, gen.SetOptions{Seed: 1, N: 42})
	require.NoError(b, err)
	var results []corpus.Result
	for _, t := range truth {
		// Without Origin, as check asks the readers.
		r := corpus.CheckFile(ctx, filepath.Join(dir, t.File), corpus.Options{Limits: extract.Limits{NoOrigin: true}})
		require.NoError(b, r.Err)
		results = append(results, r)
	}
	sp, err := corpus.NewSpill()
	require.NoError(b, err)
	defer sp.Close()
	b.Run("digest", func(b *testing.B) {
		b.ReportAllocs()
		defer cpuPerOp(b)()
		for i := 0; b.Loop(); i++ {
			r := &results[i%len(results)]
			if _, err := cross.DigestOf(r.Report, r.Path, sp.Texts()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("put", func(b *testing.B) {
		b.ReportAllocs()
		defer cpuPerOp(b)()
		for i := 0; b.Loop(); i++ {
			if err := sp.Put(&results[i%len(results)]); err != nil {
				b.Fatal(err)
			}
		}
	})
	records := make([][]byte, len(results))
	for i := range results {
		require.NoError(b, sp.Put(&results[i]))
		records[i] = sp.LastRecord()
	}
	b.Run("decode", func(b *testing.B) {
		b.ReportAllocs()
		defer cpuPerOp(b)()
		for i := 0; b.Loop(); i++ {
			if _, err := sp.Decode(records[i%len(records)]); err != nil {
				b.Fatal(err)
			}
		}
	})
}
