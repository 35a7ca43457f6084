package store

import (
	"bytes"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
	"github.com/nianbao/nianbao/validate/cross"
)

// filledStore stores the real text reports and 20 generated ones.
func filledStore(tb testing.TB) (*Store, []*cross.Report) {
	tb.Helper()
	s, _ := mustOpen(tb)
	mustAdd(tb, s, realReports(tb)...)
	mustAdd(tb, s, writeGenerated(tb, tb.TempDir(), 0, 20)...)
	reps, err := s.Reports(ctx)
	require.NoError(tb, err)
	return s, reps
}

func readCSV(tb testing.TB, path string) [][]string {
	tb.Helper()
	src, err := os.ReadFile(path)
	require.NoError(tb, err)
	require.True(tb, bytes.HasPrefix(src, []byte("\uFEFF")), "UTF-8 byte order mark")
	recs, err := csv.NewReader(bytes.NewReader(src[3:])).ReadAll()
	require.NoError(tb, err)
	return recs
}

// column finds a header by its bracketed name.
func columnOf(tb testing.TB, head []string, name string) int {
	tb.Helper()
	for i, h := range head {
		if strings.HasSuffix(h, "["+name+"]") {
			return i
		}
	}
	tb.Fatalf("no column [%s] in %q", name, head)
	return -1
}

// wantValue is what the wide table holds for a cell: its number, or
// nothing when it holds none.
func wantValue(c cross.Cell) string {
	if c.State != string(normalize.StateNumber) || c.Value == nil {
		return ""
	}
	return strconv.FormatFloat(*c.Value, 'f', -1, 64)
}

// yearText is a year as the CSV writes it: nothing when unknown.
func yearText(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}

func TestStore_WriteCSV(t *testing.T) {
	s, reps := filledStore(t)
	dir := t.TempDir()
	require.NoError(t, s.WriteCSV(ctx, dir, nil))

	wide := readCSV(t, filepath.Join(dir, "wide.csv"))
	require.Len(t, wide, 1+len(reps), "a header and one row per report")
	head := wide[0]
	assert.Equal(t, "文件 [path]", head[0])
	granted := columnOf(t, head, "requests.granted.total")
	assert.Equal(t, "表三“（一）予以公开”行“总计”列 [requests.granted.total]", head[granted])
	cells := 0
	for i, r := range reps {
		row := wide[1+i]
		assert.Equal(t, r.Path, row[0])
		assert.Equal(t, yearText(r.Year), row[columnOf(t, head, "year")])
		for k, c := range r.Cells {
			assert.Equal(t, wantValue(c), row[columnOf(t, head, k)], "%s %s", r.Path, k)
			cells++
		}
	}

	long := readCSV(t, filepath.Join(dir, "long.csv"))
	assert.Len(t, long, 1+cells, "a header and one row per cell")
	lh := long[0]
	first := long[1]
	assert.Equal(t, reps[0].Path, first[columnOf(t, lh, "path")])
	label := first[columnOf(t, lh, "label")]
	assert.True(t, strings.HasPrefix(label, "表"), label)

	findings := readCSV(t, filepath.Join(dir, "findings.csv"))
	require.Greater(t, len(findings), 1)
	fh := findings[0]
	var nm101 bool
	for _, f := range findings[1:] {
		if f[columnOf(t, fh, "rule")] == "NM101" {
			nm101 = true
			assert.Equal(t, "000_zibo_zichuan_touzi_2023.txt", f[columnOf(t, fh, "path")])
			assert.Equal(t, "error", f[columnOf(t, fh, "severity")])
			assert.Contains(t, f[columnOf(t, fh, "message_zh")], "溜川")
		}
	}
	assert.True(t, nm101, "the seed report's typo is among the stored findings")
}

