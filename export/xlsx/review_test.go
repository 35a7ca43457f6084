package xlsx_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/export/internal/exporttest"
	"github.com/nianbao/nianbao/export/sheets"
	"github.com/nianbao/nianbao/export/xlsx"
)

// TestWriter_Review: 问题清单 ends with 状态 (a dropdown of the review
// statuses), 审核说明 and the hidden 指纹; a dismissed finding is left
// out, or listed last with its reason under ShowIgnored.
func TestWriter_Review(t *testing.T) {
	plain := mustCheck(t, exporttest.Seed)
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
