package validate

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/lazyre"
)

// An enumeration is a total the prose breaks down: “办结81件，其中予以公开42件，
// 不予公开5件……”. NU101 checks that its items add up.
type enumeration struct {
	Total   count
	Items   []enumItem
	Partial bool // 包括, 主要, 等: the items may add up to less
	// Bare: the items follow a bare 其中, which real reports use both for
	// every part and for a few of them.
	Bare bool
	// Unsure: 其中 opens a sentence after one that counted two things
	// alike, and the nearest count is read as its total; parts that do not
	// add up to it may add up to the other or to both (硚口区政府办 2025:
	// 新收到78件，结转上年度办理3件。其中，答复75件，……结转下年度3件).
	Unsure bool
	Doubt  string // why the list cannot be judged; "" when it can
}

// otherItem names the rest of a total: a list that has one covers it all.
// This pattern and partialScope, partialTail and partialWords below say
// what the code matches by hand (containsAnyOf, hasPartialTail); the tests
// hold the two equal.
var otherItem = lazyre.New(`其他|其它|其余|剩余|余下|另有`)

// An enumItem is one part of an enumeration: its label and its count.
type enumItem struct {
	Label string
	count
	// Sep is the weight of the heaviest mark between the part before and
	// this one's label: 1 for 、 (or none), 2 for a comma, 3 for a
	// semicolon.
	Sep int
}

// sepWeight is the weight of the heaviest of the marks that separate
// parts in s: 、 1, a comma 2, a semicolon 3.
func sepWeight(s string) int {
	switch {
	case strings.ContainsAny(s, "；;"):
		return 3
	case strings.ContainsAny(s, "，,"):
		return 2
	}
	return 1
}

// scopeRE is what opens the items of a total: 其中, 分别为, 包括. findScopes
// matches it.
var scopeRE = lazyre.New(`其中(?:主要包括|主要有|主要是|主要为|包括|包含|有|含)?|分别为|分别是|分别|主要包括|包括|包含|[（(]\s*含`)

// scopeWords are the words of scopeRE, 其中 with each of its endings in
// turn.
var scopeWords = lazyWords("其中主要包括", "其中主要有", "其中主要是", "其中主要为", "其中包括", "其中包含", "其中有", "其中含", "其中",
	"分别为", "分别是", "分别", "主要包括", "包括", "包含")

// findScopes is scopeRE.FindAllStringIndex(text, -1).
func findScopes(text string) [][]int {
	var out [][]int
	scopeWords := scopeWords()
	for i := 0; i < len(text); {
		end := -1
		switch c := text[i]; {
		case c == '(':
			end = hanAfterSpace(text, i+1, "含")
		case c == 0xEF && strings.HasPrefix(text[i:], "（"):
			end = hanAfterSpace(text, i+len("（"), "含")
		case scopeWords.startsLong(c):
			end = scopeWords.at(text, i)
		}
		if end < 0 {
			i++
			continue
		}
		out = append(out, []int{i, end})
		i = end
	}
	return out
}

// hanAfterSpace is the end of \s*w at byte i of text, or -1.
func hanAfterSpace(text string, i int, w string) int {
	i = skipSpace(text, i)
	if strings.HasPrefix(text[i:], w) {
		return i + len(w)
	}
	return -1
}

// subjectRE: 其中 followed by a subject and its own opener (其中，新闻发布会包括
// ……) breaks down the earlier count that the subject names, not the
// nearest one.
var subjectRE = lazyre.New(`^[，,：:\s]*([^，,；;。：:\d]{1,12}?)(?:包括|包含|分别为|分别是|主要有)`)

// partialScope marks the openers whose items may be incomplete.
var partialScope = lazyre.New(`包括|包含|主要|有|含`)

// partialTail: after the last item, 等 or an ellipsis says the list is not
// complete (“……政策解读5条等”); 等 inside an item's own description (财政预
// 决算等) does not.
var partialTail = lazyre.New(`^[\s）)]*(?:等|…|\.\.\.)`)

// partialWords in the items say the list is not complete.
var partialWords = lazyre.New(`……|例如|比如`)

// totalWords, as an item's whole label, restate the total (“……，共计368条”):
// the list has ended.
var totalWords = map[string]bool{"共": true, "共计": true, "合计": true, "总计": true, "累计": true, "总共": true, "一共": true, "共有": true, "计": true}

// itemLead are words that open a label without belonging to it.
var itemLead = []string{"其中", "以及", "和", "及", "与"}

// newTopic, opening a label, ends the list: the sentence moves on.
var newTopic = []string{"此外", "另外", "同时", "另有", "还有", "另"}

