package xlsx_test

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/export/internal/exporttest"
	"github.com/nianbao/nianbao/export/xlsx"
)

// batchFiles are the inputs of exporttest: a full report with a broken
// 勾稽关系, the seed, a clean report, two damaged real excerpts (one on the
// 2019 template), and two files that cannot be read.
var batchFiles = []string{exporttest.TBBalance, exporttest.Seed, exporttest.Clean, exporttest.Hanyang, exporttest.Empty,
	exporttest.Chengkou, exporttest.Damaged}

func mustCheck(tb testing.TB, path string) export.Result {
	tb.Helper()
	return exporttest.Check(tb, path)[0]
}

func mustBatch(tb testing.TB) []export.Result {
	tb.Helper()
	return exporttest.Check(tb, batchFiles...)
}

// mustWrite writes results to a new workbook and returns its path.
func mustWrite(tb testing.TB, results []export.Result, opts xlsx.Options) string {
	tb.Helper()
	return exporttest.MustWrite(tb, "结果.xlsx", func(path string) (*xlsx.Writer, error) { return xlsx.Create(path, opts) }, results)
}

func mustOpen(tb testing.TB, path string) *excelize.File {
	tb.Helper()
	f, err := excelize.OpenFile(path)
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = f.Close() })
	return f
}

func mustRows(tb testing.TB, f *excelize.File, sheet string) [][]string {
	tb.Helper()
	rows, err := f.GetRows(sheet)
	require.NoError(tb, err)
	return rows
}

func mustValue(tb testing.TB, f *excelize.File, sheet, cell string) string {
	tb.Helper()
	v, err := f.GetCellValue(sheet, cell)
	require.NoError(tb, err)
	return v
}

// fill returns the fill colour of a cell, "" for none.
func fill(tb testing.TB, f *excelize.File, sheet, cell string) string {
	tb.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	require.NoError(tb, err)
	st, err := f.GetStyle(id)
	require.NoError(tb, err)
	if len(st.Fill.Color) == 0 {
		return ""
	}
	return st.Fill.Color[0]
}

// link returns the sheet and cell a hyperlink points to.
func link(tb testing.TB, f *excelize.File, sheet, cell string) (string, string) {
	tb.Helper()
	ok, target, err := f.GetCellHyperLink(sheet, cell)
	require.NoError(tb, err)
	require.True(tb, ok, "no link at %s!%s", sheet, cell)
	s, c, found := cutLast(target, "!")
	require.True(tb, found, target)
	if len(s) > 1 && s[0] == '\'' {
		s = s[1 : len(s)-1]
	}
	return s, c
}

func cutLast(s, sep string) (string, string, bool) {
	for i := len(s) - len(sep); i >= 0; i-- {
		if s[i:i+len(sep)] == sep {
			return s[:i], s[i+len(sep):], true
		}
	}
	return s, "", false
}

// get returns column i of a row read back, "" past its end.
func get(row []string, i int) string {
	if i < len(row) {
		return row[i]
	}
	return ""
}

// col returns the index of header h in a header row.
func col(tb testing.TB, header []string, h string) int {
	tb.Helper()
	for i, x := range header {
		if x == h {
			return i
		}
	}
	tb.Fatalf("no column %q in %v", h, header)
	return -1
}

func itoa(n int) string { return strconv.Itoa(n) }
