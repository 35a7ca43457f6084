package gen

import (
	"fmt"
	"math/rand"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/lazyre"
	"github.com/nianbao/nianbao/internal/names"
	"github.com/nianbao/nianbao/normalize"
)

// The wording errors (TX rules) real reports make, planted in the prose:
// each kind is a slip seen in published reports (shared/research/wording.md
// §3). They are kept apart from the table and number kinds of inject.go
// and join ErrorKinds, the injectors and the bench's tables when the
// package loads.
const (
	TXRepeat     ErrorKind = 100 + iota // a word or 的 written twice (审核审核, 的的): TX103
	TXCutoff                            // 截止 before a date (截止2020年底): TX105
	TXHalfComma                         // one ASCII comma in full-width prose: TX101
	TXRegulation                        // the regulation misnamed (政府信息公开工作条例): TX102
	TXStale                             // the other year's national notice cited: TX102
	TXUnpaired                          // a title's 》 lost: TX104
	TXNoTotal                           // a total before 其中 without its number (共主动公开条，其中…): TX108
	TXGluedYear                         // the period's first 年 lost (统计期限为20241月1日至…): TX113
	TXBlankCount                        // blanks where a count's number was (主动公开信息  条。): TX108
	TXExactYu                           // 余 after an exact count (解读民生政策文件6余件): TX113
	TXYuNoUnit                          // a round count with 余 and no measure word (主动公开政府信息260余): TX108
)

// TXKinds lists the wording kinds, in the order tables print them.
var TXKinds = []ErrorKind{TXRepeat, TXCutoff, TXHalfComma, TXRegulation, TXStale, TXUnpaired, TXNoTotal, TXGluedYear, TXBlankCount, TXExactYu, TXYuNoUnit}

func init() {
	ErrorKinds = append(ErrorKinds, TXKinds...)
	for k, v := range map[ErrorKind]struct {
		name, expected string
		inject         func(*Report, *rand.Rand, *Expected)
	}{
		TXRepeat:     {"repeated word", "TX103", injectRepeat},
		TXCutoff:     {"截止 for 截至", "TX105", injectCutoff},
		TXHalfComma:  {"ASCII comma", "TX101", injectHalfComma},
		TXRegulation: {"regulation misnamed", "TX102", injectRegulation},
		TXStale:      {"other year's notice", "TX102", injectStale},
		TXUnpaired:   {"unpaired 《", "TX104", injectUnpaired},
		TXNoTotal:    {"total without its number", "TX108", injectNoTotal},
		TXGluedYear:  {"year glued to the month", "TX113", injectGluedYear},
		TXBlankCount: {"blanks for a number", "TX108", injectBlankCount},
		TXExactYu:    {"余 after an exact count", "TX113", injectExactYu},
		TXYuNoUnit:   {"余 without a measure word", "TX108", injectYuNoUnit},
	} {
		errorKindNames[k], expectedRules[k], injectors[k] = v.name, v.expected, v.inject
	}
}

// prose returns pointers to every prose paragraph: the preamble's and
// the sections'.
func (r *Report) prose() []*string {
	var out []*string
	for i := range r.preamble {
		out = append(out, &r.preamble[i])
	}
	return append(out, r.paragraphs()...)
}

// site is a place in a paragraph.
type site struct {
	p *string
	i int
}

// sitesOf lists every occurrence of s in ps for which ok holds.
func sitesOf(ps []*string, s string, ok func(p string, i int) bool) []site {
	var out []site
	for _, p := range ps {
		for off := 0; ; {
			i := strings.Index((*p)[off:], s)
			if i < 0 {
				break
			}
			i += off
			off = i + len(s)
			if ok == nil || ok(*p, i) {
				out = append(out, site{p, i})
			}
		}
	}
	return out
}

func hanAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return i < len(s) && unicode.Is(unicode.Han, r)
}

func hanBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return i > 0 && unicode.Is(unicode.Han, r)
}

// repeatWords are words of the generated prose that TX103 reads as words
// (gse) and whose doubling is no word.
var repeatWords = []string{"工作", "信息", "情况", "审核", "培训", "机制", "平台", "申请", "渠道", "网站"}

