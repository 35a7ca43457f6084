package txt_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/nianbao/nianbao/corpus/gen"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/txt"
)

// generatedText holds the text reports of the generated mix the speed
// figures are measured on: every level and both templates.
func generatedText(tb testing.TB) [][]byte {
	tb.Helper()
	dir := tb.TempDir()
	truth, err := gen.WriteSet(context.Background(), dir, gen.SetOptions{Seed: 1, N: 14, Formats: []string{"text"}})
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

// BenchmarkRead_Generated reads the generated reports as nianbao check's
// readers do (NoOrigin: the worker drops the Origin) and as fix does
// (with it); an iteration is one report.
func BenchmarkRead_Generated(b *testing.B) {
	srcs := generatedText(b)
	for _, c := range []struct {
		name string
		lim  extract.Limits
	}{{"check", extract.Limits{NoOrigin: true}}, {"origin", extract.Limits{}}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if _, err := txt.Read("report.txt", srcs[i%len(srcs)], c.lim); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestAllocs_Generated guards the allocations of reading a generated
// report as check's readers do: the count measured on 2026-12-07 (after
// issue 14's work on the readers), plus 25%. Buffers kept between files
// (sync.Pool) may be dropped by a collection, which the margin covers.
func TestAllocs_Generated(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 14 reports")
	}
	srcs := generatedText(t)
	i := 0
	got := testing.AllocsPerRun(5*len(srcs), func() {
		if _, err := txt.Read("report", srcs[i%len(srcs)], extract.Limits{NoOrigin: true}); err != nil {
			t.Fatal(err)
		}
		i++
	})
	if bound := 216.0 * 1.25; got > bound {
		t.Errorf("%.0f allocations a report, more than %.0f", got, bound)
	}
}
