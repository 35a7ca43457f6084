package html

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/extract/txt"
	"github.com/nianbao/nianbao/internal/extracttest"
	"github.com/nianbao/nianbao/internal/fixtures"
	"github.com/nianbao/nianbao/internal/numtok"
)

func mustRead(tb testing.TB, name string, src []byte) (*extract.Document, []int) {
	tb.Helper()
	doc, lines, err := ReadWithSource(name, src, extract.Limits{})
	require.NoError(tb, err)
	extracttest.Check(tb, doc)
	require.Len(tb, lines, len(doc.Blocks))
	return doc, lines
}

func mustGBK(tb testing.TB, utf8Page []byte) []byte {
	tb.Helper()
	out, err := simplifiedchinese.GBK.NewEncoder().Bytes(utf8Page)
	require.NoError(tb, err)
	return out
}

// TestRead_seedTables checks the tables of report.html, which
// tools/mkhtml.py rendered from the seed text, against the seed's own
// tab-separated rows as extract/txt reads them.
func TestRead_seedTables(t *testing.T) {
	doc, _ := mustRead(t, "report.html", fixtures.Read(t, "report.html"))
	got := extracttest.Cells(doc, false)
	require.Len(t, got, 2)
	// The seed and mkhtml.py differ in three places: see
	// extracttest.SeedTables.
	want := extracttest.SeedTables(t)
	for i := range got {
		assert.Equal(t, want[i], got[i], "table %d", i+1)
	}
}

// TestRead_grid checks that every row has one entry per grid column and
// that merged copies stand where rowspan and colspan put them.
func TestRead_grid(t *testing.T) {
	doc, _ := mustRead(t, "report.html", fixtures.Read(t, "report.html"))
	ts := extracttest.Tables(doc)
	require.Len(t, ts, 2)
	for i, want := range []int{4, 10} {
		for r, row := range ts[i].Rows {
			require.Len(t, row.Cells, want, "table %d row %d", i+1, r+1)
			for c, cell := range row.Cells {
				assert.Equal(t, int32(c), cell.Col)
			}
		}
	}
	// 三、本年度办理结果 spans 12 rows from the 6th; (三) 不予公开 8 rows
	// in column 2 from the 8th.
	req := ts[1]
	origin := req.Rows[5].Cells[0]
	assert.Equal(t, "三、 本 年 度 办 理 结 果", origin.Text)
	assert.Equal(t, int32(12), origin.RowSpan)
	assert.False(t, origin.Merged)
	for r := 6; r < 17; r++ {
		assert.True(t, req.Rows[r].Cells[0].Merged, "row %d", r+1)
	}
	assert.Equal(t, "(三) 不予公 开", req.Rows[7].Cells[1].Text)
	assert.Equal(t, int32(8), req.Rows[7].Cells[1].RowSpan)
	for r := 8; r < 15; r++ {
		assert.True(t, req.Rows[r].Cells[1].Merged)
		assert.Equal(t, "", req.Rows[r].Cells[1].Text)
	}
	// The top-left note spans 3×3.
	note := req.Rows[0].Cells[0]
	assert.Equal(t, int32(3), note.ColSpan)
	assert.Equal(t, int32(3), note.RowSpan)
	for r := 0; r < 3; r++ {
		for c := 0; c < 3; c++ {
			assert.Equal(t, r != 0 || c != 0, req.Rows[r].Cells[c].Merged, "(%d,%d)", r, c)
		}
	}
	// The row text is the cells joined by tabs, merged copies empty.
	assert.Equal(t, "行政许可\t0\t\t", doc.Slice(ts[0].Rows[6].Span))
	// Positions resolve to the cell.
	cell := req.Rows[3].Cells[4]
	pos := doc.Position(cell.Span.Start)
	assert.Equal(t, 2, pos.Table)
	assert.Equal(t, 4, pos.Row)
	assert.Equal(t, 5, pos.Col)
}

