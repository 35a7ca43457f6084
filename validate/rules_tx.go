package validate

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/lazyre"
	"github.com/nianbao/nianbao/internal/names"
)

// The wording rules (TX) read the prose and headings as txtext.go gives
// them, never table text, with the data of data/tx. A document whose
// characters are mostly traditional (a mirror) gets TX114's note and no
// other wording finding: its words cannot be compared with the tables.

// maxPerDoc caps the findings one rule gives a document for the same kind
// of slip: the last one says how many more there are.
const maxPerDoc = 10

// capped reports findings of one kind, at most maxPerDoc, the last
// saying how many were left out.
type capped struct {
	p      *Pass
	n      int
	last   *Finding
	zh, en string // the note appended to the last one
}

func (c *capped) report(fn func()) {
	c.n++
	if c.n <= maxPerDoc {
		fn()
	}
}

func (c *capped) done() {
	if c.n <= maxPerDoc || len(c.p.findings) == 0 {
		return
	}
	f := &c.p.findings[len(c.p.findings)-1]
	f.Message.Zh += fmt.Sprintf("（全文另有 %d 处同类问题未逐一列出）", c.n-maxPerDoc)
	f.Message.En += fmt.Sprintf(" (%d more like it not listed)", c.n-maxPerDoc)
}

// TX101

// halfToFull gives the full-width mark of each ASCII one TX101 reports,
// "" for other bytes.
var halfToFull = [256]string{',': "，", ';': "；", ':': "：", '?': "？", '!': "！", '(': "（", ')': "）", '.': "。"}

func runHalfWidth(p *Pass, d *txDoc) error {
	if d.folded {
		p.AtText(d.firstASCII).Severity(Info).Reportf(
			"全文与汉字相邻的逗号有 %d 个是半角“,”，全角“，”只有 %d 个：标点疑在转换或转载时被改成了半角，不逐处报告；请以原件为准核对全文标点",
			"%d of the commas beside Chinese text are ASCII and %d full-width: a converter or a mirror folded the punctuation; not reported one by one, check the original",
			d.asciiCommas, d.fullCommas)
		return nil
	}
	c := &capped{p: p}
	for _, ps := range d.passages {
		t := ps.text
		if furniture(ps) {
			continue
		}
		used := map[int]bool{}
		for i := 0; i < len(t); i++ {
			ch := t[i]
			full := halfToFull[ch]
			if full == "" || used[i] || inAddress(t, i) {
				continue
			}
			prev, next := runeBefore(t, i), firstAfter(t, i+1)
			j := i + 1
			for j < len(t) && t[j] == ' ' && isHan(next) && ch != '(' {
				j++ // the space a half-width comma brings along goes too
			}
			switch ch {
			case '(':
				cl, han := closeParen(t, i)
				if !han && !(cl < 0 && isHan(next)) {
					continue // (PPP), (www.pingtan.gov.cn): all ASCII inside
				}
				edits := []edit{{i, i + 1, "（"}}
				what := "("
				if cl >= 0 && t[cl] == ')' {
					edits = append(edits, edit{cl, cl + 1, "）"})
					used[cl] = true
					what = "( )"
				}
				end := i + 1
				if cl >= 0 {
					end = cl + 1
				}
				sp := ps.span(i, end)
				fix := ps.fixOf(Msgf("改为全角括号", "use full-width brackets"), edits...)
				c.report(func() {
					txReport(p, sp, Warning, true, Msgf("中文里用了半角括号“%s”，应为全角“（ ）”", "ASCII brackets %s in Chinese text; use （ ）", what), fix)
				})
				continue
			case '.':
				if !isHan(prev) || next != 0 && !isHan(next) {
					continue
				}
			default:
				if !isHan(prev) && !isHan(next) {
					continue
				}
				if ch == ')' && !isHan(prev) {
					continue
				}
			}
			sp := ps.span(i, j)
			fix := ps.fixOf(Msgf("改为“%s”", "change to %s", full), edit{i, j, full})
			c.report(func() {
				txReport(p, sp, Warning, true, Msgf("中文里用了半角“%c”，应为全角“%s”", "ASCII %q in Chinese text; use %s", rune(ch), full), fix)
			})
		}
		// A full-width ＠ in an e-mail address.
		for _, m := range matchesIf(ps.mayHold("＠"), wideAt, t) {
			i := m[0] + strings.Index(t[m[0]:m[1]], "＠")
			sp := ps.span(i, i+len("＠"))
			txReport(p, sp, Info, true, Msgf("电子邮箱地址中的“＠”应为半角“@”", "write the @ of an e-mail address half-width"),
				ps.fixOf(Msgf("改为“@”", "change to @"), edit{i, i + len("＠"), "@"}))
		}
	}
	c.done()
	return nil
}

// furniture reports whether ps is a short line without a sentence mark
// that is no heading: page furniture (【打印】 【字体:), not prose. A
// longer such line is furniture when it holds three labelled fields or
// more, as a page's bar lays them out (发布时间:2021-02-20 浏览次数:
// 【字体:); a sentence that lists under labels has commas.
func furniture(ps *passage) bool {
	if ps.heading || sentenceMarks.index(ps.text) >= 0 || ps.headed() {
		return false
	}
	return ps.runeCount() < 15 || pageBar(ps.text)
}

// pageBar reports whether t, a line without a sentence mark, holds three
// labelled fields or more in under 50 runes.
func pageBar(t string) bool {
	return strings.Count(t, ":")+strings.Count(t, "：") >= 3 && utf8.RuneCountInString(t) < 50
}

// pageButton reports whether l, a line without a sentence mark, is as
// short as a page's buttons (【字体:打印, 滁州市气象局 2023): a 【 never
// closed there is the page's, cut off, not the report's.
func pageButton(l string) bool {
	return utf8.RuneCountInString(strings.TrimSpace(l)) < 15
}

// sentenceMarks are the marks that make a short line a sentence, not
// page furniture.
var sentenceMarks = newCharSet("，。；,;")

var wideAt = lazyre.New(`[A-Za-z0-9._\-]+＠[A-Za-z0-9\-]+\.[A-Za-z0-9.\-]+`)

