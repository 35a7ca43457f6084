package pdf

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/extracttest"
	"github.com/nianbao/nianbao/internal/fixtures"
	"github.com/nianbao/nianbao/internal/numtok"
)

func mustRead(tb testing.TB, name string) *extract.Document {
	tb.Helper()
	doc, err := Read(name, fixtures.Read(tb, name), extract.Limits{})
	require.NoError(tb, err)
	extracttest.Check(tb, doc)
	require.Equal(tb, "pdf", doc.Format)
	return doc
}

func TestRead_SeedTables(t *testing.T) {
	// The PDFs come from report.html, which tools/mkhtml.py built from the
	// seed; the two differ in three places (see extracttest.SeedTables).
	want := extracttest.SeedTables(t)
	for _, name := range []string{"report_lo_type1.pdf", "report_cid_identityh.pdf"} {
		t.Run(name, func(t *testing.T) {
			got := extracttest.Cells(mustRead(t, name), true)
			require.Len(t, got, len(want), "tables")
			for i := range want {
				assert.Equal(t, want[i], got[i], "table %d", i+1)
			}
		})
	}
}

func TestRead_Structure(t *testing.T) {
	// The seed itself lacks the 四 section and the 五 heading (see
	// corpus/SOURCES.tsv), so its PDFs carry 一、二、三、六.
	cases := []struct {
		name     string
		title    string
		headings map[string]int // heading prefix → page
	}{
		{"report_cid_identityh.pdf", "淄博市淄川区投资促进服务中心2023年政府信息公开工作年度报告",
			map[string]int{"一、总体情况": 1, "二、主动公开政府信息情况": 2, "三、收到和处理政府信息公开申请情况": 3, "六、其他需要报告的事项": 4}},
		{"report_lo_type1.pdf", "淄博市淄川区投资促进服务中心2023年政府信息公开工作年度报告",
			map[string]int{"一、总体情况": 1, "二、主动公开政府信息情况": 2, "三、收到和处理政府信息公开申请情况": 3, "六、其他需要报告的事项": 4}},
		{"001_huaian_hongze_qu_gov_2023.pdf", "洪泽区人民政府2023年政府信息公开工作年度报告",
			map[string]int{"一、总体情况": 1, "二、主动公开政府信息情况": 2, "三、收到和处理政府信息公开申请情况": 3,
				"四、政府信息公开行政复议、行政诉讼情况": 4, "五、存在的主要问题及改进情况": 4, "六、其他需要报告的事项": 5}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc := mustRead(t, tc.name)
			require.NotEmpty(t, doc.Blocks)
			first := doc.Blocks[0]
			assert.Equal(t, extract.Heading, first.Kind)
			assert.Equal(t, tc.title, extracttest.Squeeze(doc.Slice(first.Span)))
			assert.Equal(t, 1, doc.Position(first.Span.Start).Page)

			found := map[string]int{}
			for _, b := range doc.Blocks {
				if b.Kind == extract.Heading {
					found[extracttest.Squeeze(doc.Slice(b.Span))] = doc.Position(b.Span.Start).Page
				}
			}
			for h, page := range tc.headings {
				assert.Equal(t, page, found[h], "heading %s", h)
			}
			for _, b := range doc.Blocks {
				assert.Positive(t, b.Page, "block %q has no page", doc.Slice(b.Span))
				assert.True(t, utf8.ValidString(doc.Slice(b.Span)))
			}
		})
	}
}

// truthRows names the label that starts each row of the requests table
// and the key of that row in truth.json.
var truthRows = []struct{ label, key string }{
	{"一、本年新收政府信息公开申请数量", "new"},
	{"二、上年结转政府信息公开申请数量", "carried_over"},
	{"（一）予以公开", "granted"},
	{"（二）部分公开", "partly_granted"},
	{"1.属于国家秘密", "withheld.state_secret"},
	{"2.其他法律行政法规禁止公开", "withheld.prohibited_by_law"},
	{"3.危及“三安全一稳定”", "withheld.three_safeties"},
	{"4.保护第三方合法权益", "withheld.third_party"},
	{"5.属于三类内部事务信息", "withheld.internal_affairs"},
	{"6.属于四类过程性信息", "withheld.process_info"},
	{"7.属于行政执法案卷", "withheld.enforcement_files"},
	{"8.属于行政查询事项", "withheld.inquiry"},
	{"1.本机关不掌握相关政府信息", "unavailable.not_held"},
	{"2.没有现成信息需要另行制作", "unavailable.needs_creation"},
	{"3.补正后申请内容仍不明确", "unavailable.unclear"},
	{"1.信访举报投诉类申请", "not_processed.petition"},
	{"2.重复申请", "not_processed.repeated"},
	{"3.要求提供公开出版物", "not_processed.publication"},
	{"4.无正当理由大量反复申请", "not_processed.excessive"},
	{"5.要求行政机关确认或重新出具已获取信息", "not_processed.confirmation"},
	{"1.申请人无正当理由逾期不补正", "other.no_correction"},
	{"2.申请人逾期未按收费通知要求缴纳费用", "other.fee_unpaid"},
	{"3.其他", "other.other"},
	{"（七）总计", "total"},
	{"四、结转下年度继续办理", "carried_forward"},
}