// TestRead_seedText checks headings, title and paragraphs against the seed.
func TestRead_seedText(t *testing.T) {
	doc, _ := mustRead(t, "report.html", fixtures.Read(t, "report.html"))
	seed := txt.Parse("seed.txt", string(fixtures.Read(t, "000_zibo_zichuan_touzi_2023.txt")))

	headings := func(d *extract.Document) []string {
		var hs []string
		for _, b := range d.Blocks {
			if b.Kind == extract.Heading && numtok.Section(d.Slice(b.Span)) {
				hs = append(hs, d.Slice(b.Span))
			}
		}
		return hs
	}
	want := headings(seed)
	require.Equal(t, []string{"一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "六、其他需要报告的事项"}, want)
	assert.Equal(t, want, headings(doc))

	title := seed.Slice(seed.Blocks[0].Span)
	require.Equal(t, "淄博市淄川区投资促进服务中心 2023 年政府信息公开工作年度报告", title)
	assert.Equal(t, extract.Heading, doc.Blocks[0].Kind)
	assert.Equal(t, title, doc.Slice(doc.Blocks[0].Span))

	// Every other line of prose is the seed's too, in order; the seed's
	// extra paragraph is the caption row of TestRead_seedTables.
	prose := func(d *extract.Document) []string {
		var ps []string
		for _, b := range d.Blocks {
			if b.Kind != extract.Table {
				ps = append(ps, d.Slice(b.Span))
			}
		}
		return ps
	}
	seedProse := prose(seed)
	i := 0
	for seedProse[i] != "第二十条第（一）项" {
		i++
	}
	seedProse = append(seedProse[:i], seedProse[i+1:]...)
	assert.Equal(t, seedProse, prose(doc))
}

var number = regexp.MustCompile(`^[0-9]+(?:\.[0-9]+)?$`)

// numericRows returns the numbers of each row of t that has any.
func numericRows(t extract.Block) [][]string {
	var rows [][]string
	for _, r := range t.Rows {
		var nums []string
		for _, c := range r.Cells {
			if !c.Merged && number.MatchString(c.Text) {
				nums = append(nums, c.Text)
			}
		}
		if nums != nil {
			rows = append(rows, nums)
		}
	}
	return rows
}

// Canonical keys in the order the tables print them (shared/spec/format.md).
var (
	activeKeys = [][]string{
		{"regulations.issued", "regulations.repealed", "regulations.in_force"},
		{"normative_docs.issued", "normative_docs.repealed", "normative_docs.in_force"},
		{"licensing.decisions"}, {"penalty.decisions"}, {"coercion.decisions"}, {"fees.amount"},
	}
	requestRows = []string{"new", "carried_over", "granted", "partly_granted",
		"withheld.state_secret", "withheld.prohibited_by_law", "withheld.three_safeties",
		"withheld.third_party", "withheld.internal_affairs", "withheld.process_info",
		"withheld.enforcement_files", "withheld.inquiry", "unavailable.not_held",
		"unavailable.needs_creation", "unavailable.unclear", "not_processed.petition",
		"not_processed.repeated", "not_processed.publication", "not_processed.excessive",
		"not_processed.confirmation", "other.no_correction", "other.fee_unpaid", "other.other",
		"total", "carried_forward"}
	requestCols = []string{"natural_person", "commercial", "research", "nonprofit", "legal_service", "other_org", "total"}
	reviewKeys  = func() []string {
		var ks []string
		for _, g := range []string{"review", "suit_direct", "suit_after_review"} {
			for _, c := range []string{"upheld", "corrected", "other", "pending", "total"} {
				ks = append(ks, g+"."+c)
			}
		}
		return ks
	}()
)

// TestRead_synthetic checks every number of the truth files, in place:
// each table row holds the values of the canonical keys of that row, in
// column order, so a cell shifted by one fails.
func TestRead_synthetic(t *testing.T) {
	pages, err := filepath.Glob("../../corpus/testdata/samples/synthetic/synth_*.html")
	require.NoError(t, err)
	require.Len(t, pages, 4)
	for _, page := range pages {
		name := filepath.Base(page)
		t.Run(name, func(t *testing.T) {
			var truth struct{ Cells map[string]json.Number }
			dec := json.NewDecoder(bytes.NewReader(fixtures.Read(t, strings.TrimSuffix(name, ".html")+".truth.json")))
			dec.UseNumber()
			require.NoError(t, dec.Decode(&truth))
			require.Len(t, truth.Cells, 200)

			doc, _ := mustRead(t, name, fixtures.Read(t, name))
			ts := extracttest.Tables(doc)
			require.Len(t, ts, 3)
			var want [][]string
			seen := 0
			value := func(key string) string {
				v, ok := truth.Cells[key]
				require.True(t, ok, key)
				seen++
				return v.String()
			}
			for _, row := range activeKeys {
				var vs []string
				for _, k := range row {
					vs = append(vs, value("active."+k))
				}
				want = append(want, vs)
			}
			assert.Equal(t, want, numericRows(ts[0]), "active")

			want = nil
			for _, r := range requestRows {
				var vs []string
				for _, c := range requestCols {
					vs = append(vs, value("requests."+r+"."+c))
				}
				want = append(want, vs)
			}
			assert.Equal(t, want, numericRows(ts[1]), "requests")

			var vs []string
			for _, k := range reviewKeys {
				vs = append(vs, value("review."+k))
			}
			assert.Equal(t, [][]string{vs}, numericRows(ts[2]), "review")
			assert.Equal(t, len(truth.Cells), seen, "every truth cell checked")
		})
	}
}

// TestRead_gbk checks that GBK pages, declared or not, read as the UTF-8
// page does.
func TestRead_gbk(t *testing.T) {
	for _, tc := range []struct {
		name, file, from, to string
	}{
		{"meta charset", "report.html", `<meta charset="utf-8">`, `<meta charset="gbk">`},
		{"undeclared", "report.html", `<meta charset="utf-8">`, ``},
		{"http-equiv gb2312", "chrome_zhifu_amr_2023.html", `charset=utf-8`, `charset=gb2312`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page := fixtures.Read(t, tc.file)
			want, wantLines := mustRead(t, tc.file, page)
			require.Equal(t, "utf-8", want.Encoding)
			changed := bytes.Replace(page, []byte(tc.from), []byte(tc.to), 1)
			require.NotEqual(t, page, changed)
			gbk := mustGBK(t, changed)
			require.False(t, bytes.Equal(gbk, changed))
			got, gotLines := mustRead(t, tc.file, gbk)
			assert.Equal(t, "gb18030", got.Encoding)
			assert.Equal(t, want.Text, got.Text)
			assert.Equal(t, want.Blocks, got.Blocks)
			assert.Equal(t, wantLines, gotLines)
		})
	}
	t.Run("declared gbk but utf-8", func(t *testing.T) {
		page := bytes.Replace(fixtures.Read(t, "report.html"), []byte(`charset="utf-8"`), []byte(`charset="gbk"`), 1)
		doc, _ := mustRead(t, "report.html", page)
		assert.Equal(t, "utf-8", doc.Encoding)
		assert.Contains(t, doc.Text, "一、总体情况")
	})
	t.Run("big5", func(t *testing.T) {
		doc, err := Read("x.html", []byte("<meta charset=big5><p>\xa4\xa4\xa4\xe5</p>"), extract.Limits{})
		require.NoError(t, err)
		assert.Equal(t, "big5", doc.Encoding)
		assert.Equal(t, "中文", doc.Text)
	})
}

// TestRead_chrome checks that site chrome around the report is dropped
// and the report reads as on a bare page: a page of <div>s with a
// navigation bar, breadcrumbs, side bar and footer, and a GBK page laid
// out with tables in the style of older government sites.
func TestRead_chrome(t *testing.T) {
	for _, tc := range []struct{ page, bare, title string }{
		{"chrome_zhifu_amr_2023.html", "synth_zhifu_amr_2023.html", "烟台市芝罘区市场监督管理局2023年政府信息公开工作年度报告"},
		{"layout_guizhou_water_2022_gbk.html", "synth_guizhou_water_2022.html", "贵州省水利厅2022年政府信息公开工作年度报告"},
	} {
		t.Run(tc.page, func(t *testing.T) {
			page := fixtures.Read(t, tc.page)
			doc, lines := mustRead(t, tc.page, page)
			for _, chrome := range []string{"无障碍", "您当前所在位置", "当前位置", "繁體版", "关怀版",
				"登录", "首页", "政务服务", "办事服务", "信息公开目录", "信息公开指南", "分享到", "微博",
				"打印", "关闭", "字号", "字体", "发布时间", "发布日期", "浏览次数", "相关链接", "2022年政府",
				"ICP备", "网站标识码", "主办单位", "版权所有", "联系我们", "网站地图", "由脚本写入",
				"统计代码", "隐藏的站点统计文字", "请输入关键词", "欢迎访问", lineAttr} {
				if chrome == "2022年政府" && strings.Contains(tc.title, chrome) {
					continue
				}
				assert.NotContains(t, doc.Text, chrome)
			}
			bare, _ := mustRead(t, tc.bare, fixtures.Read(t, tc.bare))
			assert.Equal(t, bare.Text, doc.Text)
			require.Len(t, doc.Blocks, len(bare.Blocks))
			for i := range bare.Blocks {
				assert.Equal(t, bare.Blocks[i].Kind, doc.Blocks[i].Kind, "block %d", i)
			}
			// The title stands outside the element holding the report, and
			// comes first.
			assert.Equal(t, tc.title, doc.Slice(doc.Blocks[0].Span))
			assert.Equal(t, extract.Heading, doc.Blocks[0].Kind)
			if doc.Encoding != "utf-8" {
				page, err := simplifiedchinese.GB18030.NewDecoder().Bytes(page)
				require.NoError(t, err)
				assertLines(t, page, doc, lines)
				return
			}
			assertLines(t, page, doc, lines)
		})
	}
}

// assertLines checks that each block's source line holds the start of the
// block: its first characters, or the <table> tag.
func assertLines(t *testing.T, page []byte, doc *extract.Document, lines []int) {
	t.Helper()
	src := strings.Split(strings.ReplaceAll(string(page), "\r\n", "\n"), "\n")
	for i, b := range doc.Blocks {
		require.True(t, lines[i] >= 1 && lines[i] <= len(src), "block %d line %d", i, lines[i])
		line := src[lines[i]-1]
		if b.Kind == extract.Table {
			assert.Contains(t, line, "<table", "block %d", i)
			continue
		}
		head := []rune(doc.Slice(b.Span))
		assert.Contains(t, line, string(head[:min(6, len(head))]), "block %d", i)
	}
}

func TestReadWithSource_lines(t *testing.T) {
	for _, name := range []string{"report.html", "synth_guangdong_gov_2024.html", "chrome_zhifu_amr_2023.html"} {
		t.Run(name, func(t *testing.T) {
			page := fixtures.Read(t, name)
			doc, lines := mustRead(t, name, page)
			assertLines(t, page, doc, lines)
		})
	}
	t.Run("paragraphs of one element", func(t *testing.T) {
		page := "<div>\n  first line\n  <br>second line<p>third</p>\n\n  fourth\r\n<pre>a\nb</pre></div>"
		doc, lines := mustRead(t, "x.html", []byte(page))
		var got []string
		for _, b := range doc.Blocks {
			got = append(got, doc.Slice(b.Span))
		}
		assert.Equal(t, []string{"first line", "second line", "third", "fourth", "a", "b"}, got)
		assert.Equal(t, []int{2, 3, 3, 5, 6, 7}, lines)
	})
}

// TestRead_cells covers the cell rules on small tables.
func TestRead_cells(t *testing.T) {
	page := `<table>
<tr><th rowspan="2" colspan="2">合<br>计</th><td>B</td></tr>
<tr><td>C<br>D</td></tr>
<tr><td>&nbsp;</td><td>1<p>2</p></td></tr>
<tr><td>&#8203;</td><td rowspan="9">长</td><td colspan="3px">x</td></tr>
<tr></tr>
</table>`
	doc, _ := mustRead(t, "x.html", []byte(page))
	ts := extracttest.Tables(doc)
	require.Len(t, ts, 1)
	type cell struct {
		Text   string
		Merged bool
	}
	var got [][]cell
	for _, r := range ts[0].Rows {
		var row []cell
		for _, c := range r.Cells {
			row = append(row, cell{c.Text, c.Merged})
		}
		got = append(got, row)
	}
	m := cell{"", true}
	assert.Equal(t, [][]cell{
		{{"合计", false}, m, {"B", false}, {"", false}, {"", false}},
		{m, m, {"C D", false}, {"", false}, {"", false}},
		{{"", false}, {"1 2", false}, {"", false}, {"", false}, {"", false}},
		{{"", false}, {"长", false}, {"x", false}, m, m},
		{{"", false}, m, {"", false}, {"", false}, {"", false}},
	}, got)
	assert.Equal(t, int32(2), ts[0].Rows[3].Cells[1].RowSpan, "rowspan cut at the last row")
	assert.Equal(t, "合计\t\tB\t\t\n\t\tC D\t\t\n\t1 2\t\t\t\n\t长\tx\t\t\n\t\t\t\t", doc.Text)
}

// TestRead_nestedTables checks both readings of tables in tables.
func TestRead_nestedTables(t *testing.T) {
	t.Run("layout table around the report", func(t *testing.T) {
		page := `<table><tr><td><a href="/">首页</a></td><td>
<p>一、总体情况</p><p>本机关2023年主动公开政府信息368条，其中规范性文件27条。</p>
<table><tr><td>信息内容</td><td>本年制发件数</td></tr><tr><td>规章</td><td>3</td></tr></table>
</td></tr></table>`
		doc, _ := mustRead(t, "x.html", []byte(page))
		require.Len(t, doc.Blocks, 3)
		assert.Equal(t, extract.Heading, doc.Blocks[0].Kind)
		assert.Equal(t, extract.Table, doc.Blocks[2].Kind)
		assert.Equal(t, "信息内容\t本年制发件数\n规章\t3", doc.Slice(doc.Blocks[2].Span))
	})
	t.Run("table inside a data cell", func(t *testing.T) {
		page := `<table>
<tr><td>项目</td><td>上半年</td><td>下半年</td></tr>
<tr><td>规章</td><td><table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table></td><td>4</td></tr>
<tr><td>文件</td><td>5</td><td>6</td></tr></table>`
		doc, _ := mustRead(t, "x.html", []byte(page))
		require.Len(t, doc.Blocks, 1)
		assert.Equal(t, "项目\t上半年\t下半年\n规章\t1 2 3\t4\n文件\t5\t6", doc.Text)
	})
}

// TestRead_furnitureTables checks that tables without data vanish.
func TestRead_furnitureTables(t *testing.T) {
	page := `<table width="100%"><tr><td height="10">&nbsp;</td><td></td></tr></table>
<p>一、总体情况</p>
<table><tr><td>【<a href="#">打印本页</a>】</td><td>【<a href="#">关闭窗口</a>】</td></tr></table>
<table><tr><td>规章</td><td>0</td></tr></table>`
	doc, _ := mustRead(t, "x.html", []byte(page))
	assert.Equal(t, "一、总体情况\n规章\t0", doc.Text)
}

// TestRead_headings checks which paragraphs count as headings.
func TestRead_headings(t *testing.T) {
	page := `<p><strong>一、总体情况</strong></p>
<p>二、主动公开政府信息情况</p>
<p><b>（一）主动公开</b></p>
<p>（二）依申请公开</p>
<h3>工作要点</h3>
<p>三、这是一个很长的句子。不是标题。</p>
<p style="font-weight: 700">（三）政府信息管理</p>`
	doc, _ := mustRead(t, "x.html", []byte(page))
	var kinds []extract.Kind
	for _, b := range doc.Blocks {
		kinds = append(kinds, b.Kind)
	}
	h, p := extract.Heading, extract.Paragraph
	assert.Equal(t, []extract.Kind{h, h, h, p, h, p, h}, kinds)
}

// TestRead_title checks the title fallbacks.
func TestRead_title(t *testing.T) {
	t.Run("head title", func(t *testing.T) {
		page := `<title>淄川区2023年政府信息公开工作年度报告_淄川区人民政府</title><div>一、总体情况</div><div>本机关主动公开信息。</div>`
		doc, lines := mustRead(t, "x.html", []byte(page))
		assert.Equal(t, "淄川区2023年政府信息公开工作年度报告", doc.Slice(doc.Blocks[0].Span))
		assert.Equal(t, 1, lines[0])
	})
	t.Run("not a link", func(t *testing.T) {
		page := `<ul class="list"><li><a>淄川区2022年政府信息公开工作年度报告</a></li></ul>
<div><div>一、总体情况</div><div>2023年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开政府信息368条，扎实推进政务公开工作。</div></div>`
		doc, _ := mustRead(t, "x.html", []byte(page))
		assert.Equal(t, "一、总体情况", doc.Slice(doc.Blocks[0].Span))
	})
	t.Run("split by br", func(t *testing.T) {
		page := `<h1>淄博市淄川区投资促进服务中心<br>2023年政府信息公开工作年度报告</h1><p>一、总体情况</p>`
		doc, _ := mustRead(t, "x.html", []byte(page))
		assert.Equal(t, "淄博市淄川区投资促进服务中心2023年政府信息公开工作年度报告", doc.Slice(doc.Blocks[0].Span))
	})
}

// TestRead_errors checks that failures are *extract.Error with the cause.
func TestRead_errors(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  []byte
		lim  extract.Limits
		want error
	}{
		{"too large", []byte("<p>一、总体情况</p>"), extract.Limits{MaxBytes: 10}, extract.ErrTooLarge},
		{"binary", append([]byte("<p>"), bytes.Repeat([]byte{0, 0x81, 0x7f, 0x05}, 100)...), extract.Limits{}, extract.ErrEncoding},
		{"empty body", []byte("<html><body><script>var a='正文';</script></body></html>"), extract.Limits{}, extract.ErrEmpty},
		{"nothing", nil, extract.Limits{}, extract.ErrEmpty},
		{"too many cells", []byte(strings.Repeat(`<table><tr><td colspan="1000" rowspan="1000">1</td></tr>`+strings.Repeat("<tr></tr>", 999)+`</table>`, 3)), extract.Limits{}, extract.ErrTooLarge},
		{"too many elements", bytes.Repeat([]byte("<br>"), maxElements+1), extract.Limits{}, extract.ErrTooLarge},
		// 300 formatting elements closed by </p> are re-opened in each
		// later paragraph: 480 KB of source, 18 million nodes parsed.
		{"formatting elements re-opened", []byte("<html><body><p>" + distinctBold(300) + "</p>" + strings.Repeat("<p>x</p>", 60000)), extract.Limits{}, extract.ErrTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read("bad.html", tc.src, tc.lim)
			require.Error(t, err)
			var e *extract.Error
			require.True(t, errors.As(err, &e), "%T", err)
			assert.Equal(t, "bad.html", e.Path)
			assert.ErrorIs(t, err, tc.want)
		})
	}
}

