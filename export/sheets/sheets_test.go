package sheets_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/export/internal/exporttest"
	"github.com/nianbao/nianbao/export/sheets"
	"github.com/nianbao/nianbao/normalize"
)

var batchFiles = []string{exporttest.TBBalance, exporttest.Seed, exporttest.Clean, exporttest.Empty, exporttest.Chengkou}

func mustWriteCSV(tb testing.TB, results []export.Result, opts sheets.CSVOptions) string {
	tb.Helper()
	return exporttest.MustWrite(tb, "csv", func(dir string) (*sheets.CSVWriter, error) { return sheets.CreateCSV(dir, opts) }, results)
}

// mustReadCSV reads one file, checking that it starts with a BOM.
func mustReadCSV(tb testing.TB, path string) [][]string {
	tb.Helper()
	raw, err := os.ReadFile(path)
	require.NoError(tb, err)
	require.True(tb, bytes.HasPrefix(raw, []byte("\uFEFF")), "%s: no BOM", path)
	recs, err := csv.NewReader(bytes.NewReader(raw[3:])).ReadAll()
	require.NoError(tb, err)
	return recs
}

func TestCSVWriter(t *testing.T) {
	results := exporttest.Check(t, batchFiles...)
	dir := mustWriteCSV(t, results, sheets.CSVOptions{})

	t.Run("汇总", func(t *testing.T) {
		recs := mustReadCSV(t, filepath.Join(dir, "汇总.csv"))
		assert.Equal(t, sheets.SummaryHeader(), recs[0])
		require.Len(t, recs, len(results)+1)
		for i, r := range results {
			assert.Equal(t, r.Path, recs[i+1][0])
			assert.Equal(t, sheets.StatusOf(r).String(), recs[i+1][6])
		}
		src, err := os.ReadFile(exporttest.TBBalance)
		require.NoError(t, err)
		sum := sha256.Sum256(src)
		assert.Equal(t, []string{exporttest.TBBalance, "淄博市淄川区商务局", "山东省淄博市淄川区", "370302", "2023", "2021",
			"有错误", "2", "0", "0", "6", "3", "2", "1", "0",
			"text", "", "否", "表格：表二“现行有效件数”列等 2 处仅见于 2021 格式", strconv.Itoa(len(src)), hex.EncodeToString(sum[:])}, recs[1])
		assert.Equal(t, "无法处理", recs[4][6])
		assert.Equal(t, "", recs[4][4], "no year for a file that could not be read")
	})
	t.Run("问题清单", func(t *testing.T) {
		recs := mustReadCSV(t, filepath.Join(dir, "问题清单.csv"))
		assert.Equal(t, slices.Concat(sheets.FindingHeader, sheets.ReviewHeader), recs[0])
		i := 1
		for _, r := range results {
			for _, f := range r.Findings {
				rec := recs[i]
				i++
				assert.Equal(t, []string{r.Path, f.Rule.ID, sheets.SeverityName(f.Severity), strconv.Itoa(f.Pos.Line), f.Label.Zh, f.Message.Zh, f.Key, "待处理", ""},
					[]string{rec[0], rec[2], rec[4], rec[6], rec[8], rec[9], rec[11], rec[12], rec[13]})
				assert.Regexp(t, `^`+f.Rule.ID+`:[0-9a-f]{16}$`, rec[14])
			}
		}
		assert.Len(t, recs, i)
	})
	t.Run("数据", func(t *testing.T) {
		recs := mustReadCSV(t, filepath.Join(dir, "数据.csv"))
		assert.Equal(t, sheets.DataHeader, recs[0])
		n := 1
		for _, r := range results {
			if r.Report == nil {
				continue
			}
			cells := export.ModelOf(r.Report).Cells
			for range cells {
				rec := recs[n]
				n++
				c, ok := cells[rec[5]+"."+rec[6]+"."+rec[7]]
				require.True(t, ok, rec)
				if c.Value == nil {
					assert.Equal(t, "", rec[10])
				} else {
					assert.Equal(t, strconv.FormatFloat(*c.Value, 'f', -1, 64), rec[10])
				}
				assert.Equal(t, sheets.StateName(normalize.State(c.State)), rec[11])
				assert.Equal(t, c.Raw, rec[12])
			}
		}
		assert.Len(t, recs, n)
	})
	t.Run("错误文件", func(t *testing.T) {
		recs := mustReadCSV(t, filepath.Join(dir, "错误文件.csv"))
		assert.Equal(t, [][]string{sheets.FailureHeader, {results[3].Path, results[3].Err.Error()}}, recs)
	})
	t.Run("deterministic", func(t *testing.T) {
		again := mustWriteCSV(t, results, sheets.CSVOptions{})
		for _, name := range []string{"汇总.csv", "问题清单.csv", "数据.csv", "错误文件.csv"} {
			a, err := os.ReadFile(filepath.Join(dir, name))
			require.NoError(t, err)
			b, err := os.ReadFile(filepath.Join(again, name))
			require.NoError(t, err)
			assert.True(t, bytes.Equal(a, b), name)
		}
	})
	t.Run("english", func(t *testing.T) {
		en := mustWriteCSV(t, results[:1], sheets.CSVOptions{Lang: "en"})
		recs := mustReadCSV(t, filepath.Join(en, "问题清单.csv"))
		assert.Equal(t, results[0].Findings[0].Message.En, recs[1][9])
	})
}

