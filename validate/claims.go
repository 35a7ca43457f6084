package validate

import (
	"maps"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/lazyre"
	"github.com/nianbao/nianbao/normalize"
)

// A claimSpec says which table cells a statement of the prose gives: a
// count of attribute attr (vocab.go) of one of topics, in one of units.
// The claims are data; one matcher reads them all (findClaims).
type claimSpec struct {
	attr   string   // attribute id; "" for the topic's total (行政复议2件)
	topics []string // topic ids it may speak of; "" when no topic is named
	// keys are cell-key templates whose cells add up to the stated number:
	// {t} stands for each cell group of the topic (topicGroups), * for any
	// row. Templates of other profiles than the report's find no cell: the
	// 2019 and 2021 keys stand side by side.
	keys  []string
	units string // unit classes the count may have
	what  Msg    // {t}: the topic's name
	// contains are the attributes a bracket after the number may say it
	// includes without changing what the number counts: 办结1191件（含上年
	// 结转189件）. A bracket that includes any other (予以公开42件（含部分公开
	// 10件）) makes the number say something else.
	contains []string
}

const (
	unitsRequests = "件个条"
	unitsCases    = "件个次"
	unitsDocs     = "件个条篇"
)

var outcomes = []string{"granted", "partly", "granted_or_partly", "withheld", "unavailable", "not_processed", "other_handling"}

var caseTopics = []string{"review", "suit", "suit_direct", "suit_after_review"}
var docTopics = []string{"normative_docs", "regulations"}

// topicGroups are the cell groups (row keys) a topic stands for.
var topicGroups = map[string][]string{
	"review":            {"review"},
	"suit":              {"suit_direct", "suit_after_review"},
	"suit_direct":       {"suit_direct"},
	"suit_after_review": {"suit_after_review"},
	"normative_docs":    {"normative_docs"},
	"regulations":       {"regulations"},
}

// topicNames name the topics in messages.
var topicNames = map[string]Msg{
	"review":            {"行政复议", "administrative reviews"},
	"suit":              {"行政诉讼", "lawsuits"},
	"suit_direct":       {"直接起诉的行政诉讼", "lawsuits filed directly"},
	"suit_after_review": {"复议后起诉的行政诉讼", "lawsuits filed after review"},
	"normative_docs":    {"行政规范性文件", "normative documents"},
	"regulations":       {"规章", "regulations"},
}

