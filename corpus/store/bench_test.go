package store

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/corpus"
	"github.com/nianbao/nianbao/validate/cross"
)

// BenchmarkStore_Add is the store's own cost of one report: checked
// results are made beforehand and stored under new paths, one
// transaction each.
func BenchmarkStore_Add(b *testing.B) {
	s, _ := mustOpen(b)
	results := checkedResults(b, 50)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := results[i%len(results)]
		r.Path = fmt.Sprintf("%d/%s", i, r.Path)
		if _, err := s.Add(ctx, r); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reports/s")
}

// BenchmarkStore_AddAll is BenchmarkStore_Add committing 50 reports at
// a time, as nianbao corpus add does.
func BenchmarkStore_AddAll(b *testing.B) {
	s, _ := mustOpen(b)
	results := checkedResults(b, 50)
	b.ResetTimer()
	batch := make([]corpus.Result, 0, len(results))
	for i := 0; i < b.N; i++ {
		r := results[i%len(results)]
		r.Path = fmt.Sprintf("%d/%s", i, r.Path)
		if batch = append(batch, r); len(batch) == cap(batch) || i == b.N-1 {
			if _, err := s.AddAll(ctx, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reports/s")
}

// BenchmarkStore_10k ingests 10,000 generated text reports (township to
// province) as nianbao corpus add does: files hashed, checked on
// GOMAXPROCS workers by corpus.Stream and stored 32 reports a
// transaction on a goroutine of its own.
// It reports ingest reports/s, the database's size, the time to read
// every report back and run the cross-report rules over them, and a
// second pass that finds every file known. Run it once:
//
//	go test -run '^$' -bench Store_10k -benchtime 1x -timeout 30m ./corpus/store
//
// NIANBAO_BENCH_DIR=dir keeps the generated reports there (made when
// absent) for timing the command line on them.
func BenchmarkStore_10k(b *testing.B) {
	const n = 10000
	dir := os.Getenv("NIANBAO_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "g*.txt"))
	if len(paths) != n {
		require.NoError(b, os.MkdirAll(dir, 0o755))
		paths = writeGenerated(b, dir, 0, n)
	}
	for i := 0; i < b.N; i++ {
		s, dbPath := mustOpen(b)
		start := time.Now()
		// As nianbao corpus add does: the writes on a goroutine of their
		// own, so that checking goes on while a batch is committed.
		in := make(chan corpus.Result, 32)
		werr := make(chan error, 1)
		go func() {
			var err error
			batch := make([]corpus.Result, 0, 32)
			for r := range in {
				if batch = append(batch, r); len(batch) == cap(batch) && err == nil {
					_, err = s.AddAll(ctx, batch)
					batch = batch[:0]
				}
			}
			if err == nil {
				_, err = s.AddAll(ctx, batch)
			}
			werr <- err
		}()
		err := corpus.Stream(ctx, paths, corpus.Options{Name: filepath.Base}, func(_ int, r corpus.Result) error {
			if r.Err != nil {
				return r.Err
			}
			in <- r
			return nil
		})
		close(in)
		require.NoError(b, err)
		require.NoError(b, <-werr)
		ingest := time.Since(start)

		start = time.Now()
		reps, err := s.Reports(ctx)
		require.NoError(b, err)
		read := time.Since(start)
		start = time.Now()
		fs := cross.Check(reps, cross.Options{})
		check := time.Since(start)

		start = time.Now()
		for _, p := range paths {
			sum, ok := FileSHA256(p, 1<<30)
			require.True(b, ok)
			known, err := s.Known(ctx, filepath.Base(p), sum)
			require.NoError(b, err)
			require.True(b, known)
		}
		again := time.Since(start)
		require.NoError(b, s.Close())
		size := fileSize(dbPath) + fileSize(dbPath+"-wal")

		b.ReportMetric(float64(len(paths))/ingest.Seconds(), "ingest-reports/s")
		b.ReportMetric(float64(size)/1e6, "db-MB")
		b.ReportMetric(float64(size)/float64(len(paths))/1e3, "kB/report")
		b.ReportMetric(read.Seconds(), "read-s")
		b.ReportMetric(check.Seconds(), "cross-check-s")
		b.ReportMetric(again.Seconds(), "second-pass-s")
		b.ReportMetric(float64(len(fs)), "cross-findings")
	}
}

func fileSize(path string) int64 {
	st, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return st.Size()
}

// checkedResults are n generated reports, checked.
func checkedResults(b *testing.B, n int) []corpus.Result {
	paths := writeGenerated(b, b.TempDir(), 0, n)
	results := make([]corpus.Result, len(paths))
	for i, p := range paths {
		results[i] = mustCheck(b, p)
	}
	return results
}