func distinctBold(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "<b class=c%d>", i)
	}
	return b.String()
}

// TestReopened: the limit counts the parser's copies of formatting
// elements, not the source's tags, and leaves ordinary pages alone.
func TestReopened(t *testing.T) {
	// The premise: each paragraph re-opens the five bold elements.
	root, err := html.Parse(strings.NewReader("<p>" + distinctBold(5) + "</p>" + strings.Repeat("<p>x</p>", 100)))
	require.NoError(t, err)
	n := 0
	for range root.Descendants() {
		n++
	}
	assert.Greater(t, n, 700, "nodes parsed from 106 start tags")

	bomb := func(paragraphs int) error {
		_, err := annotate([]byte("<html><body><p>"+distinctBold(300)+"</p>"+strings.Repeat("<p>x</p>", paragraphs)), 512, nil)
		return err
	}
	err = bomb(4000)
	require.ErrorIs(t, err, extract.ErrTooLarge, "1.2 million re-opened")
	assert.ErrorContains(t, err, "re-opens the formatting elements left open (1")
	require.NoError(t, bomb(3000), "0.9 million is under the limit")
	// Ordinary markup: an unclosed <font> in every cell, bold closed.
	_, err = annotate([]byte(strings.Repeat("<tr><td><font color=red>1</td><td><b>2</b></td></tr>", 100000)), 512, nil)
	require.NoError(t, err)
}

