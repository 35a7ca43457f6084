package xlsx_test

import (
	"archive/zip"
	"bytes"
	"context"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/export/internal/exporttest"
	"github.com/nianbao/nianbao/export/sheets"
	"github.com/nianbao/nianbao/export/xlsx"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
	"github.com/nianbao/nianbao/validate/review"
)

func TestWriter_Sheets(t *testing.T) {
	results := mustBatch(t)
	f := mustOpen(t, mustWrite(t, results, xlsx.Options{}))
	list := f.GetSheetList()
	require.GreaterOrEqual(t, len(list), 4)
	assert.Equal(t, []string{"汇总", "问题清单", "数据", "错误文件"}, list[:4])
	// Every readable report gets a sheet (the batch is under the limit),
	// named by its position and agency, within Excel's rules.
	var readable int
	for _, r := range results {
		if r.Report != nil {
			readable++
		}
	}
	require.Len(t, list, 4+readable)
	assert.Equal(t, "1 淄博市淄川区商务局2023", list[4])
	for _, name := range list[4:] {
		assert.LessOrEqual(t, len([]rune(name)), 31)
		assert.NotContains(t, name, "/")
	}
	for _, s := range list[:4] {
		panes, err := f.GetPanes(s)
		require.NoError(t, err)
		assert.True(t, panes.Freeze, s)
		assert.Equal(t, 1, panes.YSplit, s)
	}
	filters := 0
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm._FilterDatabase" {
			filters++
		}
	}
	assert.Equal(t, 4, filters, "one filter per list sheet")
}

func TestWriter_Summary(t *testing.T) {
	results := mustBatch(t)
	f := mustOpen(t, mustWrite(t, results, xlsx.Options{}))
	rows := mustRows(t, f, "汇总")
	head := rows[0]
	assert.Equal(t, append(sheets.SummaryHeader(), "工作表"), head)
	for i, r := range results {
		row := rows[i+1]
		assert.Equal(t, r.Path, row[0])
		want := sheets.SummaryOf(r)
		assert.Equal(t, want.Status.String(), get(row, col(t, head, "状态")), r.Path)
		assert.Equal(t, itoa(want.Errors), get(row, col(t, head, "错误数")), r.Path)
		assert.Equal(t, itoa(want.Warnings), get(row, col(t, head, "警告数")), r.Path)
		if r.Report != nil {
			assert.Equal(t, r.Report.Agency.Value, get(row, col(t, head, "机关")))
			assert.Equal(t, r.Report.Region.Code, get(row, col(t, head, "地区代码")))
		}
	}
	// The TB101 report's key numbers, as its text prints them.
	tb := rows[1]
	assert.Equal(t, "有错误", get(tb, col(t, head, "状态")))
	assert.Equal(t, "山东省淄博市淄川区", get(tb, col(t, head, "地区")))
	assert.Equal(t, "2023", get(tb, col(t, head, "年度")))
	assert.Equal(t, "2021", get(tb, col(t, head, "模板")))
	assert.Equal(t, "6", get(tb, col(t, head, "本年新收总计")))
	assert.Equal(t, "3", get(tb, col(t, head, "予以公开总计")))
	assert.Equal(t, "2", get(tb, col(t, head, "结转下年度总计")))
	assert.Equal(t, "1", get(tb, col(t, head, "行政复议总计")))
	assert.Equal(t, "0", get(tb, col(t, head, "行政诉讼总计")))
	// How the file was read.
	assert.Equal(t, "text", get(tb, col(t, head, "格式")))
	assert.Equal(t, "否", get(tb, col(t, head, "OCR")))
	assert.Contains(t, get(tb, col(t, head, "模板依据")), "仅见于 2021 格式")
	assert.Equal(t, results[0].Report.Doc.SHA256, get(tb, col(t, head, "SHA-256")))
	assert.Len(t, get(tb, col(t, head, "SHA-256")), 64)
	// The seed lacks 表四: no number rather than a made-up 0.
	assert.Equal(t, "", get(rows[2], col(t, head, "行政复议总计")))
	assert.Equal(t, "正常", get(rows[3], col(t, head, "状态")))
	assert.Equal(t, "无法处理", get(rows[5], col(t, head, "状态")))
	// Links to the report sheets; none for a file that could not be read.
	linkCol := col(t, head, "工作表") + 1
	sheet, cell := link(t, f, "汇总", ref(linkCol, 2))
	assert.Equal(t, "1 淄博市淄川区商务局2023", sheet)
	assert.Equal(t, "A1", cell)
	ok, _, err := f.GetCellHyperLink("汇总", ref(linkCol, 6))
	require.NoError(t, err)
	assert.False(t, ok)

	t.Run("families", func(t *testing.T) {
		var at int
		for i, row := range rows {
			if get(row, 0) == "按规则类别统计的问题数" {
				at = i
			}
		}
		require.NotZero(t, at)
		assert.Equal(t, len(results)+3, at+1, "two rows below the last file")
		want := map[string][3]int{}
		for _, r := range results {
			for _, fd := range r.Findings {
				c := want[fd.Rule.ID[:2]]
				c[map[validate.Severity]int{validate.Error: 0, validate.Warning: 1, validate.Info: 2}[fd.Severity]]++
				want[fd.Rule.ID[:2]] = c
			}
		}
		got := map[string][3]int{}
		for _, row := range rows[at+2:] {
			var c [3]int
			for k := range c {
				c[k], _ = strconv.Atoi(get(row, 1+k))
			}
			got[strings.Fields(row[0])[0]] = c
		}
		for fam, c := range want {
			assert.Equal(t, c, got[fam], fam)
		}
		assert.Contains(t, got, "NU", "the four main families are always listed")
	})
	t.Run("chart and colours", func(t *testing.T) {
		chart := html.UnescapeString(zipPart(t, f.Path, "xl/charts/chart1.xml"))
		assert.Contains(t, chart, "'汇总'!$A$")
		assert.Contains(t, chart, "barChart")
		cfs, err := f.GetConditionalFormats("汇总")
		require.NoError(t, err)
		var criteria []string
		for _, opts := range cfs {
			for _, o := range opts {
				criteria = append(criteria, o.Criteria)
			}
		}
		assert.Contains(t, criteria, `$G2="有错误"`)
		assert.Contains(t, criteria, `$G2="无法处理"`)
	})
}

