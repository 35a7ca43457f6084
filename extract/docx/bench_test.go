package docx_test

import (
	"testing"

	"github.com/nianbao/nianbao/extract/docx"
	"github.com/nianbao/nianbao/internal/extracttest/genmix"
)

// BenchmarkRead_Generated reads the DOCX reports of the generated mix the
// speed figures are measured on; an iteration is one report.
func BenchmarkRead_Generated(b *testing.B) {
	genmix.Benchmark(b, "docx", "report.docx", docx.Read)
}

// TestAllocs_Generated guards the allocations of reading a generated
// report as check's readers do: the count measured on 2026-12-07 (after
// issue 14's work on the readers), plus 25%.
func TestAllocs_Generated(t *testing.T) {
	genmix.Allocs(t, "docx", docx.Read, 927)
}