// TestRead_deep checks that hostile nesting ends quickly, in an error or a
// document, and never overflows the stack.
func TestRead_deep(t *testing.T) {
	const n = 10000
	for _, tc := range []struct{ name, open string }{
		{"div", "<div>"},
		{"span", "<span>"},
		{"b", "<b>"},
		{"font", `<font size="3">`},
		{"table", "<table><tr><td>"},
		{"list", "<ul><li>"},
		{"p div", "<p><div>"},
		{"blockquote", "<blockquote>"},
		{"svg", "<svg><g>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page := strings.Repeat(tc.open, n) + "一、总体情况"
			start := time.Now()
			doc, err := Read("deep.html", []byte(page), extract.Limits{})
			assert.Less(t, time.Since(start), 2*time.Second)
			if err != nil {
				assert.ErrorIs(t, err, extract.ErrTooLarge)
				return
			}
			assert.NotNil(t, doc)
		})
	}
	t.Run("shallow enough", func(t *testing.T) {
		page := strings.Repeat("<div>", 100) + "一、总体情况" + strings.Repeat("</div>", 100)
		doc, err := Read("deep.html", []byte(page), extract.Limits{})
		require.NoError(t, err)
		assert.Equal(t, "一、总体情况", doc.Text)
	})
	t.Run("unclosed siblings are not nesting", func(t *testing.T) {
		page := "<ul>" + strings.Repeat("<li>一条", 5000) + "</ul><table>" + strings.Repeat("<tr><td>1<td>2", 3000) + "</table>" + strings.Repeat("<p>段落", 5000)
		_, err := Read("flat.html", []byte(page), extract.Limits{})
		require.NoError(t, err)
	})
}

