package docx

import (
	"strconv"
	"strings"

	"github.com/nianbao/nianbao/internal/cjk"
)

// formatNumber writes n in a WordprocessingML number format (w:numFmt).
// Formats that cannot show n (letters past ZZZ…, roman past 3999, Chinese
// past 99999999, negative numbers) and formats without a meaning for a
// Chinese report fall back to decimal, as Word does for most of them.
func formatNumber(n int, format string) string {
	if n < 0 {
		return strconv.Itoa(n)
	}
	switch format {
	case "none", "bullet":
		return ""
	case "decimalZero":
		if n < 10 {
			return "0" + strconv.Itoa(n)
		}
	case "chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand":
		if s, ok := chineseNumber(n, &counting); ok {
			return s
		}
	case "chineseLegalSimplified":
		if s, ok := chineseNumber(n, &legalSimplified); ok {
			return s
		}
	case "ideographLegalTraditional":
		if s, ok := chineseNumber(n, &legalTraditional); ok {
			return s
		}
	case "ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand":
		var sb strings.Builder
		for _, d := range strconv.Itoa(n) {
			sb.WriteString(counting.digits[d-'0'])
		}
		return sb.String()
	case "ideographTraditional":
		if n >= 1 {
			return string([]rune("甲乙丙丁戊己庚辛壬癸")[(n-1)%10])
		}
	case "ideographZodiac":
		if n >= 1 {
			return string([]rune("子丑寅卯辰巳午未申酉戌亥")[(n-1)%12])
		}
	case "ideographEnclosedCircle":
		if n >= 1 && n <= 10 {
			return string(rune(0x3220 + n - 1))
		}
	case "decimalEnclosedCircle", "decimalEnclosedCircleChinese":
		switch {
		case n >= 1 && n <= 20:
			return string(rune(0x2460 + n - 1))
		case n >= 21 && n <= 35:
			return string(rune(0x3251 + n - 21))
		case n >= 36 && n <= 50:
			return string(rune(0x32B1 + n - 36))
		}
	case "decimalEnclosedParen":
		if n >= 1 && n <= 20 {
			return string(rune(0x2474 + n - 1))
		}
	case "decimalEnclosedFullstop":
		if n >= 1 && n <= 20 {
			return string(rune(0x2488 + n - 1))
		}
	case "decimalFullWidth", "decimalFullWidth2":
		return strings.Map(func(r rune) rune { return r - '0' + '０' }, strconv.Itoa(n))
	case "upperLetter", "lowerLetter":
		// Word repeats the letter: … Z, AA, BB, … ZZ, AAA.
		if n >= 1 && n <= 780 {
			c := 'A'
			if format == "lowerLetter" {
				c = 'a'
			}
			return strings.Repeat(string(c+rune((n-1)%26)), (n-1)/26+1)
		}
	case "upperRoman", "lowerRoman":
		if n >= 1 && n <= 3999 {
			s := roman(n)
			if format == "lowerRoman" {
				s = strings.ToLower(s)
			}
			return s
		}
	}
	return strconv.Itoa(n)
}

func roman(n int) string {
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var sb strings.Builder
	for i, v := range vals {
		for n >= v {
			sb.WriteString(syms[i])
			n -= v
		}
	}
	return sb.String()
}

type numerals struct {
	digits [10]string
	units  [4]string // ones, tens, hundreds, thousands
	wan    string
	zero   string // the zero inside a number
	// shortTen writes 10–19 as 十, 十一 rather than 一十, 一十一.
	shortTen bool
}

var (
	counting         = numerals{[10]string{"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"}, [4]string{"", "十", "百", "千"}, "万", "零", true}
	legalSimplified  = numerals{[10]string{"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"}, [4]string{"", "拾", "佰", "仟"}, "万", "零", false}
	legalTraditional = numerals{[10]string{"零", "壹", "貳", "參", "肆", "伍", "陸", "柒", "捌", "玖"}, [4]string{"", "拾", "佰", "仟"}, "萬", "零", false}
)

// chineseNumber writes n below 10^8 with Chinese numerals: 11 → 十一,
// 105 → 一百零五, 20304 → 二万零三百零四.
func chineseNumber(n int, z *numerals) (string, bool) {
	if n >= 100000000 {
		return "", false
	}
	if n == 0 {
		return z.digits[0], true
	}
	var sb strings.Builder
	high, low := n/10000, n%10000
	if high > 0 {
		z.section(&sb, high)
		sb.WriteString(z.wan)
		if low > 0 && low < 1000 {
			sb.WriteString(z.zero)
		}
	}
	if low > 0 {
		z.section(&sb, low)
	}
	s := sb.String()
	if z.shortTen && n >= 10 && n < 20 {
		s = strings.TrimPrefix(s, z.digits[1])
	}
	return s, true
}

// section writes 1 ≤ n ≤ 9999, with one zero for any run of zero digits
// between non-zero ones.
func (z *numerals) section(sb *strings.Builder, n int) {
	started, zero := false, false
	for pos, p := 3, 1000; pos >= 0; pos, p = pos-1, p/10 {
		d := n / p % 10
		if d == 0 {
			zero = started && n%p != 0
			continue
		}
		started = true
		if zero {
			sb.WriteString(z.zero)
			zero = false
		}
		sb.WriteString(z.digits[d])
		sb.WriteString(z.units[pos])
	}
}

// isWide reports whether r is a character after which Chinese text runs
// on without a space: Han, CJK and full-width punctuation, circled numbers.
func isWide(r rune) bool {
	return cjk.Is(r) || (r >= 0x2460 && r <= 0x24ff) || (r >= 0x3200 && r <= 0x32ff)
}
