package validate

import (
	"fmt"
	"iter"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/lazyre"
)

// This file reads the numbers of the prose: counts with their units, the
// clauses and sentences they sit in, and the words of the vocabulary
// (vocab.go) around them. NU101 (enumerate.go) and NU102 (claims.go) build
// on it.

// prose yields the non-table blocks of the document.
func prose(doc *extract.Document, fn func(b extract.Block, text string)) {
	for _, b := range doc.Blocks {
		if b.Kind != extract.Table {
			fn(b, doc.Slice(b.Span))
		}
	}
}

// eachProse makes the Run of a rule that reads the prose one paragraph at
// a time: what it checks (a total and its parts, a claim about a cell) is
// said within a paragraph. The paragraphs are the wording view's passages
// (txtext.go), tables taken out and the line wraps of a PDF's text joined:
// read a line at a time, 受理政府 / 信息公开申请 17 件 (洪泽区 2024 as
// pdftotext gives it) held no claim.
func eachProse(check func(p *Pass, pp prosePiece, text string)) func(*Pass) error {
	return func(p *Pass) error {
		for _, ps := range tx(p).passages {
			if len(ps.segs) == 1 || !laidOut(p.Doc.Text, ps) {
				check(p, prosePiece{ps}, ps.text)
				continue
			}
			// Lines set out in columns (行政复议      行政诉讼, the header of
			// a table in a PDF's laid-out text) are no sentence wrapped
			// over lines: each is read alone, as it stands.
			for _, sg := range ps.segs {
				line := &passage{text: p.Doc.Text[sg.doc : sg.doc+sg.n], segs: []seg{{at: 0, doc: sg.doc, n: sg.n}}}
				check(p, prosePiece{line}, line.text)
			}
		}
		return nil
	}
}

// laidOut reports whether a line of the passage holds a gap of two spaces
// or a tab between its words: text set out in columns.
func laidOut(text string, ps *passage) bool {
	for _, sg := range ps.segs {
		if line := text[sg.doc : sg.doc+sg.n]; strings.Contains(line, "  ") || strings.ContainsRune(line, '\t') {
			return true
		}
	}
	return false
}

// A prosePiece is a paragraph eachProse gives a rule: span maps a range of
// its text back to the document's, across the line breaks taken out.
type prosePiece struct{ ps *passage }

func (pp prosePiece) span(i, j int) extract.Span { return pp.ps.span(i, j) }

// A count is a number with its unit in the prose: 368条, 1.2万余件.
type count struct {
	Start, End int    // the number, byte offsets into the block text
	UnitEnd    int    // end of the unit (and of 余/多)
	Value      int    // the number, ×10000 for 万
	Unit       string // the unit, folded by unitClass
	Approx     bool   // 约, 近, 余, 多, 万, a decimal: not an exact count
	Ignore     string // why this is no quantity: "ordinal", "delta", "duration", "quoted"; "" for a quantity
	Paren      int    // depth of （）/() around the number
}

// countRE is a count with its unit: 368 条, 8份, 6,391条, 1.2万余件.
var countRE = lazyre.New(`(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(万|千)?\s*(余|多)?\s*(人次|条|件|篇|个|份|次|项|场|期|起|宗)`)

// eachCount yields the matches of countRE in text, left to right, as
// FindAllStringSubmatchIndex gives them (TestFindCounts holds them equal),
// written out by hand: every match starts with an ASCII digit, and the
// parts after the number begin with characters of disjoint sets (. \s
// 万千 余多 and the units), so a match is read without backtracking but
// for the two forms of the number, which are tried in the pattern's
// order.
func eachCount(text string) iter.Seq[[12]int] {
	return func(yield func([12]int) bool) {
		for pos := 0; pos < len(text); {
			i := indexDigit(text, pos)
			if i < 0 {
				return
			}
			m, ok := countAt(text, i)
			if !ok {
				pos = i + 1
				if e := digitsEnd(text, i); e == len(text) || text[e] != ',' {
					// From any later digit of the run the number ends at e
					// too, and nothing follows it that a count needs.
					pos = e
				}
				continue
			}
			if !yield(m) {
				return
			}
			pos = m[1]
		}
	}
}

// countAt is the match of countRE starting at the digit at byte i of text.
func countAt(text string, i int) ([12]int, bool) {
	run := digitsEnd(text, i)
	if run-i <= 3 {
		// \d{1,3}(?:,\d{3})+ first: groups of three after commas.
		e := run
		for e+3 < len(text) && text[e] == ',' && isDigit(text[e+1]) && isDigit(text[e+2]) && isDigit(text[e+3]) {
			e += 4
		}
		if e > run {
			if m, ok := countTail(text, i, e); ok {
				return m, true
			}
		}
	}
	return countTail(text, i, run)
}