// TestRead_rawText checks that text the parser reads raw keeps its tags as
// text, with no line attribute in it, wherever annotate's guess at raw
// text and foreign content may differ from the parser's.
func TestRead_rawText(t *testing.T) {
	for page, want := range map[string]string{
		"<xmp><b>一</b></xmp>":                      "<b>一</b>",
		"<svg><p><xmp><i>二</i></xmp>":              "<i>二</i>",
		"<svg><foreignObject><xmp><i>三</i></xmp>":  "",
		"<svg><![CDATA[<p>四</p>]]></svg><p>五":      "五",
		"<table><tr><td><svg><td>六<xmp><p>七</xmp>": "七",
		"<plaintext><p>八":                          "<p>八",
	} {
		doc, err := Read("raw.html", []byte(page), extract.Limits{})
		if want == "" {
			assert.ErrorIs(t, err, extract.ErrEmpty, page)
			continue
		}
		require.NoError(t, err, page)
		assert.Equal(t, want, doc.Text, page)
	}
}

// TestAnnotate checks that annotate only adds the line attribute.
func TestAnnotate(t *testing.T) {
	strip := regexp.MustCompile(` ` + lineAttr + `="[0-9]+"`)
	for _, src := range []string{
		string(fixtures.Read(t, "report.html")),
		string(fixtures.Read(t, "chrome_zhifu_amr_2023.html")),
		"<p/class=x>a<br/>b<div\n\tclass='y'>c</div><svg><![CDATA[<p>]]></svg><title><p></title>",
		"<script>if (a<b) document.write('<p>')</script><textarea><p></textarea><plaintext><p>",
		"<svg><p><xmp><i>y</i></xmp><math><mi><xmp><u>w</u></xmp></mi></math>",
		"<p a=\"unterminated",
		"<",
		"",
	} {
		m, err := annotate([]byte(src), 512, nil)
		require.NoError(t, err)
		out, err := io.ReadAll(m)
		require.NoError(t, err)
		assert.Equal(t, src, strip.ReplaceAllString(string(out), ""))
		// The parser reads in pieces of its own size: a byte at a time
		// gives the same page.
		m, err = annotate([]byte(src), 512, nil)
		require.NoError(t, err)
		bytewise, err := io.ReadAll(iotest.OneByteReader(m))
		require.NoError(t, err)
		assert.Equal(t, string(out), string(bytewise))
	}
	m, err := annotate([]byte("<p/class=x>a\n<br/>b</p>\r\n<div\n\tclass='y'>c"), 512, nil)
	require.NoError(t, err)
	out, err := io.ReadAll(m)
	require.NoError(t, err)
	assert.Equal(t, `<p nianbao-line="1"/class=x>a`+"\n"+`<br nianbao-line="2"/>b</p>`+"\r\n"+`<div nianbao-line="3"`+"\n\tclass='y'>c", string(out))
}
