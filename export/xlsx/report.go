package xlsx

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/nianbao/nianbao/export"
	"github.com/nianbao/nianbao/export/sheets"
	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/display"
	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
)

// reportCols is the width of a report sheet: 表四 has 15 number columns.
const reportCols = 15

// colWidths of a report sheet: A to C carry the labels of 表三.
var colWidths = []float64{20, 22, 36}

// cellOp writes one cell of a report sheet.
type cellOp struct {
	ref   string
	value any
	style int
}

// note is a comment on a flagged cell.
type note struct {
	ref  string
	text string
}

// plan is a report sheet, laid out when the result is added so that only
// this (not the report) is kept until the workbook is written.
type plan struct {
	name     string
	findings bool // the report has findings
	dropped  bool // a clean report's sheet given up when the batch outgrew the limit
	ops      []cellOp
	merges   [][2]string
	heights  map[int]float64
	notes    []note
	links    [][2]string // cell, location
	// target is, per finding, the cell 问题清单 links to.
	target []string
}

// drop gives up the sheet; the summary row still points at the plan, so
// its contents are freed here.
func (p *plan) drop() {
	p.dropped = true
	p.ops, p.merges, p.heights, p.notes, p.links = nil, nil, nil, nil, nil
}

// builder lays out a plan.
type builder struct {
	p     *plan
	st    *styles
	row   int               // next free row, 1-based
	where map[string]string // cell or row key → cell reference
}

func ref(col, row int) string {
	s, _ := excelize.CoordinatesToCellName(col, row)
	return s
}

// set writes one cell. Strings are copied: a cell's raw text points into
// the report's text, which must not stay alive with the plan.
func (b *builder) set(col, row int, v any, style int) {
	if s, ok := v.(string); ok {
		v = strings.Clone(s)
	}
	b.p.ops = append(b.p.ops, cellOp{ref(col, row), v, style})
}

// box writes v into a range and merges it; every cell gets the style so
// that borders run round the whole range.
func (b *builder) box(c1, r1, c2, r2 int, v any, style int) {
	for r := r1; r <= r2; r++ {
		for c := c1; c <= c2; c++ {
			if r == r1 && c == c1 {
				b.set(c, r, v, style)
			} else {
				b.set(c, r, nil, style)
			}
		}
	}
	if c1 != c2 || r1 != r2 {
		b.p.merges = append(b.p.merges, [2]string{ref(c1, r1), ref(c2, r2)})
	}
}

// cell writes the value of a table cell and records where it went.
func (b *builder) cell(rep *normalize.Report, key string, c1, r, c2 int) {
	c := rep.Cells[key]
	var v any
	mark := markMissing
	if c != nil {
		switch c.State {
		case normalize.StateNumber:
			v, mark = *c.Value, markNone
		case normalize.StateDash, normalize.StateUnreadable:
			v, mark = c.Raw, markNone
		case normalize.StateBlank:
			mark = markNone
		}
	}
	b.box(c1, r, c2, r, v, b.st.value[mark])
	b.where[key] = ref(c1, r)
}

// newPlan lays out the sheet of one report: a heading with the file's
// metadata, the three standard tables in the layout of the official
// template, and the report's findings; flagged cells are filled and carry
// the messages as comments.
func newPlan(st *styles, r export.Result, index int, name, lang string) *plan {
	rep := r.Report
	p := &plan{name: name, findings: len(r.Findings) > 0, heights: map[int]float64{}}
	b := &builder{p: p, st: st, row: 1, where: map[string]string{}}

	title := rep.Title.Value
	if title == "" {
		title = rep.Agency.Value
		if rep.Year > 0 {
			title += strconv.Itoa(rep.Year) + "年"
		}
		title += "政府信息公开工作年度报告"
	}
	b.set(1, 1, title, st.title)
	b.set(1, 2, "文件", st.label[markNone])
	b.box(2, 2, 10, 2, r.Path, st.label[markNone])
	meta := []any{"机关", rep.Agency.Value, "年度", yearOf(rep.Year), "模板", rep.Template, "状态", sheets.StatusOf(r).String()}
	b.set(1, 3, meta[0], st.label[markNone])
	b.box(2, 3, 4, 3, meta[1], st.label[markNone])
	for i := 2; i < len(meta); i++ {
		b.set(i+3, 3, meta[i], st.label[markNone])
	}
	b.set(1, 4, "返回汇总", st.link)
	p.links = append(p.links, [2]string{"A4", fmt.Sprintf("'%s'!A%d", sheets.SummaryName, index+1)})
	b.row = 6

	for _, tk := range normalize.TableKeys() {
		b.table(rep, tk)
		b.row++
	}
	b.findings(r, lang)
	return p
}

