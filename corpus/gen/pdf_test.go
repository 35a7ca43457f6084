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
	if testing.Short() {
		t.Skip("LibreOffice conversion is slow: skipped with -short")
	}
	dir := t.TempDir()
	for _, seed := range []int64{3, 11, 42} {
		r := Generate(seed, Options{Plain: true})
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
		for k, want := range r.Cells {
			c := res.Report.Cell(k)
			if c == nil || c.Value == nil || *c.Value != want {
				wrong++
				if wrong <= 3 {
					t.Errorf("seed %d %s: want %v, got %+v", seed, k, want, c)
				}
			}
		}
		assert.Zero(t, wrong, "seed %d: cells read wrong", seed)
		for _, f := range res.Findings {
			assert.Less(t, f.Severity, 2, "seed %d: false %s %s", seed, f.Rule.ID, f.Message.Zh)
		}
	}
}
