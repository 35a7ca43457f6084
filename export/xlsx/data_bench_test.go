package xlsx

import (
	"testing"

	"github.com/nianbao/nianbao/export/internal/exporttest"
	"github.com/nianbao/nianbao/export/sheets"
)

// mustDataRows returns the 数据 rows of a full report (about 200).
func mustDataRows(tb testing.TB) []sheets.DataRow {
	tb.Helper()
	rows := sheets.DataRows(exporttest.Check(tb, exporttest.TBBalance)[0])
	if len(rows) < 100 {
		tb.Fatalf("%d data rows, want a full report's", len(rows))
	}
	return rows
}

// writeData writes rows to d as 数据 gets them, from row first on, and
// returns the next row.
func writeData(tb testing.TB, d *sheetData, rows []sheets.DataRow, first int) int {
	for _, r := range rows {
		if err := d.begin(first); err != nil {
			tb.Fatal(err)
		}
		r.WriteCells(d)
		if err := d.end(); err != nil {
			tb.Fatal(err)
		}
		first++
	}
	return first
}

// BenchmarkSheetData_Report encodes and compresses the 数据 rows of one
// report, as the workbook does 10,000 times for 10,000 reports.
func BenchmarkSheetData_Report(b *testing.B) {
	rows := mustDataRows(b)
	d := &sheetData{}
	defer d.close()
	next := 2
	b.ReportAllocs()
	for b.Loop() {
		next = writeData(b, d, rows, next)
	}
	b.StopTimer()
	if err := d.finish(); err != nil {
		b.Fatal(err)
	}
}

// TestSheetData_Allocs: a report's 数据 rows cost no allocation once the
// buffers are there; 数据 has a row per cell of every report.
func TestSheetData_Allocs(t *testing.T) {
	rows := mustDataRows(t)
	d := &sheetData{}
	defer d.close()
	next := writeData(t, d, rows, 2)
	allocs := testing.AllocsPerRun(50, func() { next = writeData(t, d, rows, next) })
	if allocs > 1 {
		t.Errorf("%.1f allocations for a report's %d data rows, want at most 1", allocs, len(rows))
	}
}
