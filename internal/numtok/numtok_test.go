package numtok

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestClassify(t *testing.T) {
	cases := map[Kind][]string{
		Blank: {"", " ", "\u00a0", "\u3000", " \t "},
		Dash: {"—", "——", "–", "-", "－", "---", "/", "／", "\\", "＼", "~", "～", "—/",
			"无", "暂无", "空", " 无 "},
		Number: {"0", "12", "１２", "-3", "+3", "－3", "- 3", "1,234", "1，234", "1.5", "1．5",
			"12%", "12％", "5件", "5 件", "3万元", "7人次",
			// Garbled but numeric: a value that does not read, not a label.
			"1.2.3", "12.", "2023.12.31"},
		Text: {"行政许可", "（一）", "1.属于国家秘密", "一、", "无法", "空白", "12件5", "O", "l2",
			"2023-01-01", "%", ".", "—5", "5-", "- -", "5 6"},
	}
	for want, ins := range cases {
		for _, in := range ins {
			assert.Equal(t, want, Classify(in), "%q", in)
			assert.Equal(t, want == Number || want == Dash, IsValue(in), "IsValue(%q)", in)
		}
	}
}

func TestParse(t *testing.T) {
	type res struct {
		v    float64
		unit string
		ok   bool
	}
	cases := map[string]res{
		"12":        {12, "", true},
		"１２":        {12, "", true},
		" -1,234.5": {-1234.5, "", true},
		"－3":        {-3, "", true},
		"+3":        {3, "", true},
		"1，234．5":   {1234.5, "", true},
		"5件":        {5, "件", true},
		"7 人次":      {7, "人次", true},
		"12%":       {12, "%", true},
		"1.2.3":     {0, "", false},
		"12.":       {0, "", false},
		"—":         {0, "", false},
		"":          {0, "", false},
		"行政许可":      {0, "", false},
	}
	for in, want := range cases {
		v, unit, ok := Parse(in)
		assert.Equal(t, want, res{v, unit, ok}, "%q", in)
	}
}

func TestFold(t *testing.T) {
	assert.Equal(t, "12,345.6%", Fold("１２，３４５．６％"))
	assert.Equal(t, "(一) a b", Fold("（一）\u00a0a\u3000b"))
	s := "行政许可 12"
	assert.Equal(t, s, Fold(s))
}

func TestSection(t *testing.T) {
	for _, s := range []string{"一、总体情况", "三 、", "十二.", "五，"} {
		assert.True(t, Section(s), s)
	}
	for _, s := range []string{"（一）", "1.", " 一、", "一是"} {
		assert.False(t, Section(s), s)
	}
}

func TestSectionHeading(t *testing.T) {
	assert.True(t, SectionHeading("一、总体情况"))
	assert.True(t, SectionHeading("四、政府信息公开行政复议、行政诉讼情况"))
	assert.False(t, SectionHeading("一、本机关认真贯彻落实条例。"), "a sentence")
	assert.False(t, SectionHeading("一是加强组织领导；二是完善制度"), "no numbering")
	assert.False(t, SectionHeading("二、"+strings.Repeat("政", 39)), "longer than 40")
}

func TestNumbered(t *testing.T) {
	for _, s := range []string{"一、总体情况", "  二．", "（三）行政许可", "(四)", "1.属于", "12、", "3. 其他", "7."} {
		assert.True(t, Numbered(s), s)
	}
	for _, s := range []string{"1.5", "2023.", "一是", "五，", "（1）", "行政许可", "１．"} {
		assert.False(t, Numbered(s), s)
	}
}

func TestPageNumber(t *testing.T) {
	for _, s := range []string{"3", "- 3 -", "—12—", "第3页", "第 3 页", "3/12", "3 ／ 12", "第3页 共12页", "3，共12页", "·7·"} {
		assert.True(t, PageNumber(s), s)
	}
	for _, s := range []string{"12345", "第三页", "3件", "共12页", "一、总体情况", ""} {
		assert.False(t, PageNumber(s), s)
	}
}

func TestOrdinal(t *testing.T) {
	for _, s := range []string{"1.属", "3、其他", "１２ ． 申请", "8.属于行政查询事项"} {
		assert.True(t, Ordinal(s), s)
	}
	for _, s := range []string{"1.5", "1.", "12件", "（一）行政许可", "一、总体情况", "123.属"} {
		assert.False(t, Ordinal(s), s)
	}
}
