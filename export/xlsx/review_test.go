package xlsx_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/export/internal/exporttest"
	"github.com/nianbao/nianbao/export/sheets"
	"github.com/nianbao/nianbao/export/xlsx"
	"github.com/nianbao/nianbao/validate/review"
)

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
