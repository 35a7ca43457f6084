package xlsx_test

import (
	"archive/zip"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/export/internal/exporttest"
	"github.com/nianbao/nianbao/export/xlsx"
)

var update = flag.Bool("update", false, "rewrite the golden workbooks of testdata/golden")

// goldenCases are the workbooks of testdata/golden: each was written by
// the writer as it stood when the case was added, so that a faster way of
// writing the same workbook is held to the bytes of the old one.
var goldenCases = []struct {
	name    string
	opts    xlsx.Options
	maxRows int // 0: Excel's limit
	results func(tb testing.TB) []export.Result
}{
	{name: "batch", results: mustBatch},
	{
		name: "review-en", opts: xlsx.Options{Lang: "en", ShowIgnored: true, SheetLimit: 2},
		results: func(tb testing.TB) []export.Result {
			return append([]export.Result{exporttest.Review(tb, exporttest.SeedWithoutWording(tb))}, mustBatch(tb)...)
		},
	},
	{
		name: "continuation", maxRows: 300,
		results: func(tb testing.TB) []export.Result {
			r := mustCheck(tb, exporttest.TBBalance)
			batch := []export.Result{r, r, r}
			for i, p := range []string{"a.txt", "b.txt", "c.txt"} {
				batch[i].Path = p
			}
			return batch
		},
	},
	{
		// Text that XML must escape, keep spaces around, or cannot carry
		// at all, and text longer than a cell holds.
		name: "odd-text",
		results: func(tb testing.TB) []export.Result {
			odd := " a&b<c>\"d'\te\r\nf _x0041_ _x005F_x0041_ _xZZZZ_ \x01\uFFFE\xff end "
			r := mustCheck(tb, exporttest.TBBalance)
			r.Path = odd
			return []export.Result{
				r,
				{Path: odd, Err: errors.New(odd)},
				{Path: strings.Repeat("长", 40000) + ".txt", Err: errors.New(strings.Repeat("x_x0041_", 5000))},
			}
		},
	},
}

// TestWriter_Golden writes each case of goldenCases and holds it to its
// golden workbook: the same workbook as excelize reads it back, and the
// same parts in the same order, byte for byte once uncompressed. The
// compressed bytes are not held: the golden workbooks were compressed by
// compress/flate, the writer now uses klauspost/compress.
func TestWriter_Golden(t *testing.T) {
	for _, c := range goldenCases {
		t.Run(c.name, func(t *testing.T) {
			if c.maxRows > 0 {
				defer xlsx.SetMaxRows(c.maxRows)()
			}
			got := mustWrite(t, c.results(t), c.opts)
			golden := filepath.Join("testdata", "golden", c.name+".xlsx")
			if *update {
				b, err := os.ReadFile(got)
				require.NoError(t, err)
				require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
				require.NoError(t, os.WriteFile(golden, b, 0o644))
				return
			}
			assertSameWorkbook(t, golden, got)
			assertSameParts(t, golden, got)
		})
	}
}

// assertSameParts compares the parts of two workbooks, uncompressed.
func assertSameParts(tb testing.TB, want, got string) {
	tb.Helper()
	parts := func(path string) (names []string, data map[string]string) {
		zr, err := zip.OpenReader(path)
		require.NoError(tb, err)
		defer zr.Close()
		data = map[string]string{}
		for _, f := range zr.File {
			rc, err := f.Open()
			require.NoError(tb, err)
			b, err := io.ReadAll(rc)
			require.NoError(tb, err)
			_ = rc.Close()
			names = append(names, f.Name)
			data[f.Name] = string(b)
		}
		return names, data
	}
	wn, wd := parts(want)
	gn, gd := parts(got)
	require.Equal(tb, wn, gn, "the parts and their order")
	for _, n := range wn {
		if wd[n] != gd[n] {
			tb.Errorf("part %s differs at byte %d", n, firstDiff(wd[n], gd[n]))
		}
	}
}

