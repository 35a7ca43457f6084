package normalize

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/cjk"
)

// numbering matches the numbering printed before labels and headings:
// 一、 （一） (一) 1. 1、 and the like, possibly with spaces inside.
var numbering = regexp.MustCompile(`^\s*(?:[（(]\s*[一二三四五六七八九十0-9]{1,3}\s*[)）]|[一二三四五六七八九十]{1,3}\s*[、.．,，]|[0-9]{1,2}\s*[、.．,，])\s*`)

// StripNumbering removes leading numbering (repeatedly, for 三、（一）) and
// returns the rest and the numbering removed.
func StripNumbering(s string) (rest, num string) {
	rest = s
	for {
		if !mayBeNumbered(rest) {
			return rest, strings.Join(strings.Fields(num), "")
		}
		loc := numbering.FindStringIndex(rest)
		if loc == nil || loc[1] == 0 {
			return rest, strings.Join(strings.Fields(num), "")
		}
		num += rest[:loc[1]]
		rest = rest[loc[1]:]
	}
}

// mayBeNumbered reports whether numbering could match s: after the
// spaces \s stands for, numbering starts with a bracket, a Chinese
// numeral or a digit. Most lines start otherwise and skip the regexp.
func mayBeNumbered(s string) bool {
	s = strings.TrimLeft(s, "\t\n\f\r ")
	r, _ := utf8.DecodeRuneInString(s)
	return r >= '0' && r <= '9' || strings.ContainsRune("（(一二三四五六七八九十", r)
}

// Fold reduces a label to what matters for matching: traditional
// characters mapped to simplified ones, and only Han characters and digits
// kept (template labels have no Latin letters; mirrors insert pinyin such
// as 主動(dòng)). Spaces inside words, full- or half-width punctuation
// and quotes, all common damage, then no longer count.
func Fold(s string) string {
	var sb strings.Builder
	sb.Grow(len(s))
	for _, r := range s {
		r = simplify(r)
		switch {
		case r >= '０' && r <= '９':
			sb.WriteRune(r - 0xFEE0)
		case cjk.IsHan(r), r >= '0' && r <= '9':
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// FoldLabel is Fold after removing the numbering.
func FoldLabel(s string) string {
	rest, _ := StripNumbering(s)
	return Fold(rest)
}

// Similarity scores how alike two folded labels are, in [0,1]: the
// longest common subsequence over the longer length, so a missing or
// wrong character costs little (其他法律法规禁止公开 against
// 其他法律行政法规禁止公开 scores 0.83) while different labels score low.
// Labels of one or two characters must match exactly: 其他 is not 其他处理.
func Similarity(a, b string) float64 {
	return similarity([]rune(a), []rune(b))
}

func similarity(ra, rb []rune) float64 {
	if equalRunes(ra, rb) {
		return 1
	}
	if len(ra) <= 2 || len(rb) <= 2 {
		return 0
	}
	// The LCS cannot exceed the shorter length: skip hopeless pairs.
	if float64(min(len(ra), len(rb)))/float64(max(len(ra), len(rb))) < 0.5 {
		return 0
	}
	l := lcs(ra, rb)
	return float64(l) / float64(max(len(ra), len(rb)))
}

func equalRunes(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// PrefixOf reports whether a is a cut-off start of b: the rest of a label
// went to the next line or cell (（四）无法提 … 供).
func PrefixOf(a, b string) bool {
	return prefixOf([]rune(a), []rune(b))
}

func prefixOf(ra, rb []rune) bool {
	return len(ra) >= 3 && len(ra) < len(rb) && 2*len(ra) >= len(rb) && equalRunes(ra, rb[:len(ra)])
}

func lcs(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			switch {
			case a[i-1] == b[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// simplify maps the traditional characters that occur in the template's
// headings and labels to their simplified forms. Mirrors of report pages
// are often converted to traditional script (開平市農業農村局); matching the
// template needs only these characters, not a full converter.
func simplify(r rune) rune {
	if s, ok := tradToSimp[r]; ok {
		return s
	}
	return r
}

var tradToSimp = func() map[rune]rune {
	const pairs = "總总體体況况動动開开請请處处復复議议訴诉訟讼題题進进報报問问項项數数據据與与門门這这內内務务規规範范許许罰罚強强費费額额採采購购統统計计單单當当辦办結结轉转處处決决資资訊讯關关係系無无國国密密維维護护紀纪錄录類类執执條条機机構构會会組组織织點点說说劃划徵征審审諮咨詢询擔担責责監监督督論论遞递認认權权幾几現现項项實实際际應应問问還还戶户檔档編编號号網网頁页為为從从對对將将於于據据給给補补齊齐覆复準准評评價价"
	m := map[rune]rune{}
	rs := []rune(pairs)
	for i := 0; i+1 < len(rs); i += 2 {
		m[rs[i]] = rs[i+1]
	}
	return m
}()
