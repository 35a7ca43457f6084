package normalize_test

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/html"
	"github.com/nianbao/nianbao/extract/txt"
	"github.com/nianbao/nianbao/internal/txtartest"
	"github.com/nianbao/nianbao/normalize"
)

func mustNormalize(tb testing.TB, text string) *normalize.Report {
	tb.Helper()
	r, err := normalize.Normalize(txt.Parse("t.txt", text))
	require.NoError(tb, err)
	return r
}

func value(tb testing.TB, r *normalize.Report, key string) float64 {
	tb.Helper()
	c := r.Cell(key)
	require.NotNil(tb, c, key)
	require.Equal(tb, normalize.StateNumber, c.State, "%s: raw %q", key, c.Raw)
	return *c.Value
}

const requestsHeader = "三、收到和处理政府信息公开申请情况\n"

// TestNormalize_DamagedLabels: labels as real reports damage them still
// find their rows, and the deviation is recorded.
func TestNormalize_DamagedLabels(t *testing.T) {
	rows := []string{
		"(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)\t\t申请人情况",
		"\t\t自 然 人\t法人或其他组织\t\t\t\t\t总计",
		"\t\t\t商 业 企 业\t科 研 机 构\t社 会 公 益 组 织\t法 律 服 务 机 构\t其 他\t",
		"一、本年新收政府信息公开申请数量\t\t1\t2\t3\t4\t5\t6\t21",
		"二、上年结转政府信息公开申请数量\t\t7\t0\t0\t0\t0\t0\t7",
		"三、 本 年 度 办 理 结 果\t(一) 予以公开\t8\t0\t0\t0\t0\t0\t8",
		"\t(三) 不予公 开\t1. 属于国家秘密\t9\t0\t0\t0\t0\t0\t9",
		"\t\t2. 其他法律行政止公开\t10\t0\t0\t0\t0\t0\t10",
		"(四) 无法提\t1. 本机关不掌握相关政府信息\t11\t0\t0\t0\t0\t0\t11",
		"供\t3.补正后申请内容仍不明确\t12\t0\t0\t0\t0\t0\t12",
		"\t(六)其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t13\t0\t0\t0\t0\t0\t13",
		"\t\t3.其他\t14\t0\t0\t0\t0\t0\t14",
		"\t（七）总计\t15\t0\t0\t0\t0\t0\t15",
		"四、结转下年度继续办理\t\t16\t0\t0\t0\t0\t0\t16",
	}
	r := mustNormalize(t, "某县某局2023年政府信息公开工作年度报告\n"+requestsHeader+strings.Join(rows, "\n")+"\n")
	assert.Equal(t, 1.0, value(t, r, "requests.new.natural_person"))
	assert.Equal(t, 6.0, value(t, r, "requests.new.other_org"))
	assert.Equal(t, 21.0, value(t, r, "requests.new.total"))
	assert.Equal(t, 8.0, value(t, r, "requests.granted.natural_person"))
	assert.Equal(t, 9.0, value(t, r, "requests.withheld.state_secret.natural_person"))
	assert.Equal(t, 10.0, value(t, r, "requests.withheld.prohibited_by_law.natural_person"))
	assert.Equal(t, 11.0, value(t, r, "requests.unavailable.not_held.natural_person"))
	assert.Equal(t, 12.0, value(t, r, "requests.unavailable.unclear.natural_person"))
	assert.Equal(t, 13.0, value(t, r, "requests.other.no_correction.natural_person"))
	assert.Equal(t, 14.0, value(t, r, "requests.other.other.natural_person"), "3.其他 in group （六） is other.other, not a column")
	assert.Equal(t, 15.0, value(t, r, "requests.total.natural_person"), "（七）总计 followed by numbers is the total row")
	assert.Equal(t, 16.0, value(t, r, "requests.carried_forward.total"))
	assert.Equal(t, "2021", r.Tables["requests"].Template)
	assert.Equal(t, normalize.StateMissing, r.Cell("requests.partly_granted.total").State)

	var typo *normalize.LabelUse
	for i, l := range r.Labels {
		if l.Key == "withheld.prohibited_by_law" {
			typo = &r.Labels[i]
		}
	}
	require.NotNil(t, typo)
	assert.Equal(t, "2. 其他法律行政止公开", typo.Raw)
	assert.Equal(t, "其他法律行政法规禁止公开", typo.Canonical)
}

