package normalize_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/html"
	"github.com/nianbao/nianbao/normalize"
)

func mustNormalizeHTML(tb testing.TB, page string) *normalize.Report {
	tb.Helper()
	doc, err := html.Read("t.html", []byte(page), extract.Limits{})
	require.NoError(tb, err)
	r, err := normalize.Normalize(doc)
	require.NoError(tb, err)
	return r
}

// states lists the state (and value, for numbers) of the cells of a row,
// in the template's column order, as "5", "blank", "missing".
func states(r *normalize.Report, prefix string, cols ...string) []string {
	var out []string
	for _, c := range cols {
		cell := r.Cell(prefix + "." + c)
		switch {
		case cell == nil:
			out = append(out, "nil")
		case cell.State == normalize.StateNumber:
			out = append(out, fmtFloat(*cell.Value))
		default:
			out = append(out, string(cell.State))
		}
	}
	return out
}

func fmtFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

var reviewCols = []string{"upheld", "corrected", "other", "pending", "total"}

const reviewHead = `<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
<tr><td rowspan="2">结果维持</td><td rowspan="2">结果纠正</td><td rowspan="2">其他结果</td><td rowspan="2">尚未审结</td><td rowspan="2">总计</td><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>
<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>
`

func reviewPage(valueRow string) string {
	return `<html><head><meta charset="utf-8"></head><body><div class="content">
<p>某市某区人民政府2023年政府信息公开工作年度报告</p>
<p>四、政府信息公开行政复议、行政诉讼情况</p>
<table border="1">` + reviewHead + valueRow + `</table>
<p>五、存在的主要问题及改进情况</p><p>无。</p></div></body></html>`
}

// TestBlankCells_ReviewNbsp: the value row of a real county page, blank
// cells written as &nbsp; directly in <td>: each value stays in its
// column (2 in 尚未审结, 7 in 总计), so TB104 holds.
func TestBlankCells_ReviewNbsp(t *testing.T) {
	r := mustNormalizeHTML(t, reviewPage(`<tr><td>5</td><td>&nbsp;</td><td>&nbsp;</td><td>2</td><td>7</td><td>8</td><td>&nbsp;</td><td>&nbsp;</td><td>1</td><td>9</td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td></tr>`))
	assert.Equal(t, []string{"5", "blank", "blank", "2", "7"}, states(r, "review.review", reviewCols...))
	assert.Equal(t, []string{"8", "blank", "blank", "1", "9"}, states(r, "review.suit_direct", reviewCols...))
	assert.Equal(t, []string{"blank", "blank", "blank", "blank", "blank"}, states(r, "review.suit_after_review", reviewCols...))
	assert.False(t, r.Tables["review"].Unfilled)
}

// TestBlankCells_ReviewEmptyForms: the other ways pages leave a cell
// empty keep its column too.
func TestBlankCells_ReviewEmptyForms(t *testing.T) {
	for _, blank := range []string{`<td></td>`, `<td/>`, `<td><p>&nbsp;</p></td>`, `<td><span>&nbsp;</span></td>`, `<td> </td>`} {
		row := "<tr><td>5</td>" + strings.Repeat(blank, 2) + "<td>2</td><td>7</td>" + strings.Repeat(blank, 10) + "</tr>"
		r := mustNormalizeHTML(t, reviewPage(row))
		assert.Equal(t, []string{"5", "blank", "blank", "2", "7"}, states(r, "review.review", reviewCols...), blank)
	}
	for _, dash := range []string{`<td>—</td>`, `<td>/</td>`, `<td>无</td>`, `<td>-</td>`} {
		row := "<tr><td>5</td>" + strings.Repeat(dash, 2) + "<td>2</td><td>7</td>" + strings.Repeat(dash, 10) + "</tr>"
		r := mustNormalizeHTML(t, reviewPage(row))
		assert.Equal(t, []string{"5", "dash", "dash", "2", "7"}, states(r, "review.review", reviewCols...), dash)
	}
}

// TestCells_Signed: a plus sign keeps a number positive (it once
// negated it, as a minus does), full-width signs and percent read as
// their ASCII forms.
func TestCells_Signed(t *testing.T) {
	row := "<tr><td>+5</td><td>－1</td><td>＋2</td><td>0</td><td>6</td>" + strings.Repeat("<td>0</td>", 10) + "</tr>"
	r := mustNormalizeHTML(t, reviewPage(row))
	assert.Equal(t, []string{"5", "-1", "2", "0", "6"}, states(r, "review.review", reviewCols...))
}

// TestBlankCells_ReviewUnfilled: a value row left entirely blank is an
// unfilled table, not a missing one.
func TestBlankCells_ReviewUnfilled(t *testing.T) {
	r := mustNormalizeHTML(t, reviewPage("<tr>"+strings.Repeat("<td>&nbsp;</td>", 15)+"</tr>"))
	tbl := r.Tables["review"]
	require.True(t, tbl.Found)
	assert.True(t, tbl.Unfilled)
	assert.Empty(t, tbl.MissingRows)
	assert.Equal(t, []string{"blank", "blank", "blank", "blank", "blank"}, states(r, "review.review", reviewCols...))
}

