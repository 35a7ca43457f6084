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
	numberRE = regexp.MustCompile(`^[+\-]?\s*[0-9][0-9,.]*\s*(?:万元|元|件|条|个|项|次|人次|%)?$`)
	valueRE  = regexp.MustCompile(`^([+\-]?)\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(万元|元|件|条|个|项|次|人次|%)?$`)
	dashRE   = regexp.MustCompile(`^(?:[—–\-/\\~]+|无|暂无|空)$`)
	pageRE   = regexp.MustCompile(`^[-—–－~·\s]*(第\s*)?\d{1,4}\s*(页)?\s*([/／]\s*\d{1,4}|[,，]?\s*共\s*\d{1,4}\s*页)?[-—–－~·\s]*$`)
)

// scanInputs are strings made of the pieces the expressions name, and a
// few they do not, up to eight pieces long: every way the parts can meet.
func scanInputs() []string {
	pieces := []string{"0", "1", "7", "12", "12345", "+", "-", "—", "–", "－", "/", "／", "\\", "~", "·", ",", "，", ".",
		" ", "\t", "\n", "\u00a0", "第", "页", "共", "无", "暂无", "暂", "空", "万元", "万", "元", "件", "条", "个", "项", "次", "人次", "人",
		"%", "a", "O", "\xff"}
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
	}
}