// maxGap is how many runes may stand between a total and its 其中 (“收到申请
// 12件，均已按时答复，其中……”).
const maxGap = 20

// maxCoverGap is how many runes may stand between a total and its 其中
// when all they say is what the counted items cover (信丰县卫健委 2023:
// 公开政府信息数465条，内容涉及年度财政预决算、机构职能……等多面内容。其中
// 信息公开年度报告1条……): that clause names the total's kinds, and 其中
// goes on to count them.
const maxCoverGap = 80

// coverClause reports whether gap, the text between a total and its 其中,
// only says what the total covers: 涉及 or 涵盖, and no number.
func coverClause(gap string) bool {
	return containsAnyOf(gap, "涉及", "涵盖") && !strings.ContainsAny(gap, "0123456789０１２３４５６７８９")
}

// parseEnumerations finds the enumerations of one block of prose.
func parseEnumerations(text string, sc *proseScan) []enumeration {
	counts, depth := sc.counts, sc.depth
	markers := findScopes(text)
	// The total of each marker, by index into counts (-1: none).
	totalOf := make([]int, len(markers))
	isTotal := map[int]bool{}
	for i, m := range markers {
		totalOf[i] = findTotal(text, counts, depth, m)
		if totalOf[i] >= 0 {
			isTotal[totalOf[i]] = true
		}
	}
	var out []enumeration
	for i, m := range markers {
		if totalOf[i] < 0 {
			continue
		}
		out = append(out, readItems(text, counts, sc.tokens(), depth, m, totalOf[i], isTotal))
	}
	return out
}

// findTotal returns the count that the marker at m breaks down, or -1.
func findTotal(text string, counts []count, depth *depths, m []int) int {
	if depth.at(m[0]).title > 0 {
		return -1
	}
	marker := text[m[0]:m[1]]
	level := depth.at(m[0]).paren // the bracket of （含 stands outside it
	var subject string
	if strings.HasPrefix(marker, "其中") {
		if sm := subjectRE.FindStringSubmatch(text[m[1]:]); sm != nil {
			subject = trimPunct(sm[1])
		}
	}
	for k := len(counts) - 1; k >= 0; k-- {
		c := counts[k]
		if c.UnitEnd > m[0] || c.Ignore != "" || c.Paren > level {
			continue
		}
		gap := text[c.UnitEnd:m[0]]
		rest := trimPunct(stripBrackets(gap))
		if !strings.HasPrefix(marker, "其中") {
			// 分别, 包括, （含 follow their total directly.
			if rest != "" {
				return -1
			}
			return k
		}
		if strings.Count(gap, "。")+strings.Count(gap, "\n")+strings.Count(gap, "！")+strings.Count(gap, "？") > 1 {
			return -1
		}
		if subject != "" {
			// 其中，新闻发布会包括……: the count whose label names the subject,
			// in this sentence or the one before.
			lStart := afterLast(text, 0, c.Start, itemEnds)
			if strings.Contains(text[lStart:c.Start], subject) {
				return k
			}
			continue
		}
		if n := utf8.RuneCountInString(rest); n > maxGap && (n > maxCoverGap || !coverClause(rest)) {
			return -1
		}
		return k
	}
	return -1
}

// countsAlike reports whether a sentence ends between counts[ti] and the
// 其中 at byte at, and that sentence holds another count of the same unit
// outside brackets before counts[ti].
func countsAlike(text string, counts []count, ti, at int) bool {
	t := counts[ti]
	if t.UnitEnd > at || sentenceEnds.lastIndex(text[t.UnitEnd:at]) < 0 {
		return false
	}
	from := afterLast(text, 0, t.Start, sentenceEnds)
	for _, o := range counts[:ti] {
		if o.Start >= from && o.Ignore == "" && o.Paren <= t.Paren && sameUnit(o.Unit, t.Unit) {
			return true
		}
	}
	return false
}