// TestNormalize_Template2019 reads a 2019-template requests table with
// its single （六）其他处理 row and the 2019 active table.
func TestNormalize_Template2019(t *testing.T) {
	text := `某乡2020年政府信息公开工作年度报告
二、主动公开政府信息情况
信息内容	本年新制作数量	本年新公开数量	对外公开总数量
规章	0	0	0
规范性文件	5	5	5
信息内容	上一年项目数量	本年增/减	处理决定数量
行政许可	3	-1	2
信息内容	采购项目数量	采购总金额
政府集中采购	1	8040
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量		2	0	0	0	0	0	2
二、上年结转政府信息公开申请数量		0	0	0	0	0	0	0
三、本年度办理结果	（一）予以公开	1	0	0	0	0	0	1
	（六）其他处理	1	0	0	0	0	0	1
	（七）总计	2	0	0	0	0	0	2
四、结转下年度继续办理		0	0	0	0	0	0	0
`
	r := mustNormalize(t, text)
	assert.Equal(t, "2019", r.Template)
	assert.Equal(t, "2019", r.Tables["requests"].Template)
	assert.Equal(t, 1.0, value(t, r, "requests.other.natural_person"))
	assert.Equal(t, 5.0, value(t, r, "active.normative_docs.made"))
	assert.Equal(t, -1.0, value(t, r, "active.licensing.change"))
	assert.Equal(t, 8040.0, value(t, r, "active.procurement.amount"))
}

// TestNormalize_OneCellPerLine reads a table flattened one cell per line
// with labels wrapped over lines (本年新 / 制作数量).
func TestNormalize_OneCellPerLine(t *testing.T) {
	text := "某乡2020年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第(一)项\n信息内容\n本年新\n制作数量\n本年新\n公开数量\n对外公开总数量\n规章\n  0\n 0\n 0\n规范性文件\n 5\n4\n 3\n"
	r := mustNormalize(t, text)
	assert.Equal(t, "2019", r.Tables["active"].Template)
	assert.Equal(t, 5.0, value(t, r, "active.normative_docs.made"))
	assert.Equal(t, 4.0, value(t, r, "active.normative_docs.published"))
	assert.Equal(t, 3.0, value(t, r, "active.normative_docs.total_public"))
}

func TestNormalize_CellStates(t *testing.T) {
	text := "某局2023年政府信息公开工作年度报告\n二、主动公开政府信息情况\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t—\t\t1O\n行政规范性文件\t1,234\t０\t无\n"
	r := mustNormalize(t, text)
	assert.Equal(t, normalize.StateDash, r.Cell("active.regulations.issued").State)
	assert.Equal(t, normalize.StateBlank, r.Cell("active.regulations.repealed").State)
	c := r.Cell("active.regulations.in_force")
	assert.Equal(t, normalize.StateUnreadable, c.State)
	assert.Equal(t, "1O", c.Raw)
	assert.Equal(t, 1234.0, value(t, r, "active.normative_docs.issued"))
	assert.Equal(t, 0.0, value(t, r, "active.normative_docs.repealed"))
	assert.Equal(t, normalize.StateDash, r.Cell("active.normative_docs.in_force").State)
	assert.Equal(t, normalize.StateMissing, r.Cell("active.fees.amount").State)
}

