// Package genmix gives the extract backends' tests the generated reports
// that the speed figures are measured on, and runs the same benchmark and
// allocation guard over any reader. It is apart from extracttest because
// it imports the generator, and with it every backend: only external test
// packages (package docx_test, …) may import it.
package genmix

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/nianbao/nianbao/corpus/gen"
	"github.com/nianbao/nianbao/extract"
)

// Read is a backend's reader.
type Read func(name string, src []byte, lim extract.Limits) (*extract.Document, error)

// Reports writes the generated mix in format (14 reports: every level and
// both templates) and returns their bytes.
func Reports(tb testing.TB, format string) [][]byte {
	tb.Helper()
	dir := tb.TempDir()
	truth, err := gen.WriteSet(context.Background(), dir, gen.SetOptions{Seed: 1, N: 14, Formats: []string{format}})
	if err != nil {
		tb.Fatal(err)
	}
	var out [][]byte
	for _, tr := range truth {
		src, err := os.ReadFile(filepath.Join(dir, tr.File))
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, src)
	}
	return out
}

// Benchmark reads the generated reports of format as nianbao check's
// readers do (NoOrigin: the worker drops the Origin) and as fix does (with
// it); an iteration is one report.
func Benchmark(b *testing.B, format, name string, read Read) {
	srcs := Reports(b, format)
	for _, c := range []struct {
		name string
		lim  extract.Limits
	}{{"check", extract.Limits{NoOrigin: true}}, {"origin", extract.Limits{}}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if _, err := read(name, srcs[i%len(srcs)], c.lim); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Allocs fails t when reading a generated report of format as check's
// readers do allocates more than measured plus 25%: buffers kept between
// files (sync.Pool) may be dropped by a collection, which the margin
// covers.
func Allocs(t *testing.T, format string, read Read, measured float64) {
	t.Helper()
	if testing.Short() {
		t.Skip("generates 14 reports")
	}
	srcs := Reports(t, format)
	i := 0
	got := testing.AllocsPerRun(5*len(srcs), func() {
		if _, err := read("report", srcs[i%len(srcs)], extract.Limits{NoOrigin: true}); err != nil {
			t.Fatal(err)
		}
		i++
	})
	if bound := measured * 1.25; got > bound {
		t.Errorf("%.0f allocations a report, more than %.0f", got, bound)
	}
}