// stripBrackets drops what stands in brackets: （含上年结转189件）.
func stripBrackets(s string) string {
	var b strings.Builder
	d := 0
	for _, r := range s {
		switch r {
		case '（', '(':
			d++
		case '）', ')':
			if d > 0 {
				d--
			}
		default:
			if d == 0 {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// readItems reads the items after the marker m of the total counts[ti].
func readItems(text string, counts []count, toks []token, depth *depths, m []int, ti int, isTotal map[int]bool) enumeration {
	e := enumeration{Total: counts[ti]}
	marker := text[m[0]:m[1]]
	e.Partial = containsAnyOf(marker, "包括", "包含", "主要", "有", "含") // partialScope
	e.Bare = marker == "其中"
	if e.Total.Approx {
		e.Doubt = "approximate total"
	}
	e.Unsure = marker == "其中" && countsAlike(text, counts, ti, m[0])
	level := depth.at(m[1] - 1).paren // inside the bracket that （含 opens
	if strings.HasSuffix(marker, "含") {
		e.Partial = true
	}
	end := firstOf(text, m[1], sentenceEnds)
	if level > e.Total.Paren {
		// 12件（其中……）: the items end with the bracket.
		for i := m[1]; i < end; i++ {
			if depth.at(i).paren < level {
				end = i
				break
			}
		}
	}
	listCat := ""
	prev := m[1]
	last := m[1]
items:
	for k := ti + 1; k < len(counts); k++ {
		c := counts[k]
		if c.Start < m[1] {
			continue
		}
		if c.Start >= end {
			break
		}
		from := prev
		prev = c.UnitEnd
		if c.Ignore != "" || depth.at(c.Start).paren > level {
			continue // a change, a duration, a percentage, a detail in brackets
		}
		lStart := afterLast(text, from, c.Start, itemEnds)
		label := trimPunct(text[lStart:c.Start])
		for _, w := range newTopic {
			if strings.HasPrefix(label, w) {
				break items
			}
		}
		for again := true; again; {
			again = false
			for _, w := range itemLead {
				if strings.HasPrefix(label, w) {
					label, again = trimPunct(strings.TrimPrefix(label, w)), true
				}
			}
		}
		if totalWords[label] {
			break // “……，共计368条” restates the total
		}
		lEnd := c.Start
		if label == "" {
			// The label follows the number: “其中3件予以公开”.
			lStart, lEnd = c.UnitEnd, min(firstOf(text, c.UnitEnd, itemEnds), end)
			label = trimPunct(text[lStart:lEnd])
		}
		if !sameUnit(c.Unit, e.Total.Unit) {
			break
		}
		cat := category(tokensIn(toks, lStart, lEnd))
		if listCat != "" && cat != "" && cat != listCat {
			break // 行政复议2件 after the outcomes of requests
		}
		if isTotal[k] {
			if cat != "" && cat != listCat {
				break // the next total: 行政诉讼46件，其中……
			}
			// A part with parts of its own: where its list ends, and so
			// where this one goes on, is not clear.
			e.Items = append(e.Items, enumItem{Label: label, count: c})
			e.Doubt = "nested list"
			break
		}
		if c.Approx {
			e.Doubt = "approximate item"
		}
		e.Items = append(e.Items, enumItem{Label: label, count: c, Sep: sepWeight(text[from:lStart])})
		last = max(lEnd, c.UnitEnd)
		if listCat == "" {
			listCat = cat
		}
	}
	if len(e.Items) > 0 {
		lastItem := e.Items[len(e.Items)-1].UnitEnd
		if hasPartialTail(text[lastItem:]) || containsAnyOf(text[m[1]:min(firstOf(text, last, clauseEnds), end)], "……", "例如", "比如") { // partialTail, partialWords
			e.Partial = true
		}
	}
	return e
}

func checkEnumerations(p *Pass, b prosePiece, text string) {
	for _, e := range parseEnumerations(text, scanOf(p, text)) {
		reportEnumeration(p, b, e)
	}
}

func reportEnumeration(p *Pass, b prosePiece, e enumeration) {
	if len(e.Items) < 2 {
		return
	}
	sum := 0
	for _, it := range e.Items {
		sum += it.Value
	}
	// Where a nested list ends, and so which counts after it are parts,
	// is not clear; but the parts read up to it are parts, and when they
	// already pass the total no further part can mend that (临洮县新添镇
	// 2022: 公开382条，包括……35条，……80条，……公众号2443条，其中……).
	if e.Doubt != "" && (e.Doubt != "nested list" || sum <= e.Total.Value) || e.Unsure && sum != e.Total.Value {
		return
	}
	// Parts that overlap, counting the same items again by channel or
	// kind, need not add up. They show it when every part is as large as
	// the whole (梅河口市和平街道 2020: 主动公开政府信息73条，其中依托……网站
	// 主动公开信息73条；通过……公众号……公开政府信息73条；通过政务公开栏公开
	// 政府信息73条), or one part is and another larger still (钦北区长滩镇
	// 2022: 共发布政府信息公开28条。其中法定主动公开信息28条，财政信息3条，
	// ……公众号发布信息305条). A total written as one of its parts, a slip,
	// leaves the other parts smaller than the old total and is still
	// reported (21→15 with parts 15 and 6).
	whole, larger, all := false, false, true
	for _, it := range e.Items {
		whole = whole || it.Value == e.Total.Value
		larger = larger || it.Value > e.Total.Value
		all = all && it.Value == e.Total.Value
	}
	if e.Total.Value > 0 && (all || whole && larger) {
		return
	}
	if items := channelEnds(e); len(items) < len(e.Items) {
		if len(items) < 2 {
			return
		}
		e.Items, sum = items, 0
		for _, it := range items {
			sum += it.Value
		}
	}
	if listEnds(e) {
		return
	}
	strs := make([]string, len(e.Items))
	for i, it := range e.Items {
		strs[i] = strconv.Itoa(it.Value)
	}
	// A bare 其中 without a 其他 among the items may name a few parts
	// only, as real reports often do (发布信息3659条，其中政策文件352条，
	// 新闻854条……, a third of the total): parts well short of the total
	// are no error there. A slip in a list meant to be whole leaves it
	// short by a little, so parts within a tenth of the total still count.
	partial := e.Partial || e.Bare && sum*10 < e.Total.Value*9 &&
		!slices.ContainsFunc(e.Items, func(it enumItem) bool {
			return containsAnyOf(it.Label, "其他", "其它", "其余", "剩余", "余下", "另有")
		}) // otherItem
	if sum == e.Total.Value || (partial && sum < e.Total.Value) {
		return
	}
	var related []Related
	for _, it := range e.Items {
		related = append(related, Related{Span: b.span(it.Start, it.End),
			Message: Msgf("分项“%s”", "part %s", it.Label)})
	}
	total, parts := e.Total.Value, strings.Join(strs, "+")
	at := p.AtText(b.span(e.Total.Start, e.Total.End)).Related(related...)
	at.Report(Msg{
		fmt.Sprintf("总数 %d%s 与其后分项之和 %s=%d 不符，相差 %d", total, e.Total.Unit, parts, sum, abs(total-sum)),
		fmt.Sprintf("total %d differs from the parts %s=%d by %d", total, parts, sum, abs(total-sum)),
	})
}

// channelWords open a label that names the channel a count went out by.
var channelWords = []string{"通过", "利用", "依托", "借助"}

// channelEnds returns the items up to the first, after the first item, that
// names a channel of its own and alone exceeds the total: a part cannot be
// larger than its whole, so that count is the next channel's, a sibling of
// the total, and the list ended before it (西藏自治区政府国资委 2020: 利用委内
// OA系统……发布信息95条,其中发布规范性文件2件,利用电子屏发布信息108条). A part
// larger than its whole without a channel of its own (不予公开12件 of 办结10件)
// is still read, and reported.
func channelEnds(e enumeration) []enumItem {
	for i, it := range e.Items {
		if i == 0 || it.Value <= e.Total.Value {
			continue
		}
		for _, w := range channelWords {
			if strings.HasPrefix(it.Label, w) {
				return e.Items[:i]
			}
		}
	}
	return e.Items
}

// listEnds reports whether the first parts add up to the total and a
// heavier mark than any between them then goes on to other counts: the
// list ended at that mark, and the sentence moved on (林州市 2023: 主动公开政府
// 信息5648条。其中,信息公开目录信息4804条、政务动态信息838条、概况类信息6条,
// 互动交流留言收到1465条、办结1213条……, a comma after parts joined by 、;
// 桐城市 2021: 发布政策解读 565条,其中文字解读439 条,媒体解读30 条、图片解读
// 87 条、视频解读 9条;主动回应 1426 条, a semicolon after commas and 、).
// Parts all joined by the same mark give no such sign (予以公开4件，不予公开
// 6件，无法提供2件 against 10 is still reported).
func listEnds(e enumeration) bool {
	sum, heaviest := 0, 0
	for i, it := range e.Items {
		if i >= 2 && it.Sep > heaviest && sum == e.Total.Value {
			return true
		}
		if i > 0 {
			heaviest = max(heaviest, it.Sep)
		}
		sum += it.Value
	}
	return false
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// sameUnit: 条 and 件 both count pieces of information, and one list
// mixes them (发布政府信息79603条，其中会议信息220条，政策文件3302件……).
func sameUnit(a, b string) bool {
	piece := func(u string) bool { return u == "条" || u == "件" }
	return a == b || piece(a) && piece(b)
}

// containsAnyOf reports whether s holds one of words: MatchString of
// their alternation.
func containsAnyOf(s string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// hasPartialTail is partialTail.MatchString(s): spaces and closing
// brackets, then 等, … or ....
func hasPartialTail(s string) bool {
	for {
		switch {
		case s != "" && isSpaceByte(s[0]) || strings.HasPrefix(s, ")"):
			s = s[1:]
		case strings.HasPrefix(s, "）"):
			s = s[len("）"):]
		default:
			return strings.HasPrefix(s, "等") || strings.HasPrefix(s, "…") || strings.HasPrefix(s, "...")
		}
	}
}
