package sheets

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
	"github.com/nianbao/nianbao/validate/review"
)

// Names of the four views, used as sheet names and CSV file names.
const (
	SummaryName = "汇总"
	FindingName = "问题清单"
	DataName    = "数据"
	FailureName = "错误文件"
)

// Headers of the views. They stay Chinese whatever the message language,
// so that a column keeps its name across runs.
var (
	// SummaryFixed are the columns of 汇总 before the key numbers.
	SummaryFixed  = []string{"文件", "机关", "地区", "地区代码", "年度", "模板", "状态", "错误数", "警告数", "提示数"}
	FindingHeader = []string{"文件", "机关", "规则", "标题", "严重程度", "页", "行", "列", "单元格", "说明", "修改建议", "单元格键"}
	DataHeader    = []string{"文件", "机关", "地区代码", "年度", "模板", "表", "行键", "列键", "行标签", "列标签", "值", "状态", "原文"}
	FailureHeader = []string{"文件", "原因"}
	// ReviewHeader are the review columns that end each row of 问题清单,
	// after all the others (in the workbook, after its link column too),
	// so that programs reading the columns before them by position keep
	// working: the status (ReviewStatuses, a dropdown in the workbook),
	// the reason for it, and the finding's fingerprint, by which
	// "nianbao review import" matches a row however the rows were sorted
	// or filtered (hidden in the workbook).
	ReviewHeader = []string{"状态", "审核说明", "指纹"}
)

// ReviewStatuses are the values of the 状态 column: 待处理, 已确认, 非错误
// and 已修正.
func ReviewStatuses() []string {
	var out []string
	for _, st := range review.Statuses {
		out = append(out, st.Name().Zh)
	}
	return out
}

// SummaryHeader returns the header of 汇总: SummaryFixed, then the labels
// of KeyNumbers, then SummarySource.
func SummaryHeader() []string {
	head := append([]string{}, SummaryFixed...)
	for _, k := range KeyNumbers() {
		head = append(head, k.Label)
	}
	return append(head, SummarySource...)
}

// SummarySource are the last columns of 汇总: how the file was read (see
// export.Source), so that an office can show which file it checked.
var SummarySource = []string{"格式", "页数", "OCR", "模板依据", "字节数", "SHA-256"}

// KeyNumbers are the key numbers 汇总 gives for every report, those of
// the newest template that lists any: one set of columns, whatever
// templates the reports of a batch follow.
func KeyNumbers() []*normalize.KeyNumber {
	ps := normalize.Profiles()
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].FirstYear > ps[j].FirstYear })
	for _, p := range ps {
		if len(p.KeyNumbers) > 0 {
			return p.KeyNumbers
		}
	}
	return nil
}

// Status is the verdict on one file in the summary.
type Status int

const (
	StatusOK Status = iota
	StatusWarnings
	StatusErrors
	StatusFailed
)

func (s Status) String() string {
	switch s {
	case StatusWarnings:
		return "有警告"
	case StatusErrors:
		return "有错误"
	case StatusFailed:
		return "无法处理"
	}
	return "正常"
}

// StatusOf judges a result. A file whose check did not finish counts as
// failed even when some findings were made, since "正常" would claim more
// than was checked.
func StatusOf(r export.Result) Status {
	if r.Err != nil || r.Report == nil {
		return StatusFailed
	}
	s := StatusOK
	for _, f := range r.Findings {
		switch f.Severity {
		case validate.Error:
			return StatusErrors
		case validate.Warning:
			s = StatusWarnings
		}
	}
	return s
}

// SeverityName returns the Chinese name of a severity (see
// validate.Severity.Name).
func SeverityName(s validate.Severity) string { return s.Name().Zh }