// TestBlankCells_OneCellPerLine: text copied one cell per line writes a
// blank cell as an empty line (5, "", "", 2 …).
func TestBlankCells_OneCellPerLine(t *testing.T) {
	head := []string{"行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉",
		"结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"}
	values := []string{"5", "", "", "2", "7", "8", "", "", "1", "9", "0", "0", "0", "0", "0"}
	text := "某县某局2023年政府信息公开工作年度报告\n四、政府信息公开行政复议、行政诉讼情况\n" +
		strings.Join(head, "\n") + "\n" + strings.Join(values, "\n") + "\n五、存在的主要问题及改进情况\n无。\n"
	r := mustNormalize(t, text)
	assert.Equal(t, []string{"5", "blank", "blank", "2", "7"}, states(r, "review.review", reviewCols...))
	assert.Equal(t, []string{"8", "blank", "blank", "1", "9"}, states(r, "review.suit_direct", reviewCols...))
	assert.Equal(t, []string{"0", "0", "0", "0", "0"}, states(r, "review.suit_after_review", reviewCols...))
}

// TestBlankCells_OneCellPerLineSpaced: where every line is followed by an
// empty line (pages copied with paragraph spacing), only the extra empty
// lines are blank cells.
func TestBlankCells_OneCellPerLineSpaced(t *testing.T) {
	head := []string{"行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉",
		"结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"}
	values := []string{"5", "", "", "2", "7", "8", "", "", "1", "9", "0", "0", "0", "0", "0"}
	var sb strings.Builder
	sb.WriteString("某县某局2023年政府信息公开工作年度报告\n\n四、政府信息公开行政复议、行政诉讼情况\n\n")
	for _, h := range head {
		sb.WriteString(h + "\n\n")
	}
	for _, v := range values {
		if v == "" {
			sb.WriteString("\n")
			continue
		}
		sb.WriteString(v + "\n\n")
	}
	sb.WriteString("五、存在的主要问题及改进情况\n\n无。\n")
	r := mustNormalize(t, sb.String())
	assert.Equal(t, []string{"5", "blank", "blank", "2", "7"}, states(r, "review.review", reviewCols...))
	assert.Equal(t, []string{"8", "blank", "blank", "1", "9"}, states(r, "review.suit_direct", reviewCols...))
}

// TestBlankCells_SplitLabelBlankRow: a row left blank whose label was
// split over two cells ("…不计其他情形" | "）") keeps its row; the stray
// bracket must not be joined with the next row's label.
func TestBlankCells_SplitLabelBlankRow(t *testing.T) {
	blank := strings.Repeat("<td></td>", 7)
	page := `<html><head><meta charset="utf-8"></head><body><div class="content">
<p>某县某局2023年政府信息公开工作年度报告</p><p>三、收到和处理政府信息公开申请情况</p><table border="1">
<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>6</td><td></td><td></td><td></td><td></td><td></td><td>6</td></tr>
<tr><td rowspan="3">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>4</td><td></td><td></td><td></td><td></td><td></td><td>4</td></tr>
<tr><td>（二）部分公开（区分处理的，只计这一情形，不计其他情形</td><td>）</td>` + blank + `</tr>
<tr><td>（三）不予公开</td><td>1.属于国家秘密</td>` + blank + `</tr>
</table><p>四、政府信息公开行政复议、行政诉讼情况</p></div></body></html>`
	r := mustNormalizeHTML(t, page)
	assert.NotContains(t, r.Tables["requests"].MissingRows, "partly_granted")
	assert.Equal(t, []string{"blank", "blank"}, states(r, "requests.partly_granted", "natural_person", "total"))
	assert.Equal(t, []string{"blank", "blank"}, states(r, "requests.withheld.state_secret", "natural_person", "total"))
	assert.Equal(t, []string{"4", "4"}, states(r, "requests.granted", "natural_person", "total"))
}

// TestOneCellPerLine_NumberedLabelCut: a numbered label wrapped after its
// first character (1.属 / 于国家秘密) is a label, not an unreadable number.
func TestOneCellPerLine_NumberedLabelCut(t *testing.T) {
	lines := []string{"某县某局2023年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
		"自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计",
		"一、本年新收政府信息公开申请数量", "4", "0", "0", "0", "0", "0", "4",
		"（三）不予公开", "1.属", "于国家秘密", "3", "1", "0", "0", "0", "0", "4",
		"2.其他法律行政法规禁止公开", "0", "0", "0", "0", "0", "0", "0",
		"四、政府信息公开行政复议、行政诉讼情况"}
	r := mustNormalize(t, strings.Join(lines, "\n")+"\n")
	assert.Equal(t, []string{"3", "1", "4"}, states(r, "requests.withheld.state_secret", "natural_person", "commercial", "total"))
	for _, l := range r.Labels {
		if l.Key == "withheld.state_secret" {
			assert.Equal(t, 1.0, l.Score, l.Raw)
		}
	}
}