var claimSpecs = []claimSpec{
	{attr: "new", topics: []string{"request"}, keys: []string{"requests.new.total"}, units: unitsRequests, what: Msg{"本年新收申请", "new requests"}},
	{attr: "carried_over", topics: []string{"request", ""}, keys: []string{"requests.carried_over.total"}, units: unitsRequests, what: Msg{"上年结转申请", "requests carried over"}},
	{attr: "carried_forward", topics: []string{"request", ""}, keys: []string{"requests.carried_forward.total"}, units: unitsRequests, what: Msg{"结转下年度申请", "requests carried forward"}},
	{attr: "handled", topics: []string{"request"}, keys: []string{"requests.total.total"}, units: unitsRequests, what: Msg{"本年度办结申请", "requests handled"},
		contains: append([]string{"carried_over"}, outcomes...)},
	{attr: "granted", topics: []string{"request", ""}, keys: []string{"requests.granted.total"}, units: unitsRequests, what: Msg{"予以公开", "granted"}},
	{attr: "partly", topics: []string{"request", ""}, keys: []string{"requests.partly_granted.total"}, units: unitsRequests, what: Msg{"部分公开", "partly granted"}},
	{attr: "granted_or_partly", topics: []string{"request", ""}, keys: []string{"requests.granted.total", "requests.partly_granted.total"}, units: unitsRequests, what: Msg{"予以公开及部分公开", "granted in full or in part"}, contains: []string{"partly"}},
	{attr: "withheld", topics: []string{"request", ""}, keys: []string{"requests.withheld.*.total"}, units: unitsRequests, what: Msg{"不予公开", "withheld"}},
	{attr: "unavailable", topics: []string{"request", ""}, keys: []string{"requests.unavailable.*.total"}, units: unitsRequests, what: Msg{"无法提供", "unavailable"}},
	{attr: "not_processed", topics: []string{"request", ""}, keys: []string{"requests.not_processed.*.total"}, units: unitsRequests, what: Msg{"不予处理", "not processed"}},
	{attr: "other_handling", topics: []string{"request", ""}, keys: []string{"requests.other.total", "requests.other.*.total"}, units: unitsRequests, what: Msg{"其他处理", "otherwise handled"}},

	{attr: "", topics: caseTopics, keys: []string{"review.{t}.total"}, units: unitsCases, what: Msg{"{t}案件", "{t}"}},
	{attr: "upheld", topics: caseTopics, keys: []string{"review.{t}.upheld"}, units: unitsCases, what: Msg{"{t}结果维持", "{t} upheld"}},
	{attr: "corrected", topics: caseTopics, keys: []string{"review.{t}.corrected"}, units: unitsCases, what: Msg{"{t}结果纠正", "{t} corrected"}},
	{attr: "other_result", topics: caseTopics, keys: []string{"review.{t}.other"}, units: unitsCases, what: Msg{"{t}其他结果", "{t} with other results"}},
	{attr: "pending", topics: caseTopics, keys: []string{"review.{t}.pending"}, units: unitsCases, what: Msg{"{t}尚未审结", "{t} pending"}},

	// 2019 has 本年新制作数量 (made) and 本年新公开数量 (published) where 2021
	// has 本年制发件数 (issued), which counts revised documents too; 2019 has
	// no column of repealed or of documents in force (对外公开总数量 counts what
	// was ever published).
	{attr: "published", topics: docTopics, keys: []string{"active.{t}.published", "active.{t}.issued"}, units: unitsDocs, what: Msg{"本年公开{t}", "{t} published"},
		contains: []string{"made_new", "issued"}},
	{attr: "made_new", topics: docTopics, keys: []string{"active.{t}.made"}, units: unitsDocs, what: Msg{"本年新制作{t}", "{t} newly made"}},
	{attr: "issued", topics: docTopics, keys: []string{"active.{t}.issued", "active.{t}.made"}, units: unitsDocs, what: Msg{"本年制发{t}", "{t} issued"}},
	{attr: "total_public", topics: docTopics, keys: []string{"active.{t}.total_public"}, units: unitsDocs, what: Msg{"对外公开{t}总数", "{t} published in all"}},
	{attr: "repealed", topics: docTopics, keys: []string{"active.{t}.repealed"}, units: unitsDocs, what: Msg{"本年废止{t}", "{t} repealed"}},
	{attr: "in_force", topics: docTopics, keys: []string{"active.{t}.in_force"}, units: unitsDocs, what: Msg{"现行有效{t}", "{t} in force"}},
}

// lookupSpec returns the spec for attr of topic, or nil.
func lookupSpec(attr, topic string) *claimSpec {
	for i := range claimSpecs {
		s := &claimSpecs[i]
		if s.attr != attr {
			continue
		}
		for _, t := range s.topics {
			if t == topic {
				return s
			}
		}
	}
	return nil
}

// carries are the attributes a list goes on with: “制发规章0件、规范性文件4件”.
var carries = map[string]bool{"issued": true, "repealed": true, "in_force": true, "published": true, "made_new": true, "total_public": true}

// A textClaim is one statement of the prose about the table.
type textClaim struct {
	spec       *claimSpec
	topic      string
	value      int
	zero       bool // said with words: 未发生行政复议
	Start, End int  // in the block text: the number, or the words
}

// bracketAfter is a bracket right after a number that says what it
// includes: 805件（含上年度结转申请18件）. bracketInner matches it.
var bracketAfter = lazyre.New(`^\s*[（(]([^（）()]*)[）)]?`)