func zipPart(tb testing.TB, path, name string) string {
	tb.Helper()
	zr, err := zip.OpenReader(path)
	require.NoError(tb, err)
	defer zr.Close()
	for _, e := range zr.File {
		if e.Name == name {
			rc, err := e.Open()
			require.NoError(tb, err)
			defer rc.Close()
			var b bytes.Buffer
			_, err = b.ReadFrom(rc)
			require.NoError(tb, err)
			return b.String()
		}
	}
	tb.Fatalf("%s has no part %s", path, name)
	return ""
}

func TestWriter_Findings(t *testing.T) {
	results := mustBatch(t)
	f := mustOpen(t, mustWrite(t, results, xlsx.Options{}))
	rows := mustRows(t, f, "问题清单")
	head := rows[0]
	assert.Equal(t, slices.Concat(sheets.FindingHeader, []string{"跳转"}, sheets.ReviewHeader), head)
	all, paths := exporttest.Findings(results)
	require.Len(t, rows, len(all)+1)
	for i, fd := range all {
		row := rows[i+1]
		assert.Equal(t, paths[i], row[0])
		assert.Equal(t, fd.Rule.ID, get(row, col(t, head, "规则")))
		assert.Equal(t, fd.Rule.Title.Zh, get(row, col(t, head, "标题")))
		assert.Equal(t, sheets.SeverityName(fd.Severity), get(row, col(t, head, "严重程度")))
		assert.Equal(t, itoa(fd.Pos.Line), get(row, col(t, head, "行")))
		assert.Equal(t, itoa(fd.Pos.Column), get(row, col(t, head, "列")))
		assert.Equal(t, fd.Label.Zh, get(row, col(t, head, "单元格")))
		assert.Equal(t, fd.Key, get(row, col(t, head, "单元格键")))
		assert.Equal(t, fd.Message.Zh, get(row, col(t, head, "说明")))
		if len(fd.Fixes) > 0 {
			assert.Equal(t, fd.Fixes[0].Message.Zh, get(row, col(t, head, "修改建议")))
		}
		// Every finding here belongs to a report with a sheet.
		sheet, cell := link(t, f, "问题清单", ref(col(t, head, "跳转")+1, i+2))
		assert.Contains(t, f.GetSheetList(), sheet)
		assert.NotEmpty(t, cell)
	}
}