var requestCols = []string{"natural_person", "commercial", "research", "nonprofit", "legal_service", "other_org", "total"}

type truth struct {
	Cells map[string]json.Number
}

func mustTruth(tb testing.TB, name string) truth {
	tb.Helper()
	var tr truth
	dec := json.NewDecoder(bytes.NewReader(fixtures.Read(tb, name)))
	dec.UseNumber()
	require.NoError(tb, dec.Decode(&tr))
	require.NotEmpty(tb, tr.Cells)
	return tr
}

// TestRead_Synthetic checks every number of the synthetic reports: each
// comes out as one cell (numbers wrapped over two lines of a narrow
// column rejoined), as often as truth.json has it, and the rows of the
// requests and review tables read exactly as the truth says.
func TestRead_Synthetic(t *testing.T) {
	cases := []struct {
		pdf, truth string
		// Without rules, a group label set beside several rows (（三）不予公开
		// centred on its eight reasons) lands in the label of the row it
		// sits on; the numbers must still be exact.
		looseLabels bool
	}{
		{"synth_guangdong_gov_2024.pdf", "synth_guangdong_gov_2024.truth.json", false},
		{"synth_guizhou_water_2022.pdf", "synth_guizhou_water_2022.truth.json", false},
		{"synth_jianyang_2024.pdf", "synth_jianyang_2024.truth.json", false},
		{"synth_zhifu_amr_2023.pdf", "synth_zhifu_amr_2023.truth.json", false},
		// The same report with its rules removed: columns and rows come
		// from alignment alone.
		{"synth_guangdong_gov_2024_unruled.pdf", "synth_guangdong_gov_2024.truth.json", true},
	}
	for _, tc := range cases {
		t.Run(tc.pdf, func(t *testing.T) {
			tr := mustTruth(t, tc.truth)
			doc := mustRead(t, tc.pdf)
			tables := extracttest.Cells(doc, true)

			cells := map[string]int{}
			for _, tbl := range tables {
				for _, row := range tbl {
					for _, c := range row {
						cells[c]++
					}
				}
			}
			want := map[string]int{}
			for _, v := range tr.Cells {
				want[v.String()]++
			}
			for v, n := range want {
				assert.GreaterOrEqual(t, cells[v], n, "number %s: %d cells, truth has it %d times", v, cells[v], n)
			}

			rows := map[string][]string{}
			for _, tbl := range tables {
				for _, row := range tbl {
					for i, c := range row {
						if !numtok.IsValue(c) {
							continue
						}
						for _, l := range row[:i] {
							rows[l] = row[i:]
						}
						break
					}
				}
			}
			for _, tr0 := range truthRows {
				var label string
				for l := range rows {
					if strings.HasPrefix(l, tr0.label) || tc.looseLabels && strings.Contains(l, tr0.label) {
						label = l
					}
				}
				if !assert.NotEmpty(t, label, "row %s", tr0.label) {
					continue
				}
				var wantRow []string
				for _, c := range requestCols {
					wantRow = append(wantRow, tr.Cells["requests."+tr0.key+"."+c].String())
				}
				assert.Equal(t, wantRow, rows[label], "row %s", tr0.label)
			}

			var review []string
			for _, g := range []string{"review", "suit_direct", "suit_after_review"} {
				for _, c := range []string{"upheld", "corrected", "other", "pending", "total"} {
					review = append(review, tr.Cells["review."+g+"."+c].String())
				}
			}
			assert.True(t, hasRow(tables, review), "review row %v", review)
		})
	}
}

func hasRow(tables [][][]string, want []string) bool {
	for _, tbl := range tables {
		for _, row := range tbl {
			if slices.Equal(row, want) {
				return true
			}
		}
	}
	return false
}