// Summary is one row of 汇总.
type Summary struct {
	Path       string
	Agency     string
	Region     string // names of the region from the province down, e.g. 山东省淄博市淄川区
	RegionCode string
	Year       int // 0 unknown
	Template   string
	Status     Status
	Errors     int
	Warnings   int
	Infos      int
	// Keys are the key numbers, in KeyNumbers order; nil where not read
	// as numbers (a dash or blank cell is not silently 0 here).
	Keys []*float64
	// How the file was read (SummarySource).
	Format string
	Pages  int    // 0 unpaged
	OCR    string // 否, or 是 with pages and mean confidence
	Basis  string // what decided the template
	Bytes  int64
	SHA256 string
}

// SummaryOf summarises one result.
func SummaryOf(r export.Result) Summary {
	keys := KeyNumbers()
	s := Summary{Path: r.Path, Status: StatusOf(r), Keys: make([]*float64, len(keys))}
	for _, f := range r.Findings {
		switch f.Severity {
		case validate.Error:
			s.Errors++
		case validate.Warning:
			s.Warnings++
		default:
			s.Infos++
		}
	}
	rep := r.Report
	if rep == nil {
		return s
	}
	s.Agency = rep.Agency.Value
	s.Region = regionName(rep.Region)
	s.RegionCode = rep.Region.Code
	s.Year = rep.Year
	s.Template = rep.Template
	if src := export.SourceOf(rep, "zh"); src != nil {
		s.Format, s.Pages, s.Bytes, s.SHA256 = src.Format, src.Pages, src.Bytes, src.SHA256
		s.OCR = "否"
		if src.OCR.Used {
			s.OCR = fmt.Sprintf("是（%d 页，平均置信度 %.2f）", src.OCR.Pages, src.OCR.MeanConfidence)
		}
		s.Basis = src.Template.Basis("zh")
	}
	// A key number adds the cells the report's own template names under
	// its label, so that a template may count it from other rows.
	var own []*normalize.KeyNumber
	if p := rep.Profile(""); p != nil {
		own = p.KeyNumbers
	}
	for i, k := range keys {
		cells := k.Cells
		for _, o := range own {
			if o.Label == k.Label {
				cells = o.Cells
			}
		}
		s.Keys[i] = keyNumber(rep, cells...)
	}
	return s
}

// keyNumber adds cells up when every one can be counted and at least one
// holds a number; a dash next to a number counts as 0, as the template
// intends, but a total made only of dashes is not a reading.
func keyNumber(rep *normalize.Report, keys ...string) *float64 {
	sum, read := 0.0, false
	for _, k := range keys {
		c := rep.Cell(k)
		v, ok := c.Num()
		if !ok {
			return nil
		}
		read = read || c.State == normalize.StateNumber
		sum += v
	}
	if !read {
		return nil
	}
	return &sum
}

func regionName(r normalize.Region) string {
	var b strings.Builder
	last := ""
	for _, n := range []string{r.Province, r.Prefecture, r.County, r.Township} {
		if n != "" && n != last {
			b.WriteString(n)
			last = n
		}
	}
	return b.String()
}

// Values returns the row in SummaryHeader order: strings, ints and
// float64s, nil for an empty cell.
func (s Summary) Values() []any {
	vals := []any{str(s.Path), str(s.Agency), str(s.Region), str(s.RegionCode), countValue(s.Year), str(s.Template), s.Status.String(),
		s.Errors, s.Warnings, s.Infos}
	for _, k := range s.Keys {
		vals = append(vals, num(k))
	}
	return append(vals, str(s.Format), countValue(s.Pages), str(s.OCR), str(s.Basis), count64(s.Bytes), str(s.SHA256))
}

// FindingRow is one row of 问题清单.
type FindingRow struct {
	Path     string
	Agency   string
	Rule     string
	Title    string
	Severity validate.Severity
	Page     int    // 1-based; 0 unpaged
	Line     int    // 1-based
	Column   int    // 1-based, in characters
	Key      string // canonical key, for programs
	Label    string // the cell as the table prints it, for people
	Message  string
	Fix      string // the suggested fixes, one after another
	// The review: the decision's status (Pending without one), its
	// reason, and the finding's fingerprint.
	Status      review.Status
	Reason      string
	Fingerprint string
}