func ref(col, row int) string {
	s, _ := excelize.CoordinatesToCellName(col, row)
	return s
}

// TestWriter_ReportSheet follows the links of a TB101 finding to the cell
// it flags, and checks the cell, its neighbours and the layout around it.
func TestWriter_ReportSheet(t *testing.T) {
	results := mustBatch(t)
	f := mustOpen(t, mustWrite(t, results, xlsx.Options{}))
	tbRes := results[0]
	var tb101 *validate.Finding
	var n int
	for i, fd := range tbRes.Findings {
		if fd.Rule.ID == "TB101" && fd.Key == "requests.new.natural_person" {
			tb101, n = &tbRes.Findings[i], i
		}
	}
	require.NotNil(t, tb101)
	sheet, cell := link(t, f, "问题清单", ref(col(t, mustRows(t, f, "问题清单")[0], "跳转")+1, n+2))
	assert.Equal(t, "1 淄博市淄川区商务局2023", sheet)
	c, r, err := excelize.CellNameToCoordinates(cell)
	require.NoError(t, err)

	// The cell holds the model's value, under 自然人, on the row of 一、.
	assert.Equal(t, "D", strings.TrimRight(cell, "0123456789"))
	assert.Equal(t, "5", mustValue(t, f, sheet, cell))
	assert.Equal(t, "一、本年新收政府信息公开申请数量", mustValue(t, f, sheet, ref(1, r)))
	assert.Equal(t, "自然人", mustValue(t, f, sheet, ref(c, r-2)))
	assert.Equal(t, "申请人情况", mustValue(t, f, sheet, ref(c, r-3)))
	assert.Equal(t, "法人或其他组织", mustValue(t, f, sheet, ref(c+1, r-2)))
	assert.Equal(t, "商业企业", mustValue(t, f, sheet, ref(c+1, r-1)))
	assert.Equal(t, "总计", mustValue(t, f, sheet, ref(c+6, r-2)))

	// Flagged red with the message as a comment; the related cells of the
	// identity too; an uninvolved cell is not.
	assert.Equal(t, "FFC7CE", fill(t, f, sheet, cell))
	comments, err := f.GetComments(sheet)
	require.NoError(t, err)
	byCell := map[string]string{}
	for _, cm := range comments {
		var text strings.Builder
		for _, p := range cm.Paragraph {
			text.WriteString(p.Text)
		}
		byCell[cm.Cell] = text.String() + cm.Text
	}
	assert.Contains(t, byCell[cell], tb101.Message.Zh)
	assert.Contains(t, byCell[cell], "TB101")
	related := ref(c, r+1) // 二、上年结转, same column
	assert.Equal(t, "二、上年结转政府信息公开申请数量", mustValue(t, f, sheet, ref(1, r+1)))
	assert.Equal(t, "FFC7CE", fill(t, f, sheet, related))
	assert.Contains(t, byCell[related], "（相关）")
	assert.Equal(t, "", fill(t, f, sheet, ref(c+1, r)))
	assert.Equal(t, "1", mustValue(t, f, sheet, ref(c+1, r)))

	// The layout of the official template: merged headers and group labels.
	merged := map[string]string{}
	ms, err := f.GetMergeCells(sheet)
	require.NoError(t, err)
	for _, m := range ms {
		merged[m.GetCellValue()] = m.GetStartAxis() + ":" + m.GetEndAxis()
	}
	assert.Equal(t, ref(1, r-3)+":"+ref(3, r-1), merged["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"])
	assert.Equal(t, ref(4, r-3)+":"+ref(10, r-3), merged["申请人情况"])
	assert.Equal(t, ref(5, r-2)+":"+ref(9, r-2), merged["法人或其他组织"])
	assert.Equal(t, ref(4, r-2)+":"+ref(4, r-1), merged["自然人"])
	// 三、本年度办理结果 runs down the 22 outcome rows of the 2021 template,
	// （三）不予公开 down its eight.
	assert.Equal(t, ref(1, r+2)+":"+ref(1, r+23), merged["三、本年度办理结果"])
	assert.Equal(t, ref(2, r+4)+":"+ref(2, r+11), merged["（三）不予公开"])
	assert.Equal(t, "1.属于国家秘密", mustValue(t, f, sheet, ref(3, r+4)))
	assert.Equal(t, "（七）总计", mustValue(t, f, sheet, ref(2, r+23)))
	assert.Equal(t, "四、结转下年度继续办理", mustValue(t, f, sheet, ref(1, r+24)))
	assert.Equal(t, "2", mustValue(t, f, sheet, ref(4, r+24)))
	// 表二's blocks and 表四's groups.
	assert.Contains(t, merged, "第二十条第（一）项")
	assert.Contains(t, merged, "第二十条第（八）项")
	rv := merged["行政复议"]
	require.NotEmpty(t, rv)
	top, _, _ := strings.Cut(rv, ":")
	_, r4, err := excelize.CellNameToCoordinates(top)
	require.NoError(t, err)
	assert.Equal(t, ref(1, r4)+":"+ref(5, r4+1), rv)
	assert.Equal(t, ref(6, r4)+":"+ref(15, r4), merged["行政诉讼"])
	assert.Equal(t, ref(6, r4+1)+":"+ref(10, r4+1), merged["未经复议直接起诉"])
	assert.Equal(t, ref(11, r4+1)+":"+ref(15, r4+1), merged["复议后起诉"])
	assert.Equal(t, "结果维持", mustValue(t, f, sheet, ref(11, r4+2)))
	assert.Equal(t, "1", mustValue(t, f, sheet, ref(1, r4+3)), "review.review.upheld")
	assert.Equal(t, "1", mustValue(t, f, sheet, ref(5, r4+3)), "review.review.total")

	t.Run("warning on a row label", func(t *testing.T) {
		// The seed's ST107 concerns the label of a row: the label cell is
		// filled yellow and commented.
		seed := f.GetSheetList()[5]
		var st107 *validate.Finding
		for i, fd := range results[1].Findings {
			if fd.Rule.ID == "ST107" {
				st107 = &results[1].Findings[i]
			}
		}
		require.NotNil(t, st107)
		cells, err := f.SearchSheet(seed, "2.其他法律行政法规禁止公开")
		require.NoError(t, err)
		require.Len(t, cells, 1)
		assert.Equal(t, "FFEB9C", fill(t, f, seed, cells[0]))
		comments, err := f.GetComments(seed)
		require.NoError(t, err)
		var found bool
		for _, cm := range comments {
			if cm.Cell == cells[0] {
				found = strings.Contains(cm.Paragraph[0].Text, st107.Message.Zh)
			}
		}
		assert.True(t, found)
		// The findings without a cell link to the list under the tables.
		nm := 0
		for i, fd := range results[1].Findings {
			if fd.Key == "" {
				nm = i
				break
			}
		}
		row := len(results[0].Findings) + nm + 2
		s, c := link(t, f, "问题清单", ref(col(t, mustRows(t, f, "问题清单")[0], "跳转")+1, row))
		assert.Equal(t, seed, s)
		assert.Equal(t, results[1].Findings[nm].Rule.ID, mustValue(t, f, s, c))
	})
}