func yearOf(y int) any {
	if y == 0 {
		return nil
	}
	return y
}

// table writes the heading and layout of one standard table.
func (b *builder) table(rep *normalize.Report, key string) {
	var spec *normalize.TableSpec
	if prof := rep.Profile(key); prof != nil {
		spec = prof.Table(key)
	}
	heading := key
	for _, s := range normalize.Sections() {
		if spec != nil && s.Key == spec.Section || spec == nil && s.Key == key {
			heading = s.Number + "、" + s.Heading
		}
	}
	switch t := rep.Tables[key]; {
	case spec == nil:
		heading += "（未识别到统计表）"
	case t == nil || !t.Found:
		heading += "（报告中未找到此表）"
	case t.Truncated:
		heading += "（表格不完整）"
	}
	b.set(1, b.row, heading, b.st.heading)
	b.row++
	if spec == nil {
		return
	}
	switch spec.Layout {
	case normalize.LayoutBlocks:
		b.blocks(rep, spec)
	case normalize.LayoutRows:
		b.rows(rep, spec)
	default:
		b.columns(rep, spec)
	}
}

// blocks lays out a table such as 表二: per block a caption row, a header
// row and the rows; a block with fewer columns than the widest lets its
// last column span the rest, as the template does.
func (b *builder) blocks(rep *normalize.Report, spec *normalize.TableSpec) {
	type block struct {
		caption string
		rows    []*normalize.RowSpec
	}
	// Rows sit under their block's caption, blocks in the order their
	// first row comes; a row with no block gets a block of its own.
	var blocks []block
	at := map[string]int{}
	for _, rs := range spec.Rows {
		if i, ok := at[rs.Block]; ok && rs.Block != "" {
			blocks[i].rows = append(blocks[i].rows, rs)
			continue
		}
		at[rs.Block] = len(blocks)
		blocks = append(blocks, block{caption: rs.Block, rows: []*normalize.RowSpec{rs}})
	}
	cols := func(bl block) []string {
		seen := map[string]bool{}
		var out []string
		for _, c := range spec.Columns {
			for _, rs := range bl.rows {
				for _, k := range spec.RowColumns(rs) {
					if k == c.Key && !seen[k] {
						seen[k] = true
						out = append(out, k)
					}
				}
			}
		}
		return out
	}
	w := 1
	for _, bl := range blocks {
		w = max(w, len(cols(bl)))
	}
	st := b.st
	for _, bl := range blocks {
		cs := cols(bl)
		if bl.caption != "" {
			b.box(1, b.row, 1+w, b.row, bl.caption, st.header)
			b.row++
		}
		b.set(1, b.row, spec.LabelHeader, st.header)
		for i, c := range cs {
			end := 2 + i
			if i == len(cs)-1 {
				end = 1 + w
			}
			b.box(2+i, b.row, end, b.row, sheets.ColumnLabel(spec, c), st.header)
		}
		b.row++
		for _, rs := range bl.rows {
			b.set(1, b.row, sheets.Numbered(rs.LabelSpec), st.label[markNone])
			b.where[spec.Key+"."+rs.Key] = ref(1, b.row)
			for i, c := range cs {
				end := 2 + i
				if i == len(cs)-1 {
					end = 1 + w
				}
				if has(spec.RowColumns(rs), c) {
					b.cell(rep, spec.Key+"."+rs.Key+"."+c, 2+i, b.row, end)
				} else {
					b.box(2+i, b.row, end, b.row, nil, st.value[markNone])
				}
			}
			b.row++
		}
	}
}

