package xlsx

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/nianbao/nianbao/export/sheets"
	"github.com/nianbao/nianbao/validate/review"
)

// Review is what ReadReview reads back from a workbook an office filled
// in: one decision per row of 问题清单 that has a fingerprint, and the
// rows that could not be read.
type Review struct {
	Decisions []Decision
	Problems  []*RowError
	// Editor is who saved the workbook last (its last-modified-by), when
	// someone other than nianbao did; "" otherwise.
	Editor string
}

// Decision is the 状态 and 审核说明 of one row: an entry for a review file
// (fingerprint, rule, status, reason and a hint from the row's other
// columns; no who or when) and the report it is on.
type Decision struct {
	Sheet  string
	Row    int    // 1-based, as Excel numbers rows
	Report string // the 文件 column: the report's name as check showed it
	Entry  review.Entry
}

// RowError is a row of 问题清单 that cannot be read back; Err is
// ErrFingerprint, ErrStatus or ErrNoReason, Value the cell at fault.
type RowError struct {
	Sheet string
	Row   int // 1-based
	Value string
	Err   error
}

func (e *RowError) Error() string {
	return fmt.Sprintf("%s!%d: %q: %v", e.Sheet, e.Row, e.Value, e.Err)
}

func (e *RowError) Unwrap() error { return e.Err }

// The ways a row can fail, and a workbook with no review columns.
var (
	ErrFingerprint   = errors.New("not a fingerprint nianbao writes")
	ErrStatus        = errors.New("not a review status")
	ErrNoReason      = errors.New("dismissed without a reason in 审核说明")
	ErrNoReviewSheet = errors.New("no 问题清单 sheet with 状态 and 指纹 columns")
)

// ReadReview reads the decisions of every 问题清单 sheet of the workbook
// at path (the list goes on as "问题清单 (2)" past Excel's row limit).
// Columns are found by their headers in the first rows, rows by their
// fingerprint, so an office may sort, filter, move or add columns. A row
// without a fingerprint is skipped; 状态 takes the names of the
// statuses (待处理 … 已修正) or their English words; 非错误 needs a
// 审核说明.
func ReadReview(path string) (*Review, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	defer f.Close()
	out := &Review{}
	if p, err := f.GetDocProps(); err == nil && p.LastModifiedBy != "nianbao" {
		out.Editor = strings.TrimSpace(p.LastModifiedBy)
	}
	found := false
	for _, sheet := range f.GetSheetList() {
		if sheet != sheets.FindingName && !strings.HasPrefix(sheet, sheets.FindingName+" (") {
			continue
		}
		rows, err := f.GetRows(sheet)
		if err != nil {
			return nil, fmt.Errorf("xlsx: %s: %s: %w", path, sheet, err)
		}
		if readReviewSheet(out, sheet, rows) {
			found = true
		}
	}
	if !found {
		return nil, fmt.Errorf("xlsx: %s: %w", path, ErrNoReviewSheet)
	}
	return out, nil
}

// readReviewSheet reads the rows of one sheet into out and says whether
// it has the review columns.
func readReviewSheet(out *Review, sheet string, rows [][]string) bool {
	statusH, reasonH, fpH := sheets.ReviewHeader[0], sheets.ReviewHeader[1], sheets.ReviewHeader[2]
	head := -1
	cols := map[string]int{}
	for i := 0; i < min(len(rows), 5) && head < 0; i++ {
		clear(cols)
		for j, h := range rows[i] {
			if _, dup := cols[strings.TrimSpace(h)]; !dup {
				cols[strings.TrimSpace(h)] = j
			}
		}
		_, hasFP := cols[fpH]
		_, hasStatus := cols[statusH]
		if hasFP && hasStatus {
			head = i
		}
	}
	if head < 0 {
		return false
	}
	cell := func(row []string, name string) string {
		j, ok := cols[name]
		if !ok || j >= len(row) {
			return ""
		}
		return strings.TrimSpace(row[j])
	}
	for i, row := range rows[head+1:] {
		n := head + i + 2
		fp := cell(row, fpH)
		if fp == "" {
			continue
		}
		if !review.IsFingerprint(fp) {
			out.Problems = append(out.Problems, &RowError{sheet, n, fp, ErrFingerprint})
			continue
		}
		st, err := review.ParseStatus(cell(row, statusH))
		if err != nil {
			out.Problems = append(out.Problems, &RowError{sheet, n, cell(row, statusH), ErrStatus})
			continue
		}
		reason := cell(row, reasonH)
		if st == review.Dismissed && reason == "" {
			out.Problems = append(out.Problems, &RowError{sheet, n, cell(row, statusH), ErrNoReason})
			continue
		}
		rule, _, _ := strings.Cut(fp, ":")
		line, _ := strconv.Atoi(cell(row, "行"))
		out.Decisions = append(out.Decisions, Decision{Sheet: sheet, Row: n, Report: cell(row, "文件"), Entry: review.Entry{
			Fingerprint: fp, Rule: rule, Status: st, Reason: reason,
			Hint: review.Hint{Message: cell(row, "说明"), Key: cell(row, "单元格键"), Label: cell(row, "单元格"), Line: line},
		}})
	}
	return true
}