func injectRepeat(r *Report, rnd *rand.Rand, e *Expected) {
	ps := r.paragraphs()
	words := append([]string{"的"}, repeatWords...)
	if rnd.Intn(2) == 0 {
		words = repeatWords // a word rather than 的, half the time
	}
	for _, wi := range rnd.Perm(len(words)) {
		word := words[wi]
		sites := sitesOf(ps, word, func(p string, i int) bool {
			j := i + len(word)
			// Han on both sides, and no doubling there already.
			return hanBefore(p, i) && hanAt(p, j) && !strings.HasPrefix(p[j:], word) && !strings.HasSuffix(p[:i], word)
		})
		if len(sites) == 0 {
			continue
		}
		s := oneOf(rnd, sites)
		*s.p = (*s.p)[:s.i] + word + (*s.p)[s.i:]
		*e = Expected{Kind: e.Kind, Applied: true, Rules: []string{"TX103"}, Text: around(*s.p, s.i, s.i+2*len(word), 4), Detail: word + word}
		return
	}
}

func injectCutoff(r *Report, rnd *rand.Rand, e *Expected) {
	ps := r.paragraphs("overview")
	if len(ps) == 0 {
		return
	}
	p := oneOf(rnd, ps)
	y := strconv.Itoa(r.Year)
	s := oneOf(rnd, []string{"截止" + y + "年底，各项工作运转正常。", "截止目前，相关信息均已按时公开。", "截止" + y + "年12月31日，未发生泄密事件。"})
	*p = strings.TrimRight(*p, "\n") + s
	*e = Expected{Kind: e.Kind, Applied: true, Rules: []string{"TX105"}, Text: s[:len("截止")+4], Detail: s}
}

func injectHalfComma(r *Report, rnd *rand.Rand, e *Expected) {
	sites := sitesOf(r.paragraphs(), "，", func(p string, i int) bool { return hanBefore(p, i) && hanAt(p, i+len("，")) })
	if len(sites) == 0 {
		return
	}
	s := oneOf(rnd, sites)
	*s.p = (*s.p)[:s.i] + "," + (*s.p)[s.i+len("，"):]
	*e = Expected{Kind: e.Kind, Applied: true, Rules: []string{"TX101"}, Text: around(*s.p, max(0, s.i-3), s.i+1, 2), Detail: "，→,"}
}

// wrongRegulation are names of the regulation that do not exist.
var wrongRegulation = []string{"《中华人民共和国政府信息公开工作条例》", "《政府信息公开工作条例》", "《中华人民共和国政府信息公开管理条例》", "政府信息公开工作条例"}

func injectRegulation(r *Report, rnd *rand.Rand, e *Expected) {
	const right = "《中华人民共和国政府信息公开条例》"
	sites := sitesOf(r.prose(), right, nil)
	if len(sites) == 0 {
		return
	}
	s := oneOf(rnd, sites)
	wrong := oneOf(rnd, wrongRegulation)
	*s.p = (*s.p)[:s.i] + wrong + (*s.p)[s.i+len(right):]
	*e = Expected{Kind: e.Kind, Applied: true, Rules: []string{"TX102"}, Text: wrong, Detail: wrong}
}

// injectStale cites the national notice of the other template: the 2019
// notice in a report on 2021 or later, the 2021 one in a report on 2020
// or before.
func injectStale(r *Report, _ *rand.Rand, e *Expected) {
	cur := normalize.ProfileFor(r.Template)
	var other *normalize.Profile
	for _, p := range normalize.Profiles() {
		if p.Template != cur.Template && p.Notice != "" && (other == nil || r.Year >= 2021 && p.FirstYear < other.FirstYear || r.Year < 2021 && p.FirstYear > other.FirstYear) {
			other = p
		}
	}
	if other == nil || cur.Notice == "" {
		return
	}
	sites := sitesOf(r.prose(), cur.Notice, nil)
	if len(sites) == 0 {
		return
	}
	s := sites[0]
	*s.p = (*s.p)[:s.i] + other.Notice + (*s.p)[s.i+len(cur.Notice):]
	title, _, _ := strings.Cut(other.Notice, "》")
	*e = Expected{Kind: e.Kind, Applied: true, Rules: []string{"TX102"}, Text: title, Detail: "cites " + other.Template + " notice"}
}

func injectUnpaired(r *Report, rnd *rand.Rand, e *Expected) {
	var sites []site
	for _, p := range r.prose() {
		for off := 0; ; {
			i := strings.Index((*p)[off:], "《")
			if i < 0 {
				break
			}
			i += off
			j := strings.Index((*p)[i:], "》")
			if j < 0 || strings.Contains((*p)[i+len("《"):i+j], "《") {
				break
			}
			sites = append(sites, site{p, i})
			off = i + j
		}
	}
	if len(sites) == 0 {
		return
	}
	s := oneOf(rnd, sites)
	j := s.i + strings.Index((*s.p)[s.i:], "》")
	*s.p = (*s.p)[:j] + (*s.p)[j+len("》"):]
	*e = Expected{Kind: e.Kind, Applied: true, Rules: []string{"TX104"}, Text: around(*s.p, s.i, s.i+len("《"), 6), Detail: "》 lost"}
}