func has[T comparable](list []T, s T) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// rows lays out a table such as 表三: three header rows (the label
// header, the column header, the columns under their parents), then the
// rows, each group of rows under its label merged down it, and inner
// groups (（三）不予公开) inside their outer one (三、本年度办理结果).
func (b *builder) rows(rep *normalize.Report, spec *normalize.TableSpec) {
	st := b.st
	r0 := b.row
	last := 3 + len(spec.Columns)
	b.box(1, r0, 3, r0+2, spec.LabelHeader, st.header)
	b.box(4, r0, last, r0, spec.ColumnHeader, st.header)
	for i := 0; i < len(spec.Columns); {
		c := spec.Columns[i]
		if c.Parent == "" {
			b.box(4+i, r0+1, 4+i, r0+2, c.Label, st.header)
			i++
			continue
		}
		j := i
		for j < len(spec.Columns) && spec.Columns[j].Parent == c.Parent {
			b.set(4+j, r0+2, spec.Columns[j].Label, st.header)
			j++
		}
		b.box(4+i, r0+1, 3+j, r0+1, c.Parent, st.header)
		i = j
	}
	b.row = r0 + 3
	rows := spec.Rows
	for i := 0; i < len(rows); {
		rs := rows[i]
		if rs.Group == "" {
			b.box(1, b.row, 3, b.row, sheets.Numbered(rs.LabelSpec), st.label[markNone])
			b.row1(rep, spec, rs, 3)
			i++
			continue
		}
		// A run of grouped rows, under the outermost group of its first.
		outer := spec.OuterGroup(rs.Group)
		j := i
		for j < len(rows) && rows[j].Group != "" {
			j++
		}
		b.box(1, b.row, 1, b.row+j-i-1, groupLabel(spec, outer), st.label[markNone])
		for k := i; k < j; {
			rs := rows[k]
			if rs.Group == outer {
				b.box(2, b.row, 3, b.row, sheets.Numbered(rs.LabelSpec), st.label[markNone])
				b.row1(rep, spec, rs, 3)
				k++
				continue
			}
			m := k
			for m < j && rows[m].Group == rs.Group {
				m++
			}
			b.box(2, b.row, 2, b.row+m-k-1, groupLabel(spec, rs.Group), st.label[markNone])
			for ; k < m; k++ {
				b.set(3, b.row, sheets.Numbered(rows[k].LabelSpec), st.label[markNone])
				b.row1(rep, spec, rows[k], 3)
			}
		}
		i = j
	}
}

// groupLabel is the label of group key as the template prints it; the key
// itself where the profile lacks the group.
func groupLabel(spec *normalize.TableSpec, key string) string {
	if g := spec.Group(key); g != nil {
		return sheets.Numbered(g.LabelSpec)
	}
	return key
}

// row1 writes the values of one row of a rows-layout table after its
// label, which ends in column labelEnd, and moves to the next row.
func (b *builder) row1(rep *normalize.Report, spec *normalize.TableSpec, rs *normalize.RowSpec, labelEnd int) {
	b.where[spec.Key+"."+rs.Key] = ref(labelEnd, b.row)
	for i, c := range spec.Columns {
		b.cell(rep, spec.Key+"."+rs.Key+"."+c.Key, labelEnd+1+i, b.row, labelEnd+1+i)
	}
	b.row++
}

// columns lays out a table such as 表四: each row's label over its band
// of columns (行政复议 over two header rows, 行政诉讼 over the rows it
// parents), the column labels of each band, and one row of numbers.
func (b *builder) columns(rep *normalize.Report, spec *normalize.TableSpec) {
	st := b.st
	r0 := b.row
	n := len(spec.Columns)
	for i := 0; i < len(spec.Rows); {
		rs := spec.Rows[i]
		c0 := 1 + i*n
		if rs.Parent == "" {
			b.box(c0, r0, c0+n-1, r0+1, rs.Label, st.header)
			b.where[spec.Key+"."+rs.Key] = ref(c0, r0)
			i++
			continue
		}
		j := i
		for j < len(spec.Rows) && spec.Rows[j].Parent == rs.Parent {
			cj := 1 + j*n
			b.box(cj, r0+1, cj+n-1, r0+1, spec.Rows[j].Label, st.header)
			b.where[spec.Key+"."+spec.Rows[j].Key] = ref(cj, r0+1)
			j++
		}
		b.box(c0, r0, j*n, r0, rs.Parent, st.header)
		i = j
	}
	for i, rs := range spec.Rows {
		for k, c := range spec.Columns {
			col := 1 + i*n + k
			b.set(col, r0+2, c.Label, st.header)
			b.cell(rep, spec.Key+"."+rs.Key+"."+c.Key, col, r0+3, col)
		}
	}
	b.row = r0 + 4
}