// FindingRows returns one row per finding, in the result's order, with
// messages in lang ("zh" or "en").
func FindingRows(r export.Result, lang string) []FindingRow {
	return findingRows(r, r.Findings, export.Decisions(r), lang)
}

// IgnoredRows returns one row per finding a review dismissed, as
// FindingRows does.
func IgnoredRows(r export.Result, lang string) []FindingRow {
	return findingRows(r, r.Ignored, r.IgnoredReview, lang)
}

func findingRows(r export.Result, fs []validate.Finding, ds []review.Decision, lang string) []FindingRow {
	agency := ""
	if r.Report != nil {
		agency = r.Report.Agency.Value
	}
	sep := "；"
	if lang == "en" {
		sep = "; "
	}
	rows := make([]FindingRow, 0, len(fs))
	for i, f := range fs {
		var fixes []string
		for _, fx := range f.Fixes {
			fixes = append(fixes, fx.Message.In(lang))
		}
		row := FindingRow{
			Path: r.Path, Agency: agency, Rule: f.Rule.ID, Title: f.Rule.Title.In(lang), Severity: f.Severity,
			Page: f.Pos.Page, Line: f.Pos.Line, Column: f.Pos.Column, Key: f.Key, Label: f.Label.In(lang),
			Message: f.Message.In(lang), Fix: strings.Join(fixes, sep),
		}
		if i < len(ds) {
			row.Status, row.Reason, row.Fingerprint = ds[i].Status(), ds[i].Reason(), ds[i].Fingerprint
		}
		rows = append(rows, row)
	}
	return rows
}

// Values returns the row in FindingHeader order.
func (f FindingRow) Values() []any {
	return []any{str(f.Path), str(f.Agency), f.Rule, str(f.Title), SeverityName(f.Severity),
		countValue(f.Page), countValue(f.Line), countValue(f.Column), str(f.Label), str(f.Message), str(f.Fix), str(f.Key)}
}

// ReviewValues returns the row's review columns in ReviewHeader order;
// the status is always written (待处理 without a decision), so that a
// filter on the column shows every row.
func (f FindingRow) ReviewValues() []any {
	return []any{f.Status.Name().Zh, str(f.Reason), str(f.Fingerprint)}
}

// DataRow is one cell of one report in 数据.
type DataRow struct {
	Path       string
	Agency     string
	RegionCode string
	Year       int
	Template   string // template of the cell's table
	Table      string // table key
	Row        string // row key
	Col        string // column key
	RowLabel   string
	ColLabel   string
	Value      *float64 // nil unless State is number
	State      normalize.State
	Raw        string
}