func TestNormalize_Meta(t *testing.T) {
	text := "五常市民意乡\n2021年政府信息公开工作年度报告\n报告所列数据统计期限为2021年1月1日起至2021年12月31日止。如有疑问，请联系民意乡政府。地址:五常市民意乡人民政府,邮编:150207,电话:0451-55843017。\n一、总体情况\n"
	r := mustNormalize(t, text)
	assert.Equal(t, "五常市民意乡", r.Agency.Value)
	assert.Equal(t, 2021, r.Year)
	assert.Equal(t, "2021-01-01", r.Period.Start)
	assert.Equal(t, "2021-12-31", r.Period.End)
	assert.Equal(t, "150207", r.Contact.Postcode.Value)
	assert.Equal(t, "0451-55843017", r.Contact.Phone.Value)
	assert.Equal(t, "230184206", r.Region.Code)
	assert.Equal(t, "五常市", r.Region.County)
	assert.Equal(t, "150207", r.Doc.Slice(r.Contact.Postcode.Span))
}

// TestNormalize_SummaryTitle: a government's summary says whose numbers
// it counts between the year and the report's name.
func TestNormalize_SummaryTitle(t *testing.T) {
	r := mustNormalize(t, "淄博市淄川区2023年全区政府信息公开工作年度报告\n本报告所列数据统计期限为2023年1月1日至2023年12月31日。\n一、总体情况\n")
	assert.Equal(t, "淄博市淄川区2023年全区政府信息公开工作年度报告", r.Title.Value)
	assert.Equal(t, "淄博市淄川区", r.Agency.Value)
	assert.Equal(t, 2023, r.Year)
	assert.Equal(t, "370302", r.Region.Code)
}

func TestNormalize_Sections(t *testing.T) {
	// Headings with ASCII punctuation, traditional script, spaces.
	text := "一. 总体情况\n正文。\n二、主動公開政府信息情況\n三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议及行政诉讼情况\n五、存在的主要问题及改进计划\n六 、其他需要报告的事项\n无。\n"
	r := mustNormalize(t, text)
	for _, s := range r.Sections {
		assert.False(t, s.Missing, s.Key)
	}
	assert.Equal(t, "active", r.Sections[1].Key)
}

func TestFold(t *testing.T) {
	assert.Equal(t, "自然人", normalize.FoldLabel("自 然 人"))
	assert.Equal(t, "予以公开", normalize.FoldLabel("(一) 予以公开"))
	assert.Equal(t, "危及三安全一稳定", normalize.FoldLabel("3. 危及\"三安全一稳定\""))
	assert.Equal(t, "本年度办理结果", normalize.FoldLabel("三、 本 年 度 办 理 结 果"))
	assert.Equal(t, "主动公开政府信息情况", normalize.FoldLabel("二、主動(dòng)公開政府信息情況"))
	assert.Greater(t, normalize.Similarity("其他法律法规禁止公开", "其他法律行政法规禁止公开"), 0.8)
	assert.Less(t, normalize.Similarity("其他", "其他处理"), 0.5)
	assert.True(t, normalize.PrefixOf("无法提", "无法提供"))
}

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

// TestCases runs the txtar cases in testdata/cases: input.txt is read as
// text, and each line of cells is "key state [value]" (state number,
// blank, dash, missing or unreadable) and must hold for that cell; the
// optional tables section has lines "key found|missing|unfilled".
func TestCases(t *testing.T) {
	txtartest.Run(t, "testdata/cases/*.txtar", checkCase)
}

