package normalize_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/corpus/gen"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/input"
	"github.com/nianbao/nianbao/normalize"
)

// TestAllocs_Normalize guards the allocations of Normalize per report of
// the generated mix (42 reports, every level and template), per format.
// The bounds are the counts measured on 2026-12-07 after the speed work
// of issue 14 on normalize (331 text, 243 HTML, 241 DOCX; 489, 398 and
// 397 before it) plus a tenth: a change that brings back an allocation
// per line, cell or label fails here. The caches of labels seen are
// warm, as they are after the first reports of a batch.
func TestAllocs_Normalize(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and normalizes 42 reports")
	}
	ctx := context.Background()
	bounds := map[string]float64{"text": 328, "html": 241, "docx": 239}
	dir := t.TempDir()
	truth, err := gen.WriteSet(ctx, dir, gen.SetOptions{Seed: 1, N: 42})
	require.NoError(t, err)
	docs := map[string][]*extract.Document{}
	for _, tr := range truth {
		src, err := os.ReadFile(filepath.Join(dir, tr.File))
		require.NoError(t, err)
		doc, err := input.Bytes(ctx, "report", src, extract.Limits{})
		require.NoError(t, err)
		docs[tr.Format] = append(docs[tr.Format], doc)
		// Once first, as in a batch: the caches of labels and headings
		// seen are filled by the first reports.
		_, err = normalize.Normalize(doc)
		require.NoError(t, err)
	}
	for format, bound := range bounds {
		ds := docs[format]
		require.NotEmpty(t, ds, format)
		i := 0
		got := testing.AllocsPerRun(len(ds), func() {
			_, _ = normalize.Normalize(ds[i%len(ds)])
			i++
		})
		assert.LessOrEqual(t, got, bound*1.1, "%s: allocations per report", format)
	}
}