func TestWriter_Data(t *testing.T) {
	results := mustBatch(t)
	f := mustOpen(t, mustWrite(t, results, xlsx.Options{}))
	rows := mustRows(t, f, "数据")
	head := rows[0]
	assert.Equal(t, sheets.DataHeader, head)
	byPath := map[string][][]string{}
	for _, row := range rows[1:] {
		byPath[row[0]] = append(byPath[row[0]], row)
	}
	total := 0
	for _, r := range results {
		if r.Report == nil {
			assert.Empty(t, byPath[r.Path])
			continue
		}
		model := export.ModelOf(r.Report)
		got := byPath[r.Path]
		require.Len(t, got, len(model.Cells), r.Path)
		total += len(got)
		seen := map[string]bool{}
		for _, row := range got {
			key := row[col(t, head, "表")] + "." + row[col(t, head, "行键")] + "." + row[col(t, head, "列键")]
			mc, ok := model.Cells[key]
			require.True(t, ok, key)
			assert.False(t, seen[key], "listed once: %s", key)
			seen[key] = true
			v := get(row, col(t, head, "值"))
			if mc.Value == nil {
				assert.Equal(t, "", v, key)
			} else {
				n, err := strconv.ParseFloat(v, 64)
				require.NoError(t, err, key)
				assert.Equal(t, *mc.Value, n, key)
			}
			assert.Equal(t, sheets.StateName(normalize.State(mc.State)), get(row, col(t, head, "状态")), key)
			assert.Equal(t, mc.Raw, get(row, col(t, head, "原文")), key)
		}
	}
	assert.Len(t, rows, total+1)
	// Labels come from the profile, with the headers they sit under.
	for _, row := range byPath[exporttest.TBBalance] {
		if row[6] == "withheld.state_secret" && row[7] == "commercial" {
			assert.Equal(t, "（三）不予公开 / 1.属于国家秘密", row[8])
			assert.Equal(t, "法人或其他组织 / 商业企业", row[9])
			assert.Equal(t, "2021", row[4])
			assert.Equal(t, "370302", row[2])
		}
		if row[6] == "suit_direct" && row[7] == "total" {
			assert.Equal(t, "行政诉讼 / 未经复议直接起诉", row[8])
			assert.Equal(t, "总计", row[9])
		}
	}
}