// countTail reads what follows the number text[i:e] in countRE: a decimal
// part, 万 or 千, 余 or 多, and the unit, with spaces between.
func countTail(text string, i, e int) ([12]int, bool) {
	m := [12]int{i, 0, i, e, -1, -1, -1, -1, -1, -1, -1, -1}
	p := e
	if p+1 < len(text) && text[p] == '.' && isDigit(text[p+1]) {
		q := digitsEnd(text, p+1)
		m[4], m[5] = p, q
		p = q
	}
	p = skipSpace(text, p)
	if w := prefixIn(text[p:], "万", "千"); w > 0 {
		m[6], m[7] = p, p+w
		p += w
	}
	p = skipSpace(text, p)
	if w := prefixIn(text[p:], "余", "多"); w > 0 {
		m[8], m[9] = p, p+w
		p += w
	}
	p = skipSpace(text, p)
	w := prefixIn(text[p:], "人次", "条", "件", "篇", "个", "份", "次", "项", "场", "期", "起", "宗")
	if w == 0 {
		return m, false
	}
	m[10], m[11] = p, p+w
	m[1] = p + w
	return m, true
}

// isSpaceByte reports whether \s of RE2 matches b.
func isSpaceByte(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\f' || b == '\r' }

// skipSpace returns the offset of the first byte at or after i of text
// that \s does not match.
func skipSpace(text string, i int) int {
	for i < len(text) && isSpaceByte(text[i]) {
		i++
	}
	return i
}

func indexDigit(text string, from int) int {
	for i := from; i < len(text); i++ {
		if isDigit(text[i]) {
			return i
		}
	}
	return -1
}

// digitsEnd returns the end of the run of ASCII digits at byte i of text.
func digitsEnd(text string, i int) int {
	for i < len(text) && isDigit(text[i]) {
		i++
	}
	return i
}

// prefixIn returns the length of the first of words that s starts with,
// or 0.
func prefixIn(s string, words ...string) int {
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return len(w)
		}
	}
	return 0
}