// checkCase checks the cells and tables of one case.
func checkCase(t *testing.T, _ string, sec map[string]string) {
	require.Contains(t, sec, "input.txt")
	r := mustNormalize(t, sec["input.txt"])
	for _, line := range strings.Split(strings.TrimSpace(sec["cells"]), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		require.GreaterOrEqual(t, len(f), 2, "bad cells line %q", line)
		c := r.Cell(f[0])
		require.NotNil(t, c, f[0])
		assert.Equal(t, normalize.State(f[1]), c.State, "%s (raw %q)", f[0], c.Raw)
		if len(f) > 2 && c.State == normalize.StateNumber {
			want, err := strconv.ParseFloat(f[2], 64)
			require.NoError(t, err)
			assert.Equal(t, want, *c.Value, f[0])
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(sec["tables"]), "\n") {
		f := strings.Fields(line)
		if len(f) != 2 {
			continue
		}
		tb := r.Tables[f[0]]
		require.NotNil(t, tb, f[0])
		switch f[1] {
		case "found":
			assert.True(t, tb.Found, f[0])
		case "missing":
			assert.False(t, tb.Found, f[0])
		case "unfilled":
			assert.True(t, tb.Found && tb.Unfilled, f[0])
		}
	}
}

// TestLabels: every cell of both templates has a label that names it as
// the printed table does, with no canonical key in it.
func TestLabels(t *testing.T) {
	r := mustNormalize(t, "某县某局2023年政府信息公开工作年度报告\n")
	assert.Equal(t, "表三“（四）无法提供 3.补正后申请内容仍不明确”行“自然人”列", r.CellLabel("requests.unavailable.unclear.natural_person").Zh)
	assert.Equal(t, "表四“行政复议”行“总计”列", r.CellLabel("review.review.total").Zh)
	assert.Equal(t, "表三“（三）不予公开”各行“总计”列", r.CellLabel("requests.withheld.*.total").Zh)
	assert.Equal(t, "表二“规章”行", r.CellLabel("active.regulations").Zh)
	assert.Equal(t, "表三", r.CellLabel("requests").Zh)
	key := regexp.MustCompile(`[a-z_]+\.[a-z_]+`)
	for _, p := range normalize.Profiles() {
		for _, ts := range p.Tables {
			for _, k := range ts.CellKeys() {
				r.Template = p.Template
				r.Tables = map[string]*normalize.Table{ts.Key: {Key: ts.Key, Template: p.Template}}
				l := r.CellLabel(k)
				assert.NotRegexp(t, key, l.Zh, k)
				assert.NotRegexp(t, key, l.En, k)
				assert.NotEmpty(t, l.En, k)
			}
		}
	}
}

// TestTableKeys_Kept: the kept list is the one made afresh, and a caller
// that writes its copy does not change the next.
func TestTableKeys_Kept(t *testing.T) {
	want := normalize.MakeTableKeys()
	require.NotEmpty(t, want)
	got := normalize.TableKeys()
	require.Equal(t, want, got)
	got[0] = "x"
	require.Equal(t, want, normalize.TableKeys())
}

// TestTableSpec_CellKeysUnique: every cell key of a template's table is
// its own and starts with the table's key, which readTables relies on
// when it fills the cells of a row by place rather than by key.
func TestTableSpec_CellKeysUnique(t *testing.T) {
	for _, p := range normalize.Profiles() {
		for _, key := range normalize.TableKeys() {
			spec := p.Table(key)
			if spec == nil {
				continue
			}
			seen := map[string]bool{}
			for _, k := range spec.CellKeys() {
				assert.False(t, seen[k], "%s: %s twice", p.Template, k)
				assert.True(t, strings.HasPrefix(k, key+"."), "%s: %s", p.Template, k)
				seen[k] = true
			}
			assert.NotEmpty(t, seen, "%s %s", p.Template, key)
		}
	}
}

// TestDisordered_NotAnotherTable: a page that holds 表三 alone (沭阳县发改局
// 2023, as published) gives 表四 no table out of order: the numbers and
// 总计 in 表四's region are 表三's, read in its rows.
func TestDisordered_NotAnotherTable(t *testing.T) {
	page, err := os.ReadFile("../extract/html/testdata/real/shuyang_fgj_2023_requests.html")
	require.NoError(t, err)
	r := mustNormalizeHTML(t, string(page))
	require.True(t, r.Tables["requests"].Found)
	assert.False(t, r.Tables["requests"].Disordered)
	if review := r.Tables["review"]; review != nil {
		assert.False(t, review.Found || review.Disordered, "表四 found=%v disordered=%v", review.Found, review.Disordered)
	}
}