func TestRead_Hongze(t *testing.T) {
	doc := mustRead(t, "001_huaian_hongze_qu_gov_2023.pdf")
	tables := extracttest.Cells(doc, true)
	// 二 runs from page 2 onto page 3 and 三 from page 3 onto page 4;
	// each comes out as one table.
	require.Len(t, tables, 3)

	// The review row as printed (its totals are wrong in the source,
	// which is for validate to find, not for the reader to fix).
	assert.Equal(t, []string{"10", "1", "0", "0", "0", "0", "0", "0", "0", "0", "5", "0", "0", "0", "0"},
		tables[2][len(tables[2])-1])

	requests := tables[1]
	want := [][]string{
		{"一、本年新收政府信息公开申请数量", "21", "0", "0", "0", "0", "0", "21"},
		{"二、上年结转政府信息公开申请数量", "0", "0", "0", "0", "0", "0", "0"},
		{"三、本年度办理结果", "（一）予以公开", "0", "0", "0", "0", "0", "0", "0"},
		{"（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "4", "0", "0", "0", "0", "0", "4"},
		{"（三）不予公开", "1.属于国家秘密", "1", "0", "0", "0", "0", "0", "1"},
		{"2.其他法律行政止公开", "0", "0", "0", "0", "0", "0", "0"},
		{"3.危及“三安全一稳定”", "0", "0", "0", "0", "0", "0", "0"},
		{"4.保护第三方合法权益", "0", "0", "0", "0", "0", "0", "0"},
		{"5.属于三类内部事务信息", "0", "0", "0", "0", "0", "0", "0"},
		{"6.属于四类过程性信息", "1", "0", "0", "0", "0", "0", "1"},
		{"7.属于行政执法案卷", "1", "0", "0", "0", "0", "0", "1"},
		{"8.属于行政查询事项", "0", "0", "0", "0", "0", "0", "0"},
		{"（四）无法提供", "1.本机关不掌握相关政府信息", "10", "0", "0", "0", "0", "0", "10"},
		{"2.没有现成信息需要另行制作", "3", "0", "0", "0", "0", "0", "3"},
		// Page 4 starts here.
		{"3.补正后申请内容仍不明确", "0", "0", "0", "0", "0", "0", "0"},
		{"（五）不予处理", "1.信访举报投诉类申请", "1", "0", "0", "0", "0", "0", "1"},
		{"2.重复申请", "0", "0", "0", "0", "0", "0", "0"},
		{"3.要求提供公开出版物", "0", "0", "0", "0", "0", "0", "0"},
		{"4.无正当理由大量反复申请", "0", "0", "0", "0", "0", "0", "0"},
		{"5.要求行政机关确认或重新出具已获取信息", "0", "0", "0", "0", "0", "0", "0"},
		{"（六）其他处理", "0", "0", "0", "0", "0", "0", "0"},
		{"（七）总计", "21", "0", "0", "0", "0", "0", "21"},
		{"四、结转下年度继续办理", "0", "0", "0", "0", "0", "0", "0"},
	}
	require.Greater(t, len(requests), len(want))
	assert.Equal(t, want, requests[len(requests)-len(want):])

	// （四）无法提供 is one cell over its three rows, although the page
	// break falls between the second and the third.
	for _, r := range extracttest.Tables(doc)[1].Rows {
		for _, c := range r.Cells {
			if extracttest.Squeeze(c.Text) == "（四）无法提供" {
				assert.Equal(t, int32(3), c.RowSpan)
				assert.Equal(t, 3, doc.Position(c.Span.Start).Page)
			}
		}
	}
}

func TestRead_NeedsOCR(t *testing.T) {
	cases := map[string]string{
		"report_scanned_200dpi.pdf":               "images",
		"synth_zhifu_amr_2023_scanned_200dpi.pdf": "images",
		"scan_p1_tesseract_textlayer.pdf":         "GlyphLessFont",
		"cid_p1_no_tounicode.pdf":                 "no Unicode mapping",
		"cid_p1_private_use.pdf":                  "private-use",
	}
	for name, reason := range cases {
		t.Run(name, func(t *testing.T) {
			doc, err := Read(name, fixtures.Read(t, name), extract.Limits{})
			require.Error(t, err)
			assert.Nil(t, doc)
			assert.ErrorIs(t, err, extract.ErrNeedsOCR)
			var e *extract.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, name, e.Path)
			assert.Contains(t, err.Error(), reason)
		})
	}
}