// includesOther reports whether a bracket after the number at end says
// that it includes an attribute the spec does not contain.
func includesOther(text string, toks []token, end int, spec *claimSpec) bool {
	a, b, ok := bracketInner(text[end:])
	if !ok {
		return false
	}
	inner := text[end+a : end+b]
	if !strings.Contains(inner, "含") && !strings.Contains(inner, "包括") {
		return false
	}
	for _, t := range tokensIn(toks, end+a, end+b) {
		if t.kind != vAttr || t.id == spec.attr {
			continue
		}
		ok := false
		for _, c := range spec.contains {
			ok = ok || c == t.id
		}
		if !ok {
			return true
		}
	}
	return false
}

// findClaims reads the claims of one block of prose.
func findClaims(text string, sc *proseScan) []textClaim {
	counts, depth := sc.counts, sc.depth
	var out []textClaim
	prevEnd := 0
	// carry is the attribute the last label outside brackets in this
	// sentence named, for a bare label to go on with: “制发规章0件、规范性文件
	// 4件”, “主动公开政府信息643条，其中行政规范性文件9条”. A label that could
	// not be read passes nothing on.
	carry, carryFrom := "", -1
	// The sentence of each count, read on from the last: sent is
	// afterLast(text, 0, scanned, sentenceEnds).
	sent, scanned := 0, 0
	for _, c := range counts {
		from := prevEnd
		prevEnd = c.UnitEnd
		if c.Ignore != "" {
			continue
		}
		if s := afterLast(text, scanned, c.Start, sentenceEnds); s > scanned {
			sent = s
		}
		scanned = c.Start
		if s := sent; s != carryFrom {
			carry, carryFrom = "", s
		}
		outside := depth.at(c.Start).paren == 0
		lStart := afterLast(text, from, c.Start, itemEnds)
		toks := sc.tokens()
		cl, ok := readLabel(text, toks, lStart, c.Start)
		if !ok || c.Approx {
			if outside {
				carry = ""
			}
			continue
		}
		inherited := carry
		if outside && cl.attr != "" {
			carry = ""
			if carries[cl.attr] {
				carry = cl.attr
			}
		}
		if qualifiedAfter(text, toks, c.UnitEnd) {
			continue // 收到2个自然人的申请 counts persons
		}
		if cl.topic == "" {
			// 收到8份政府信息公开申请: the noun follows the number.
			cl.topic = nounAfter(text, toks, c.UnitEnd)
		}
		if cl.topic == "" && cl.attr == "" {
			continue
		}
		topic, attr := cl.topic, cl.attr
		if topic == "" {
			topic = topicBefore(toks, cl.core)
		}
		if attr == "" && lookupSpec("", topic) == nil && cl.bare {
			attr = inherited
		}
		spec := lookupSpec(attr, topic)
		if spec == nil && cl.topic == "" {
			spec = lookupSpec(attr, "")
		}
		if spec != nil && strings.Contains(spec.units, c.Unit) && !includesOther(text, toks, c.UnitEnd, spec) {
			out = append(out, textClaim{spec: spec, topic: topic, value: c.Value, Start: c.Start, End: c.End})
		}
	}
	return append(out, zeroClaims(text, counts, sc)...)
}

// A label's reading: the topic and attribute it names itself.
type labelReading struct {
	topic, attr string
	core        int  // where the words that name the count begin
	bare        bool // the label is only those words: nothing qualifies it
}

// readLabel reads the label text[from:to] of a count. What names the
// count is its core: the vocabulary words right before the number (收到政府
// 信息公开申请), back to the first word that is not vocabulary; 收到涉及国家秘密
// 的申请 has the core 的申请, which names no attribute. A qualifier or a
// comparison anywhere in the label, two topics or two attributes in the
// core, and the label says nothing. A weak attribute (答复) yields to
// another one (同意公开答复).
func readLabel(text string, toks []token, from, to int) (labelReading, bool) {
	var r labelReading
	lt := tokensIn(toks, from, to)
	for _, t := range lt {
		if t.kind == vQual || t.kind == vCmp || t.kind == vNeg {
			return r, false
		}
	}
	// The core: tokens back from the number with only punctuation between.
	i, end := len(lt), to
	for i > 0 && lt[i-1].End <= end && onlyPunct(text[lt[i-1].End:end]) && lt[i-1].kind != vQual {
		i--
		end = lt[i].Start
	}
	core := lt[i:]
	r.core = end
	r.bare = onlyPunct(text[from:end])
	weak := ""
	for _, t := range core {
		switch t.kind {
		case vTopic:
			if r.topic != "" && r.topic != t.id {
				return r, false
			}
			r.topic = t.id
		case vAttr:
			if t.weak {
				weak = t.id
				continue
			}
			if r.attr != "" && r.attr != t.id {
				return r, false
			}
			r.attr = t.id
		}
	}
	if r.attr == "" {
		r.attr = weak
	}
	return r, true
}

