package xlsx

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/export/sheets"
	"github.com/nianbao/nianbao/internal/atomicfile"
	"github.com/nianbao/nianbao/internal/display"
	"github.com/nianbao/nianbao/validate"
)

// DefaultSheetLimit is how many report sheets a workbook gets at most
// unless Options say otherwise: enough to page through by hand, few enough
// that Excel opens the file quickly.
const DefaultSheetLimit = 200

// Options tune the workbook.
type Options struct {
	// Lang is the language of messages, titles and fixes: "zh" (default)
	// or "en". Headers and sheet names stay Chinese.
	Lang string
	// SheetLimit caps the report sheets. When the batch has at most this
	// many readable reports each gets a sheet; otherwise only reports with
	// findings do, in batch order, up to the limit. 0 means
	// DefaultSheetLimit; a negative value means none.
	SheetLimit int
	// ShowIgnored adds to 问题清单 the findings a review dismissed, after
	// those of their file, with 状态 非错误 and the reason, so that the
	// decision can be seen and changed.
	ShowIgnored bool
}

// Column widths of the list sheets, in characters.
var (
	summaryWidths = []float64{40, 28, 20, 10, 7, 7, 9, 7, 7, 7}                          // sheets.SummaryFixed; see writeSummary
	findingWidths = []float64{40, 28, 8, 28, 9, 5, 6, 6, 28, 60, 40, 26, 26, 10, 40, 24} // then 跳转 and sheets.ReviewHeader
	dataWidths    = []float64{40, 28, 10, 7, 7, 9, 26, 14, 40, 24, 10, 9, 12}
	failureWidths = []float64{50, 100}
)

// Extra columns of the workbook over the shared views: links to the
// report sheets.
const (
	summaryLinkHeader = "工作表"
	findingLinkHeader = "跳转"
)

// families are the rule families charted in 汇总, with their names.
var families = []struct{ id, name string }{
	{"ST", "ST 结构"}, {"TB", "TB 表格计算"}, {"NU", "NU 数字与日期"}, {"NM", "NM 名称"},
	{"TX", "TX 措辞"}, {"CR", "CR 跨报告"},
}

// chartedFamilies are always charted; the others only when they occur.
const chartedFamilies = 4

// Writer builds a workbook a result at a time. Findings, data, failed
// files and the rows of 汇总 stream into their sheets as results arrive;
// what is kept until Close is the laid-out sheets of at most SheetLimit
// reports, never the reports themselves, and the rows of 汇总 whose link
// to a report's sheet is not yet decided (see flushSummary).
type Writer struct {
	opts   Options
	limit  int
	out    *atomicfile.File
	f      *excelize.File
	st     *styles
	lists  [3]*list // 问题清单, 数据, 错误文件
	data   []*sheetData
	sum    *list     // 汇总
	rows   []summary // rows of 汇总 not yet written, in batch order
	added  int       // results added
	summed int       // rows of 汇总 written
	links  int       // hyperlinks on 汇总
	counts [6][3]int // findings by family and severity (error, warning, info)

	readable int // results with a report
	plans    []*plan
	flagged  int  // plans of reports with findings
	overflow bool // more readable reports than the limit
	err      error
	done     bool
}

// summary is one row of 汇总, kept until Close.
type summary struct {
	sheets.Summary
	plan *plan // the report's sheet, if it may get one
}

const (
	listFindings = iota
	listData
	listFailures
)