// totalBeforeList is a count that a 其中 list breaks down.
var totalBeforeList = lazyre.New(`(\d+)(条|件)[，：]?其中`)

// injectNoTotal drops the number of a total that a 其中 list breaks down,
// as a 2024 report was published: "全年在政府网上共主动公开条，其中信息公开
// 指南0条，信息公开制度1条…". Only where the sentence shows what is missing:
// a character before the measure word that makes no word with it (not
// 文件), and two counts or more in the unit after 其中.
func injectNoTotal(r *Report, rnd *rand.Rand, e *Expected) {
	type cut struct {
		p          *string
		from, to   int // the digits
		unit, list int // the measure word, 其中
	}
	var cuts []cut
	for _, p := range r.paragraphs() {
		for _, m := range totalBeforeList.FindAllStringSubmatchIndex(*p, -1) {
			prev, _ := utf8.DecodeLastRuneInString((*p)[:m[2]])
			unit := (*p)[m[4]:m[5]]
			if !unicode.Is(unicode.Han, prev) || names.IsWord(string(prev)+unit) {
				continue
			}
			end := len(*p)
			if k := strings.Index((*p)[m[1]:], "。"); k >= 0 {
				end = m[1] + k
			}
			if countsIn((*p)[m[1]:end], unit) < 2 {
				continue
			}
			cuts = append(cuts, cut{p, m[2], m[3], m[4], m[1] - len("其中")})
		}
	}
	if len(cuts) == 0 {
		return
	}
	c := oneOf(rnd, cuts)
	p := *c.p
	*c.p = p[:c.from] + p[c.to:]
	_, w := utf8.DecodeLastRuneInString(p[:c.from])
	text := (*c.p)[c.from-2*w : c.list-(c.to-c.from)+len("其中")]
	*e = Expected{Kind: e.Kind, Applied: true, Rules: []string{"TX108"}, Text: text, Detail: "total " + p[c.from:c.to] + " dropped"}
}

// injectGluedYear drops the 年 of the period's first date, as a 2024
// report of a township was published ("统计期限为20241月1日至12月31日",
// 东至县木塔乡), where the year runs into the month and the period
// cannot be read.
func injectGluedYear(r *Report, rnd *rand.Rand, e *Expected) {
	from := strconv.Itoa(r.Year) + "年1月1日"
	var ps []*string
	for i := range r.preamble {
		ps = append(ps, &r.preamble[i])
	}
	sites := sitesOf(ps, from, nil)
	if len(sites) == 0 {
		return
	}
	s := oneOf(rnd, sites)
	y := len(strconv.Itoa(r.Year))
	*s.p = (*s.p)[:s.i+y] + (*s.p)[s.i+y+len("年"):]
	glued := (*s.p)[s.i : s.i+len(from)-len("年")]
	*e = Expected{Kind: e.Kind, Applied: true, Rules: []string{"TX113"}, Text: glued, Detail: from + " → " + glued}
}

// loneCount is a count a sentence gives on its own: the character before
// it, its digits, its measure word and the mark after it.
var loneCount = lazyre.New(`(\p{Han})(\d+)(条|件|项|个|篇)[。，；]`)

// aloneCount is a count of loneCount alone in its sentence: its
// paragraph, the character before it, its digits and the end of its
// measure word.
type aloneCount struct {
	p             *string
	lead          string
	from, to, end int
}

// aloneCounts lists the counts of r's paragraphs that stand alone in
// their sentence, so that no sum the prose states changes with them.
func aloneCounts(r *Report) []aloneCount {
	var out []aloneCount
	for _, p := range r.paragraphs() {
		for _, m := range loneCount.FindAllStringSubmatchIndex(*p, -1) {
			start := strings.LastIndex((*p)[:m[4]], "。") + 1
			end := len(*p)
			if k := strings.Index((*p)[m[5]:], "。"); k >= 0 {
				end = m[5] + k
			}
			if len(countOf.FindAllStringIndex((*p)[start:end], -1)) != 1 {
				continue
			}
			out = append(out, aloneCount{p, (*p)[m[2]:m[3]], m[4], m[5], m[7]})
		}
	}
	return out
}