// TestStore_WriteStable: the same store gives the same bytes in every
// format, and an export into place replaces the old one whole.
func TestStore_WriteStable(t *testing.T) {
	s, _ := filledStore(t)
	out := func() map[string][]byte {
		dir := t.TempDir()
		require.NoError(t, s.WriteCSV(ctx, filepath.Join(dir, "csv"), nil))
		require.NoError(t, s.WriteXLSX(ctx, filepath.Join(dir, "data.xlsx"), nil))
		require.NoError(t, s.WriteParquet(ctx, filepath.Join(dir, "parquet"), nil))
		files := map[string][]byte{}
		require.NoError(t, filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
			require.NoError(t, err)
			if !info.IsDir() {
				b, err := os.ReadFile(p)
				require.NoError(t, err)
				rel, _ := filepath.Rel(dir, p)
				files[rel] = b
			}
			return nil
		}))
		return files
	}
	a := out()
	time.Sleep(1100 * time.Millisecond) // a clock in the output would show
	b := out()
	assert.Len(t, a, 7, "3 CSV, 1 workbook, 3 Parquet; no stray temporary files")
	for name, data := range a {
		assert.True(t, bytes.Equal(data, b[name]), "%s differs between two exports", name)
	}
}

func TestStore_WriteXLSX(t *testing.T) {
	s, reps := filledStore(t)
	path := filepath.Join(t.TempDir(), "data.xlsx")
	require.NoError(t, s.WriteXLSX(ctx, path, nil))
	f, err := excelize.OpenFile(path)
	require.NoError(t, err)
	defer f.Close()
	assert.Equal(t, []string{"long", "wide", "findings"}, f.GetSheetList())
	rows, err := f.GetRows("wide")
	require.NoError(t, err)
	require.Len(t, rows, 1+len(reps))
	head := rows[0]
	for i, r := range reps {
		row := rows[1+i]
		assert.Equal(t, r.Path, row[0])
		for k, c := range r.Cells {
			j := columnOf(t, head, k)
			got := ""
			if j < len(row) {
				got = row[j]
			}
			assert.Equal(t, wantValue(c), got, "%s %s", r.Path, k)
		}
	}
	// Numbers are numbers, not text.
	j := columnOf(t, head, "year")
	cell, err := excelize.CoordinatesToCellName(j+1, 2)
	require.NoError(t, err)
	typ, err := f.GetCellType("wide", cell)
	require.NoError(t, err)
	assert.NotEqual(t, excelize.CellTypeSharedString, typ)
	assert.NotEqual(t, excelize.CellTypeInlineString, typ)
}

func TestStore_WriteParquet(t *testing.T) {
	s, reps := filledStore(t)
	dir := t.TempDir()
	require.NoError(t, s.WriteParquet(ctx, dir, nil))

	type longRow struct {
		Path  string   `parquet:"path"`
		Key   string   `parquet:"key"`
		Value *float64 `parquet:"value,optional"`
		State string   `parquet:"state"`
		Year  *int64   `parquet:"year,optional"`
		Page  *int64   `parquet:"page,optional"`
	}
	long, err := parquet.ReadFile[longRow](filepath.Join(dir, "long.parquet"))
	require.NoError(t, err)
	byPath := map[string]*cross.Report{}
	cells := 0
	for _, r := range reps {
		byPath[r.Path] = r
		cells += len(r.Cells)
	}
	require.Len(t, long, cells)
	for _, row := range long {
		r := byPath[row.Path]
		require.NotNil(t, r, row.Path)
		c := r.Cells[row.Key]
		assert.Equal(t, c.State, row.State)
		assert.Equal(t, c.Value, row.Value, "%s %s", row.Path, row.Key)
		assert.Nil(t, row.Page, "text reports have no pages: null, not 0")
		if r.Year == 0 {
			assert.Nil(t, row.Year, "an unknown year is null")
		} else {
			require.NotNil(t, row.Year)
			assert.Equal(t, int64(r.Year), *row.Year)
		}
	}

	f, err := os.Open(filepath.Join(dir, "wide.parquet"))
	require.NoError(t, err)
	defer f.Close()
	st, err := f.Stat()
	require.NoError(t, err)
	pf, err := parquet.OpenFile(f, st.Size())
	require.NoError(t, err)
	assert.Equal(t, int64(len(reps)), pf.NumRows())
	fields := pf.Schema().Fields()
	assert.Equal(t, "path", fields[0].Name(), "columns keep the table's order")
	headers, ok := pf.Lookup("nianbao.headers")
	require.True(t, ok)
	assert.Contains(t, headers, `"requests.granted.total":"表三“（一）予以公开”行“总计”列"`)
}