func TestWriter_Failures(t *testing.T) {
	results := mustBatch(t)
	f := mustOpen(t, mustWrite(t, results, xlsx.Options{}))
	rows := mustRows(t, f, "错误文件")
	assert.Equal(t, []string{"文件", "原因"}, rows[0])
	var want [][]string
	for _, r := range results {
		if r.Err != nil {
			want = append(want, []string{r.Path, r.Err.Error()})
		}
	}
	require.Len(t, want, 2)
	assert.Equal(t, want, rows[1:])
	assert.Contains(t, rows[1][1], "empty")
}

func TestWriter_Deterministic(t *testing.T) {
	results := mustBatch(t)
	a, err := os.ReadFile(mustWrite(t, results, xlsx.Options{}))
	require.NoError(t, err)
	b, err := os.ReadFile(mustWrite(t, results, xlsx.Options{}))
	require.NoError(t, err)
	assert.True(t, bytes.Equal(a, b), "two writes differ")
	core := zipPart(t, mustWrite(t, results, xlsx.Options{}), "docProps/core.xml")
	assert.Contains(t, core, "2000-01-01T00:00:00Z")
}

func TestWriter_SheetLimit(t *testing.T) {
	clean := mustCheck(t, exporttest.Clean)
	flagged := mustCheck(t, exporttest.TBBalance)
	require.Empty(t, clean.Findings)
	require.NotEmpty(t, flagged.Findings)
	as := func(r export.Result, path string) export.Result {
		r.Path = path
		return r
	}
	t.Run("within the limit every report", func(t *testing.T) {
		f := mustOpen(t, mustWrite(t, []export.Result{as(clean, "a.html"), as(flagged, "b.txt")}, xlsx.Options{SheetLimit: 2}))
		assert.Len(t, f.GetSheetList(), 6)
	})
	t.Run("beyond it reports with findings", func(t *testing.T) {
		batch := []export.Result{as(clean, "a.html"), as(clean, "b.html"), as(flagged, "c.txt"), as(clean, "d.html"), as(flagged, "e.txt"), as(flagged, "f.txt")}
		f := mustOpen(t, mustWrite(t, batch, xlsx.Options{SheetLimit: 2}))
		list := f.GetSheetList()
		require.Len(t, list, 6)
		assert.True(t, strings.HasPrefix(list[4], "3 "), list[4])
		assert.True(t, strings.HasPrefix(list[5], "5 "), list[5])
		// No link from 汇总 or 问题清单 to a sheet that was not written.
		linkCol := col(t, mustRows(t, f, "汇总")[0], "工作表") + 1
		for row := 2; row <= len(batch)+1; row++ {
			ok, target, err := f.GetCellHyperLink("汇总", ref(linkCol, row))
			require.NoError(t, err)
			assert.Equal(t, row == 4 || row == 6, ok, "row %d: %s", row, target)
		}
		rows := mustRows(t, f, "问题清单")
		for i, row := range rows[1:] {
			ok, _, err := f.GetCellHyperLink("问题清单", ref(col(t, mustRows(t, f, "问题清单")[0], "跳转")+1, i+2))
			require.NoError(t, err)
			assert.Equal(t, row[0] != "f.txt", ok, row[0])
		}
	})
	t.Run("none", func(t *testing.T) {
		f := mustOpen(t, mustWrite(t, []export.Result{flagged}, xlsx.Options{SheetLimit: -1}))
		assert.Len(t, f.GetSheetList(), 4)
	})
}

