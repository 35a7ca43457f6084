package gen

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/corpus"
)

// TestPDF renders generated reports to PDF through LibreOffice and reads
// them back through the real PDF extractor, cell for cell.
func TestPDF(t *testing.T) {
	testPDF(t, Options{Plain: true}, []int64{3, 11, 42})
}

// TestPDFRealVariants is TestPDF on reports with the real variants: a
// blank cell printed to PDF must be read back blank. It fails until the
// pipeline reads them.
func TestPDFRealVariants(t *testing.T) {
	testPDF(t, Options{}, variantSeeds(t, 3, 3))
}

func testPDF(t *testing.T, opts Options, seeds []int64) {
	if testing.Short() {
		t.Skip("LibreOffice conversion is slow: skipped with -short")
	}
	dir := t.TempDir()
	for _, seed := range seeds {
		r := Generate(seed, opts)
		pdf, err := PDF(context.Background(), r, Damage{Seed: seed}, dir)
		if errors.Is(err, ErrNoConverter) {
			t.Skip(err)
		}
		require.NoError(t, err)
		path := filepath.Join(dir, "r.pdf")
		require.NoError(t, os.WriteFile(path, pdf, 0o644))
		res := corpus.CheckFile(context.Background(), path, corpus.Options{})
		require.NoError(t, res.Err)
		wrong := 0
		for _, k := range sortedKeys(r.Cells) {
			c := res.Report.Cell(k)
			if !cellRight(r, k, c) {
				wrong++
				if wrong <= 3 {
					t.Errorf("seed %d %s: want %s, got %+v", seed, k, wantCell(r, k), c)
				}
			}
		}
		assert.Zero(t, wrong, "seed %d: cells read wrong", seed)
		for _, f := range res.Findings {
			assert.Less(t, f.Severity, 2, "seed %d: false %s %s", seed, f.Rule.ID, f.Message.Zh)
		}
	}
}
