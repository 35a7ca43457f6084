package sheets_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/export/internal/exporttest"
	"github.com/nianbao/nianbao/export/sheets"
)

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