// DataRows returns every cell of the report's model: the standard
// tables in template order, rows then columns, and after them any cell
// the profiles do not list, by key. A failed file has none.
func DataRows(r export.Result) []DataRow {
	rep := r.Report
	if rep == nil || len(rep.Cells) == 0 {
		return nil
	}
	rows := make([]DataRow, 0, len(rep.Cells))
	add := func(c *normalize.Cell, spec *normalize.TableSpec, sc *specCell) {
		d := DataRow{
			Path: r.Path, Agency: rep.Agency.Value, RegionCode: rep.Region.Code, Year: rep.Year,
			Template: rep.Template, Table: c.Table, Row: c.Row, Col: c.Col,
			Value: c.Value, State: c.State, Raw: c.Raw,
		}
		if t := rep.Tables[c.Table]; t != nil && t.Template != "" {
			d.Template = t.Template
		}
		d.RowLabel, d.ColLabel = c.Row, c.Col
		switch {
		case sc != nil && sc.row == c.Row && sc.col == c.Col:
			d.RowLabel, d.ColLabel = sc.rowLabel, sc.colLabel
		case spec != nil:
			d.RowLabel, d.ColLabel = RowLabel(spec, c.Row), ColumnLabel(spec, c.Col)
		}
		rows = append(rows, d)
	}
	for _, tk := range normalize.TableKeys() {
		spec := tableSpec(rep, tk)
		if spec == nil {
			continue
		}
		cells := cellsOf(spec)
		for i := range cells {
			if c := rep.Cells[cells[i].key]; c != nil {
				add(c, spec, &cells[i])
			}
		}
	}
	if len(rows) == len(rep.Cells) {
		return rows
	}
	listed := make(map[string]bool, len(rows))
	for _, d := range rows {
		listed[d.Table+"."+d.Row+"."+d.Col] = true
	}
	var rest []string
	for k := range rep.Cells {
		if !listed[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	for _, k := range rest {
		c := rep.Cells[k]
		add(c, tableSpec(rep, c.Table), nil)
	}
	return rows
}

// specCell is a cell a table spec lists, with its labels.
type specCell struct{ key, row, col, rowLabel, colLabel string }

// specCells holds cellsOf for each table spec met: the specs are compiled
// once, and 数据 labels every cell of every report.
var specCells sync.Map // *normalize.TableSpec → []specCell

// cellsOf returns the cells of spec.CellKeys, in its order, with the
// labels RowLabel and ColumnLabel give them.
func cellsOf(spec *normalize.TableSpec) []specCell {
	if v, ok := specCells.Load(spec); ok {
		return v.([]specCell)
	}
	var cells []specCell
	for _, r := range spec.Rows {
		for _, c := range spec.RowColumns(r) {
			cells = append(cells, specCell{
				key: spec.Key + "." + r.Key + "." + c, row: r.Key, col: c,
				rowLabel: RowLabel(spec, r.Key), colLabel: ColumnLabel(spec, c),
			})
		}
	}
	v, _ := specCells.LoadOrStore(spec, cells)
	return v.([]specCell)
}

func tableSpec(rep *normalize.Report, table string) *normalize.TableSpec {
	if p := rep.Profile(table); p != nil {
		return p.Table(table)
	}
	return nil
}

// Values returns the row in DataHeader order.
func (d DataRow) Values() []any {
	var v valueList
	d.WriteCells(&v)
	return v
}

// WriteCells gives w the cells of Values, typed: 数据 has a row for every
// cell of every report, too many to box each value for.
func (d DataRow) WriteCells(w CellWriter) {
	text(w, d.Path)
	text(w, d.Agency)
	text(w, d.RegionCode)
	count(w, d.Year)
	text(w, d.Template)
	w.String(d.Table)
	w.String(d.Row)
	w.String(d.Col)
	w.String(d.RowLabel)
	w.String(d.ColLabel)
	if d.Value != nil {
		w.Float(*d.Value)
	} else {
		w.Empty()
	}
	w.String(StateName(d.State))
	text(w, d.Raw)
}

// CellWriter takes the cells of a row one by one, in column order: Empty
// where Values has nil.
type CellWriter interface {
	Empty()
	String(s string)
	Int(n int)
	Float(v float64)
}

// valueList is a CellWriter that makes the row of Values.
type valueList []any

func (v *valueList) Empty()          { *v = append(*v, nil) }
func (v *valueList) String(s string) { *v = append(*v, s) }
func (v *valueList) Int(n int)       { *v = append(*v, n) }
func (v *valueList) Float(f float64) { *v = append(*v, f) }

// text writes s, or an empty cell for "".
func text(w CellWriter, s string) {
	if s == "" {
		w.Empty()
	} else {
		w.String(s)
	}
}

// count writes n, or an empty cell for 0.
func count(w CellWriter, n int) {
	if n == 0 {
		w.Empty()
	} else {
		w.Int(n)
	}
}

// Failure is one row of 错误文件.
type Failure struct {
	Path   string
	Reason string
}

// FailureOf returns the failure of a result, if it has one.
func FailureOf(r export.Result) (Failure, bool) {
	if r.Err == nil {
		return Failure{}, false
	}
	return Failure{Path: r.Path, Reason: r.Err.Error()}, true
}

// Values returns the row in FailureHeader order.
func (f Failure) Values() []any { return []any{f.Path, f.Reason} }

func str(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func countValue(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

func count64(n int64) any {
	if n == 0 {
		return nil
	}
	return n
}

func num(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}
