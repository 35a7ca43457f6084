package sheets_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/export/internal/exporttest"
	"github.com/nianbao/nianbao/export/sheets"
)

// BenchmarkCSVWriter_Report writes the four CSV files' rows of one full
// report (about 200 in 数据), as a batch does for each of its reports.
func BenchmarkCSVWriter_Report(b *testing.B) {
	r := exporttest.Check(b, exporttest.TBBalance)[0]
	w, err := sheets.CreateCSV(b.TempDir(), sheets.CSVOptions{})
	require.NoError(b, err)
	defer w.Abort()
	b.ReportAllocs()
	for b.Loop() {
		require.NoError(b, w.Add(r))
	}
}

// TestCSVWriter_Allocs bounds the allocations of a full report's rows:
// its 数据 rows are written without boxing a value (a number's text is
// the one allocation of a cell), so a report costs about as many
// allocations as it has numbers, not several per cell.
func TestCSVWriter_Allocs(t *testing.T) {
	r := exporttest.Check(t, exporttest.TBBalance)[0]
	w, err := sheets.CreateCSV(t.TempDir(), sheets.CSVOptions{})
	require.NoError(t, err)
	defer w.Abort()
	cells := len(sheets.DataRows(r))
	allocs := testing.AllocsPerRun(20, func() { require.NoError(t, w.Add(r)) })
	t.Logf("%.0f allocations for a report of %d cells", allocs, cells)
	if allocs > float64(cells)*2 {
		t.Errorf("%.0f allocations for a report of %d cells, want at most %d", allocs, cells, cells*2)
	}
}
