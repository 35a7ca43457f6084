package normalize

import (
	"strings"
)

// Label is a name for people: how the printed report names a table, row,
// column or cell, in Chinese and English. Messages use labels; the
// canonical key stays in the key field for programs.
type Label struct {
	Zh string `json:"zh"`
	En string `json:"en"`
}

// In returns the label in lang ("en" or Chinese).
func (l Label) In(lang string) string {
	if lang == "en" {
		return l.En
	}
	return l.Zh
}

// tableSpec is the spec of table in the template the report follows for
// it, or nil.
func (r *Report) tableSpec(table string) *TableSpec {
	if p := r.Profile(table); p != nil {
		return p.Table(table)
	}
	return nil
}

// TableLabel names a table by the section that holds it, as readers do:
// 表三 is the table of section 三.
func (r *Report) TableLabel(table string) Label {
	t := r.tableSpec(table)
	if t == nil {
		return Label{Zh: "表 " + table, En: "table " + table}
	}
	for _, s := range Sections() {
		if s.Key == t.Section {
			return Label{Zh: "表" + s.Number, En: "table " + s.Number + " (" + t.TitleEn + ")"}
		}
	}
	return Label{Zh: "“" + t.Title + "”表", En: "table " + t.TitleEn}
}

// rowText is a row's label as printed: its group's numbering and label
// before its own (（四）无法提供 3.补正后申请内容仍不明确).
func rowText(t *TableSpec, rs *RowSpec) Label {
	zh := rs.Number + rs.Label
	en := rs.En
	if rs.Group != "" {
		for _, g := range t.Groups {
			if g.Key == rs.Group && g.Number != "" && g.Key != "result" {
				zh = g.Number + g.Label + " " + zh
				en = g.En + ": " + en
			}
		}
	}
	return Label{Zh: zh, En: en}
}

// RowLabel names a row of a table: 表三“（四）无法提供 3.补正后申请内容仍不明确”行.
func (r *Report) RowLabel(table, row string) Label {
	tl := r.TableLabel(table)
	t := r.tableSpec(table)
	if t == nil || t.Row(row) == nil {
		return Label{Zh: tl.Zh + "“" + row + "”行", En: tl.En + ", row " + row}
	}
	rl := rowText(t, t.Row(row))
	return Label{Zh: tl.Zh + "“" + rl.Zh + "”行", En: tl.En + ", row “" + rl.En + "”"}
}

// CellLabel names a cell by its row and column as printed:
// 表三“（四）无法提供 3.补正后申请内容仍不明确”行“自然人”列. A key of a
// table or a row gets the table's or the row's label; a row key ending
// in .* (a group of rows) the group's.
func (r *Report) CellLabel(key string) Label {
	table, rest, ok := strings.Cut(key, ".")
	if !ok {
		return r.TableLabel(table)
	}
	t := r.tableSpec(table)
	if t == nil {
		return Label{Zh: key, En: key}
	}
	if t.Row(rest) != nil {
		return r.RowLabel(table, rest)
	}
	i := strings.LastIndex(rest, ".")
	if i < 0 {
		return Label{Zh: key, En: key}
	}
	row, col := rest[:i], rest[i+1:]
	var rl Label
	switch {
	case t.Row(row) != nil:
		rl = r.RowLabel(table, row)
	case strings.HasSuffix(row, ".*"):
		g := strings.TrimSuffix(row, ".*")
		tl := r.TableLabel(table)
		rl = Label{Zh: tl.Zh + "“" + g + "”各行", En: tl.En + ", rows " + g}
		for _, gs := range t.Groups {
			if gs.Key == g {
				rl = Label{Zh: tl.Zh + "“" + gs.Number + gs.Label + "”各行", En: tl.En + ", rows “" + gs.En + "”"}
			}
		}
	default:
		return Label{Zh: key, En: key}
	}
	c := t.Column(col)
	if c == nil {
		return Label{Zh: key, En: key}
	}
	// A row of one column needs no column name unless the table has
	// several (表二 行政许可 has only 本年处理决定数量).
	return Label{Zh: rl.Zh + "“" + c.Label + "”列", En: rl.En + ", column “" + c.En + "”"}
}

// RowText is a row's label as the table prints it, without the table:
// （四）无法提供 3.补正后申请内容仍不明确.
func (r *Report) RowText(table, row string) Label {
	t := r.tableSpec(table)
	if t == nil || t.Row(row) == nil {
		return Label{Zh: row, En: row}
	}
	return rowText(t, t.Row(row))
}

// ColumnText is a column's label as the table prints it: 自然人.
func (r *Report) ColumnText(table, col string) Label {
	t := r.tableSpec(table)
	if t == nil || t.Column(col) == nil {
		return Label{Zh: col, En: col}
	}
	c := t.Column(col)
	return Label{Zh: c.Label, En: c.En}
}

// BasisLabels names the evidence of TemplateBasis as the printed tables
// do: each row, or column, found that only the chosen template has.
func (r *Report) BasisLabels() []Label {
	var out []Label
	for _, key := range r.TemplateBasis.Keys {
		table, rest, _ := strings.Cut(key, ".")
		t := r.tableSpec(table)
		switch {
		case t != nil && t.Row(rest) != nil:
			out = append(out, r.RowLabel(table, rest))
		case t != nil && t.Column(rest) != nil:
			tl, c := r.TableLabel(table), t.Column(rest)
			out = append(out, Label{Zh: tl.Zh + "“" + c.Label + "”列", En: tl.En + ", column “" + c.En + "”"})
		default:
			out = append(out, Label{Zh: key, En: key})
		}
	}
	return out
}

// KeyLabel names a canonical key as the printed tables of template do,
// for a report known only by its template (one held in a store).
func KeyLabel(template, key string) Label {
	return (&Report{Template: template}).CellLabel(key)
}