// Create starts a workbook that Close writes to path, atomically. The
// destination's folder is checked now, before any work is done.
func Create(path string, opts Options) (*Writer, error) {
	out, err := atomicfile.Create(path)
	if err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	w := &Writer{opts: opts, limit: opts.SheetLimit, out: out, f: excelize.NewFile()}
	if w.limit == 0 {
		w.limit = DefaultSheetLimit
	}
	if err := w.start(); err != nil {
		w.Abort()
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	return w, nil
}

func (w *Writer) start() error {
	var err error
	if w.st, err = newStyles(w.f); err != nil {
		return err
	}
	if err := w.f.SetSheetName("Sheet1", sheets.SummaryName); err != nil {
		return err
	}
	heads := [3][]string{
		slices.Concat(sheets.FindingHeader, []string{findingLinkHeader}, sheets.ReviewHeader),
		sheets.DataHeader, sheets.FailureHeader,
	}
	names := [3]string{sheets.FindingName, sheets.DataName, sheets.FailureName}
	widths := [3][]float64{findingWidths, dataWidths, failureWidths}
	// 汇总 streams from the start, its print setup said at Close, where
	// it was said when the sheet was written at Close: its defined name
	// comes after those of the other sheets.
	w.sum = &list{w: w, name: sheets.SummaryName, header: summaryHeader(), widths: summaryColWidths(), printLater: true}
	if _, err := w.sum.start(sheets.SummaryName); err != nil {
		return err
	}
	for i := range w.lists {
		w.lists[i] = &list{w: w, name: names[i], header: heads[i], widths: widths[i]}
		if i == listFindings {
			w.lists[i].status = findingLinkCol + 1
			w.lists[i].hide = findingLinkCol + len(sheets.ReviewHeader)
		}
		if err := w.lists[i].next(); err != nil {
			return err
		}
	}
	return nil
}

// findingLinkCol is the column of 跳转 in 问题清单, 1-based; the review
// columns follow it.
var findingLinkCol = len(sheets.FindingHeader) + 1

// Add adds one result: its summary row, its findings and cells, its error.
func (w *Writer) Add(r export.Result) error {
	if w.done {
		return errors.New("xlsx: add after close")
	}
	if w.err != nil {
		return w.err
	}
	w.err = w.add(r)
	return w.err
}

func (w *Writer) add(r export.Result) error {
	w.added++
	index := w.added
	row := summary{Summary: compact(sheets.SummaryOf(r))}
	for _, f := range r.Findings {
		fam := len(families)
		for i, x := range families {
			if strings.HasPrefix(f.Rule.ID, x.id) {
				fam = i
				break
			}
		}
		if fam < len(families) {
			w.counts[fam][severityIndex(f.Severity)]++
		}
	}
	if p := w.plan(r, index); p != nil {
		row.plan = p
	}
	w.rows = append(w.rows, row)
	if err := w.flushSummary(false); err != nil {
		return err
	}

	fl := w.lists[listFindings]
	rows := sheets.FindingRows(r, w.opts.Lang)
	if w.opts.ShowIgnored {
		rows = append(rows, sheets.IgnoredRows(r, w.opts.Lang)...)
	}
	for i, fr := range rows {
		vals := fr.Values()
		p := row.plan
		if i >= len(r.Findings) {
			p = nil // a dismissed finding is not marked on the report's sheet
		}
		if p != nil {
			vals = append(vals, excelize.Cell{StyleID: w.st.link, Value: p.name + "!" + p.target[i]})
		} else {
			vals = append(vals, nil)
		}
		vals = append(vals, fr.ReviewValues()...)
		sheet, n, err := fl.add(vals)
		if err != nil {
			return err
		}
		if p != nil && fl.links < excelize.TotalSheetHyperlinks {
			fl.links++
			if err := w.f.SetCellHyperLink(sheet, ref(findingLinkCol, n), location(p.name, p.target[i]), "Location"); err != nil {
				return err
			}
		}
	}
	dl := w.lists[listData]
	for _, d := range sheets.DataRows(r) {
		rows, err := dl.begin()
		if err != nil {
			return err
		}
		d.WriteCells(rows)
		if err := rows.end(); err != nil {
			return err
		}
	}
	if f, ok := sheets.FailureOf(r); ok {
		if _, _, err := w.lists[listFailures].add(f.Values()); err != nil {
			return err
		}
	}
	return nil
}

// plan decides whether a report gets a sheet and lays it out. A report
// with findings is decided for good: its rows in 问题清单 link to the
// sheet as they are written. A clean report's sheet is kept only while
// the batch still fits within the limit.
func (w *Writer) plan(r export.Result, index int) *plan {
	if r.Report == nil || w.limit < 0 {
		return nil
	}
	w.readable++
	if w.readable > w.limit && !w.overflow {
		w.overflow = true
		kept := w.plans[:0]
		for _, p := range w.plans {
			if p.findings {
				kept = append(kept, p)
			} else {
				p.drop()
			}
		}
		clear(w.plans[len(kept):])
		w.plans = kept
	}
	if len(r.Findings) > 0 && w.flagged >= w.limit || len(r.Findings) == 0 && w.overflow {
		return nil
	}
	p := newPlan(w.st, r, index, sheetName(index, r), w.opts.Lang)
	w.plans = append(w.plans, p)
	if p.findings {
		w.flagged++
	}
	return p
}

// compact copies the strings of a summary, which may point into the
// report's text, so that the report can be freed.
func compact(s sheets.Summary) sheets.Summary {
	s.Path = strings.Clone(s.Path)
	s.Agency = strings.Clone(s.Agency)
	s.Region = strings.Clone(s.Region)
	s.RegionCode = strings.Clone(s.RegionCode)
	s.Template = strings.Clone(s.Template)
	return s
}

func severityIndex(s validate.Severity) int {
	switch s {
	case validate.Error:
		return 0
	case validate.Warning:
		return 1
	}
	return 2
}

// location is a hyperlink target inside the workbook.
func location(sheet, cell string) string { return "'" + sheet + "'!" + cell }

// Close writes the summary sheet, the report sheets and the file. After
// an error in Add nothing is written and the destination is left as it
// was.
func (w *Writer) Close() error {
	if w.done {
		return errors.New("xlsx: already closed")
	}
	if w.err == nil {
		w.err = w.finish()
	}
	if w.err != nil {
		w.Abort()
		return w.err
	}
	w.done = true
	w.closeData()
	err := w.f.Close()
	if err := w.out.Commit(); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

// Abort drops the workbook; after Close it does nothing.
func (w *Writer) Abort() {
	if w.done {
		return
	}
	w.done = true
	w.closeData()
	_ = w.f.Close()
	w.out.Abort()
}

func (w *Writer) closeData() {
	for _, d := range w.data {
		d.close()
	}
}

func (w *Writer) finish() error {
	for _, l := range w.lists {
		if err := l.finish(); err != nil {
			return fmt.Errorf("xlsx: %s: %w", l.name, err)
		}
	}
	if err := w.writeSummary(); err != nil {
		return fmt.Errorf("xlsx: %s: %w", sheets.SummaryName, err)
	}
	for _, p := range w.plans {
		if err := w.writePlan(p); err != nil {
			return fmt.Errorf("xlsx: %s: %w", p.name, err)
		}
	}
	// 汇总 is the active sheet as the first one; SetActiveSheet would read
	// every sheet back in, the streamed ones too, which costs more memory
	// than all the rest.
	//
	// Adding a comment makes excelize declare the image types in map
	// order; sorted, the content types are the same on every run.
	if ct := w.f.ContentTypes; ct != nil {
		sort.SliceStable(ct.Defaults, func(i, j int) bool { return ct.Defaults[i].Extension < ct.Defaults[j].Extension })
	}
	if err := w.setProps(); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if err := writeZip(w.f, w.out, w.data); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

// setProps fixes the document properties: a workbook says what made it,
// and carries no clock time, so the same results give the same bytes.
func (w *Writer) setProps() error {
	if err := w.f.SetDocProps(&excelize.DocProperties{
		Creator: "nianbao", LastModifiedBy: "nianbao",
		Title:   "政府信息公开工作年度报告检查结果",
		Created: fixedTime, Modified: fixedTime, Language: "zh-CN",
	}); err != nil {
		return err
	}
	return w.f.SetAppProps(&excelize.AppProperties{Application: "nianbao"})
}

// fixedTime stands in for the creation and modification times; see
// setProps.
const fixedTime = "2000-01-01T00:00:00Z"

// summaryHeader is the header of 汇总: the shared view's, then the link
// to each report's sheet.
func summaryHeader() []string { return append(sheets.SummaryHeader(), summaryLinkHeader) }

// summaryColWidths are the column widths of 汇总. A key number's column is
// as wide as its header, which is wider than the number; the link column
// fits a sheet name.
func summaryColWidths() []float64 {
	widths := append([]float64{}, summaryWidths...)
	for _, k := range sheets.KeyNumbers() {
		widths = append(widths, float64(display.Width(k.Label)))
	}
	widths = append(widths, 7, 6, 24, 44, 10, 20) // sheets.SummarySource
	return append(widths, 26)
}

// flushSummary writes the rows of 汇总 that can be written, in batch
// order: all of them at Close (final), else those up to the first whose
// link is undecided, that of a clean report's sheet that the batch may
// still outgrow (see plan). Past the limit every row is decided as it
// comes, so that the rows kept are at most those of the first SheetLimit
// readable reports and the failed files among them, however long the
// batch.
func (w *Writer) flushSummary(final bool) error {
	name := w.sum.name
	for len(w.rows) > 0 {
		s := &w.rows[0]
		if !final && s.plan != nil && !s.plan.findings && !w.overflow {
			break
		}
		i := w.summed
		vals := s.Values()
		if s.plan != nil && !s.plan.dropped {
			vals = append(vals, excelize.Cell{StyleID: w.st.link, Value: s.plan.name})
			if w.links < excelize.TotalSheetHyperlinks {
				w.links++
				if err := w.f.SetCellHyperLink(name, ref(len(vals), i+2), location(s.plan.name, "A1"), "Location"); err != nil {
					return err
				}
			}
		}
		if err := w.sum.data.setRow(i+2, vals); err != nil {
			return err
		}
		w.summed++
		*s = summary{}
		w.rows = w.rows[1:]
	}
	return nil
}

// writeSummary ends 汇总: the rows still kept, a block of finding counts
// by rule family under the rows, and a chart of it.
func (w *Writer) writeSummary() error {
	name, head, sw := w.sum.name, w.sum.header, w.sum.sw
	if err := printSetup(w.f, name); err != nil {
		return err
	}
	if err := w.flushSummary(true); err != nil {
		return err
	}
	rows := w.sum.data
	last := w.summed + 1
	if err := w.f.AutoFilter(name, "A1:"+ref(len(head), last), nil); err != nil {
		return err
	}
	if w.summed > 0 {
		var cf []excelize.ConditionalFormatOptions
		for st := sheets.StatusOK; st <= sheets.StatusFailed; st++ {
			cf = append(cf, excelize.ConditionalFormatOptions{
				Type: "formula", Format: &w.st.status[st], Criteria: fmt.Sprintf(`$G2="%s"`, st),
			})
		}
		if err := w.f.SetConditionalFormat(name, "A2:"+ref(len(head), last), cf); err != nil {
			return err
		}
	}

	// The counts go below the rows, outside the filter, so that filtering
	// the files never hides them from the chart.
	r0 := last + 2
	if err := rows.setRow(r0, []any{excelize.Cell{StyleID: w.st.heading, Value: "按规则类别统计的问题数"}}); err != nil {
		return err
	}
	hdr := []any{}
	for _, h := range []string{"规则类别", validate.Error.Name().Zh, validate.Warning.Name().Zh, validate.Info.Name().Zh, "合计"} {
		hdr = append(hdr, excelize.Cell{StyleID: w.st.header, Value: h})
	}
	if err := rows.setRow(r0+1, hdr); err != nil {
		return err
	}
	n := 0
	for i, fam := range families {
		c := w.counts[i]
		if i >= chartedFamilies && c == [3]int{} {
			continue
		}
		n++
		if err := rows.setRow(r0+1+n, []any{fam.name, c[0], c[1], c[2], c[0] + c[1] + c[2]}); err != nil {
			return err
		}
	}
	q := "'" + name + "'!"
	var series []excelize.ChartSeries
	for k, color := range []string{"C00000", "FFC000", "5B9BD5"} {
		col, _ := excelize.ColumnNumberToName(2 + k)
		series = append(series, excelize.ChartSeries{
			Name:       fmt.Sprintf("%s$%s$%d", q, col, r0+1),
			Categories: fmt.Sprintf("%s$A$%d:$A$%d", q, r0+2, r0+1+n),
			Values:     fmt.Sprintf("%s$%s$%d:$%s$%d", q, col, r0+2, col, r0+1+n),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}},
		})
	}
	anchor, _ := excelize.ColumnNumberToName(len(head) + 2)
	vary := false
	if err := w.f.AddChart(name, anchor+"2", &excelize.Chart{
		Type:       excelize.ColStacked,
		Series:     series,
		VaryColors: &vary,
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "各规则类别发现的问题数"}}},
		Legend:     excelize.ChartLegend{Position: "bottom"},
		Dimension:  excelize.ChartDimension{Width: 520, Height: 300},
	}); err != nil {
		return err
	}
	return sw.Flush()
}