// endsWithWord is (?:words…)\s*$ of RE2: s ends with one of words and
// then spaces only.
func endsWithWord(s string, words []string) bool {
	for len(s) > 0 && isSpaceByte(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	for _, w := range words {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

// startsWithWord is ^\s*(?:words…) of RE2.
func startsWithWord(s string, words []string) bool {
	s = s[skipSpace(s, 0):]
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

// unitClass folds units that count the same things.
func unitClass(u string) string {
	switch u {
	case "件", "份", "起", "宗":
		return "件"
	}
	return u
}

// The words around a count that say what it is, each list read as a
// pattern (?:…)\s*$ before the count or ^\s*(?:…) after it.
var (
	// approxBefore: words before a number that make it approximate.
	approxBefore = []string{"约", "近", "逾", "超过", "超", "多达", "将近", "大约", "不足", "不到"}
	// deltaBefore: a change from a previous figure (较上年增加12件), not a
	// count of this year's things.
	deltaBefore = []string{"增加", "增长", "减少", "下降", "上升", "提高", "降低", "增", "减", "多", "少", "多出", "高出", "减少了", "增加了", "增长了", "下降了"}
	// durationAfter: a span of time (3个月, 5个工作日) or a percentage point.
	durationAfter = []string{"月", "工作日", "小时", "日", "天", "年", "周", "星期", "百分点", "季度"}
	approxAfter   = []string{"以上", "左右", "上下", "余"}
)

// scanCounts finds every count in text, marking those that are no
// quantity of this report (ordinals, changes, durations, numbers in titles
// and quotes) and those that are approximate.
func scanCounts(text string) []count {
	return scanCountsIn(text, bracketDepths(text))
}

// proseScan is what the prose rules read of one block: its counts, words
// and bracket depths. NU101 and NU102 read the same blocks, so a Check
// scans each block once (scanOf) and both read the scan.
type proseScan struct {
	text      string
	counts    []count
	depth     *depths
	toks      []token // tokenize(text), made on first use (tokens)
	tokenized bool
}

// tokens returns the words of the block, found when a rule first needs
// them: most blocks hold no count and no negation, and then neither rule
// reads a word.
func (sc *proseScan) tokens() []token {
	if !sc.tokenized {
		sc.toks, sc.tokenized = tokenize(sc.text), true
	}
	return sc.toks
}

func newProseScan(text string) *proseScan {
	depth := bracketDepths(text)
	return &proseScan{text: text, counts: scanCountsIn(text, depth), depth: depth}
}

// scanOf returns the scan of one block's text, made once per Check.
func scanOf(p *Pass, text string) *proseScan {
	scans := p.Memo("prose", func() any { return map[string]*proseScan{} }).(map[string]*proseScan)
	sc, ok := scans[text]
	if !ok {
		sc = newProseScan(text)
		scans[text] = sc
	}
	return sc
}

// scanCountsIn is scanCounts given the text's bracket depths.
func scanCountsIn(text string, depth *depths) []count {
	var out []count
	for m := range eachCount(text) {
		c := count{Start: m[2], End: m[3], UnitEnd: m[1], Unit: unitClass(text[m[10]:m[11]])}
		digits := strings.ReplaceAll(text[m[2]:m[3]], ",", "")
		v, err := strconv.Atoi(digits)
		if err != nil {
			continue
		}
		if m[4] >= 0 {
			c.Approx = true // 2.5件, 1.2万条
		}
		if m[6] >= 0 {
			c.Approx = true
			numEnd := m[3]
			if m[4] >= 0 {
				numEnd = m[5]
			}
			f, _ := strconv.ParseFloat(strings.ReplaceAll(text[m[2]:numEnd], ",", ""), 64)
			if text[m[6]:m[7]] == "万" {
				v = int(f * 10000)
			} else {
				v = int(f * 1000)
			}
		}
		if m[8] >= 0 {
			c.Approx = true
		}
		c.Value = v
		before, after := text[:m[2]], text[m[1]:]
		d := depth.at(m[2])
		c.Paren = d.paren
		switch {
		case d.title > 0:
			c.Ignore = "quoted"
		case strings.HasSuffix(before, "第"):
			c.Ignore = "ordinal"
		case endsWithWord(before, deltaBefore):
			c.Ignore = "delta"
		case startsWithWord(after, durationAfter):
			c.Ignore = "duration"
		case strings.HasPrefix(after, "%") || strings.HasPrefix(after, "％"):
			c.Ignore = "percent"
		}
		if endsWithWord(before, approxBefore) || startsWithWord(after, approxAfter) {
			c.Approx = true
		}
		out = append(out, c)
	}
	return out
}

// depthAt is how deep an offset sits in brackets: title counts 《》〔〕【】
// and quotes “”; paren counts （）().
type depthAt struct{ title, paren int }

// depths gives the depthAt of every offset of a text, from 0 to its
// length: a closing bracket belongs to the outside, and so does an
// opening one. It keeps the offsets where the depth changes, which are
// few.
type depths struct {
	n  int           // the text's length
	ch []depthChange // ascending by pos
}

// A depthChange is the depth from pos on, up to the next change. Offset
// and depth share a list so that each change costs one append, not two.
type depthChange struct {
	pos int
	d   depthAt
}

func bracketDepths(text string) *depths {
	out := &depths{n: len(text)}
	var d depthAt
	set := func(at int, nd depthAt) {
		if nd == d {
			return
		}
		d = nd
		if k := len(out.ch) - 1; k >= 0 && out.ch[k].pos == at {
			out.ch[k].d = d
			return
		}
		out.ch = append(out.ch, depthChange{at, d})
	}
	for i := 0; i < len(text); i++ {
		// Every bracket is ( or ) or starts with one of three lead bytes,
		// which no other character's UTF-8 holds but as its first byte.
		b := text[i]
		if b != '(' && b != ')' && b != 0xE2 && b != 0xE3 && b != 0xEF {
			continue
		}
		r, _ := utf8.DecodeRuneInString(text[i:])
		nd := d
		switch r { // a closing bracket belongs to the outside
		case '》', '〕', '】', '”', '」', '］':
			nd.title = max(nd.title-1, 0)
			set(i, nd)
		case '）', ')':
			nd.paren = max(nd.paren-1, 0)
			set(i, nd)
		case '《', '〔', '【', '“', '「', '［': // and so does an opening one
			nd.title++
			set(i+utf8.RuneLen(r), nd)
		case '（', '(':
			nd.paren++
			set(i+utf8.RuneLen(r), nd)
		}
	}
	return out
}

// at returns the depth at offset i, 0 <= i <= the text's length.
func (d *depths) at(i int) depthAt {
	if i < 0 || i > d.n {
		panic(fmt.Sprintf("validate: depth at %d of a text of %d bytes", i, d.n))
	}
	k := sort.Search(len(d.ch), func(k int) bool { return d.ch[k].pos > i })
	if k == 0 {
		return depthAt{}
	}
	return d.ch[k-1].d
}

// Sentence and clause ends.
var (
	sentenceEnds = newCharSet("。！？!?\n")
	clauseEnds   = newCharSet("。！？!?\n；;，,：:")
	itemEnds     = newCharSet("。！？!?\n；;，,：:、")
)

// afterLast returns the offset just after the last rune of set in
// text[from:to], or from when there is none.
func afterLast(text string, from, to int, set *charSet) int {
	if i := set.lastIndex(text[from:to]); i >= 0 {
		_, n := utf8.DecodeRuneInString(text[from+i:])
		return from + i + n
	}
	return from
}

// firstOf returns the offset of the first rune of set in text[from:], or
// len(text).
func firstOf(text string, from int, set *charSet) int {
	if i := set.index(text[from:]); i >= 0 {
		return from + i
	}
	return len(text)
}

// trimPunct strips spaces and punctuation from both ends.
func trimPunct(s string) string {
	return strings.Trim(s, " \t\u3000，,；;：:、。")
}

// onlyPunct reports whether s holds nothing but spaces, punctuation and
// brackets.
func onlyPunct(s string) bool {
	return strings.Trim(s, " \t\u3000，,；;：:、()（）") == ""
}
