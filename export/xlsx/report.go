package xlsx

import (
	"fmt"
	"path/filepath"
	"slices"
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

// table writes the heading and the official layout of one standard
// table (see sheets.Layout).
func (b *builder) table(rep *normalize.Report, key string) {
	g := sheets.Layout(rep, key)
	b.set(1, b.row, g.Heading, b.st.heading)
	b.row++
	for _, x := range g.Boxes {
		c1, r1, c2, r2 := 1+x.Col, b.row+x.Row, 1+x.EndCol, b.row+x.EndRow
		switch x.Kind {
		case sheets.BoxValue:
			b.cell(rep, x.Key, c1, r1, c2)
		case sheets.BoxVoid:
			b.box(c1, r1, c2, r2, nil, b.st.value[markNone])
		case sheets.BoxLabel:
			b.box(c1, r1, c2, r2, x.Text, b.st.label[markNone])
		default:
			b.box(c1, r1, c2, r2, x.Text, b.st.header)
		}
	}
	for k, p := range g.Anchors {
		b.where[k] = ref(1+p.Col, b.row+p.Row)
	}
	b.row += g.Height
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
		case slices.Contains(st.value[:], op.style):
			p.ops[i].style = st.value[markOf(m.sev)]
		case slices.Contains(st.label[:], op.style) || op.style == st.header:
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