// writePlan writes one report sheet.
func (w *Writer) writePlan(p *plan) error {
	f, name := w.f, p.name
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	for i, wd := range colWidths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(name, col, col, wd); err != nil {
			return err
		}
	}
	last, _ := excelize.ColumnNumberToName(reportCols)
	if err := f.SetColWidth(name, "D", last, 10); err != nil {
		return err
	}
	for _, op := range p.ops {
		if op.value != nil {
			if err := f.SetCellValue(name, op.ref, op.value); err != nil {
				return err
			}
		}
		if op.style != 0 {
			if err := f.SetCellStyle(name, op.ref, op.ref, op.style); err != nil {
				return err
			}
		}
	}
	for _, m := range p.merges {
		if err := f.MergeCell(name, m[0], m[1]); err != nil {
			return err
		}
	}
	for r := 1; r <= maxRow(p); r++ {
		if h, ok := p.heights[r]; ok {
			if err := f.SetRowHeight(name, r, h); err != nil {
				return err
			}
		}
	}
	for _, n := range p.notes {
		lines := textLines(n.text, 40)
		if err := f.AddComment(name, excelize.Comment{
			Author: "nianbao", Cell: n.ref,
			Paragraph: []excelize.RichTextRun{{Text: n.text}},
			Width:     320, Height: uint(30 + 16*lines),
		}); err != nil {
			return err
		}
	}
	for _, l := range p.links {
		if err := f.SetCellHyperLink(name, l[0], l[1], "Location"); err != nil {
			return err
		}
	}
	// Printed, a report sheet is one A4 landscape page wide, as the
	// tables are in the reports themselves.
	fit, a4, wide, tall := true, 9, "landscape", 0
	if err := f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	one := 1
	return f.SetPageLayout(name, &excelize.PageLayoutOptions{Size: &a4, Orientation: &wide, FitToWidth: &one, FitToHeight: &tall})
}

