package sheets

import (
	"strings"
	"unicode/utf8"

	"github.com/nianbao/nianbao/normalize"
)

// Numbered returns a label with the numbering the template prints before
// it: "（一）予以公开", "1.属于国家秘密", "三、本年度办理结果".
func Numbered(l normalize.LabelSpec) string {
	n := l.Number
	if n != "" {
		// Group numbers are stored bare ("三"); rows carry their punctuation.
		if r, _ := utf8.DecodeLastRuneInString(n); !strings.ContainsRune("、.．）)", r) {
			n += "、"
		}
	}
	return n + l.Label
}

// RowLabel returns the label of a row as the template prints it, after
// the labels it sits under, so that it reads on its own:
// "（三）不予公开 / 1.属于国家秘密", "行政诉讼 / 未经复议直接起诉".
func RowLabel(t *normalize.TableSpec, row string) string {
	rs := t.Row(row)
	if rs == nil {
		return row
	}
	parts := []string{Numbered(rs.LabelSpec)}
	if g := t.Group(rs.Group); g != nil {
		parts = append([]string{Numbered(g.LabelSpec)}, parts...)
	}
	if rs.Parent != "" {
		parts = append([]string{rs.Parent}, parts...)
	}
	return strings.Join(parts, " / ")
}

// ColumnLabel returns the label of a column with the header above it:
// "法人或其他组织 / 商业企业".
func ColumnLabel(t *normalize.TableSpec, col string) string {
	c := t.Column(col)
	if c == nil {
		return col
	}
	if c.Parent != "" {
		return c.Parent + " / " + c.Label
	}
	return c.Label
}

// StateName returns the Chinese name of a cell state.
func StateName(s normalize.State) string {
	switch s {
	case normalize.StateNumber:
		return "数值"
	case normalize.StateBlank:
		return "空白"
	case normalize.StateDash:
		return "横线"
	case normalize.StateMissing:
		return "缺失"
	case normalize.StateUnreadable:
		return "无法识别"
	}
	return string(s)
}