// TestStore_WideCSVInLibreOffice: the wide CSV opens in LibreOffice Calc
// and reads back with one row per report and the stored values.
func TestStore_WideCSVInLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice not installed (./test.sh installs libreoffice-calc-nogui): the wide CSV was not opened in LibreOffice")
	}
	s, reps := filledStore(t)
	dir := t.TempDir()
	require.NoError(t, s.WriteCSV(ctx, dir, nil))
	out := t.TempDir()
	// Comma-separated, double quotes, UTF-8 (76), from line 1.
	cmd := exec.Command(soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+t.TempDir(),
		"--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", out, filepath.Join(dir, "wide.csv"))
	msg, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", msg)
	f, err := excelize.OpenFile(filepath.Join(out, "wide.xlsx"))
	require.NoError(t, err, "%s", msg)
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	require.NoError(t, err)
	require.Len(t, rows, 1+len(reps), "one row per report")
	head := rows[0]
	assert.Equal(t, "表三“（一）予以公开”行“总计”列 [requests.granted.total]", head[columnOf(t, head, "requests.granted.total")])
	for i, r := range reps {
		row := rows[1+i]
		assert.Equal(t, r.Path, row[0])
		assert.Equal(t, r.Agency, row[columnOf(t, head, "agency")])
		for k, c := range r.Cells {
			j := columnOf(t, head, k)
			got := ""
			if j < len(row) {
				got = row[j]
			}
			want := wantValue(c)
			if want != "" {
				// LibreOffice writes numbers as it shows them; compare values.
				gv, err := strconv.ParseFloat(got, 64)
				require.NoError(t, err, "%s %s: %q", r.Path, k, got)
				wv, _ := strconv.ParseFloat(want, 64)
				assert.InDelta(t, wv, gv, 1e-9, "%s %s", r.Path, k)
				continue
			}
			assert.Equal(t, "", got, "%s %s", r.Path, k)
		}
	}
}

// TestStore_WriteCrossFindings: findings of the cross-report rules given
// to an export are listed with the stored ones, with their related places.
func TestStore_WriteCrossFindings(t *testing.T) {
	s, reps := filledStore(t)
	cf := cross.Finding{Rule: validate.Lookup("CR101"), Severity: validate.Error, Path: reps[1].Path, Key: "requests.carried_over.total",
		Line: 5, Column: 3, Message: validate.Msg{Zh: "上年结转与上年报告不符", En: "carried over differs"},
		Related: []cross.Related{{Path: reps[0].Path, Key: "requests.carried_forward.total", Line: 7}}}
	dir := t.TempDir()
	require.NoError(t, s.WriteCSV(ctx, dir, []cross.Finding{cf}))
	recs := readCSV(t, filepath.Join(dir, "findings.csv"))
	head := recs[0]
	var found []string
	for _, r := range recs[1:] {
		if r[columnOf(t, head, "rule")] == "CR101" {
			found = r
		}
	}
	require.NotNil(t, found)
	assert.Equal(t, reps[1].Path, found[columnOf(t, head, "path")])
	assert.Equal(t, reps[1].Agency, found[columnOf(t, head, "agency")])
	assert.Equal(t, "5", found[columnOf(t, head, "line")])
	assert.Equal(t, "表三“二、上年结转政府信息公开申请数量”行“总计”列", found[columnOf(t, head, "label")])
	assert.Equal(t, reps[0].Path+":7 requests.carried_forward.total", found[columnOf(t, head, "related")])
	assert.Equal(t, "carried over differs", found[columnOf(t, head, "message_en")])
}
