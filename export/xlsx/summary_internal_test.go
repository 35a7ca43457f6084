package xlsx

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/export/internal/exporttest"
)

// TestWriter_SummaryKept: the rows of 汇总 are written as the results
// come, but for those whose link is undecided while the batch fits the
// sheet limit; past it none is kept, however long the batch.
func TestWriter_SummaryKept(t *testing.T) {
	// A clean report first, kept undecided; then one with findings.
	base := exporttest.Check(t, exporttest.Clean, exporttest.TBBalance, exporttest.Empty)
	w, err := Create(filepath.Join(t.TempDir(), "结果.xlsx"), Options{SheetLimit: 3})
	require.NoError(t, err)
	defer w.Abort()
	add := func(i int) {
		r := base[i%len(base)]
		r.Path = fmt.Sprintf("%03d_%s", i, filepath.Base(r.Path))
		require.NoError(t, w.Add(r))
	}
	add(0)
	add(1)
	require.Len(t, w.rows, 2, "the clean report's link is undecided, and the rows after it wait")
	for i := 2; i < 300; i++ {
		add(i)
		if w.overflow {
			require.Empty(t, w.rows, "after %d results, past the limit", i+1)
		}
	}
	require.True(t, w.overflow)
	require.Equal(t, 300, w.summed)
	require.NoError(t, w.Close())
}