func firstDiff(a, b string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// assertSameWorkbook reads two workbooks back with excelize and compares
// what it reads: sheets and their order, every cell's value, type,
// formula, style and hyperlink, merges, comments, conditional formats,
// data validations, panes, column widths and visibility, row heights,
// sheet properties, page layout and margins, header and footer, defined
// names and document properties.
func assertSameWorkbook(tb testing.TB, want, got string) {
	tb.Helper()
	w, g := mustOpen(tb, want), mustOpen(tb, got)
	require.Equal(tb, w.GetSheetList(), g.GetSheetList())
	same := func(what string, read func(f *excelize.File) (any, error)) {
		tb.Helper()
		a, errA := read(w)
		b, errB := read(g)
		require.Equal(tb, errA == nil, errB == nil, "%s: errors %v, %v", what, errA, errB)
		assert.Equal(tb, a, b, what)
	}
	same("defined names", func(f *excelize.File) (any, error) { return f.GetDefinedName(), nil })
	same("document properties", func(f *excelize.File) (any, error) { return f.GetDocProps() })
	same("application properties", func(f *excelize.File) (any, error) { return f.GetAppProps() })
	same("active sheet", func(f *excelize.File) (any, error) { return f.GetActiveSheetIndex(), nil })
	for _, sheet := range w.GetSheetList() {
		s := func(what string) string { return sheet + ": " + what }
		same(s("rows"), func(f *excelize.File) (any, error) { return f.GetRows(sheet, excelize.Options{RawCellValue: true}) })
		same(s("merges"), func(f *excelize.File) (any, error) {
			ms, err := f.GetMergeCells(sheet)
			var out [][3]string
			for _, m := range ms {
				out = append(out, [3]string{m.GetStartAxis(), m.GetEndAxis(), m.GetCellValue()})
			}
			return out, err
		})
		same(s("comments"), func(f *excelize.File) (any, error) { return f.GetComments(sheet) })
		same(s("conditional formats"), func(f *excelize.File) (any, error) { return f.GetConditionalFormats(sheet) })
		same(s("data validations"), func(f *excelize.File) (any, error) { return f.GetDataValidations(sheet) })
		same(s("panes"), func(f *excelize.File) (any, error) { return f.GetPanes(sheet) })
		same(s("sheet properties"), func(f *excelize.File) (any, error) { return f.GetSheetProps(sheet) })
		same(s("sheet view"), func(f *excelize.File) (any, error) { return f.GetSheetView(sheet, 0) })
		same(s("page layout"), func(f *excelize.File) (any, error) { return f.GetPageLayout(sheet) })
		same(s("page margins"), func(f *excelize.File) (any, error) { return f.GetPageMargins(sheet) })
		same(s("header and footer"), func(f *excelize.File) (any, error) { return f.GetHeaderFooter(sheet) })
		same(s("pictures and charts"), func(f *excelize.File) (any, error) { return f.GetPictureCells(sheet) })
		same(s("columns"), func(f *excelize.File) (any, error) {
			var out []string
			for c := 1; c <= 20; c++ {
				name, _ := excelize.ColumnNumberToName(c)
				wd, err := f.GetColWidth(sheet, name)
				if err != nil {
					return nil, err
				}
				vis, err := f.GetColVisible(sheet, name)
				if err != nil {
					return nil, err
				}
				out = append(out, fmt.Sprintf("%s %v %v", name, wd, vis))
			}
			return out, nil
		})
		rows, err := w.GetRows(sheet)
		require.NoError(tb, err)
		same(s("row heights"), func(f *excelize.File) (any, error) {
			var out []float64
			for r := 1; r <= len(rows)+1; r++ {
				h, err := f.GetRowHeight(sheet, r)
				if err != nil {
					return nil, err
				}
				out = append(out, h)
			}
			return out, nil
		})
		width := 0
		for _, row := range rows {
			width = max(width, len(row))
		}
		for r := 1; r <= len(rows); r++ {
			for c := 1; c <= width+1; c++ {
				cell := ref(c, r)
				same(s(cell), func(f *excelize.File) (any, error) {
					v, err := f.GetCellValue(sheet, cell)
					if err != nil {
						return nil, err
					}
					typ, err := f.GetCellType(sheet, cell)
					if err != nil {
						return nil, err
					}
					formula, err := f.GetCellFormula(sheet, cell)
					if err != nil {
						return nil, err
					}
					id, err := f.GetCellStyle(sheet, cell)
					if err != nil {
						return nil, err
					}
					style, err := f.GetStyle(id)
					if err != nil {
						return nil, err
					}
					ok, target, err := f.GetCellHyperLink(sheet, cell)
					if err != nil {
						return nil, err
					}
					return []any{v, typ, formula, id, style, ok, target}, nil
				})
			}
		}
	}
}
