package sheets

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/internal/atomicfile"
)

// CSVOptions tune the CSV output.
type CSVOptions struct {
	Lang string // message language: "zh" (default) or "en"
	// ShowIgnored adds to 问题清单 the findings a review dismissed, after
	// those of their file, with 状态 非错误 and the reason.
	ShowIgnored bool
}

// CSVWriter writes the four views as 汇总.csv, 问题清单.csv, 数据.csv and
// 错误文件.csv in one folder, a result at a time. Each file is UTF-8 with a
// byte order mark, which is what makes Excel read it as UTF-8, and is
// replaced atomically on Close.
type CSVWriter struct {
	opts  CSVOptions
	files [4]*atomicfile.File
	bufs  [4]*bufio.Writer
	csv   [4]*csv.Writer
	err   error
	// rec is the record of a 数据 row, made by the CellWriter methods
	// without boxing each value as Values does: 数据 has a row for every
	// cell of every report.
	rec []string
}

// Empty, String, Int and Float make w a CellWriter of the 数据 rows; they
// format as cellText does.
func (w *CSVWriter) Empty()          { w.rec = append(w.rec, "") }
func (w *CSVWriter) String(s string) { w.rec = append(w.rec, defuse(s)) }
func (w *CSVWriter) Int(n int)       { w.rec = append(w.rec, strconv.Itoa(n)) }
func (w *CSVWriter) Float(v float64) { w.rec = append(w.rec, strconv.FormatFloat(v, 'f', -1, 64)) }

// The views in file order.
const (
	csvSummary = iota
	csvFindings
	csvData
	csvFailures
)

// CreateCSV starts the four files in dir, creating dir if needed.
func CreateCSV(dir string, opts CSVOptions) (*CSVWriter, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("csv: %w", err)
	}
	w := &CSVWriter{opts: opts}
	names := [4]string{SummaryName, FindingName, DataName, FailureName}
	headers := [4][]string{SummaryHeader(), append(append([]string{}, FindingHeader...), ReviewHeader...), DataHeader, FailureHeader}
	for i, name := range names {
		f, err := atomicfile.Create(filepath.Join(dir, name+".csv"))
		if err != nil {
			w.Abort()
			return nil, fmt.Errorf("csv: %w", err)
		}
		w.files[i] = f
		w.bufs[i] = bufio.NewWriterSize(f, 64<<10)
		w.bufs[i].WriteString("\uFEFF")
		w.csv[i] = csv.NewWriter(w.bufs[i])
		w.write(i, headers[i])
	}
	if w.err != nil {
		w.Abort()
		return nil, w.err
	}
	return w, nil
}

// Add writes the rows of one result.
func (w *CSVWriter) Add(r export.Result) error {
	w.writeValues(csvSummary, SummaryOf(r).Values())
	rows := FindingRows(r, w.opts.Lang)
	if w.opts.ShowIgnored {
		rows = append(rows, IgnoredRows(r, w.opts.Lang)...)
	}
	for _, f := range rows {
		w.writeValues(csvFindings, append(f.Values(), f.ReviewValues()...))
	}
	for _, d := range DataRows(r) {
		w.rec = w.rec[:0]
		d.WriteCells(w)
		w.write(csvData, w.rec)
	}
	if f, ok := FailureOf(r); ok {
		w.writeValues(csvFailures, f.Values())
	}
	return w.err
}

// Close completes the four files and puts them in place. After an error
// nothing is replaced.
func (w *CSVWriter) Close() error {
	for i := range w.files {
		if w.err != nil {
			break
		}
		w.csv[i].Flush()
		w.fail(w.csv[i].Error())
		w.fail(w.bufs[i].Flush())
	}
	if w.err != nil {
		w.Abort()
		return w.err
	}
	var errs []error
	for _, f := range w.files {
		errs = append(errs, f.Commit())
	}
	return errors.Join(errs...)
}

// Abort removes the unfinished files; after Close it does nothing.
func (w *CSVWriter) Abort() {
	for _, f := range w.files {
		if f != nil {
			f.Abort()
		}
	}
}

func (w *CSVWriter) writeValues(i int, values []any) {
	rec := make([]string, len(values))
	for j, v := range values {
		rec[j] = cellText(v)
	}
	w.write(i, rec)
}

func (w *CSVWriter) write(i int, rec []string) {
	if w.err == nil {
		w.fail(w.csv[i].Write(rec))
	}
}

func (w *CSVWriter) fail(err error) {
	if err != nil && w.err == nil {
		w.err = fmt.Errorf("csv: %w", err)
	}
}

// cellText formats a view value as CSV text: numbers in the shortest
// form that reads back exactly, nothing for an empty cell.
func cellText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return defuse(v)
	case int:
		return strconv.Itoa(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

// defuse keeps text from a report from acting as a formula when the CSV is
// opened in Excel or WPS (CSV injection): text starting with = + - @ or a
// control character gets a leading apostrophe, which spreadsheets show
// as plain text. Numbers are written by the other cases and never reach
// here.
func defuse(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r', '\n':
		// A line break first: spreadsheets drop it and read what
		// follows, "\n=cmd|…", as a formula.
		return "'" + s
	}
	return s
}