// inAddress reports whether byte i of t lies in a URL, an e-mail address
// or a number with punctuation inside (9:00, 3.5): a run without spaces
// or Han characters that holds ://, www., @ or a domain, or digits on
// both sides of i.
func inAddress(t string, i int) bool {
	if i > 0 && i+1 < len(t) && isDigit(t[i-1]) && isDigit(t[i+1]) {
		return true
	}
	a, b := i, i+1
	for a > 0 && t[a-1] < 0x80 && t[a-1] != ' ' {
		a--
	}
	for b < len(t) && t[b] < 0x80 && t[b] != ' ' {
		b++
	}
	run := strings.ToLower(t[a:b])
	return strings.Contains(run, "://") || strings.Contains(run, "www.") || strings.Contains(run, "@") ||
		strings.Contains(run, ".com") || strings.Contains(run, ".cn") || strings.Contains(run, ".gov")
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// closeParen finds the bracket closing the one at byte i of t (either
// width counts) and says whether Han characters stand between; -1 when
// none closes it.
func closeParen(t string, i int) (int, bool) {
	depth, han := 0, false
	for j, r := range t[i:] {
		switch r {
		case '(', '（':
			depth++
		case ')', '）':
			depth--
			if depth == 0 {
				return i + j, han
			}
		default:
			if isHan(r) {
				han = true
			}
		}
	}
	return -1, han
}

// TX102

// titleRef is a top-level 《…》 of a passage.
type titleRef struct {
	ps          *passage
	open, close int    // byte offsets of 《 and just past 》
	inner       string // the text between
}

// titlesIn lists the top-level titles of ps that are closed.
func titlesIn(ps *passage) []titleRef {
	var out []titleRef
	depth, start := 0, -1
	for i, r := range ps.text {
		switch r {
		case '《':
			if depth == 0 {
				start = i
			}
			depth++
		case '》':
			if depth == 0 {
				continue
			}
			depth--
			if depth == 0 {
				out = append(out, titleRef{ps: ps, open: start, close: i + len("》"), inner: ps.text[start+len("《") : i]})
			}
		}
	}
	return out
}

// How a title matches a canonical document.
const (
	citeExact  = iota + 1 // as the document is titled (marks aside)
	citeIssuer            // the issuer outside the 书名号: 国务院办公厅…办公室《关于…的通知》
	citeSplit             // words of the title outside: 国务院办公厅转发《司法部关于…的通知》
	citeNear              // a few characters off
	citeInner             // the frame right, the inner title wrong
)

// matchCanon says which canonical document a title cites, and how;
// before is the passage's text before the 《.
func matchCanon(before, inner string) (*canonDoc, int) {
	n := normTitle(inner)
	if n == "" {
		return nil, 0
	}
	var rn []rune // n's runes, made when a distance is needed
	nLen := utf8.RuneCountInString(n)
	var nb string // before normalized, made when needed
	var best *canonDoc
	bestD := 1 << 30
	for _, c := range mustTX().canon {
		if n == c.norm {
			return c, citeExact
		}
		if c.Kind == "regulation" {
			continue // TX102 reads the regulation's names itself
		}
		if strings.HasSuffix(c.norm, n) && nLen >= 10 {
			out := strings.TrimSuffix(c.norm, n)
			if nb == "" {
				nb = normTitle(before)
			}
			if strings.HasSuffix(nb, out) {
				if strings.Contains(out, "转发") || strings.Contains(out, "印发") {
					return c, citeSplit
				}
				return c, citeIssuer
			}
		}
		if c.inner != "" && strings.HasPrefix(n, c.frameL) && strings.HasSuffix(n, c.frameR) && len(n) > len(c.frameL)+len(c.frameR) {
			mid := n[len(c.frameL) : len(n)-len(c.frameR)]
			if mid != c.inner && similar(mid, c.inner) {
				return c, citeInner
			}
		}
		lim := max(2, len(c.normRunes)/12)
		if d := nLen - len(c.normRunes); d > lim || -d > lim {
			continue // editDistance would say lim+1
		}
		if rn == nil {
			rn = []rune(n)
		}
		if dist := runeDistance(rn, c.normRunes, lim); dist <= lim && dist < bestD {
			best, bestD = c, dist
		}
	}
	if best != nil {
		return best, citeNear
	}
	return nil, 0
}

// similar reports whether a shares most of b's characters in order (the
// longest common subsequence is at least 60% of b).
func similar(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for i := range ra {
		cur := make([]int, len(rb)+1)
		for j := range rb {
			if ra[i] == rb[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(cur[j], prev[j+1])
			}
		}
		prev = cur
	}
	return prev[len(rb)]*5 >= len(rb)*3
}

// editDistance is the Levenshtein distance of a and b in runes, or
// limit+1 once it must exceed limit.
func editDistance(a, b string, limit int) int {
	return runeDistance([]rune(a), []rune(b), limit)
}

// runeDistance is editDistance of the runes ra and rb.
func runeDistance(ra, rb []rune, limit int) int {
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	var buf [2 * 64]int
	var prev, cur []int
	if n := len(rb) + 1; n <= 64 {
		prev, cur = buf[:n], buf[64:64+n]
	} else {
		prev, cur = make([]int, n), make([]int, n)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			low = min(low, cur[j])
		}
		if low > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

const regulation = "中华人民共和国政府信息公开条例"

var (
	// numberAfter is a 文号 or 令号 in brackets right after a title.
	numberAfter = lazyre.New(`^\s*[（(]\s*([^（）()]{2,30}?号)`)
	// orderRE is a State Council order number: 国务院令第711号, 国令第 711号.
	orderRE = lazyre.New(`(?:中华人民共和国)?(?:国务院令|国令)\s*第?\s*(\d+)\s*号`)
	// docNumberRE reads a 发文字号: code, year, number.
	docNumberRE = lazyre.New(`^(\p{Han}+)\s*[〔\[(（【［﹝]\s*(\d{2,4})\s*[〕\])）】］﹞]\s*第?\s*0*(\d+)\s*号$`)
	// misnamedRE is a name of the regulation that does not exist;
	// findStateName matches it.
	misnamedRE = lazyre.New(`(?:中华人民共和国)?政府信息公开工作条例`)
	// bareLawBefore, as a suffix, is a verb of citing before a law named
	// by its short name without 书名号: 严格按照保密法.
	bareLawBefore = lazyWords("按照", "依照", "根据", "依据", "贯彻", "学习", "执行", "落实", "遵守", "违反", "和", "及")
)

// stateNames is findStateName(ps.text, name), none where the passage
// cannot hold name.
func stateNames(ps *passage, name string) [][]int {
	if !ps.mayHold(name) {
		return nil
	}
	return findStateName(ps.text, name)
}

// cited notes which canonical documents a report cites, and where first.
type cited struct {
	at  map[string]citeAt
	all []citeAt
}

type citeAt struct {
	c       *canonDoc
	ps      *passage
	i, j    int // the title or number in ps
	byTitle bool
}

func runCitations(p *Pass, d *txDoc) error {
	data := mustTX()
	year := p.Rep.Year
	cites := cited{at: map[string]citeAt{}}
	note := func(c *canonDoc, ps *passage, i, j int, byTitle bool) {
		at := citeAt{c, ps, i, j, byTitle}
		if _, ok := cites.at[c.Key]; !ok {
			cites.at[c.Key] = at
		}
		cites.all = append(cites.all, at)
	}
	regFirst := true // no mention of the regulation yet
	shortSeen := false
	for _, ps := range d.passages {
		for ti, tr := range ps.titles() {
			inner := tr.inner
			n := normTitle(inner)
			sp := ps.span(tr.open, tr.close)
			// The regulation.
			if strings.HasSuffix(n, "条例") && (strings.Contains(n, "政府信息公开") || shortOfRegulation(n)) {
				switch {
				case n == regulation:
					regFirst = false
					checkOrder(p, ps, tr.close, year)
				case n == "政府信息公开条例":
					if !d.defs["政府信息公开条例"] {
						fixes := []Fix{ps.fixOf(Msgf("改为全称", "write the full title"), edit{tr.open, tr.close, "《" + regulation + "》"})}
						if d.defs["条例"] && !regFirst {
							fixes = append(fixes, ps.fixOf(Msgf("改为已定义的简称《条例》", "use the defined short title 《条例》"), edit{tr.open, tr.close, "《条例》"}))
						}
						if regFirst {
							txReport(p, sp, Warning, false, Msgf("首次引用条例应写全称《%s》", "cite the regulation by its full title 《%s》 first", regulation), fixes...)
						} else if !shortSeen {
							txReport(p, sp, Warning, false, Msgf("《政府信息公开条例》不是条例的名称，也未定义为简称：应写全称《%s》或已定义的简称", "《政府信息公开条例》 is neither the title nor a defined short title: write 《%s》 or the defined short title", regulation), fixes...)
						}
						shortSeen = true
					}
					regFirst = false
					checkOrder(p, ps, tr.close, year)
				default:
					if misnamedReg(n) || shortOfRegulation(n) {
						txReport(p, sp, Error, false, Msgf("条例名称有误：“%s”，应为《%s》", "the regulation is misnamed: %s; its title is 《%s》", inner, regulation),
							ps.fixOf(Msgf("改为《%s》", "change to 《%s》", regulation), edit{tr.open, tr.close, "《" + regulation + "》"}))
						regFirst = false
					}
				}
				continue
			}
			// Laws by a short name.
			for _, l := range data.laws {
				if n == l.Short && !d.defs[l.Short] && !strings.Contains(ps.text[:tr.open], l.Full) && !priorLaw(d, ps, l.Full) {
					txReport(p, sp, Info, false, Msgf("法律首次引用宜写全称《%s》", "cite the law by its full title 《%s》 first", l.Full),
						ps.fixOf(Msgf("改为全称", "write the full title"), edit{tr.open, tr.close, "《" + l.Full + "》"}))
				}
			}
			c, how := ps.canonOf(ti)
			if c == nil {
				continue
			}
			if how == citeNear || how == citeInner {
				// A title a little off, with the number of another of the
				// documents (the 2019 notice's number after a title made
				// up from the 2021 one): that document, misnamed.
				if d := byNumber(ps.text[tr.close:]); d != nil && d != c {
					c, how = d, citeNear
				}
			}
			note(c, ps, tr.open, tr.close, true)
			switch how {
			case citeNear, citeInner:
				what := Msg{"文件名称有误", "the title is wrong"}
				if how == citeInner {
					what = Msg{"所印发文件的名称有误", "the title of the document it issues is wrong"}
				}
				txReport(p, sp, Error, false, Msgf("%s：“%s”，应为《%s》", "%s: %s; the title is 《%s》", what, inner, c.Title),
					ps.fixOf(Msgf("改为《%s》", "change to 《%s》", c.Title), edit{tr.open, tr.close, "《" + c.Title + "》"}))
			}
			checkNumber(p, ps, tr.close, c)
		}
		// The misnamed regulation without 书名号 (in 《》 it is reported
		// above).
		for _, m := range stateNames(ps, "政府信息公开工作条例") {
			if ps.titleAt(m[0]) > 0 {
				continue
			}
			txReport(p, ps.span(m[0], m[1]), Error, false, Msgf("条例名称有误：“%s”，应为《%s》", "the regulation is misnamed: %s; its title is 《%s》", ps.text[m[0]:m[1]], regulation),
				ps.fixOf(Msgf("改为《%s》", "change to 《%s》", regulation), edit{m[0], m[1], "《" + regulation + "》"}))
		}
		// Laws named bare after a verb of citing: 严格按照保密法.
		for _, l := range data.laws {
			if !ps.mayHoldMask(l.shortMask) {
				continue
			}
			for k, off := range indexAll(ps.text, l.Short) {
				if ps.titleAt(k) > 0 || !bareLawBefore().hasSuffix(ps.text[:k]) || isHan(runeAt(ps.text, off)) && !strings.ContainsRune("和及等对规", runeAt(ps.text, off)) {
					continue
				}
				if d.defs[l.Short] || priorLaw(d, ps, l.Full) {
					continue
				}
				txReport(p, ps.span(k, off), Info, false, Msgf("法律名称应加书名号并写全称《%s》", "write the law as 《%s》", l.Full),
					ps.fixOf(Msgf("改为《%s》", "change to 《%s》", l.Full), edit{k, off, "《" + l.Full + "》"}))
				break
			}
		}
		// The national notices by their numbers alone.
		for _, c := range data.canon {
			if c.Number == "" || c.Kind == "regulation" {
				continue
			}
			if !ps.mayHoldMask(c.numberMask) {
				continue // a rune the number needs is not in the passage
			}
			for _, m := range numberPattern(c.Number).FindAllStringIndex(ps.text, -1) {
				note(c, ps, m[0], m[1], false)
			}
		}
	}
	checkStale(p, cites, year)
	return nil
}

// misnamedReg reports whether a title ending in 条例 that names
// 政府信息公开 is a wrong name of the national regulation: not the title,
// not a place's own rules (XX省政府信息公开条例).
func misnamedReg(n string) bool {
	if strings.Contains(n, "工作条例") {
		return true
	}
	i := strings.Index(n, "政府信息公开")
	if i < 0 {
		return false
	}
	prefix := n[:i]
	if prefix == "" || prefix == "中华人民共和国" {
		return n != regulation && n != "政府信息公开条例" && editDistance(n, regulation, 3) <= 3
	}
	last, _ := utf8.DecodeLastRuneInString(prefix)
	if strings.ContainsRune("省市区县州旗盟", last) {
		return false
	}
	return editDistance(n, regulation, 3) <= 3
}

// shortOfRegulation tells whether n is the regulation's full title with
// a character or two dropped (中华人民共和国信息公开条例): the 中华人民共和国
// says the full title was meant, so it is not a short title.
func shortOfRegulation(n string) bool {
	if n == regulation || !strings.HasPrefix(n, "中华人民共和国") || !strings.HasSuffix(n, "条例") {
		return false
	}
	missing := utf8.RuneCountInString(regulation) - utf8.RuneCountInString(n)
	if missing < 1 || missing > 2 {
		return false
	}
	rest := regulation
	for _, r := range n {
		k := strings.IndexRune(rest, r)
		if k < 0 {
			return false
		}
		rest = rest[k+utf8.RuneLen(r):]
	}
	return true
}

// priorLaw reports whether the document cites law full before passage ps.
// Where each law is first cited is found once: searched again from the
// first passage at each short citation, a report repeated a few hundred
// times spent half its time here.
func priorLaw(d *txDoc, ps *passage, full string) bool {
	first, ok := d.firstCited[full]
	if !ok {
		first = len(d.passages)
		for i, q := range d.passages {
			if strings.Contains(q.text, full) {
				first = i
				break
			}
		}
		if d.firstCited == nil {
			d.firstCited = map[string]int{}
		}
		d.firstCited[full] = first
	}
	return first < int(ps.index)
}

var numberPatterns sync.Map

// numberPattern matches a 文号 however its brackets and spaces are written.
func numberPattern(number string) *regexp.Regexp {
	if re, ok := numberPatterns.Load(number); ok {
		return re.(*regexp.Regexp)
	}
	var sb strings.Builder
	for _, r := range number {
		switch r {
		case '〔':
			sb.WriteString(`\s*[〔\[(（【［﹝]\s*`)
		case '〕':
			sb.WriteString(`\s*[〕\])）】］﹞]\s*`)
		case '第':
			sb.WriteString(`\s*第?\s*`)
		default:
			sb.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	re := regexp.MustCompile(sb.String())
	numberPatterns.Store(number, re)
	return re
}

// checkOrder reads the 国务院令 number after the regulation's title.
func checkOrder(p *Pass, ps *passage, at, year int) {
	rest := ps.text[at:]
	m := numberAfter.FindStringSubmatchIndex(rest)
	if m == nil {
		return
	}
	o := orderRE.FindStringSubmatch(rest[m[2]:m[3]])
	if o == nil {
		return
	}
	num, _ := strconv.Atoi(o[1])
	sp := ps.span(at+m[2], at+m[3])
	switch {
	case num != 492 && num != 711:
		txReport(p, sp, Error, false, Msgf("条例的国务院令号有误：第%d号；2019 年修订的条例是国务院令第711号（2007 年原条例为第492号）", "wrong order number %d: the 2019 revision is order 711 (the 2007 text 492)", num))
	case num == 492 && year >= 2019:
		txReport(p, sp, Warning, false, Msgf("%d 年度报告引用的是 2007 年原条例（国务院令第492号）；条例 2019 年修订后为国务院令第711号", "a %d report cites the 2007 text (order 492); the regulation as revised in 2019 is order 711", year))
	case num == 711 && year > 0 && year < 2019:
		txReport(p, sp, Warning, false, Msgf("%d 年度报告引用了 2019 年 4 月才公布的修订条例（国务院令第711号）", "a %d report cites the revision of April 2019 (order 711)", year))
	}
}

// byNumber returns the canonical document whose number is written in
// brackets at the start of rest, or nil.
func byNumber(rest string) *canonDoc {
	m := numberAfter.FindStringSubmatch(rest)
	if m == nil {
		return nil
	}
	g := docNumberRE.FindStringSubmatch(m[1])
	if g == nil {
		return nil
	}
	for _, c := range mustTX().canon {
		if w := docNumberRE.FindStringSubmatch(c.Number); w != nil && w[1] == g[1] && w[2] == g[2] && w[3] == g[3] {
			return c
		}
	}
	return nil
}

// checkNumber compares the 文号 written after a title with the document's.
func checkNumber(p *Pass, ps *passage, at int, c *canonDoc) {
	if c.Number == "" || tx(p).lossy {
		return
	}
	rest := ps.text[at:]
	m := numberAfter.FindStringSubmatchIndex(rest)
	if m == nil {
		return
	}
	got := rest[m[2]:m[3]]
	if i := strings.IndexAny(got, "，,；;"); i >= 0 {
		return // （国办公开办函〔2021〕30号,以下简称《通知》） is read up to 号 already
	}
	g, w := docNumberRE.FindStringSubmatch(got), docNumberRE.FindStringSubmatch(c.Number)
	if g == nil || w == nil {
		return
	}
	if g[1] == w[1] && g[2] == w[2] && g[3] == w[3] {
		return
	}
	sp := ps.span(at+m[2], at+m[3])
	txReport(p, sp, Error, false, Msgf("文号与文件不符：《%s》的文号是%s，这里写作%s", "the number does not match: 《%s》 is %s, not %s", c.Title, c.Number, got),
		ps.fixOf(Msgf("改为%s", "change to %s", c.Number), edit{at + m[2], at + m[3], c.Number}))
}

// checkStale reports national notices cited for a year they do not govern.
func checkStale(p *Pass, cites cited, year int) {
	if year == 0 {
		return
	}
	has := func(keys ...string) (citeAt, bool) {
		for _, k := range keys {
			if at, ok := cites.at[k]; ok {
				return at, true
			}
		}
		return citeAt{}, false
	}
	old, oldOK := has("notice2019", "format2019")
	_, newOK := has("notice2021", "format2021")
	newer := mustTX().canonByKey("notice2021")
	if year >= 2021 && oldOK && !newOK {
		sp := old.ps.span(old.i, old.j)
		var fixes []Fix
		if old.byTitle && old.c.Key == "notice2019" {
			fixes = append(fixes, old.ps.fixOf(Msgf("改为 2021 年的通知", "cite the 2021 notice"), edit{old.i, old.j, "《" + newer.Title + "》"}))
		}
		txReport(p, sp, Warning, false, Msgf("%d 年度报告仍引用已被取代的 2019 年通知（国办公开办函〔2019〕60号及其格式（试行））；2021 年度起的年报按《%s》（%s）编制",
			"a %d report cites the 2019 notice (国办公开办函〔2019〕60号), superseded for reports from 2021 on by 《%s》 (%s)", year, newer.Title, newer.Number), fixes...)
	}
	if at, ok := has("notice2021"); ok && year >= 2019 && year <= 2020 {
		txReport(p, at.ps.span(at.i, at.j), Warning, false, Msgf("%d 年度报告引用了 2021 年 9 月才印发的《%s》（%s）；2020 年度及以前的年报按国办公开办函〔2019〕60号编制",
			"a %d report cites 《%s》 (%s), issued only in September 2021; reports up to 2020 follow 国办公开办函〔2019〕60号", year, newer.Title, newer.Number))
	}
}

func (t *txTables) canonByKey(key string) *canonDoc {
	for _, c := range t.canon {
		if c.Key == key {
			return c
		}
	}
	return nil
}

// TX103

// repeatChars are the function and affix characters whose doubling is a
// slip (的的, 性性); content characters double in words and names (常常,
// 荣成成山) and are left alone.
const repeatChars = "的了在和与及是对把被向从于并或也都就而之其所着性化地得将为以"

func runRepeats(p *Pass, d *txDoc) error {
	data := mustTX()
	var scratch []rune
	for _, ps := range d.passages {
		if fragment(ps) {
			continue
		}
		rs := ps.runeSlice(&scratch)
		done := -1 // runes before this are part of a reported repeat
		clauses := tableClauses{rs: rs, labels: ps.tableLabels()}
		var ahead runeWindow // the runes 5 to 40 after k, where a long repeat's second copy starts
		for j := 5; j <= 40 && j < len(rs); j++ {
			ahead.add(rs[j])
		}
		for k := 0; k+1 < len(rs); k++ {
			if k > 0 {
				if j := k + 4; j < len(rs) {
					ahead.remove(rs[j])
				}
				if j := k + 40; j < len(rs) {
					ahead.add(rs[j])
				}
			}
			if r := rs[k]; k < done || !(0x4E00 <= r && r <= 0x9FFF || isHan(r)) {
				continue
			}
			if clauses.at(k) {
				continue
			}
			// A phrase of 5 runes or more written twice.
			if L := longRepeat(rs, k, &ahead); L > 0 {
				if ps.wholeLines(ps.byteAt(k), ps.byteAt(k+L), ps.byteAt(k+2*L)) || navPath(ps.lineAt(ps.byteAt(k))) {
					// A line written again as the next line is a web page's
					// title shown above the article's own title, not a slip
					// inside a sentence; a page's path names its levels,
					// two of which may share a name.
					done = k + 2*L
					continue
				}
				x := string(rs[k : k+L])
				sp := ps.span(ps.byteAt(k), ps.byteAt(k+2*L))
				txReport(p, sp, Error, true, Msgf("“%s”连写了两遍", "%q is written twice", x),
					ps.fixOf(Msgf("删去重复的一遍", "delete the repeat"), edit{ps.byteAt(k + L), ps.byteAt(k + 2*L), ""}))
				done = k + 2*L
				continue
			}
			// A word written twice: ABAB of a two- to four-character word.
			reported := false
			for L := 4; L >= 2 && !reported && abab(rs, k); L-- {
				// The cheap test first: most places repeat nothing.
				if k+2*L > len(rs) || rs[k] != rs[k+L] || !slices.Equal(rs[k:k+L], rs[k+L:k+2*L]) || !allHan(rs[k:k+2*L]) {
					continue
				}
				x := string(rs[k : k+L])
				xx := x + x
				if !names.IsWord(x) || rs[k] == '一' || rs[k] == rs[k+1] || data.repeats[xx] == "skip" || names.IsWord(xx) && data.repeats[xx] == "" {
					continue
				}
				if x == "政府" && k > 0 && strings.ContainsRune("民市县区镇乡省州旗", rs[k-1]) {
					continue // 宁国市人民政府政府信息公开指南: the agency, then 政府信息
				}
				if navPath(ps.lineAt(ps.byteAt(k))) {
					continue
				}
				sp := ps.span(ps.byteAt(k), ps.byteAt(k+2*L))
				fix := ps.fixOf(Msgf("删去重复的“%s”", "delete the repeated %s", x), edit{ps.byteAt(k + L), ps.byteAt(k + 2*L), ""})
				if data.repeats[xx] == "verb" {
					txReport(p, sp, Info, true, Msgf("“%s”是口语重叠，书面语宜写“%s”", "%q is spoken reduplication; write %q", xx, x), fix)
				} else {
					txReport(p, sp, Error, true, Msgf("“%s”重复：“%s”写了两遍", "%q repeats %q", xx, x), fix)
				}
				done, reported = k+2*L, true
			}
			if reported {
				continue
			}
			// A function character written twice: 的的, 性性.
			if rs[k] == rs[k+1] && strings.ContainsRune(repeatChars, rs[k]) && !inWord(rs, k, data.repeats) {
				sp := ps.span(ps.byteAt(k), ps.byteAt(k+2))
				txReport(p, sp, Error, true, Msgf("“%c”重复", "%q is doubled", rs[k]),
					ps.fixOf(Msgf("删去一个“%c”", "delete one %c", rs[k]), edit{ps.byteAt(k + 1), ps.byteAt(k + 2), ""}))
				done = k + 2
				continue
			}
			// A rephrasing left half done: 可通过可以通过.
			for L := 2; L <= 3 && rephrased(rs, k); L++ {
				for g := 1; g <= 2; g++ {
					j := k + L + g
					if k == 0 || j+L > len(rs) || rs[k-1] != rs[k+L] || !slices.Equal(rs[k:k+L], rs[j:j+L]) || !allHan(rs[k-1:j+L]) {
						continue
					}
					if rs[k-1] != rs[k+L] || !names.IsWord(string(rs[k:k+L])) {
						continue
					}
					sp := ps.span(ps.byteAt(k-1), ps.byteAt(j+L))
					txReport(p, sp, Info, true, Msgf("“%s”疑为改写时留下的重复", "%q looks like a rewording left half done", string(rs[k-1:j+L])),
						ps.fixOf(Msgf("删去“%s”", "delete %q", string(rs[k-1:k+L])), edit{ps.byteAt(k - 1), ps.byteAt(k + L), ""}))
					done = j + L
				}
			}
		}
	}
	return nil
}

// abab reports whether a word of two to four runes may be written
// twice from rune k: rs[k] recurs 2 to 4 runes on.
func abab(rs []rune, k int) bool {
	for L := 2; L <= 4 && k+2*L <= len(rs); L++ {
		if rs[k] == rs[k+L] {
			return true
		}
	}
	return false
}

// rephrased reports whether a rewording may be left half done at rune
// k: the rune before k recurs 2 or 3 runes on.
func rephrased(rs []rune, k int) bool {
	if k == 0 {
		return false
	}
	for L := 2; L <= 3 && k+L < len(rs); L++ {
		if rs[k-1] == rs[k+L] {
			return true
		}
	}
	return false
}

// navPath reports whether line is a web page's path (您现在的位置: 沧州市
// 卫生健康委信息公开>信息公开>政府信息公开年报): two level marks or more
// and no sentence mark. Its levels may share a name, which is no slip.
func navPath(line string) bool {
	if sentenceMarks.index(line) >= 0 {
		return false
	}
	n := 0
	for _, m := range []string{">>", "＞＞", "»", ">", "＞", "›"} {
		n += strings.Count(line, m)
		line = strings.ReplaceAll(line, m, "")
	}
	return n >= 2
}

// fragment reports whether ps is a short run of words without any
// punctuation that is no heading: a table's header cut loose from it
// (结果结果其他尚未), where repeats are columns, not slips.
func fragment(ps *passage) bool {
	if ps.heading || ps.headed() || ps.runeCount() > 30 {
		return false
	}
	for _, r := range ps.text {
		if unicode.IsPunct(r) {
			return false
		}
	}
	return true
}

// tableLabels are labels of the national format's tables that prose
// hardly ever names twice in one clause; a clause that does is a table
// flattened into the text (结果维持结果纠正其他结果尚未审结总计).
var tableLabels = []string{"结果维持", "结果纠正", "尚未审结", "总计", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数",
	"本年处理决定数量", "申请人情况", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "未经复议直接起诉", "复议后起诉"}

// tableLabelMasks are maskOf each of tableLabels.
var tableLabelMasks = func() []runeMask {
	out := make([]runeMask, len(tableLabels))
	for i, l := range tableLabels {
		out[i] = maskOf(l)
	}
	return out
}()

// clauseOf returns the clause holding rune k, [a, b) in runes: between
// the marks that end one (。；，,;).
func clauseOf(rs []rune, k int) (a, b int) {
	a, b = k, k
	for a > 0 && !strings.ContainsRune("。；，,;", rs[a-1]) {
		a--
	}
	for b < len(rs) && !strings.ContainsRune("。；，,;", rs[b]) {
		b++
	}
	return a, b
}

// twoOf reports whether c holds two of labels or more.
func twoOf(c string, labels []string) bool {
	n := 0
	for _, l := range labels {
		if strings.Contains(c, l) {
			n++
		}
	}
	return n >= 2
}

// tableClauses says whether the clause holding a rune names two table
// labels or more (twoOf), for the runes of one passage, and keeps
// the clause last asked about: runRepeats asks at every Han rune, and
// every rune of a clause has the same answer, so a clause is cut out and
// searched for labels once rather than once a rune.
type tableClauses struct {
	rs     []rune
	labels []string // the tableLabels the passage may hold
	a, b   int      // the clause last asked about, in runes; a == b: none yet
	like   bool
}

func (c *tableClauses) at(k int) bool {
	if len(c.labels) < 2 {
		return false // no clause of the passage can hold two
	}
	if k < c.a || k >= c.b {
		c.a, c.b = clauseOf(c.rs, k)
		c.like = twoOf(string(c.rs[c.a:c.b]), c.labels)
	}
	return c.like
}

// tableLabels returns the tableLabels the passage may hold (mayHold), in
// their order.
func (ps *passage) tableLabels() []string {
	var out []string
	for i, l := range tableLabels {
		if ps.mayHoldMask(tableLabelMasks[i]) {
			out = append(out, l)
		}
	}
	return out
}

// runeOffsets returns the byte offset of every rune of s, of which there
// are n, and len(s).
func runeOffsets(s string, n int) []int32 {
	out := make([]int32, 0, n+1)
	for i := range s {
		out = append(out, int32(i))
	}
	return append(out, int32(len(s)))
}

func allHan(rs []rune) bool {
	for _, r := range rs {
		if !isHan(r) {
			return false
		}
	}
	return true
}

// inWord reports whether the doubled rune at k, k+1 lies in a word that
// holds both (的的确确, 不了了之).
func inWord(rs []rune, k int, repeats map[string]string) bool {
	for a := max(0, k-2); a <= k; a++ {
		for b := k + 2; b <= min(len(rs), a+4); b++ {
			if w := string(rs[a:b]); names.IsWord(w) || repeats[w] == "skip" {
				return true
			}
		}
	}
	return false
}

// longRepeat returns the length of the longest phrase of 5 to 40 runes,
// with at least 4 Han characters, starting at k and written twice in a
// row; 0 if none.
func longRepeat(rs []rune, k int, ahead *runeWindow) int {
	if !ahead.may(rs[k]) {
		return 0 // rs[k] is not among the runes 5 to 40 after it
	}
	for L := min(40, (len(rs)-k)/2); L >= 5; L-- {
		if rs[k+L] != rs[k] || !slices.Equal(rs[k:k+L], rs[k+L:k+2*L]) {
			continue
		}
		han := 0
		for _, r := range rs[k : k+L] {
			if isHan(r) {
				han++
			}
		}
		if han >= 4 && !parallelItems(rs, k, L) {
			return L
		}
	}
	return 0
}

// runeWindow counts the runes of a stretch of text by a hash of each, so
// that a rune can be told to be surely absent from it: the stretch slides
// along a passage, a rune added as it comes in and removed as it leaves.
type runeWindow [256]uint8

func (w *runeWindow) add(r rune)    { w[r&255]++ }
func (w *runeWindow) remove(r rune) { w[r&255]-- }

// may reports whether r may be in the stretch: false when surely not.
func (w *runeWindow) may(r rune) bool { return w[r&255] > 0 }

// parallelItems: the repeat at k is the shared tail and head of list
// items with equal counts, “予以公开1件，不予公开1件，不予处理1件” repeating
// 公开1件，不予, or of numbered items, “第十九条、第二十条、第二十一条”
// repeating 条、第二十 (陈仓区贾村镇 2020): it holds a number, in digits or
// in Chinese numerals, and a separator and starts inside a word, where a
// pasted-twice clause starts at a clause's start.
func parallelItems(rs []rune, k, L int) bool {
	x := string(rs[k : k+L])
	// An item that opens with 第 written twice (第二十条、第二十条、) is a
	// whole item pasted again, not the tail and head of two.
	return k > 0 && !strings.ContainsRune("，、；。：,;:", rs[k-1]) && rs[k] != '第' &&
		strings.ContainsAny(x, "0123456789一二三四五六七八九十百") && strings.ContainsAny(x, "，、；,;")
}

// TX104

// pairs maps each closing mark to the opening ones it closes.
var pairs = map[rune]string{'》': "《", '〉': "〈", '”': "“", '）': "（(", ')': "（(", '】': "【", '〕': "〔", '’': "‘"}

const openMarks = "《〈“（(【〔‘"

// pairMarks are openMarks and the keys of pairs.
const pairMarks = openMarks + "》〉”）)】〕’"

// isPairMark reports whether r is in openMarks or a key of pairs.
func isPairMark(r rune) bool {
	switch r {
	case '《', '〈', '“', '（', '(', '【', '〔', '‘', '》', '〉', '”', '）', ')', '】', '〕', '’':
		return true
	}
	return false
}

// ordinalBefore is a list number before a closing bracket: 1) 一）.
var ordinalBefore = lazyre.New(`(?:^|[\s。；;，,：:])[0-9一二三四五六七八九十a-zA-Z]{1,3}$`)

// titleSplitAfter: 《关于…》的通知 — the title's last words outside.
var titleSplitAfter = lazyre.New(`^的(?:通知|意见|决定|批复|函|实施方案|方案|办法|规定)`)

// titleSplitBefore: 关于《…的通知》 — 关于 outside.
var titleSplitInner = lazyre.New(`的(?:通知|意见|决定|批复|函|报告|规定|办法)$`)

func runPairs(p *Pass, d *txDoc) error {
	for pi, ps := range d.passages {
		// Page furniture (【打印】 【字体:) and the last, cut-off passage
		// of an excerpt are no prose to pair.
		cut := pi == len(d.passages)-1 && d.lastCut || furniture(ps)
		checkPairs(p, ps, cut)
		checkTitleBounds(p, ps)
	}
	return nil
}

type openMark struct {
	r       rune
	at      int
	doubled bool // a 《 right after another: 《《
}

func checkPairs(p *Pass, ps *passage, cut bool) {
	t := ps.text
	var stack []openMark
	unclosed := func(o openMark) {
		if l := ps.lineAt(o.at); sentenceMarks.index(l) < 0 && (pageBar(l) || o.r == '【' && pageButton(l)) {
			return // a page's bar joined to the text: 【字体: cut off
		}
		if after := t[o.at+len("〔"):]; o.r == '〔' && after != "" && after[0] >= '0' && after[0] <= '9' && tx(p).lossy {
			// 〔201960): the conversion that lost 年, 月, 日 lost this
			// 〕 too; TX108 says so once for them all.
			return
		}
		sp := ps.span(o.at, o.at+utf8.RuneLen(o.r))
		txReport(p, sp, Error, true, Msgf("“%c”没有对应的后半个标点", "%q is never closed", o.r))
	}
	marked := t
	if !ps.mayHoldAny(pairMarks) {
		marked = "" // no mark to pair: the loop would find none
	}
	for i, r := range marked {
		if !isPairMark(r) {
			continue // neither opens nor closes
		}
		if strings.ContainsRune(openMarks, r) {
			o := openMark{r: r, at: i}
			if r == '《' && len(stack) > 0 && stack[len(stack)-1].r == '《' {
				top := stack[len(stack)-1]
				if top.at+len("《") == i {
					// 《《: one too many.
					sp := ps.span(top.at, i+len("《"))
					txReport(p, sp, Error, true, Msg{"书名号重复：“《《”", "doubled 《《"},
						ps.fixOf(Msg{"删去一个“《”", "delete one 《"}, edit{i, i + len("《"), ""}))
					stack[len(stack)-1].doubled = true
					continue
				}
				// Only inside a title that closes: under a 《 never closed
				// (《国办公开办函〔2019〕60号) the next title is no inner one.
				if cl := closeTitle(t, i); cl > 0 && closeTitle(t, top.at) > cl {
					sp := ps.span(i, cl+len("》"))
					txReport(p, sp, Warning, true, Msg{"书名号内再用书名号时，内层应改用“〈 〉”", "a title inside a title takes 〈 〉"},
						ps.fixOf(Msg{"内层改为“〈 〉”", "use 〈 〉 inside"}, edit{i, i + len("《"), "〈"}, edit{cl, cl + len("》"), "〉"}))
				}
			}
			stack = append(stack, o)
			continue
		}
		opens, ok := pairs[r]
		if !ok {
			continue
		}
		k := len(stack) - 1
		for k >= 0 && !strings.ContainsRune(opens, stack[k].r) {
			k--
		}
		if k < 0 {
			if (r == '）' || r == ')') && ordinalBefore.MatchString(t[:i]) {
				continue // 1) 一） as a list number
			}
			if r == '》' && i >= len("》") && strings.HasSuffix(t[:i], "》") {
				continue // the second half of a doubled 《《…》》, reported with the first
			}
			sp := ps.span(i, i+utf8.RuneLen(r))
			txReport(p, sp, Error, true, Msgf("“%c”没有对应的前半个标点", "%q closes nothing", r))
			continue
		}
		for _, o := range stack[k+1:] {
			if !cut {
				unclosed(o)
			}
		}
		stack = stack[:k]
	}
	if !cut {
		for _, o := range stack {
			unclosed(o)
		}
	}
	// ASCII < > inside 《》 for an inner title.
	for i := 0; i < len(t); i++ {
		if k := strings.IndexByte(t[i:], '<'); k < 0 {
			break
		} else {
			i += k
		}
		if ps.titleAt(i) == 0 {
			continue
		}
		j := strings.IndexByte(t[i:], '>')
		if j < 0 || strings.ContainsAny(t[i:i+j], "》《") {
			continue
		}
		j += i
		sp := ps.span(i, j+1)
		txReport(p, sp, Warning, true, Msgf("书名号内的文件名用了“< >”，应为“〈 〉”：“%s”", "an inner title in < >: %s; use 〈 〉", t[i:j+1]),
			ps.fixOf(Msg{"改为“〈 〉”", "use 〈 〉"}, edit{i, i + 1, "〈"}, edit{j, j + 1, "〉"}))
		i = j
	}
}

// closeTitle returns the offset of the 》 closing the 《 at i, or -1.
func closeTitle(t string, i int) int {
	depth := 0
	for j, r := range t[i:] {
		switch r {
		case '《':
			depth++
		case '》':
			depth--
			if depth == 0 {
				return i + j
			}
		}
	}
	return -1
}

// checkTitleBounds reports titles whose 书名号 leave part of the title
// out, known titles written without 书名号 and inner titles without 〈〉.
func checkTitleBounds(p *Pass, ps *passage) {
	t := ps.text
	for ti, tr := range ps.titles() {
		inner := tr.inner
		after := t[tr.close:]
		if strings.HasPrefix(inner, "关于") {
			if m := titleSplitAfter.FindString(after); m != "" {
				sp := ps.span(tr.open, tr.close+len(m))
				txReport(p, sp, Warning, false, Msgf("书名号应括住完整标题：“《%s》%s”应为“《%s%s》”", "the title runs on after 》: write 《%s%s》", inner, m, inner, m),
					ps.fixOf(Msg{"把“》”移到标题末尾", "move 》 to the end of the title"}, edit{tr.close - len("》"), tr.close, ""}, edit{tr.close + len(m), tr.close + len(m), "》"}))
				continue
			}
		}
		if strings.HasSuffix(t[:tr.open], "关于") && titleSplitInner.MatchString(inner) && !strings.Contains(inner, "关于") {
			a := tr.open - len("关于")
			sp := ps.span(a, tr.close)
			txReport(p, sp, Warning, false, Msgf("书名号应括住完整标题：“关于《%s》”应为“《关于%s》”", "the title starts before 《: write 《关于%s》", inner, inner),
				ps.fixOf(Msg{"把“《”移到“关于”之前", "move 《 before 关于"}, edit{a, a, "《"}, edit{tr.open, tr.open + len("《"), ""}))
			continue
		}
		c, how := ps.canonOf(ti)
		if c == nil {
			continue
		}
		switch how {
		case citeSplit:
			out := strings.TrimSuffix(c.norm, normTitle(inner))
			a := outsideStart(t[:tr.open], out)
			sp := ps.span(a, tr.close)
			txReport(p, sp, Warning, false, Msgf("书名号应括住完整标题《%s》", "the 书名号 must enclose the whole title 《%s》", c.Title),
				ps.fixOf(Msgf("改为《%s》", "change to 《%s》", c.Title), edit{a, tr.close, "《" + c.Title + "》"}))
		case citeExact:
			if c.inner == "" {
				// An attachment's title in 《》 right inside the notice's
				// words: …关于印发《…格式》的通知 without outer 书名号.
				before := normTitle(t[:tr.open])
				for _, n := range mustTX().canon {
					if n.inner != c.norm || !strings.HasPrefix(normTitle(after), n.frameR) {
						continue
					}
					if strings.HasSuffix(before, n.frameL) {
						a := outsideStart(t[:tr.open], n.frameL)
						b := tr.close + prefixLen(after, n.frameR)
						sp := ps.span(a, b)
						txReport(p, sp, Warning, false, Msgf("文件标题未加书名号：应为《%s》", "the notice's title lacks 书名号: 《%s》", n.Title),
							ps.fixOf(Msgf("改为《%s》", "change to 《%s》", n.Title), edit{a, b, "《" + n.Title + "》"}))
					} else if !strings.HasSuffix(before, "印发") {
						// 对照《…格式》的通知: the notice named by its
						// attachment's title and its last words, its head
						// (the office, 关于印发) left out (福州片区管委会 2024).
						b := tr.close + prefixLen(after, n.frameR)
						sp := ps.span(tr.open, b)
						txReport(p, sp, Warning, false, Msgf("书名号应括住完整标题：“《%s》%s”应为《%s》", "the title runs on after 》 and lacks its head: 《%s》%s should be 《%s》", inner, t[tr.close:b], n.Title),
							ps.fixOf(Msgf("改为《%s》", "change to 《%s》", n.Title), edit{tr.open, b, "《" + n.Title + "》"}))
					}
				}
				continue
			}
			if !strings.ContainsAny(inner, "〈<《") {
				sp := ps.span(tr.open, tr.close)
				txReport(p, sp, Info, false, Msgf("所印发文件的标题应加“〈 〉”：《%s》", "the inner title takes 〈 〉: 《%s》", c.Title),
					ps.fixOf(Msgf("改为《%s》", "change to 《%s》", c.Title), edit{tr.open, tr.close, "《" + c.Title + "》"}))
			}
		}
	}
}

// outsideStart returns the offset in before where the normalized words
// out begin, so that before[i:] normalizes to out.
func outsideStart(before, out string) int {
	for i := len(before); i >= 0; i-- {
		if !utf8.RuneStart(before[i%max(len(before), 1)]) && i < len(before) {
			continue
		}
		if normTitle(before[i:]) == out {
			return i
		}
		if len(normTitle(before[i:])) > len(out) {
			break
		}
	}
	return len(before)
}

// prefixLen returns how many bytes of s normalize to want.
func prefixLen(s, want string) int {
	for i := range s {
		if normTitle(s[:i]) == want {
			return i
		}
	}
	if normTitle(s) == want {
		return len(s)
	}
	return 0
}

// TX105

// cutoffRE is 截止 right before a time: 截止2020年底, 截止目前.
var cutoffRE = lazyre.New(`截止\s*(?:\d|[〇零一二三四五六七八九十]+年|目前|今年|今天|今日|当前|现在|本年|去年|上年|当年|年底|年末|上半年|下半年|本报告|发稿|报告期末|此时)`)

func runCutoff(p *Pass, d *txDoc) error {
	for _, ps := range d.passages {
		// Every match holds 截止, which few passages do.
		for _, m := range matchesIf(ps.mayHold("截止"), cutoffRE, ps.text) {
			i := m[0]
			sp := ps.span(i, i+len("截止"))
			shown := clause(ps.text, i, 12)
			txReport(p, sp, Warning, true, Msgf("“%s”中的“截止”应为“截至”：截至 = 到某时为止，截止 = 到期停止", "%s: 截至 (up to a time) is meant, not 截止 (to stop)", shown),
				ps.fixOf(Msg{"改为“截至”", "change to 截至"}, edit{i, i + len("截止"), "截至"}))
		}
	}
	return nil
}

// clause returns text from i up to the next punctuation, at most n runes.
func clause(t string, i, n int) string {
	j := i
	for k := 0; k < n && j < len(t); k++ {
		r, w := utf8.DecodeRuneInString(t[j:])
		if k > 0 && strings.ContainsRune("，,。；;：:！？、）)", r) {
			break
		}
		j += w
	}
	return t[i:j]
}

// TX106

// dropped returns the run of phrase that slip leaves out when slip is
// phrase with one run deleted (政府信息公开工作, 政府信息工作: 公开), else "".
func dropped(phrase, slip string) string {
	if len(slip) >= len(phrase) {
		return ""
	}
	i := 0
	for i < len(slip) && phrase[i] == slip[i] {
		i++
	}
	for i > 0 && !utf8.RuneStart(phrase[i]) {
		i--
	}
	if phrase[:i]+phrase[i+len(phrase)-len(slip):] != slip {
		return ""
	}
	return phrase[i : i+len(phrase)-len(slip)]
}

func runPhrases(p *Pass, d *txDoc) error {
	data := mustTX()
	var idx runeIndex
	var cands []int
	var scratch []rune
	for _, ps := range d.passages {
		rs := ps.runeSlice(&scratch)
		idx.build(rs, data.phraseRunes, &data.phraseSet)
		for _, ph := range data.phrases {
			if ph.Slip != "" {
				if !ps.mayHoldMask(ph.slipMask) {
					continue
				}
				for k, off := range indexAll(ps.text, ph.Slip) {
					if ph.After != nil && !ph.After.MatchString(ps.text[off:]) {
						continue
					}
					if strings.HasPrefix(ps.text[k:], ph.Phrase) {
						continue
					}
					if d := dropped(ph.Phrase, ph.Slip); d != "" && strings.HasSuffix(ps.text[:k], d) {
						continue // 公开政府信息工作: the word left out stands just before
					}
					sp := ps.span(k, off)
					txReport(p, sp, Warning, true, Msgf("“%s”疑为“%s”之误", "%q is probably %q", ps.text[k:off], ph.Phrase),
						ps.fixOf(Msgf("改为“%s”", "change to %q", ph.Phrase), edit{k, off, ph.Phrase}))
				}
				continue
			}
			if !ps.mayStartRunes(ph.want) {
				continue // no rune of the passage starts a match below
			}
			want := ph.want
			n := len(want)
			// The k where rs[k] is want[0] or rs[k+1] is want[1], in order.
			cands = idx.starts(cands[:0], ph.id0, ph.id1)
			for _, k := range cands {
				if k+n > len(rs) {
					break
				}
				j := oneSubstitution(rs[k:k+n], want)
				if j < 0 {
					continue
				}
				got := rs[k : k+n]
				if !isHan(got[j]) || names.IsWord(string(got)) || wordAround(got, j) {
					continue
				}
				if !names.IsConfusable(want[j], got[j]) {
					continue
				}
				sp := ps.span(ps.byteAt(k), ps.byteAt(k+n))
				txReport(p, sp, Warning, true, Msgf("“%s”疑为“%s”之误（“%c”应为“%c”）", "%q is probably %q", string(got), ph.Phrase, got[j], want[j]),
					ps.fixOf(Msgf("改为“%s”", "change to %q", ph.Phrase), edit{ps.byteAt(k + j), ps.byteAt(k + j + 1), string(want[j])}))
			}
		}
	}
	return nil
}

// runeIndex lists where in a passage's runes each of a few runes stands
// (those with an id in the map given to build), so that runPhrases tries
// a phrase only at the runes that may start a copy of it.
type runeIndex struct {
	head []int32 // by id: the first position of the rune, -1 for none
	next []int32 // by position: the next position of the same rune, -1 for none
}

func (x *runeIndex) build(rs []rune, ids map[rune]int32, set *runeSet) {
	x.head = slices.Grow(x.head[:0], len(ids))[:len(ids)]
	for i := range x.head {
		x.head[i] = -1
	}
	x.next = slices.Grow(x.next[:0], len(rs))[:len(rs)]
	for k := len(rs) - 1; k >= 0; k-- {
		if !set.has(rs[k]) {
			continue
		}
		if id, ok := ids[rs[k]]; ok {
			x.next[k], x.head[id] = x.head[id], int32(k)
		}
	}
}

// starts appends to out, in order and once each, the k with rune id0 at
// k or rune id1 at k+1 (id1 -1: none).
func (x *runeIndex) starts(out []int, id0, id1 int32) []int {
	a, b := x.head[id0], int32(-1)
	if id1 >= 0 {
		b = x.head[id1]
	}
	if b == 0 {
		b = x.next[b] // k would be -1
	}
	for a >= 0 || b >= 0 {
		switch {
		case b < 0 || a >= 0 && a < b-1:
			out = append(out, int(a))
			a = x.next[a]
		case a < 0 || b-1 < a:
			out = append(out, int(b-1))
			b = x.next[b]
		default: // the same k both ways
			out = append(out, int(a))
			a, b = x.next[a], x.next[b]
		}
	}
	return out
}

// oneSubstitution returns the one position where got differs from want,
// or -1 when they differ in none or in more.
func oneSubstitution(got, want []rune) int {
	j := -1
	for i := range want {
		if got[i] != want[i] {
			if j >= 0 {
				return -1
			}
			j = i
		}
	}
	return j
}

// wordAround reports whether the changed rune j of got makes a word with
// a neighbour (政府信息分开: 分开), so that the copy may be meant.
func wordAround(got []rune, j int) bool {
	for a := max(0, j-2); a <= j; a++ {
		for b := j + 1; b <= min(len(got), a+3); b++ {
			if b-a >= 2 && names.IsWord(string(got[a:b])) {
				return true
			}
		}
	}
	return false
}

// TX107

// shortKinds are the words a document's short title may be.
var shortTitleRE = lazyre.New(`^(?:新)?(?:` + strings.Join(shortKinds, "|") + `)$`)

// shortKinds are the words of shortTitleRE; isShortTitle matches it.
var shortKinds = []string{"条例", "办法", "规定", "通知", "意见", "指南", "方案", "细则", "决定", "格式", "纲要", "规划", "目录", "法", "规则", "要点"}

// isShortTitle is shortTitleRE.MatchString(s).
func isShortTitle(s string) bool {
	return slices.Contains(shortKinds, s) || strings.HasPrefix(s, "新") && slices.Contains(shortKinds, s[len("新"):])
}

// defBareRE is 以下简称 with a document's short title without 书名号;
// findDefBare matches it.
var defBareRE = lazyre.New(`(?:以下|下文|下)?简称[:：]?\s*([^\s，,。；;）)《》“”"]{1,12}?)(?:[）)，,。；;]|$)`)

// bareDocKind, as a suffix, is a kind of document: (?:条例|…|法)$.
var bareDocKind = lazyWords("条例", "办法", "规定", "通知", "意见", "指南", "方案", "细则", "决定", "格式", "法")

// bareRegRE is the regulation's name; findStateName matches it.
var bareRegRE = lazyre.New(`(?:中华人民共和国)?政府信息公开条例`)

func runShortTitles(p *Pass, d *txDoc) error {
	if p.Rep.StartsLate {
		return nil
	}
	seen := map[string]bool{}
	// A short title defined without 书名号 (以下简称条例) is reported at
	// its definition below; it is defined all the same, and 《条例》 after
	// it is no second error (龙游县大街乡 2019). bare holds where each
	// such definition ends: passage index and byte offset.
	type at struct{ passage, off int }
	var bare map[string]at
	for i, ps := range d.passages {
		for _, m := range scanIf(ps, ps.mayHold("简称"), findDefBare, defBareRE) {
			x := ps.text[m[2]:m[3]]
			if _, ok := bare[x]; !ok && bareDocKind().hasSuffix(x) {
				if bare == nil {
					bare = map[string]at{}
				}
				bare[x] = at{i, m[3]}
			}
		}
	}
	for i, ps := range d.passages {
		t := ps.text
		for _, tr := range ps.titles() {
			x := strings.TrimPrefix(tr.inner, "新")
			def, ok := bare[x]
			if ok && (i > def.passage || i == def.passage && tr.open >= def.off) {
				continue
			}
			if !isShortTitle(tr.inner) || d.defs[x] || d.defs[tr.inner] || seen[x] {
				continue
			}
			seen[x] = true
			txReport(p, ps.span(tr.open, tr.close), Warning, false, Msgf("简称《%s》未经定义：首次引用应写全称，并注明“以下简称《%s》”", "the short title 《%s》 is never defined: cite the full title first, then “以下简称《%s》”", x, x))
		}
		for _, m := range scanIf(ps, ps.mayHold("简称"), findDefBare, defBareRE) {
			x := t[m[2]:m[3]]
			if !bareDocKind().hasSuffix(x) {
				continue
			}
			txReport(p, ps.span(m[2], m[3]), Warning, false, Msgf("简称“%s”是文件名，应加书名号：以下简称《%s》", "a document's short title takes 书名号: 《%s》", x, x),
				ps.fixOf(Msgf("改为《%s》", "change to 《%s》", x), edit{m[2], m[3], "《" + x + "》"}))
		}
		for _, m := range stateNames(ps, "政府信息公开条例") {
			if ps.titleAt(m[0]) > 0 || ps.quoteAt(m[0]) > 0 || strings.HasSuffix(t[:m[0]], "《") {
				continue
			}
			fix := ps.fixOf(Msgf("改为《%s》", "change to 《%s》", regulation), edit{m[0], m[1], "《" + regulation + "》"})
			fixes := []Fix{fix}
			if d.defs["条例"] {
				fixes = []Fix{ps.fixOf(Msg{"改为已定义的简称《条例》", "use the defined short title 《条例》"}, edit{m[0], m[1], "《条例》"}), fix}
			}
			txReport(p, ps.span(m[0], m[1]), Warning, false, Msgf("法规名称“%s”未加书名号", "the regulation's title %s lacks 书名号", t[m[0]:m[1]]), fixes...)
		}
	}
	return nil
}

// TX108

var (
	yearNoNian  = lazyre.New(`(?:^|[^\d])((?:19|20)\d{2})(全年|以来|年底|年初|底|初|上半年|下半年|我)`)
	dayNoRi     = lazyre.New(`(?:^|[^\d])(\d{1,2})月(\d{1,2})(止|起|前|以前|之前|[。，,；;])`)
	countNoNum  = lazyre.New(`\p{Han}(条|件|项|个|篇)、[^、，,。；;]{1,12}?\d+\s*(条|件|项|个|篇)`)
	countWithNo = lazyre.New(`\d+\s*(条|件|项|个|篇)`)
	// blankCount is a measure word with blanks where its number was: a
	// form filled in without the number (定西市公共资源交易中心 2020: 主动公开信息  条。).
	blankCount = lazyre.New(`(\p{Han})[ \t\x{3000}\x{a0}]+(条|件|项|个|篇)[。，,；;、）)]`)
	// The marks that end a sentence and an item of a list.
	fullStops = newCharSet("。！？")
	listMarks = newCharSet("、，,；;：:")
	// unitDun is what every match of countNoNum holds.
	unitDun = lazyWords("条、", "件、", "项、", "个、", "篇、")
)

// blankBeforeUnit reports whether a blank stands right before one of
// blankCount's measure words in t: most passages have none, and then the
// pattern is not run.
func blankBeforeUnit(t string) bool {
	if strings.IndexByte(t, ' ') < 0 && strings.IndexByte(t, '\t') < 0 && !strings.Contains(t, "\u3000") && !strings.Contains(t, "\u00a0") {
		return false // no blank, found without decoding every character
	}
	for i, r := range t {
		switch r {
		case '条', '件', '项', '个', '篇':
			if i > 0 && (t[i-1] == ' ' || t[i-1] == '\t' || strings.HasSuffix(t[:i], "\u3000") || strings.HasSuffix(t[:i], "\u00a0")) {
				return true
			}
		}
	}
	return false
}

func runMissingParts(p *Pass, d *txDoc) error {
	if d.lossy {
		p.AtText(d.firstLoss).Severity(Info).Reportf("“%s”一类写法说明年、月、日或文号的括号在转换中丢失，不逐处报告；请以原件为准核对日期和文号",
			"%s and the like: 年, 月, 日 or the brackets of numbers were lost in conversion; not reported one by one, check the original", p.Doc.Slice(d.firstLoss))
		return nil
	}
	for _, ps := range d.passages {
		t := ps.text
		// Each pattern runs only where the characters it needs may stand:
		// the suffixes of yearNoNian hold 底, 初, 全, 以, 半 or 我 (2024我镇:
		// 湘乡市金石镇 2024).
		for _, m := range scanIf(ps, ps.mayHoldAny("底初全以半我"), findYearNoNian, yearNoNian) {
			if t[m[4]:m[5]] == "年底" || t[m[4]:m[5]] == "年初" {
				continue // 2023年底 has its 年
			}
			sp := ps.span(m[2], m[5])
			txReport(p, sp, Warning, true, Msgf("“%s”缺“年”字", "%s lacks 年", t[m[2]:m[5]]),
				ps.fixOf(Msg{"补上“年”", "add 年"}, edit{m[3], m[3], "年"}))
		}
		for _, m := range scanIf(ps, ps.mayHold("月"), findDayNoRi, dayNoRi) {
			mo, _ := strconv.Atoi(t[m[2]:m[3]])
			day, _ := strconv.Atoi(t[m[4]:m[5]])
			if mo < 1 || mo > 12 || day < 1 || day > 31 {
				continue
			}
			sp := ps.span(m[2], m[5])
			txReport(p, sp, Warning, true, Msgf("“%s月%s”缺“日”字", "%s月%s lacks 日", t[m[2]:m[3]], t[m[4]:m[5]]),
				ps.fixOf(Msg{"补上“日”", "add 日"}, edit{m[5], m[5], "日"}))
		}
		for _, m := range matchesIf(unitDun().has(t), countNoNum, t) {
			unit := t[m[2]:m[3]]
			if t[m[4]:m[5]] != unit {
				continue
			}
			noun := t[m[0]:m[3]]
			prev := string(runeBefore(t, m[0]))
			if names.IsWord(noun) || names.IsWord(prev+noun) || strings.ContainsAny(noun, "一二三四五六七八九十几多每各本该此逐首第两") {
				continue
			}
			// The sentence lists other counts of the same unit.
			a := afterLast(t, 0, m[0], fullStops)
			b := firstOf(t, m[1], fullStops)
			n := 0
			for _, c := range countWithNo.FindAllStringSubmatch(t[a:b], -1) {
				if c[1] == unit {
					n++
				}
			}
			if n < 2 {
				continue
			}
			item := afterLast(t, a, m[0], listMarks)
			sp := ps.span(item, m[3])
			txReport(p, sp, Warning, true, Msgf("“%s”缺少数量：同一句的其他各项都写了“N%s”", "%s lacks its number, which the other items of the sentence give", t[item:m[3]], unit))
		}
		for _, m := range matchesIf(blankBeforeUnit(t), blankCount, t) {
			if strings.ContainsAny(t[m[2]:m[3]], "一二三四五六七八九十几多每各本该此逐首第两") {
				continue // 每 条, 第一 条: no number is missing
			}
			from := max(afterLast(t, 0, m[2], fullStops), afterLast(t, 0, m[2], listMarks))
			txReport(p, ps.span(from, m[5]), Warning, true, Msgf("“%s”缺少数字：量词前只有空白", "%s lacks its number: only blanks stand before the measure word", t[from:m[5]]))
		}
		for _, m := range missingTotals(t) {
			txReport(p, ps.span(m[0], m[1]), Warning, true, Msgf("“%s”缺少总数：其后“其中”所列各项都写了数量", "%s lacks its total, which the 其中 list after it breaks down", t[m[0]:m[1]]))
		}
		if ps.mayHold("余") && !(d.lastCut && int(ps.index) == len(d.passages)-1) {
			for _, m := range yuNoUnit(t) {
				txReport(p, ps.span(m[0], m[1]), Warning, false, Msgf("“%s”缺少量词：约数后应写明单位（如“%s条”“%s件”）", "%s lacks its measure word (%s条, %s件)", t[m[0]:m[1]], t[m[0]:m[1]], t[m[0]:m[1]]))
			}
		}
	}
	return nil
}

// yuNoUnit finds a count in digits with 余 that ends its clause with no
// measure word (主动公开政府信息260余, 会昌县中村乡 2020, the paragraph's
// last words): the unit was lost.
func yuNoUnit(t string) [][2]int {
	var out [][2]int
	for _, n := range numbersBeforeYu(t) {
		if strings.ContainsAny(t[n.from:n.yu], ".．") {
			continue // 1.5余: a decimal, not a count
		}
		next, _ := utf8.DecodeRuneInString(t[n.after:])
		if n.after == len(t) || strings.ContainsRune("，。；、,;", next) {
			out = append(out, [2]int{n.from, n.after})
		}
	}
	return out
}

// yuNumber is a number in digits written just before 余: where the number
// starts, where 余 starts and where it ends.
type yuNumber struct{ from, yu, after int }

// numbersBeforeYu finds each 余 written just after a number in ASCII or
// full-width digits (a decimal point allowed), not inside a code (GB/T
// 9704-2012, a letter or a dash or slash before it).
func numbersBeforeYu(t string) []yuNumber {
	var out []yuNumber
	for i, at := range indexAll(t, "余") {
		j := i
		for j > 0 {
			r, size := utf8.DecodeLastRuneInString(t[:j])
			if d := digitValue(r); d < 0 && r != '.' && r != '．' {
				break
			}
			j -= size
		}
		if r, _ := utf8.DecodeRuneInString(t[j:]); j == i || digitValue(r) < 0 {
			continue // no number, or .5余: not a number we can read
		}
		if prev, _ := utf8.DecodeLastRuneInString(t[:j]); prev < utf8.RuneSelf && (unicode.IsLetter(prev) || prev == '-' || prev == '/') {
			continue
		}
		out = append(out, yuNumber{j, i, at})
	}
	return out
}

// TX109

func runMisused(p *Pass, d *txDoc) error {
	for _, ps := range d.passages {
		t := ps.text
		for _, m := range mustTX().misused {
			if !ps.mayHoldMask(m.wrongMask) {
				continue
			}
			for k, off := range indexAll(t, m.Wrong) {
				if m.Severity == Info && ps.titleAt(k) > 0 {
					continue // 其它 inside another document's title is its own
				}
				first, _ := utf8.DecodeRuneInString(m.Wrong)
				last, _ := utf8.DecodeLastRuneInString(m.Wrong)
				// A context on a side decides there: 纳税人权力和义务 is
				// wrong although 人权 is a word.
				if prev := runeBefore(t, k); prev != 0 && names.IsWord(string(prev)+string(first)) && m.Before == nil {
					continue
				}
				if next := runeAt(t, off); next != 0 && names.IsWord(string(last)+string(next)) && m.After == nil {
					continue
				}
				if m.Before != nil && !m.Before.MatchString(t[:k]) || m.After != nil && !m.After.MatchString(t[off:]) || m.NotAfter != nil && m.NotAfter.MatchString(t[off:]) {
					continue
				}
				sp := ps.span(k, off)
				txReport(p, sp, m.Severity, true, Msgf("“%s”应为“%s”", "%q should be %q", m.Wrong, m.Right),
					ps.fixOf(Msgf("改为“%s”", "change to %q", m.Right), edit{k, off, m.Right}))
			}
		}
	}
	return nil
}

// TX110

var (
	// docNoRE is a 发文字号 with its parts: code, opening bracket, year,
	// closing bracket, 字 or 第 inserted, number.
	docNoRE = lazyre.New(`(\p{Han}{2,12}?)([〔\[【［﹝(（])\s*(\d{2,4})\s*([〕\]】］﹞)）])(\s*字?\s*第?\s*)(\d+)\s*号`)
	// orderNoDi is 国务院令 711 号 without 第.
	orderNoDi = lazyre.New(`(国务院令|国令)(\s*)(\d+)(\s*)号`)
)

// docNoLead are words before a 文号 that the lazy match of its code
// takes in: 参照湘政发【2012】33号.
var docNoLead = []string{"按照", "参照", "依照", "根据", "依据", "执行", "印发", "转发", "和", "及", "与", "以", "经", "为", "见", "的"}

func runDocNumbers(p *Pass, d *txDoc) error {
	if d.lossy {
		return nil
	}
	for _, ps := range d.passages {
		t := ps.text
		for _, m := range scanIf(ps, ps.mayHold("号"), findDocNo, docNoRE) {
			year, insert, num := t[m[6]:m[7]], t[m[10]:m[11]], t[m[12]:m[13]]
			wrongBracket := t[m[4]:m[5]] != "〔" || t[m[8]:m[9]] != "〕"
			short := len(year) != 4
			extra := strings.TrimSpace(insert) != ""
			zero := len(num) > 1 && num[0] == '0'
			if !wrongBracket && !short && !extra && !zero {
				continue
			}
			if short && !wrongBracket && !extra && !zero {
				continue // 〔19〕 in a code we cannot complete safely: rare, left alone
			}
			var what []string
			var edits []edit
			if wrongBracket {
				what = append(what, "年份应用六角括号“〔 〕”")
				edits = append(edits, edit{m[4], m[5], "〔"}, edit{m[8], m[9], "〕"})
			}
			if short {
				what = append(what, "年份应标全称")
			}
			if extra {
				what = append(what, "发文顺序号前不加“第”或“字”")
				edits = append(edits, edit{m[10], m[11], ""})
			}
			if zero {
				what = append(what, "发文顺序号不编虚位")
				edits = append(edits, edit{m[12], m[13], strings.TrimLeft(num, "0")})
			}
			code := m[2]
			for {
				rest := t[code:m[3]]
				cut := false
				for _, w := range docNoLead {
					if strings.HasPrefix(rest, w) && len(rest) > len(w)+3 {
						code += len(w)
						cut = true
					}
				}
				if !cut {
					break
				}
			}
			m[2] = code
			sp := ps.span(m[2], m[1])
			var fixes []Fix
			if len(edits) > 0 && !short {
				fixes = append(fixes, ps.fixOf(Msg{"按 GB/T 9704 改写文号", "write the number as GB/T 9704 says"}, edits...))
			}
			txReport(p, sp, Warning, true, Msgf("文号“%s”格式不规范：%s（GB/T 9704-2012 第 7.2.5 条）", "the document number %s is malformed (GB/T 9704-2012 7.2.5)", t[m[2]:m[1]], strings.Join(what, "，")), fixes...)
		}
		for _, m := range matchesIf(ps.mayHold("国令"), orderNoDi, t) {
			sp := ps.span(m[0], m[1])
			txReport(p, sp, Warning, true, Msgf("“%s”应写作“%s第%s号”", "write %s as %s第%s号", t[m[0]:m[1]], t[m[2]:m[3]], t[m[6]:m[7]]),
				ps.fixOf(Msgf("改为“%s第%s号”", "change to %s第%s号", t[m[2]:m[3]], t[m[6]:m[7]]), edit{m[0], m[1], t[m[2]:m[3]] + "第" + t[m[6]:m[7]] + "号"}))
		}
	}
	return nil
}

// TX111

// The patterns of TX111, matched by findOrdinalComma, findArabicDun and
// endsWithHanOrDigit.
var (
	ordinalComma    = lazyre.New(`^[（(][一二三四五六七八九十]+[）)]、`)
	arabicDun       = lazyre.New(`^\d{1,2}、`)
	endsWithoutStop = lazyre.New(`[\p{Han}\d]$`)
)

// runInSentence reports whether t, a paragraph that opens with a heading,
// goes on after the heading's full stop in a sentence of clauses.
func runInSentence(t string) bool {
	_, rest, ok := strings.Cut(t, "。")
	return ok && strings.ContainsAny(rest, "，,")
}

func runHeadingMarks(p *Pass, d *txDoc) error {
	var paren, arabic dunGroup
	for i, ps := range d.passages {
		t := ps.text
		paren.add(ps, findOrdinalComma(t), "")
		arabic.add(ps, findArabicDun(t), ".")
		// A sentence paragraph ending without a stop before a heading. A
		// paragraph that opens with a run-in heading and goes on in a
		// sentence of clauses ((二)依申请公开情况。2022年我镇……0件，……行政
		// 诉讼0件) is one too; a heading alone, or one answered in a word
		// (6、本行政机关认为需要报告的其他事项。无), is not.
		if !ps.heading && i+1 < len(d.passages) && ps.runeCount() >= 20 && strings.ContainsAny(t, "，。,") && endsWithHanOrDigit(t) &&
			(d.passages[i+1].heading || d.passages[i+1].headed()) && (!ps.headed() || runInSentence(t)) {
			end := len(t)
			sp := ps.span(end-len(string(runeBefore(t, end))), end)
			txReport(p, sp, Info, false, Msg{"段末缺少句号", "the paragraph ends without a full stop"}, ps.fixOf(Msg{"补上“。”", "add 。"}, edit{end, end, "。"}))
		}
	}
	paren.report(p, Msg{"删去序号后的“、”", "delete the 、 after the numbers"},
		"带括号的序号后不再加顿号：“（一）、”应为“（一）”（GB/T 15834-2011），全文 %d 处", "no 、 after a bracketed number: （一） not （一）、 (GB/T 15834-2011); %d in the text")
	arabic.report(p, Msg{"改为下脚点“.”", "use ."},
		"阿拉伯数字序号后用下脚点：“1、”应为“1.”（GB/T 15834-2011），全文 %d 处", "an Arabic number is followed by a dot: 1. not 1、 (GB/T 15834-2011); %d in the text")
	return nil
}

// dunGroup gathers the 、 after one kind of heading number: a text that
// writes them so writes them throughout, so they are one finding with
// one fix for all.
type dunGroup struct {
	all []Edit
	n   int
}

// add notes the 、 that m, a match ending in it, found in ps, to be
// replaced by with.
func (g *dunGroup) add(ps *passage, m []int, with string) {
	if m == nil {
		return
	}
	g.n++
	g.all = append(g.all, ps.fixOf(Msg{}, edit{m[1] - len("、"), m[1], with}).Edits...)
}

func (g *dunGroup) report(p *Pass, fix Msg, zh, en string) {
	if g.n == 0 {
		return
	}
	p.AtText(g.all[0].Span).Severity(Info).Fix(Fix{Message: fix, Edits: g.all}).Reportf(zh, en, g.n)
}

// TX112

var deForDi = lazyre.New(`(` + strings.Join(deAdverbs, "|") + `)的(` + strings.Join(deVerbs, "|") + `)`)

// The words of deForDi, each of two characters; findDeDi matches it.
var (
	deAdverbs = []string{"及时", "准确", "认真", "积极", "有效", "扎实", "深入", "全面", "稳步", "有序", "切实", "持续", "主动", "依法", "严格", "大力", "充分", "逐步", "广泛", "高效", "迅速"}
	deVerbs   = []string{"发布", "做好", "推进", "开展", "落实", "回应", "完成", "处理", "办理", "解决", "实施", "执行", "贯彻", "抓好", "推动", "加强", "提升", "提高", "解读", "宣传", "收集", "整理", "更新", "维护"}
	deAdverb  = lazyWords(deAdverbs...)
	deVerb    = lazyWords(deVerbs...)
)

// findDeDi is deForDi.FindAllStringSubmatchIndex(t, -1): every word of
// both lists is two characters of three bytes, so a match is the 的 with
// an adverb in the six bytes before it and a verb in the six after.
func findDeDi(t string) [][]int {
	var out [][]int
	last := 0 // matches do not overlap
	deAdverb, deVerb := deAdverb(), deVerb()
	for i := 0; ; {
		k := strings.Index(t[i:], "的")
		if k < 0 {
			return out
		}
		j := i + k // the 的
		i = j + len("的")
		a, b := j-6, j+len("的")
		if a < last || deAdverb.at(t, a) != j {
			continue
		}
		e := -1
		if b < len(t) {
			e = deVerb.at(t, b)
		}
		if e < 0 {
			continue
		}
		out = append(out, []int{a, e, a, j, b, e})
		last = e
	}
}

// lightVerbs take a verb made a noun as their object (进行宣传), so the
// modifiers before it take 的: 进行广泛深入的宣传 is right.
var lightVerbs = []string{"进行", "给予", "予以", "加以", "作出", "做出", "得到", "受到"}

// lightVerbBefore tells whether a light verb ends within the four
// characters of the clause before byte i of t, with only modifiers between
// it and i (广泛 in 进行广泛深入的宣传).
func lightVerbBefore(t string, i int) bool {
	s := i
	for n := 0; n < 4 && s > 0; n++ {
		r, size := utf8.DecodeLastRuneInString(t[:s])
		if !unicode.Is(unicode.Han, r) {
			break
		}
		s -= size
	}
	for _, v := range lightVerbs {
		if strings.Contains(t[s:i], v) || strings.HasSuffix(t[:s], v[:3]) && strings.HasPrefix(t[s:i], v[3:]) {
			return true
		}
	}
	return false
}

func runDeDi(p *Pass, d *txDoc) error {
	for _, ps := range d.passages {
		t := ps.text
		if !ps.mayHold("的") {
			continue
		}
		for _, m := range findDeDi(t) {
			prev := runeBefore(t, m[0])
			next := runeAt(t, m[1])
			if strings.ContainsRune("了到得有以出给作个种", prev) || next == 0 || strings.ContainsRune("，,。；;、的和与及）)”", next) {
				continue // 得到了及时的回应: a noun
			}
			if lightVerbBefore(t, m[0]) {
				continue // 进行广泛深入的宣传引导: the object of 进行, a noun
			}
			de := m[3]
			sp := ps.span(m[0], m[1])
			txReport(p, sp, Info, true, Msgf("“%s”修饰动词，“的”应为“地”", "%s modifies a verb: 地, not 的", t[m[0]:m[1]]),
				ps.fixOf(Msg{"改为“地”", "change to 地"}, edit{de, de + len("的"), "地"}))
		}
	}
	return nil
}

// TX113

var (
	zeroInHan  = lazyre.New(`[一二三四五六七八九〇零○0OoΟ]{2,3}[一二三四五六七八九〇零○0OoΟ]年`)
	rangeUnit  = lazyre.New(`(?:^|[^\d.])(\d+(?:\.\d+)?)([~～—–-])(\d+(?:\.\d+)?)(万|亿|%|％)`)
	yearHyphen = lazyre.New(`((?:19|20)\d{2})-((?:19|20)\d{2})`)
)

// gluedYears finds dates whose year runs into the month with no 年
// between them, as a typist who dropped it leaves them: 20241月1日,
// 202412月31日. It gives the date's start and end and where its year
// ends. A run of digits before 月 is read so only when the year it would
// make is the report's or next to it (any year 19xx or 20xx when the
// report's is unknown) and a day and 日 follow: an amount or a serial
// number is not a date.
func gluedYears(t string, year int) [][3]int {
	var out [][3]int
	for off := 0; ; {
		i := strings.Index(t[off:], "月")
		if i < 0 {
			return out
		}
		i += off
		off = i + len("月")
		s := i
		for s > 0 && isDigit(t[s-1]) {
			s--
		}
		if n := i - s; n < 5 || n > 6 || s > 0 && t[s-1] == '.' {
			continue
		}
		y, _ := strconv.Atoi(t[s : s+4])
		mo, _ := strconv.Atoi(t[s+4 : i])
		if mo < 1 || mo > 12 || y < 1900 || y > 2099 || year != 0 && (y < year-1 || y > year+1) {
			continue
		}
		e := off
		for e < len(t) && e-off < 3 && isDigit(t[e]) {
			e++
		}
		if e == off || e-off > 2 {
			continue
		}
		d := e
		for d < len(t) && t[d] == ' ' {
			d++ // 20241月1 日: a space the typist left before 日
		}
		if !strings.HasPrefix(t[d:], "日") {
			continue
		}
		out = append(out, [3]int{s, d + len("日"), s + 4})
	}
}

// zeroFolder writes the zeros of a year in Chinese numerals as 〇.
var zeroFolder = strings.NewReplacer("0", "〇", "O", "〇", "o", "〇", "Ο", "〇", "○", "〇", "零", "〇")

func runNumbers(p *Pass, d *txDoc) error {
	for _, ps := range d.passages {
		t := ps.text
		for _, m := range scanIf(ps, ps.mayHold("年"), findZeroInHan, zeroInHan) {
			s := t[m[0]:m[1]]
			if !strings.ContainsAny(s, "一二三四五六七八九") {
				continue
			}
			fixed := zeroFolder.Replace(s)
			if fixed == s {
				continue
			}
			sev := Warning
			if !strings.ContainsAny(s, "0OoΟ") {
				sev = Info // ○ and 零 for 〇: the right look, the wrong character
			}
			txReport(p, ps.span(m[0], m[1]), sev, true, Msgf("汉字数字年份“%s”中的零应写作“〇”：“%s”", "write the zero of %s as 〇: %s", s, fixed),
				ps.fixOf(Msgf("改为“%s”", "change to %s", fixed), edit{m[0], m[1], fixed}))
		}
		if !d.folded {
			for _, m := range scanIf(ps, ps.mayHold("-"), findYearHyphen, yearHyphen) {
				if inAddress(t, m[0]) {
					continue
				}
				i := m[3]
				txReport(p, ps.span(m[0], m[1]), Info, false, Msgf("年份范围“%s”宜用“—”或“～”连接，不用连字符“-”", "join the years of %s with — or ～, not a hyphen", t[m[0]:m[1]]),
					ps.fixOf(Msg{"改为“—”", "use —"}, edit{i, i + 1, "—"}))
			}
		}
		if !d.lossy && ps.mayHold("月日") {
			for _, g := range gluedYears(t, p.Rep.Year) {
				txReport(p, ps.span(g[0], g[1]), Warning, false, Msgf("日期“%s”的年份后缺“年”字：“%s年%s”", "the date %s lacks 年 after its year: %s年%s", t[g[0]:g[1]], t[g[0]:g[2]], t[g[2]:g[1]]),
					ps.fixOf(Msg{"补上“年”", "add 年"}, edit{g[2], g[2], "年"}))
			}
		}
		if ps.mayHold("余") {
			for _, m := range exactBeforeYu(t) {
				_, size := utf8.DecodeRuneInString(t[m[1]:])
				s := t[m[0] : m[1]+size] // with its measure word: 6余件
				n := t[m[0] : m[1]-len("余")]
				msg := Msgf("“%s”：“余”用在整十、整百等整数后表示零头（十余人、三百余条），不跟个位不为零的确数“%s”；应写确数“%s”或约数",
					"%s: 余 follows a round number (十余人, 300余条), not the exact %s; write %s or a round number", s, n, n)
				txReport(p, ps.span(m[0], m[1]), Warning, true, msg,
					ps.fixOf(Msg{"删去“余”", "delete 余"}, edit{m[1] - len("余"), m[1], ""}))
			}
		}
		for _, m := range matchesIf(ps.mayHoldAny("万亿%％") && ps.mayHoldAny("~～—–-"), rangeUnit, t) {
			unit := t[m[8]:m[9]]
			sp := ps.span(m[2], m[9])
			txReport(p, sp, Info, false, Msgf("数值范围“%s”的前一个数也应带“%s”：“%s%s%s%s%s”", "both ends of %s take %s", t[m[2]:m[9]], unit, t[m[2]:m[3]], unit, t[m[4]:m[5]], t[m[6]:m[7]], unit),
				ps.fixOf(Msgf("补上“%s”", "add %s", unit), edit{m[3], m[3], unit}))
		}
	}
	return nil
}

// exactBeforeYu finds numbers in Arabic digits whose last digit is not 0
// written before 余 and a measure word (解读民生政策文件6余件, 兴海县 2021):
// 余 is the odd part after a round number (《现代汉语词典》第7版: 十余人,
// 三百余斤), so an exact count before it is a slip, most often a round
// number that lost its 0. 万余, 千余 and 年余 have no digit before 余 and
// are not matched; a measure word must follow, so that 余 starting a word
// (余额, 余下) is left.
func exactBeforeYu(t string) [][2]int {
	var out [][2]int
	for _, n := range numbersBeforeYu(t) {
		next, _ := utf8.DecodeRuneInString(t[n.after:])
		last, _ := utf8.DecodeLastRuneInString(t[:n.yu])
		if strings.ContainsRune(yuMeasures, next) && digitValue(last) > 0 { // not a round number (300余条)
			out = append(out, [2]int{n.from, n.after})
		}
	}
	return out
}

// yuMeasures are the measure words and units that follow 余 in counts.
const yuMeasures = "件条次个项场人篇份家所户名位起批期张册本元天年月日小时平米公里亩吨宗类部台辆套处期轮封"

// digitValue is the value of an ASCII or full-width digit, or -1.
func digitValue(r rune) int {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0')
	case r >= '０' && r <= '９':
		return int(r - '０')
	}
	return -1
}

// TX114

func runTraditional(p *Pass) error {
	d := tx(p)
	if !d.mirror {
		return nil
	}
	p.AtText(d.firstOdd).Severity(Info).Reportf("全文 %d 个汉字中有 %d 个不在通用规范汉字表和 GB 2312 中（如“%s”）：疑为繁体字转载的版本，用词检查不再逐处进行；请以原件为准",
		"%[2]d of %[1]d Han characters are outside 通用规范汉字表 and GB 2312 (%[3]s): a traditional-character copy, not proofread word by word; check the original",
		d.han, d.odd, string(d.oddSample))
	return nil
}

// TX115

// lawList reports whether the titles on both sides of the 、 at byte i
// (just before it ends a 》) are laws or regulations of the State:
// 《中华人民共和国…》.
func lawList(t string, i int) bool {
	open := strings.LastIndex(t[:i], "《")
	next := i + len("》、")
	return open >= 0 && strings.HasPrefix(t[open:], "《中华人民共和国") && strings.HasPrefix(t[next:], "《中华人民共和国")
}

// dunBetweenTitles is a 、 between titles; findDunBetweenTitles matches
// it.
var dunBetweenTitles = lazyre.New(`[》”]、[《“]`)

func runDunBetweenTitles(p *Pass, d *txDoc) error {
	var edits []Edit
	var first *passage
	var at int
	n := 0
	for _, ps := range d.passages {
		for _, m := range findDunBetweenTitles(ps.text) {
			s := ps.text[m[0]:m[1]]
			if !(strings.HasPrefix(s, "》") && strings.HasSuffix(s, "《") || strings.HasPrefix(s, "”") && strings.HasSuffix(s, "“")) {
				continue
			}
			if lawList(ps.text, m[0]) {
				continue // 《中华人民共和国行政复议法》、《…实施条例》: the State Council writes laws so (wording.md T3)
			}
			i := m[0] + len("》")
			n++
			if first == nil {
				first, at = ps, i
			}
			edits = append(edits, ps.fixOf(Msg{}, edit{i, i + len("、"), ""}).Edits...)
		}
	}
	if n == 0 {
		return nil
	}
	sp := first.span(at, at+len("、"))
	p.AtText(sp).Severity(Info).Fix(Fix{Message: Msg{"删去书名号、引号之间的顿号", "delete the 、 between the titles"}, Edits: edits}).
		Reportf("并列的书名号或引号之间通常不用顿号（GB/T 15834-2011 第 4.5.3.5 条），全文 %d 处", "no 、 between titles or quotations in a row, as a rule (GB/T 15834-2011 4.5.3.5); %d in the text", n)
	return nil
}
