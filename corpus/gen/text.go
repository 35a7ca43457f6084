package gen

import (
	"fmt"
	"strings"
)

// Text renders r as plain text, as reports are copied out of web pages
// and PDFs: paragraphs a line each, tables in the layout d.Style names.
func Text(r *Report, d Damage) []byte {
	var sb strings.Builder
	c := newChrome(r)
	if d.Chrome {
		for _, l := range c.top {
			sb.WriteString(l + "\n")
		}
		sb.WriteString("\n")
	}
	for _, b := range r.layout(d) {
		switch b.kind {
		case bTable:
			writeTextTable(&sb, b.table, d.Style, pageBreak(b.table, d))
		default:
			sb.WriteString(b.text)
		}
		sb.WriteString("\n\n")
	}
	if d.Chrome && !d.Truncate {
		for _, l := range c.bottom {
			sb.WriteString(l + "\n")
		}
	}
	return []byte(sb.String())
}

// pageNumbers are the page numbers a PDF prints in its margin, as a copy
// of its text keeps them among a table's cells (淮安市洪泽区 2024: 行政许可,
// -2-, 本年处理决定数量, 9487).
var pageNumbers = [...]string{"-3-", "- 3 -", "第3页"}

// pageBreak is the page number a copy one cell a line keeps inside table
// 三 for half the seeds (decided by the seed, which draws nothing, so
// that every other report stays as it was), "" for none.
func pageBreak(t *gtable, d Damage) string {
	if d.Style != CellPerLine || t.key != "requests" || d.Seed%2 != 0 {
		return ""
	}
	return pageNumbers[(d.Seed/2)%int64(len(pageNumbers))]
}

// writeTextTable writes t in style; page, when not "", is a page number
// written on a line of its own after the middle row.
func writeTextTable(sb *strings.Builder, t *gtable, style TextStyle, page string) {
	oneLine := strings.NewReplacer("\n", "")
	switch style {
	case Tabs, Pipes:
		for _, row := range gridRows(t) {
			for i := range row {
				row[i] = oneLine.Replace(row[i])
			}
			if style == Tabs {
				sb.WriteString(strings.Join(row, "\t"))
			} else {
				sb.WriteString("| " + strings.Join(row, " | ") + " |")
			}
			sb.WriteString("\n")
		}
	case PipePerLine:
		// Only real cells: merged positions leave no trace when a page is
		// copied cell by cell.
		for _, row := range t.rows {
			sb.WriteString("|\n")
			for _, c := range row.cells {
				sb.WriteString(oneLine.Replace(c.text) + " |\n")
			}
		}
	case CellPerLine:
		for i, row := range t.rows {
			for _, c := range row.cells {
				sb.WriteString(c.text + "\n")
			}
			if page != "" && i == len(t.rows)/2 {
				sb.WriteString(page + "\n")
			}
		}
	default:
		panic(fmt.Sprintf("gen: unknown text style %d", style))
	}
}

// gridRows expands a table to its grid: each cell's text at its first
// position, "" wherever a merged cell extends.
func gridRows(t *gtable) [][]string {
	out := make([][]string, len(t.rows))
	for i := range out {
		out[i] = make([]string, t.cols)
	}
	for i, row := range t.rows {
		for _, c := range row.cells {
			out[i][c.col] = c.text
		}
	}
	return out
}

// chrome is the text of the web page around a report.
type chrome struct {
	site                string
	top, bottom         []string
	date, icp, security string
	views               int
}

// icpPrefix is the one-character province abbreviation ICP numbers start
// with, by the first two digits of the division code.
var icpPrefix = map[string]string{
	"11": "京", "12": "津", "13": "冀", "14": "晋", "15": "蒙", "21": "辽", "22": "吉", "23": "黑",
	"31": "沪", "32": "苏", "33": "浙", "34": "皖", "35": "闽", "36": "赣", "37": "鲁", "41": "豫",
	"42": "鄂", "43": "湘", "44": "粤", "45": "桂", "46": "琼", "50": "渝", "51": "蜀", "52": "黔",
	"53": "滇", "54": "藏", "61": "陕", "62": "甘", "63": "青", "64": "宁", "65": "新",
}

func newChrome(r *Report) chrome {
	code := r.place.Code
	p := icpPrefix[code[:2]]
	seed := int(r.Seed % 100000)
	if seed < 0 {
		seed = -seed
	}
	c := chrome{
		site:     r.Agency,
		date:     fmt.Sprintf("%d-01-%02d", r.Year+1, 10+seed%20),
		icp:      fmt.Sprintf("%sICP备%08d号-1", p, 5000000+seed*37%4000000),
		security: fmt.Sprintf("%s公网安备 %s%08d号", p, code[:6], seed*13%100000000),
		views:    100 + seed%5000,
	}
	c.top = []string{
		"无障碍  长者模式  繁體版",
		"首页 > 政务公开 > 法定主动公开内容 > 政府信息公开年报",
		"当前位置：首页 > 政务公开 > 政府信息公开年报",
		fmt.Sprintf("发布时间：%s 来源：%s 浏览次数：%d", c.date, r.Agency, c.views),
		"字号：大 中 小 【打印】【关闭】",
	}
	c.bottom = []string{
		"【打印本页】 【关闭窗口】",
		"主办单位：" + r.Agency + " 网站标识码：" + code[:6] + "0001",
		c.icp + " " + c.security,
	}
	return c
}