func TestWriter_Lang(t *testing.T) {
	r := mustCheck(t, exporttest.TBBalance)
	f := mustOpen(t, mustWrite(t, []export.Result{r}, xlsx.Options{Lang: "en"}))
	rows := mustRows(t, f, "问题清单")
	assert.Equal(t, "说明", rows[0][9], "headers stay Chinese")
	assert.Equal(t, r.Findings[0].Message.En, rows[1][9])
	assert.Equal(t, r.Findings[0].Rule.Title.En, rows[1][3])
	assert.Equal(t, "错误", rows[1][4])
}

func TestWriter_Atomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.xlsx")
	require.NoError(t, os.WriteFile(path, []byte("old"), 0o644))
	r := mustCheck(t, exporttest.TBBalance)

	w, err := xlsx.Create(path, xlsx.Options{})
	require.NoError(t, err)
	require.NoError(t, w.Add(r))
	w.Abort()
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "old", string(got), "an aborted write leaves the old file")

	w, err = xlsx.Create(path, xlsx.Options{})
	require.NoError(t, err)
	require.NoError(t, w.Add(r))
	require.NoError(t, w.Close())
	w.Abort() // after Close: nothing to do
	f := mustOpen(t, path)
	assert.Equal(t, exporttest.TBBalance, mustValue(t, f, "汇总", "A2"))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary files left")
	st, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), st.Mode().Perm())

	_, err = xlsx.Create(filepath.Join(dir, "missing", "out.xlsx"), xlsx.Options{})
	assert.Error(t, err)
	assert.Error(t, w.Add(r), "add after close")
}

// TestWriter_LibreOffice opens the workbook in LibreOffice (headless) and
// converts it, which fails on a workbook that is not well formed.
func TestWriter_LibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice not installed (Debian: libreoffice-calc-nogui)")
	}
	path := mustWrite(t, mustBatch(t), xlsx.Options{})
	out := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	// The CSV filter options ask for UTF-8 (76) whatever the locale.
	for format, filter := range map[string]string{"csv": "csv:Text - txt - csv (StarCalc):44,34,76,1", "pdf": "pdf"} {
		cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.ToSlash(t.TempDir()),
			"--headless", "--convert-to", filter, "--outdir", out, path)
		msg, err := cmd.CombinedOutput()
		require.NoError(t, err, string(msg))
		st, err := os.Stat(filepath.Join(out, "结果."+format))
		require.NoError(t, err, string(msg))
		assert.NotZero(t, st.Size())
	}
	// The CSV export is the first sheet, 汇总.
	csv, err := os.ReadFile(filepath.Join(out, "结果.csv"))
	require.NoError(t, err)
	assert.Contains(t, string(csv), exporttest.TBBalance)
	assert.Contains(t, string(csv), "有错误")
}

// TestWriter_Continuation lowers the row limit to see a list continue on
// a second and third sheet, header and all.
func TestWriter_Continuation(t *testing.T) {
	defer xlsx.SetMaxRows(300)()
	r := mustCheck(t, exporttest.TBBalance)
	require.Len(t, r.Report.Cells, 200)
	batch := []export.Result{r, r, r}
	for i, p := range []string{"a.txt", "b.txt", "c.txt"} {
		batch[i].Path = p
	}
	f := mustOpen(t, mustWrite(t, batch, xlsx.Options{}))
	list := f.GetSheetList()
	assert.Equal(t, []string{"汇总", "问题清单", "数据", "错误文件", "数据 (2)", "数据 (3)"}, list[:6])
	var all [][]string
	for _, s := range []string{"数据", "数据 (2)", "数据 (3)"} {
		rows := mustRows(t, f, s)
		assert.Equal(t, sheets.DataHeader, rows[0], s)
		assert.LessOrEqual(t, len(rows), 300)
		panes, err := f.GetPanes(s)
		require.NoError(t, err)
		assert.True(t, panes.Freeze, s)
		all = append(all, rows[1:]...)
	}
	require.Len(t, all, 600)
	for i, row := range all {
		assert.Equal(t, batch[i/200].Path, row[0], "the rows run on in order")
	}
	assert.Equal(t, all[0][1:], all[200][1:])
	assert.Equal(t, "regulations", all[400][6])
}

