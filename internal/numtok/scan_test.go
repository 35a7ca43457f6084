package numtok

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// The expressions the scanners of numtok.go read by hand: each scanner is
// held to its expression here, on the tests' strings and on generated
// ones.
var (
	numberRE   = regexp.MustCompile(`^[+\-]?\s*[0-9][0-9,.]*\s*(?:万元|元|件|条|个|项|次|人次|%)?$`)
	valueRE    = regexp.MustCompile(`^([+\-]?)\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(万元|元|件|条|个|项|次|人次|%)?$`)
	dashRE     = regexp.MustCompile(`^(?:[—–\-/\\~]+|无|暂无|空)$`)
	pageRE     = regexp.MustCompile(`^[-—–－~·\s]*(第\s*)?\d{1,4}\s*(页)?\s*([/／]\s*\d{1,4}|[,，]?\s*共\s*\d{1,4}\s*页)?[-—–－~·\s]*$`)
	sectionRE  = regexp.MustCompile(`^[一二三四五六七八九十]{1,3}\s*[、.．,，]`)
	numberedRE = regexp.MustCompile(`^\s*([一二三四五六七八九十]{1,3}\s*[、.．]|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}\s*[、.．](\D|$))`)
	ordinalRE  = regexp.MustCompile(`^\s*[0-9]{1,2}\s*[.、]\s*\p{Han}`)
)

// scanInputs are strings made of the pieces the expressions name, and a
// few they do not, up to eight pieces long: every way the parts can meet.
func scanInputs() []string {
	pieces := []string{"0", "1", "7", "12", "12345", "+", "-", "—", "–", "－", "/", "／", "\\", "~", "·", ",", "，", ".",
		" ", "\t", "\n", "\u00a0", "第", "页", "共", "无", "暂无", "暂", "空", "万元", "万", "元", "件", "条", "个", "项", "次", "人次", "人",
		"%", "a", "O", "\xff", "一", "三", "十", "、", "．", "（", "）", "(", ")", "属", "于", "１", "\u3000", "ǂ"}
	r := rand.New(rand.NewPCG(14, 1))
	out := []string{""}
	for range 200_000 {
		var b strings.Builder
		for range 1 + r.IntN(8) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		out = append(out, b.String())
	}
	return out
}

func TestScanners_matchTheirExpressions(t *testing.T) {
	ins := scanInputs()
	for _, list := range [][]string{
		{"3", "- 3 -", "—12—", "第3页", "第 3 页", "3/12", "3 ／ 12", "第3页 共12页", "3，共12页", "·7·", "12345", "第三页", "3件", "共12页"},
		{"一、总体情况", "三 、", "十二.", "五，", "（一）", "1.", " 一、", "一是", "  二．", "（三）行政许可", "(四)", "1.属于", "12、", "3. 其他", "7.", "1.5", "2023.", "（1）", "１．",
			"1.属", "3、其他", "１２ ． 申请", "123.属", "一二三四、"},
		{"12", " -1,234.5", "-3", "+3", "1,234.5", "5件", "7 人次", "12%", "1.2.3", "12.", "—", "无", "暂无", "空", "行政许可"},
	} {
		ins = append(ins, list...)
	}
	for _, s := range ins {
		if got, want := isDash(s), dashRE.MatchString(s); got != want {
			t.Fatalf("isDash(%q) = %v, the expression says %v", s, got, want)
		}
		if got, want := isNumber(s), numberRE.MatchString(s); got != want {
			t.Fatalf("isNumber(%q) = %v, the expression says %v", s, got, want)
		}
		sign, num, unit, ok := value(s)
		m := valueRE.FindStringSubmatch(s)
		if ok != (m != nil) || ok && (sign != m[1] || num != m[2] || unit != m[3]) {
			t.Fatalf("value(%q) = %q %q %q %v, the expression says %q", s, sign, num, unit, ok, m)
		}
		if got, want := PageNumber(s), pageRE.MatchString(s); got != want {
			t.Fatalf("PageNumber(%q) = %v, the expression says %v", s, got, want)
		}
		if got, want := Section(s), sectionRE.MatchString(s); got != want {
			t.Fatalf("Section(%q) = %v, the expression says %v", s, got, want)
		}
		if got, want := Numbered(s), numberedRE.MatchString(s); got != want {
			t.Fatalf("Numbered(%q) = %v, the expression says %v", s, got, want)
		}
		if got, want := Ordinal(s), ordinalRE.MatchString(Fold(s)); got != want {
			t.Fatalf("Ordinal(%q) = %v, the expression says %v", s, got, want)
		}
	}
}