// qualifiedAfter reports whether a qualifier follows the unit directly:
// then the number counts those (2个自然人), not the cell's things.
func qualifiedAfter(text string, toks []token, from int) bool {
	for _, t := range tokensIn(toks, from, min(len(text), from+16)) {
		return t.Start == from && t.kind == vQual
	}
	return false
}

// nounAfter returns the topic of the words right after a number, when
// they run to the end of the clause and are all vocabulary: 收到8份[政府信息
// 公开申请]，.
func nounAfter(text string, toks []token, from int) string {
	end := firstOf(text, from, itemEnds)
	topic := ""
	covered := from
	for _, t := range tokensIn(toks, from, end) {
		if !onlyPunct(text[covered:t.Start]) {
			return ""
		}
		covered = t.End
		switch t.kind {
		case vTopic:
			if topic != "" && topic != t.id {
				return ""
			}
			topic = t.id
		case vFill:
		default:
			return ""
		}
	}
	if !onlyPunct(text[covered:end]) {
		return ""
	}
	return topic
}

// topicBefore is the topic the block last named before offset: “收到申请
// 12件……本年度共办结10件”. Topic "other" (建议, 政务服务事项) ends it.
func topicBefore(toks []token, offset int) string {
	for i := len(toks) - 1; i >= 0; i-- {
		if toks[i].End <= offset && toks[i].kind == vTopic {
			return toks[i].id
		}
	}
	return ""
}

// zeroClaims reads the clauses that say in words that there were none:
// “未发生行政复议、行政诉讼案件”, “全年未制发行政规范性文件”. Everything from
// the negation to the end of the clause must be vocabulary, so that “未收到
// 涉及国家秘密的申请” and “未发生行政诉讼败诉” say nothing.
func zeroClaims(text string, counts []count, sc *proseScan) []textClaim {
	if !vocab().negs.has(text) {
		return nil // no negation word, so no token of one: the words need not be found
	}
	toks := sc.tokens()
	if !slices.ContainsFunc(toks, func(t token) bool { return t.kind == vNeg }) {
		return nil // no clause has a negation
	}
	var out []textClaim
	for start := 0; start < len(text); {
		end := firstOf(text, start, clauseEnds)
		out = append(out, zeroClause(text, counts, toks, start, end)...)
		if end == len(text) {
			break
		}
		_, n := utf8.DecodeRuneInString(text[end:])
		start = end + n
	}
	return out
}