func maxRow(p *plan) int {
	n := 0
	for r := range p.heights {
		n = max(n, r)
	}
	return n
}

// maxRows is Excel's row limit; tests lower it.
var maxRows = excelize.TotalRows

// list is one of the sheets that stream rows: a header row, frozen, with
// a filter; past Excel's row limit it continues on "name (2)" and so on.
type list struct {
	w      *Writer
	name   string
	header []string
	widths []float64
	sheets []string
	sw     *excelize.StreamWriter
	data   *sheetData // the rows below the header of the current sheet
	row    int        // last row written on the current sheet
	links  int        // hyperlinks on the current sheet
	status int        // column of the review status, with its dropdown; 0 none
	hide   int        // column hidden (the fingerprint); 0 none
	// printLater leaves the print setup to the caller (see start).
	printLater bool
}

// next starts the list's first or next sheet.
func (l *list) next() error {
	name := l.name
	if len(l.sheets) > 0 {
		name = fmt.Sprintf("%s (%d)", l.name, len(l.sheets)+1)
	}
	if _, err := l.w.f.NewSheet(name); err != nil {
		return err
	}
	sw, err := l.start(name)
	if err != nil {
		return err
	}
	l.sw, l.row, l.links = sw, 1, 0
	return nil
}

// start starts streaming name: widths, the frozen header row, the header;
// the rows below it go to l.data.
func (l *list) start(name string) (*excelize.StreamWriter, error) {
	l.sheets = append(l.sheets, name)
	// The stream writes the sheet properties when it starts, so fitting
	// to the page must be said first.
	fit := true
	if err := l.w.f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return nil, err
	}
	sw, err := l.w.f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	if !l.printLater {
		if err := printSetup(l.w.f, name); err != nil {
			return nil, err
		}
	}
	l.sw = sw
	for i, wd := range l.widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return nil, err
		}
	}
	if l.hide > 0 {
		if err := sw.SetColVisible(l.hide, l.hide, false); err != nil {
			return nil, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	head := make([]any, len(l.header))
	for i, h := range l.header {
		head[i] = excelize.Cell{StyleID: l.w.st.header, Value: h}
	}
	l.data = newSheetData(sw)
	l.w.data = append(l.w.data, l.data)
	return sw, sw.SetRow("A1", head, excelize.RowOpts{Height: 20})
}

// add writes one row and says where it went.
func (l *list) add(values []any) (sheet string, row int, err error) {
	if err := l.more(); err != nil {
		return "", 0, err
	}
	return l.sheets[len(l.sheets)-1], l.row, l.data.setRow(l.row, values)
}

// begin starts a row to be written a cell at a time; sheetData.end ends it.
func (l *list) begin() (*sheetData, error) {
	if err := l.more(); err != nil {
		return nil, err
	}
	return l.data, l.data.begin(l.row)
}

// more makes room for one more row, on the next sheet if this one is full.
func (l *list) more() error {
	if l.row >= maxRows {
		if err := l.finish(); err != nil {
			return err
		}
		if err := l.next(); err != nil {
			return err
		}
	}
	l.row++
	return nil
}

// finish puts the filter on the current sheet, and the dropdown of the
// status column, and ends its stream.
func (l *list) finish() error {
	sheet := l.sheets[len(l.sheets)-1]
	if err := l.w.f.AutoFilter(sheet, "A1:"+ref(len(l.header), l.row), nil); err != nil {
		return err
	}
	if l.status > 0 {
		if err := addStatusDropdown(l.w.f, sheet, l.status); err != nil {
			return err
		}
	}
	return l.sw.Flush()
}

// addStatusDropdown lets the status column of sheet take only the review
// statuses, chosen from a list, on every row below the header: the rows
// an office adds or sorts keep it.
func addStatusDropdown(f *excelize.File, sheet string, col int) error {
	c, _ := excelize.ColumnNumberToName(col)
	dv := excelize.NewDataValidation(true)
	dv.SetSqref(fmt.Sprintf("%s2:%s%d", c, c, excelize.TotalRows))
	if err := dv.SetDropList(sheets.ReviewStatuses()); err != nil {
		return err
	}
	dv.SetInput("状态", "选择处理结果；选“非错误”时请在“审核说明”中写明理由")
	dv.SetError(excelize.DataValidationErrorStyleStop, "状态", "请从列表中选择："+strings.Join(sheets.ReviewStatuses(), "、"))
	return f.AddDataValidation(sheet, dv)
}

// printSetup makes a list sheet print as offices print it: landscape, one
// page wide however long, the header row on every page, and a footer with
// the workbook's name and the page number, so a stack of printed pages
// can be put back in order and traced to its file.
func printSetup(f *excelize.File, sheet string) error {
	landscape, wide, tall := "landscape", 1, 0
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &wide, FitToHeight: &tall}); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddFooter: "&L&F &A&R第 &P 页，共 &N 页",
	}); err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", RefersTo: "'" + sheet + "'!$1:$1", Scope: sheet,
	})
}