func TestWriter_Empty(t *testing.T) {
	f := mustOpen(t, mustWrite(t, nil, xlsx.Options{}))
	assert.Equal(t, []string{"汇总", "问题清单", "数据", "错误文件"}, f.GetSheetList())
	rows := mustRows(t, f, "汇总")
	assert.Equal(t, "文件", rows[0][0])
	assert.Equal(t, "按规则类别统计的问题数", rows[2][0])
}

// TestWriter_Print: the list sheets print landscape, one page wide, with
// the header row on every page and a footer naming the file and the page.
func TestWriter_Print(t *testing.T) {
	f := mustOpen(t, mustWrite(t, mustBatch(t), xlsx.Options{}))
	titles := map[string]string{}
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm.Print_Titles" {
			titles[d.Scope] = d.RefersTo
		}
	}
	for _, sheet := range []string{"汇总", "问题清单", "数据", "错误文件"} {
		pl, err := f.GetPageLayout(sheet)
		require.NoError(t, err, sheet)
		require.NotNil(t, pl.Orientation, sheet)
		assert.Equal(t, "landscape", *pl.Orientation, sheet)
		require.NotNil(t, pl.FitToWidth, sheet)
		assert.Equal(t, 1, *pl.FitToWidth, sheet)
		props, err := f.GetSheetProps(sheet)
		require.NoError(t, err, sheet)
		require.NotNil(t, props.FitToPage, sheet)
		assert.True(t, *props.FitToPage, sheet)
		hf, err := f.GetHeaderFooter(sheet)
		require.NoError(t, err, sheet)
		assert.Contains(t, hf.OddFooter, "&P", sheet)
		assert.Contains(t, hf.OddFooter, "&F", sheet)
		assert.Equal(t, "'"+sheet+"'!$1:$1", titles[sheet], sheet)
	}
}

// TestWriter_Review: 问题清单 ends with 状态 (a dropdown of the review
// statuses), 审核说明 and the hidden 指纹; a dismissed finding is left
// out, or listed last with its reason under ShowIgnored.
func TestWriter_Review(t *testing.T) {
	plain := exporttest.SeedWithoutWording(t)
	r := exporttest.Review(t, plain)
	for _, show := range []bool{false, true} {
		f := mustOpen(t, mustWrite(t, []export.Result{r}, xlsx.Options{ShowIgnored: show}))
		rows := mustRows(t, f, sheets.FindingName)
		head := rows[0]
		status, reason, fp := col(t, head, "状态"), col(t, head, "审核说明"), col(t, head, "指纹")
		assert.Equal(t, []int{len(sheets.FindingHeader) + 1, len(sheets.FindingHeader) + 2, len(sheets.FindingHeader) + 3}, []int{status, reason, fp},
			"the review columns come last, after 跳转")

		want := len(r.Findings)
		if show {
			want++
		}
		require.Len(t, rows, want+1)
		for i, d := range r.Review {
			row := rows[i+1]
			assert.Equal(t, d.Fingerprint, get(row, fp))
			assert.Equal(t, d.Status().Name().Zh, get(row, status))
		}
		assert.Equal(t, "已确认", get(rows[1], status))
		assert.Equal(t, "待处理", get(rows[2], status))
		if show {
			last := rows[len(rows)-1]
			assert.Equal(t, "非错误", get(last, status))
			assert.Equal(t, exporttest.Reason, get(last, reason))
			assert.Equal(t, r.IgnoredReview[0].Fingerprint, get(last, fp))
			assert.Equal(t, r.Ignored[0].Message.Zh, get(last, col(t, head, "说明")))
			ok, _, err := f.GetCellHyperLink(sheets.FindingName, ref(col(t, head, "跳转")+1, len(rows)))
			require.NoError(t, err)
			assert.False(t, ok, "no link to a mark the sheet does not make")
		}

		// 指纹 is hidden, 状态 takes only the statuses.
		name := ref(fp+1, 1)
		visible, err := f.GetColVisible(sheets.FindingName, name[:len(name)-1])
		require.NoError(t, err)
		assert.False(t, visible)
		dvs, err := f.GetDataValidations(sheets.FindingName)
		require.NoError(t, err)
		require.Len(t, dvs, 1)
		c := ref(status+1, 2)
		assert.Equal(t, c+":"+c[:len(c)-1]+"1048576", dvs[0].Sqref)
		assert.Equal(t, "list", dvs[0].Type)
		assert.Equal(t, `"待处理,已确认,非错误,已修正"`, dvs[0].Formula1)
	}
	// 汇总 counts what was not dismissed.
	f := mustOpen(t, mustWrite(t, []export.Result{r}, xlsx.Options{ShowIgnored: true}))
	sum := mustRows(t, f, sheets.SummaryName)
	assert.Equal(t, "8", get(sum[1], col(t, sum[0], "错误数")))
}