func zeroClause(text string, counts []count, toks []token, start, end int) []textClaim {
	ct := tokensIn(toks, start, end)
	neg := -1
	for i, t := range ct {
		if t.kind == vNeg {
			neg = i
			break
		}
	}
	if neg < 0 {
		return nil
	}
	for _, c := range counts {
		if c.Start >= start && c.Start < end && c.Ignore == "" {
			return nil
		}
	}
	var topics, attrs []string
	covered := ct[neg].End
	for _, t := range ct[neg+1:] {
		if t.Start > covered && !onlyPunct(text[covered:t.Start]) {
			return nil
		}
		covered = t.End
		switch t.kind {
		case vTopic:
			topics = appendNew(topics, t.id)
		case vAttr:
			attrs = appendNew(attrs, t.id)
		case vFill:
		default:
			return nil
		}
	}
	if covered < end && !onlyPunct(text[covered:end]) {
		return nil
	}
	if len(topics) == 0 {
		// 该行政复议件未被纠错: the topic stands before the negation.
		for _, t := range ct[:neg] {
			if t.kind == vTopic {
				topics = appendNew(topics, t.id)
			}
		}
	}
	if len(topics) == 0 {
		topics = []string{""}
	}
	if len(attrs) == 0 {
		attrs = []string{""}
	}
	var out []textClaim
	for _, t := range topics {
		for _, a := range attrs {
			if s := lookupSpec(a, t); s != nil {
				out = append(out, textClaim{spec: s, topic: t, zero: true, Start: ct[neg].Start, End: covered})
			}
		}
	}
	return out
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// cellsOf expands the spec's key templates for topic into the report's
// cells, in key order, and the templates that found any; none when the
// report has none of them.
func cellsOf(p *Pass, spec *claimSpec, topic string) (keys, shown []string) {
	type key struct {
		spec  *claimSpec
		topic string
	}
	type cells struct{ keys, shown []string }
	memo := p.Memo("cells.of", func() any { return map[key]cells{} }).(map[key]cells)
	k := key{spec, topic}
	c, ok := memo[k]
	if !ok {
		c.keys, c.shown = expandKeys(p, spec, topic)
		memo[k] = c
	}
	return c.keys, c.shown
}

// expandKeys is cellsOf, made afresh.
func expandKeys(p *Pass, spec *claimSpec, topic string) (keys, shown []string) {
	groups := topicGroups[topic]
	if len(groups) == 0 {
		groups = []string{""}
	}
	all := cellKeys(p)
	seen := map[string]bool{}
	for _, g := range groups {
		for _, tmpl := range spec.keys {
			pat := strings.ReplaceAll(tmpl, "{t}", g)
			if seen[pat] {
				continue // a key with no {t} is the same for every group
			}
			seen[pat] = true
			n := len(keys)
			star := strings.IndexByte(pat, '*')
			if star < 0 {
				if _, ok := p.Rep.Cells[pat]; ok {
					keys = append(keys, pat) // the one key matchKey would take
				}
			} else {
				// The keys that start with what stands before the *, in
				// order.
				prefix := pat[:star]
				i, _ := slices.BinarySearch(all, prefix)
				for ; i < len(all) && strings.HasPrefix(all[i], prefix); i++ {
					if matchKey(pat, all[i]) {
						keys = append(keys, all[i])
					}
				}
			}
			if len(keys) > n {
				shown = append(shown, pat)
			}
		}
	}
	return keys, shown
}

// cellKeys returns the keys of the report's cells, sorted, made once per
// Check.
func cellKeys(p *Pass) []string {
	return p.Memo("cells.sorted", func() any { return sortedKeys(p.Rep.Cells) }).([]string)
}

// sortedCells returns the report's cells in key order, made once per
// Check.
func sortedCells(p *Pass) []*normalize.Cell {
	return p.Memo("cells.bykey", func() any {
		keys := cellKeys(p)
		out := make([]*normalize.Cell, len(keys))
		for i, k := range keys {
			out[i] = p.Rep.Cells[k]
		}
		return out
	}).([]*normalize.Cell)
}

// templateKeys are the cell keys of every template, sorted.
var templateKeys = sync.OnceValue(func() []string {
	var parts [][]string
	n := 0
	for _, prof := range normalize.Profiles() {
		for _, t := range prof.Tables {
			parts = append(parts, t.CellKeys())
			n += len(parts[len(parts)-1])
		}
	}
	keys := make([]string, 0, n)
	for _, p := range parts {
		keys = append(keys, p...)
	}
	slices.Sort(keys)
	return slices.Compact(keys)
})

// sortedKeys returns the keys of cells in order: the templates' keys
// that cells has, when they are all of its keys, which saves sorting.
func sortedKeys(cells map[string]*normalize.Cell) []string {
	out := make([]string, 0, len(cells))
	for _, k := range templateKeys() {
		if _, ok := cells[k]; ok {
			out = append(out, k)
		}
	}
	if len(out) == len(cells) {
		return out
	}
	return slices.Sorted(maps.Keys(cells))
}

// matchKey reports whether key matches the key template pat, in which *
// stands for one key segment (one character or more other than a dot).
func matchKey(pat, key string) bool {
	i := strings.IndexByte(pat, '*')
	if i < 0 {
		return pat == key
	}
	if !strings.HasPrefix(key, pat[:i]) {
		return false
	}
	key, pat = key[i:], pat[i+1:]
	n := strings.IndexByte(key, '.')
	if n < 0 {
		n = len(key)
	}
	for l := n; l >= 1; l-- {
		if matchKey(pat, key[l:]) {
			return true
		}
	}
	return false
}

func checkClaims(p *Pass, b prosePiece, text string) {
	for _, c := range findClaims(text, scanOf(p, text)) {
		checkClaim(p, b, c)
	}
}

func checkClaim(p *Pass, b prosePiece, c textClaim) {
	r := p.Rep
	keys, shown := cellsOf(p, c.spec, c.topic)
	if len(keys) == 0 {
		return
	}
	total := 0.0
	for _, k := range keys {
		cell := r.Cell(k)
		v, ok := cell.Num()
		if !ok {
			return // a cell the claim needs was not read: nothing to compare
		}
		if parts := rowParts(r, cell); cell.State == normalize.StateBlank && parts != nil {
			// A blank 总计 (TB103 reports it) stands for the row it
			// totals, not for 0: compare the text with the row's parts.
			if v, ok = sumCells(r, parts); !ok {
				return
			}
		} else if cell.State == normalize.StateBlank {
			// Any other blank cell gives no number: the table does not say
			// 0, and the text is not to be held against it (西藏自治区政府
			// 国资委 2020: 规范性文件 | 11 | ||, its 本年新公开数量 left empty,
			// was read as 0 against the prose's 发布规范性文件2件).
			return
		}
		if t := r.Tables[cell.Table]; t == nil || !t.Found || t.Unfilled || len(t.MissingRows) > 0 && !t.Truncated || len(t.MissingCols[cell.Row]) > 0 {
			// A table that lost rows or columns may have its numbers in
			// the wrong cells (ST105 says so): the text is not to blame.
			// One that lost only its last rows, cut short, has the rows
			// read before the cut in their places (长春市某局 2023: 受理
			// 2件 against 本年新收 3, table 三 cut after its row 二).
			return
		}
		total += v
	}
	stated := float64(c.value)
	if stated == total {
		return
	}
	name := topicNames[c.topic]
	what := Msg{strings.ReplaceAll(c.spec.what.Zh, "{t}", name.Zh), strings.ReplaceAll(c.spec.what.En, "{t}", name.En)}
	var shownZh, shownEn []string
	for _, k := range shown {
		shownZh, shownEn = append(shownZh, p.label(k).Zh), append(shownEn, p.label(k).En)
	}
	sp := b.span(c.Start, c.End)
	d := p.AtText(sp).Key(keys[0]).Related(p.relatedCells(keys, "表格单元格：%s", "table cell: %s")...)
	if !c.zero {
		// Words (未发生) have no number to put the table's in place of.
		d.Fix(replace(Msgf("按表格改为 %s", "change the text to %s", fmtNum(total)), sp, fmtNum(total)))
	}
	d.Reportf("正文称%s为 %s，%s为 %s", "the text gives %s as %s, %s says %s",
		what, fmtNum(stated), Msg{strings.Join(shownZh, "与"), strings.Join(shownEn, " plus ")}, fmtNum(total))
}

// rowParts returns the cells that total adds up along its row (the
// applicant columns of the requests table, the results of a review), as
// the profile's identities say (TB103, TB104), or nil when it is no row's
// total.
func rowParts(r *normalize.Report, total *normalize.Cell) []string {
	prof := r.Profile(total.Table)
	if prof == nil {
		return nil
	}
	for _, inst := range prof.Instances(total.Table) {
		if inst.Identity.Each == "row" && len(inst.Left) == 1 && inst.Left[0] == total.Key {
			return inst.Right
		}
	}
	return nil
}

// sumCells adds up the cells of keys; ok is false when one was not read.
func sumCells(r *normalize.Report, keys []string) (sum float64, ok bool) {
	for _, k := range keys {
		v, ok := r.Cell(k).Num()
		if !ok {
			return 0, false
		}
		sum += v
	}
	return sum, true
}
