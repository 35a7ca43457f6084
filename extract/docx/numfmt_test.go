package docx

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFormatNumber(t *testing.T) {
	cases := []struct {
		format string
		n      int
		want   string
	}{
		{"decimal", 7, "7"},
		{"decimalZero", 7, "07"},
		{"decimalZero", 12, "12"},
		{"chineseCounting", 1, "一"},
		{"chineseCounting", 10, "十"},
		{"chineseCounting", 11, "十一"},
		{"chineseCounting", 20, "二十"},
		{"chineseCounting", 21, "二十一"},
		{"chineseCounting", 100, "一百"},
		{"chineseCounting", 105, "一百零五"},
		{"chineseCounting", 110, "一百一十"},
		{"chineseCountingThousand", 1005, "一千零五"},
		{"chineseCountingThousand", 1050, "一千零五十"},
		{"chineseCountingThousand", 20304, "二万零三百零四"},
		{"chineseCountingThousand", 10000, "一万"},
		{"chineseCountingThousand", 12000, "一万二千"},
		{"chineseCounting", 0, "〇"},
		{"chineseCounting", 100000000, "100000000"},
		{"chineseLegalSimplified", 11, "壹拾壹"},
		{"chineseLegalSimplified", 3, "叁"},
		{"ideographLegalTraditional", 20, "貳拾"},
		{"ideographDigital", 10, "一〇"},
		{"ideographDigital", 2023, "二〇二三"},
		{"ideographTraditional", 1, "甲"},
		{"ideographTraditional", 11, "甲"},
		{"ideographZodiac", 12, "亥"},
		{"ideographEnclosedCircle", 3, "㈢"},
		{"decimalEnclosedCircleChinese", 1, "①"},
		{"decimalEnclosedCircle", 21, "㉑"},
		{"decimalEnclosedCircle", 50, "㊿"},
		{"decimalEnclosedCircle", 51, "51"},
		{"decimalEnclosedParen", 2, "⑵"},
		{"decimalEnclosedFullstop", 3, "⒊"},
		{"decimalFullWidth", 12, "１２"},
		{"upperLetter", 1, "A"},
		{"lowerLetter", 28, "bb"},
		{"upperLetter", 781, "781"},
		{"upperRoman", 1994, "MCMXCIV"},
		{"lowerRoman", 4, "iv"},
		{"upperRoman", 4000, "4000"},
		{"bullet", 1, ""},
		{"none", 1, ""},
		{"ordinal", 3, "3"},
		{"decimal", -2, "-2"},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, formatNumber(c.n, c.format), "%s %d", c.format, c.n)
	}
}