// findings lists the report's findings under the tables, marks the cells
// they concern, and records where 问题清单 should link to.
func (b *builder) findings(r export.Result, lang string) {
	p, st := b.p, b.st
	if len(r.Findings) == 0 {
		b.set(1, b.row, "未发现问题", st.heading)
		return
	}
	b.set(1, b.row, "本报告发现的问题", st.heading)
	b.row++
	b.set(1, b.row, "规则", st.header)
	b.set(2, b.row, "严重程度", st.header)
	b.set(3, b.row, "位置", st.header)
	b.box(4, b.row, 6, b.row, "单元格", st.header)
	b.box(7, b.row, reportCols, b.row, "说明", st.header)
	b.row++

	type mark struct {
		sev   validate.Severity
		lines []string
	}
	marks := map[string]*mark{}
	var order []string
	flag := func(key string, sev validate.Severity, line string) string {
		at, ok := b.where[key]
		if !ok {
			return ""
		}
		m := marks[at]
		if m == nil {
			m = &mark{}
			marks[at] = m
			order = append(order, at)
		}
		m.sev = max(m.sev, sev)
		m.lines = append(m.lines, line)
		return at
	}
	for _, f := range r.Findings {
		msg := f.Message.In(lang)
		sev := sheets.SeverityName(f.Severity)
		at := ""
		if f.Key != "" {
			at = flag(f.Key, f.Severity, fmt.Sprintf("%s %s：%s", f.Rule.ID, sev, msg))
		}
		for _, rel := range f.Related {
			if rel.Key != "" && rel.Key != f.Key && rel.Path == "" {
				flag(rel.Key, f.Severity, fmt.Sprintf("%s %s（相关）：%s", f.Rule.ID, sev, msg))
			}
		}
		if at == "" {
			at = ref(1, b.row)
		}
		p.target = append(p.target, at)

		b.set(1, b.row, f.Rule.ID, st.label[markOf(f.Severity)])
		b.set(2, b.row, sev, st.label[markNone])
		b.set(3, b.row, position(f.Pos), st.label[markNone])
		b.box(4, b.row, 6, b.row, f.Key, st.label[markNone])
		b.box(7, b.row, reportCols, b.row, msg, st.label[markNone])
		if lines := textLines(msg, 9*11); lines > 1 {
			p.heights[b.row] = 15 * float64(lines)
		}
		b.row++
	}
	// Flagged cells take the colour of their worst finding; the style of
	// the cell already written is swapped in place.
	for i, op := range p.ops {
		m := marks[op.ref]
		if m == nil {
			continue
		}
		switch {
		case has(st.value[:], op.style):
			p.ops[i].style = st.value[markOf(m.sev)]
		case has(st.label[:], op.style) || op.style == st.header:
			p.ops[i].style = st.label[markOf(m.sev)]
		}
	}
	for _, at := range order {
		m := marks[at]
		p.notes = append(p.notes, note{ref: at, text: strings.Join(m.lines, "\n")})
	}
}

// position formats a finding's place in the source for people.
func position(pos extract.Position) string {
	s := fmt.Sprintf("第 %d 行第 %d 列", pos.Line, pos.Column)
	if pos.Page > 0 {
		s = fmt.Sprintf("第 %d 页，", pos.Page) + s
	}
	return s
}

// textLines estimates how many lines text takes in a cell width columns
// wide, counting wide characters as two columns as Excel renders them.
func textLines(text string, cols int) int {
	lines := 0
	for _, l := range strings.Split(text, "\n") {
		lines += max(1, (display.Width(l)+cols-1)/cols)
	}
	return lines
}

// sheetName names a report's sheet: its position in the batch (which
// makes names unique), then the agency and year, cut to Excel's 31 UTF-16
// units, without the characters Excel forbids.
func sheetName(index int, r export.Result) string {
	prefix := strconv.Itoa(index) + " "
	body, suffix := "", ""
	if r.Report != nil {
		body = r.Report.Agency.Value
		if r.Report.Year > 0 {
			suffix = strconv.Itoa(r.Report.Year)
		}
	}
	if body == "" {
		body = strings.TrimSuffix(filepath.Base(r.Path), filepath.Ext(r.Path))
	}
	body = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\'`, r) || r < ' ' {
			return '_'
		}
		return r
	}, body)
	room := 31 - utf16Len(prefix) - utf16Len(suffix)
	for utf16Len(body) > room {
		_, size := utf8.DecodeLastRuneInString(body)
		body = body[:len(body)-size]
	}
	return strings.TrimSpace(prefix + body + suffix)
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