func TestCSVWriter_Abort(t *testing.T) {
	exporttest.CheckAbort(t, map[string]string{"汇总.csv": "old"}, func(dir string) (*sheets.CSVWriter, error) {
		return sheets.CreateCSV(dir, sheets.CSVOptions{})
	}, exporttest.Check(t, batchFiles...)[0])
}

func TestLabels(t *testing.T) {
	p21 := normalize.ProfileFor("2021").Table("requests")
	assert.Equal(t, "（三）不予公开 / 1.属于国家秘密", sheets.RowLabel(p21, "withheld.state_secret"))
	assert.Equal(t, "三、本年度办理结果 / （一）予以公开", sheets.RowLabel(p21, "granted"))
	assert.Equal(t, "一、本年新收政府信息公开申请数量", sheets.RowLabel(p21, "new"))
	assert.Equal(t, "法人或其他组织 / 科研机构", sheets.ColumnLabel(p21, "research"))
	assert.Equal(t, "自然人", sheets.ColumnLabel(p21, "natural_person"))
	p19 := normalize.ProfileFor("2019").Table("requests")
	assert.Equal(t, "三、本年度办理结果 / （六）其他处理", sheets.RowLabel(p19, "other"))
	rv := normalize.ProfileFor("2021").Table("review")
	assert.Equal(t, "行政诉讼 / 复议后起诉", sheets.RowLabel(rv, "suit_after_review"))
	assert.Equal(t, "行政复议", sheets.RowLabel(rv, "review"))
	act := normalize.ProfileFor("2021").Table("active")
	assert.Equal(t, "本年收费金额（单位：万元）", sheets.ColumnLabel(act, "amount"))
}

func TestDataRows_2019(t *testing.T) {
	r := exporttest.Check(t, batchFiles...)[4]
	require.Equal(t, "2019", r.Report.Template)
	rows := sheets.DataRows(r)
	require.Len(t, rows, len(r.Report.Cells))
	assert.Equal(t, "active", rows[0].Table)
	assert.Equal(t, "regulations", rows[0].Row)
	assert.Equal(t, "made", rows[0].Col)
	assert.Equal(t, "本年新制作数量", rows[0].ColLabel)
	assert.Equal(t, "2019", rows[0].Template)
	assert.Equal(t, normalize.StateMissing, rows[0].State)
}

// TestCSVWriter_Review: 问题清单.csv carries the review columns as the
// workbook does; a dismissed finding only under ShowIgnored.
func TestCSVWriter_Review(t *testing.T) {
	r := exporttest.Review(t, exporttest.Check(t, exporttest.Seed)[0])
	n := len(sheets.FindingHeader)
	for _, show := range []bool{false, true} {
		recs := mustReadCSV(t, filepath.Join(mustWriteCSV(t, []export.Result{r}, sheets.CSVOptions{ShowIgnored: show}), "问题清单.csv"))
		want := len(r.Findings)
		if show {
			want++
		}
		require.Len(t, recs, want+1)
		assert.Equal(t, []string{"已确认", "", r.Review[0].Fingerprint}, recs[1][n:])
		assert.Equal(t, []string{"待处理", "", r.Review[1].Fingerprint}, recs[2][n:])
		if show {
			assert.Equal(t, []string{"非错误", exporttest.Reason, r.IgnoredReview[0].Fingerprint}, recs[want][n:])
		}
	}
	assert.Equal(t, []string{"待处理", "已确认", "非错误", "已修正"}, sheets.ReviewStatuses())
}