// injectBlankCount puts blanks where the number of a count was, as a form
// filled in without it was published ("2020 年主动公开信息  条。",
// 定西市公共资源交易中心). Only a count alone in its sentence, so that no
// sum the prose states loses a part, and not after a character that
// makes a count without digits (每 条, 第一 条).
func injectBlankCount(r *Report, rnd *rand.Rand, e *Expected) {
	var cuts []aloneCount
	for _, c := range aloneCounts(r) {
		if !strings.ContainsAny(c.lead, "一二三四五六七八九十几多每各本该此逐首第两") {
			cuts = append(cuts, c)
		}
	}
	if len(cuts) == 0 {
		return
	}
	c := oneOf(rnd, cuts)
	p := *c.p
	*c.p = p[:c.from] + "  " + p[c.to:]
	_, w := utf8.DecodeRuneInString(p[c.to:])
	*e = Expected{Kind: e.Kind, Applied: true, Rules: []string{"TX108"}, Text: (*c.p)[c.from-3 : c.from+2+w], Detail: "number " + p[c.from:c.to] + " left blank"}
}

// injectExactYu writes 余 after the digits of a count whose last digit is
// not 0, as 兴海县人民政府 2021 wrote 解读民生政策文件6余件. Only a count
// alone in its sentence, as for injectBlankCount.
func injectExactYu(r *Report, rnd *rand.Rand, e *Expected) {
	var at []site
	for _, c := range aloneCounts(r) {
		if digits := (*c.p)[c.from:c.to]; digits[len(digits)-1] != '0' && !strings.ContainsAny(c.lead, "第每") {
			at = append(at, site{c.p, c.to})
		}
	}
	if len(at) == 0 {
		return
	}
	s := oneOf(rnd, at)
	p := *s.p
	*s.p = p[:s.i] + "余" + p[s.i:]
	from := s.i
	for from > 0 && p[from-1] >= '0' && p[from-1] <= '9' {
		from--
	}
	_, w := utf8.DecodeRuneInString(p[s.i:])
	*e = Expected{Kind: e.Kind, Applied: true, Rules: []string{"TX113"}, Text: (*s.p)[from : s.i+len("余")+w], Detail: p[from:s.i+w] + " → " + (*s.p)[from:s.i+len("余")+w]}
}

// injectYuNoUnit writes a count of ten or more as its tens with 余 and
// drops its measure word (主动公开政府信息260余, 会昌县中村乡 2020): 478条。
// becomes 470余。, still true, with the unit lost. Only a count alone in
// its sentence and followed by a mark, as for injectBlankCount.
func injectYuNoUnit(r *Report, rnd *rand.Rand, e *Expected) {
	var cuts []aloneCount
	for _, c := range aloneCounts(r) {
		if c.to-c.from >= 2 && !strings.ContainsAny(c.lead, "第每") {
			cuts = append(cuts, c)
		}
	}
	if len(cuts) == 0 {
		return
	}
	c := oneOf(rnd, cuts)
	p := *c.p
	round := p[c.from:c.to-1] + "0余"
	*c.p = p[:c.from] + round + p[c.end:]
	*e = Expected{Kind: e.Kind, Applied: true, Rules: []string{"TX108"}, Text: round, Detail: p[c.from:c.end] + " → " + round}
}

// countOf is a count of items.
var countOf = lazyre.New(`\d+(条|件)`)

// countsIn is how many counts of unit s holds.
func countsIn(s, unit string) int {
	n := 0
	for _, m := range countOf.FindAllStringSubmatch(s, -1) {
		if m[1] == unit {
			n++
		}
	}
	return n
}

// writeTX prints the wording line of the bench: recall over the TX kinds
// and the TX errors and warnings on clean and damaged reports, per format.
func (r *BenchResult) writeTX(sb *strings.Builder) {
	has := false
	for _, k := range r.Kinds {
		if k >= TXRepeat {
			has = true
		}
	}
	if !has {
		return
	}
	row := func(cells ...string) { sb.WriteString("| " + strings.Join(cells, " | ") + " |\n") }
	sb.WriteString("Wording (TX): recall over the TX kinds; TX errors and warnings on clean and on damaged reports, all false.\n\n")
	row("format", "TX recall", "false TX / clean report", "false TX / damaged report")
	row("---", "---", "---", "---")
	for _, f := range r.Formats {
		a, fd := 0, 0
		for _, k := range r.Kinds {
			if k >= TXRepeat {
				a += f.Applied[k]
				fd += f.Found[k]
			}
		}
		clean, damaged := 0, 0
		for rule, n := range f.FalseByRule {
			if strings.HasPrefix(rule, "TX") {
				clean += n
			}
		}
		for rule, n := range f.DamagedByRule {
			if strings.HasPrefix(rule, "TX") {
				damaged += n
			}
		}
		row(f.Format, fmt.Sprintf("%d/%d (%s)", fd, a, pct(fd, a)), ratio(clean, f.Clean), ratio(damaged, f.Damaged))
	}
	sb.WriteString("\n")
}