func TestRead_Encrypted(t *testing.T) {
	t.Run("password", func(t *testing.T) {
		_, err := Read("x.pdf", fixtures.Read(t, "cid_p1_aes256.pdf"), extract.Limits{})
		require.Error(t, err)
		assert.ErrorIs(t, err, ErrEncrypted)
		assert.ErrorIs(t, err, extract.ErrUnsupported)
	})
	t.Run("permissions only", func(t *testing.T) {
		// An empty user password only restricts printing and copying;
		// the text is readable, and government sites publish such files.
		doc := mustRead(t, "cid_p1_rc4_no_user_password.pdf")
		assert.Contains(t, extracttest.Squeeze(doc.Text), "一、总体情况")
	})
}

func TestRead_Limits(t *testing.T) {
	src := fixtures.Read(t, "report_cid_identityh.pdf")
	_, err := Read("x.pdf", src, extract.Limits{MaxBytes: 1000})
	assert.ErrorIs(t, err, extract.ErrTooLarge)
	_, err = Read("x.pdf", src, extract.Limits{MaxPages: 4})
	assert.ErrorIs(t, err, extract.ErrTooLarge)
	_, err = Read("x.pdf", src, extract.Limits{MaxPages: 5})
	assert.NoError(t, err)
}

// TestRead_Damaged feeds truncated and corrupted copies of real files:
// every one must give an *extract.Error or a document, never a panic.
func TestRead_Damaged(t *testing.T) {
	for _, name := range []string{"report_cid_identityh.pdf", "report_lo_type1.pdf", "001_huaian_hongze_qu_gov_2023.pdf"} {
		src := fixtures.Read(t, name)
		t.Run(name+"/truncated", func(t *testing.T) {
			for _, n := range []int{0, 5, 9, 100, 1000, len(src) / 3, len(src) / 2, len(src) - 200, len(src) - 6} {
				_, err := Read(name, src[:n], extract.Limits{})
				require.Error(t, err, "truncated to %d bytes", n)
				var e *extract.Error
				assert.ErrorAs(t, err, &e)
			}
		})
		t.Run(name+"/corrupted", func(t *testing.T) {
			for i := range 40 {
				bad := slices.Clone(src)
				// Deterministic damage spread over the file: bytes of
				// streams, xref entries and dictionaries alike.
				for k := range 8 {
					p := (i*7919 + k*104729) % len(bad)
					bad[p] ^= byte(0x55 + i + k)
				}
				doc, err := Read(name, bad, extract.Limits{})
				if err != nil {
					var e *extract.Error
					assert.ErrorAs(t, err, &e)
					continue
				}
				assert.True(t, utf8.ValidString(doc.Text))
			}
		})
	}
	t.Run("not a PDF", func(t *testing.T) {
		_, err := Read("x.pdf", []byte("hello world"), extract.Limits{})
		require.Error(t, err)
		assert.False(t, errors.Is(err, extract.ErrNeedsOCR))
	})
}

// TestRead_BlankRowKept: a ruled row left blank (a table published
// unfilled) is a row of empty cells, not a sliver to drop.
func TestRead_BlankRowKept(t *testing.T) {
	doc := mustRead(t, "sh_review_unfilled.pdf")
	var rows []extract.Row
	for _, b := range doc.Blocks {
		if b.Kind == extract.Table {
			rows = b.Rows
		}
	}
	require.Len(t, rows, 4, "two header rows, the sub-header row and the value row")
	last := rows[len(rows)-1]
	require.Len(t, last.Cells, 15)
	for _, c := range last.Cells {
		assert.Equal(t, "", c.Text)
		assert.False(t, c.Merged)
	}
}

// TestRead_PdfuniteSize: pdfunite writes a trailer /Size below its own
// table; the file joined from two copies of a two-page one must read as
// its four pages, the table twice, not as "no pages".
func TestRead_PdfuniteSize(t *testing.T) {
	one := mustRead(t, "sh_review_unfilled.pdf")
	two := mustRead(t, "sh_review_unfilled_united.pdf")
	var tables [][]extract.Row
	for _, b := range two.Blocks {
		if b.Kind == extract.Table {
			tables = append(tables, b.Rows)
		}
	}
	require.Len(t, tables, 2)
	for _, b := range one.Blocks {
		if b.Kind == extract.Table {
			for _, rows := range tables {
				assert.Equal(t, texts(b.Rows), texts(rows))
			}
		}
	}
	assert.Equal(t, 4, two.Blocks[len(two.Blocks)-1].Page)
}

func texts(rows []extract.Row) [][]string {
	var out [][]string
	for _, r := range rows {
		var line []string
		for _, c := range r.Cells {
			line = append(line, c.Text)
		}
		out = append(out, line)
	}
	return out
}