// TestReadReview reads back what an office wrote in 状态 and 审核说明.
func TestReadReview(t *testing.T) {
	r := exporttest.SeedWithoutWording(t)
	path := mustWrite(t, []export.Result{r}, xlsx.Options{})
	f := mustOpen(t, path)
	head := mustRows(t, f, sheets.FindingName)[0]
	status, reason := col(t, head, "状态")+1, col(t, head, "审核说明")+1
	for row, v := range map[int][2]string{
		2: {"非错误", "村名"}, 3: {"fixed", ""}, 4: {"坏", ""}, 5: {"非错误", ""}, 6: {"", ""},
	} {
		require.NoError(t, f.SetCellValue(sheets.FindingName, ref(status, row), v[0]))
		require.NoError(t, f.SetCellValue(sheets.FindingName, ref(reason, row), v[1]))
	}
	require.NoError(t, f.SetDocProps(&excelize.DocProperties{LastModifiedBy: "区政务公开办"}))
	edited := filepath.Join(t.TempDir(), "返回.xlsx")
	require.NoError(t, f.SaveAs(edited))

	got, err := xlsx.ReadReview(edited)
	require.NoError(t, err)
	assert.Equal(t, "区政务公开办", got.Editor)
	ds := export.Decisions(r)
	require.Len(t, got.Decisions, len(r.Findings)-2, "every row with a fingerprint but the two refused")
	d := got.Decisions[0]
	assert.Equal(t, 2, d.Row)
	assert.Equal(t, r.Path, d.Report)
	assert.Equal(t, review.Entry{Fingerprint: ds[0].Fingerprint, Rule: "NM101", Status: review.Dismissed, Reason: "村名",
		Hint: review.Hint{Message: r.Findings[0].Message.Zh, Line: 25}}, d.Entry)
	assert.Equal(t, review.Fixed, got.Decisions[1].Entry.Status)
	assert.Equal(t, review.Pending, got.Decisions[2].Entry.Status, "row 6 left empty")
	require.Len(t, got.Problems, 2)
	assert.ErrorIs(t, got.Problems[0], xlsx.ErrStatus)
	assert.Equal(t, 4, got.Problems[0].Row)
	assert.ErrorIs(t, got.Problems[1], xlsx.ErrNoReason)

	// A workbook nianbao wrote and nobody edited has no editor.
	plain, err := xlsx.ReadReview(path)
	require.NoError(t, err)
	assert.Empty(t, plain.Editor)
	assert.Empty(t, plain.Problems)
	for _, d := range plain.Decisions {
		assert.Equal(t, review.Pending, d.Entry.Status)
	}

	empty := filepath.Join(t.TempDir(), "空.xlsx")
	require.NoError(t, excelize.NewFile().SaveAs(empty))
	_, err = xlsx.ReadReview(empty)
	assert.ErrorIs(t, err, xlsx.ErrNoReviewSheet)
}
