package validate

import (
	"iter"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/cjk"
	"github.com/nianbao/nianbao/internal/lazyre"
	"github.com/nianbao/nianbao/internal/names"
	"github.com/nianbao/nianbao/internal/numtok"
)

// This file gives the wording rules (TX, rules_tx.go) the prose as its
// author wrote it: paragraphs and headings with table text taken out and
// the line wraps of PDF copies joined, and what is true of the document as
// a whole (its punctuation folded by a converter, a traditional-character
// mirror, 年 and 月 lost in conversion).

// A passage is one paragraph or heading of prose: the text of one prose
// block, or of consecutive ones that a line wrap split, with the line
// breaks taken out. Offsets into text map back to the document through
// segs.
type passage struct {
	text string
	// doc is where text starts in the document, when it is one line;
	// segs, when it is several, where each starts (segs[k].at, k > 0,
	// are where two lines were joined). Most passages are one line: they
	// have no list.
	doc  int
	segs []seg
	set  passSet
	// rs are the runes of text, kept by scan for the rules that read
	// them (runeSlice) unless the text is too large (keptRunes).
	rs     []rune
	nRunes int // 1 + the number of runes of text; 0: not counted yet
	// more holds what some rules make of the text on first use, apart:
	// a passage is made for every paragraph, and most passages of a large
	// text are never asked for these (10 MB of text has 100,000 passages,
	// which were 288 bytes each with these inline, 128 without).
	more  *passageMore
	index int32 // in txDoc.passages
	// last is the runes in the last line joined, for the wrap test
	// (which asks whether it is under 20), at most math.MaxInt32.
	last       int32
	heading    bool
	validity   int8 // 0: not known yet; 1: text is valid UTF-8; -1: not
	headedness int8 // the same for isHeadingStart
}

// passageMore is what rules read of a passage's text, made on first use:
// the byte offsets of its runes (byteAt), the depths of its marks
// (marks) and its titles (titles), with what each matched (canonOf).
type passageMore struct {
	at           []int32
	title, quote []int8
	titleRefs    []titleRef
	canon        []canonMatch // by title: matchCanon, once asked
	marked       bool
	titled       bool
}

// memo returns ps.more, made on first use.
func (ps *passage) memo() *passageMore {
	if ps.more == nil {
		ps.more = new(passageMore)
	}
	return ps.more
}

// headed reports whether the passage opens with heading numbering
// (headingStart), asked once.
func (ps *passage) headed() bool {
	if ps.headedness == 0 {
		ps.headedness = -1
		if isHeadingStart(ps.text) {
			ps.headedness = 1
		}
	}
	return ps.headedness > 0
}

// valid reports whether the passage's text is valid UTF-8, as every text
// the readers give is: the scanners of scan.go that read back from a
// character need it, and the rules use the regexps they stand for where
// it is not.
func (ps *passage) valid() bool {
	if ps.validity == 0 {
		ps.validity = -1
		if utf8.ValidString(ps.text) {
			ps.validity = 1
		}
	}
	return ps.validity > 0
}

// runeSlice returns the runes of the passage's text: those scan kept,
// or, in a text too large for scan to keep them (keptRunes), the runes
// decoded into *scratch, good until the caller uses it again.
func (ps *passage) runeSlice(scratch *[]rune) []rune {
	if ps.rs != nil {
		return ps.rs
	}
	*scratch = (*scratch)[:0]
	for _, r := range ps.text {
		*scratch = append(*scratch, r)
	}
	return *scratch
}

// keptRunes is how many runes of prose scan keeps for the rules that
// read the passages rune by rune (runeSlice). Decoding them once for all
// is the faster for a report, but the runes are 4 bytes a character
// held for the whole check: a quarter of the checker's memory on a
// text of 10 MB. A larger text has its passages decoded by each such
// rule as it reads them. (A variable for the tests.)
var keptRunes = 1 << 20

// byteAt returns the byte offset of rune k of the passage's text, or
// len(text) for k the number of runes. The offsets are made on first use:
// only a finding needs them.
func (ps *passage) byteAt(k int) int {
	m := ps.memo()
	if m.at == nil {
		m.at = runeOffsets(ps.text, ps.runeCount())
	}
	return int(m.at[k])
}

// marks returns markDepths of the passage's text.
func (ps *passage) marks() (title, quote []int8) {
	m := ps.memo()
	if !m.marked {
		if ps.mayHoldAny("《》“”") {
			m.title, m.quote = markDepths(ps.text)
		} else {
			// No mark: every depth is 0.
			m.title, m.quote = make([]int8, len(ps.text)+1), make([]int8, len(ps.text)+1)
		}
		m.marked = true
	}
	return m.title, m.quote
}

// titleAt and quoteAt are the depths of marks() at byte i.
func (ps *passage) titleAt(i int) int8 { t, _ := ps.marks(); return t[i] }
func (ps *passage) quoteAt(i int) int8 { _, q := ps.marks(); return q[i] }

// runeCount returns the number of runes of the passage's text.
func (ps *passage) runeCount() int {
	if ps.nRunes == 0 {
		ps.nRunes = utf8.RuneCountInString(ps.text) + 1
	}
	return ps.nRunes - 1
}

// canonOf returns matchCanon of the passage's title i (titles), asked
// once.
func (ps *passage) canonOf(i int) (*canonDoc, int) {
	more := ps.memo()
	if more.canon == nil {
		more.canon = make([]canonMatch, len(ps.titles()))
	}
	m := &more.canon[i]
	if !m.done {
		tr := more.titleRefs[i]
		m.c, m.how = matchCanon(ps.text[:tr.open], tr.inner)
		m.done = true
	}
	return m.c, m.how
}

type canonMatch struct {
	c    *canonDoc
	how  int
	done bool
}

// titles returns titlesIn of the passage.
func (ps *passage) titles() []titleRef {
	if !ps.mayHold("《") {
		return nil // and every passage is asked: none is made for it
	}
	m := ps.memo()
	if !m.titled {
		m.titleRefs = titlesIn(ps)
		m.titled = true
	}
	return m.titleRefs
}

// seg says that text[at:at+n] is the document's text at doc.
type seg struct{ at, doc, n int }

// off maps an offset of the passage's text to one of the document's.
func (ps *passage) off(i int) int {
	if ps.segs == nil {
		return ps.doc + min(max(i, 0), len(ps.text))
	}
	k := sort.Search(len(ps.segs), func(k int) bool { return ps.segs[k].at+ps.segs[k].n > i })
	if k == len(ps.segs) {
		s := ps.segs[len(ps.segs)-1]
		return s.doc + s.n
	}
	s := ps.segs[k]
	return s.doc + max(i-s.at, 0)
}

// wholeLines reports whether text[i:j] and text[j:k] are each a whole
// line of the passage: i at its start or a join, j a join, k a join or
// its end.
// text[i:j] may also be the value of a labelled field that fills the
// rest of its line: a page's field “- 标题: ……” over the article's own
// title (天水市乡村振兴局 2021).
func (ps *passage) wholeLines(i, j, k int) bool {
	line := func(o int) bool {
		return slices.ContainsFunc(ps.joins(), func(s seg) bool { return s.at == o })
	}
	return (i == 0 || line(i) || fieldLabel.MatchString(ps.text[ps.lineStart(i):i])) && line(j) && (k == len(ps.text) || line(k))
}

// fieldLabel is a page's field label, all that stands before a value on
// its line: “- 标题: ”, “标 题：”.
var fieldLabel = lazyre.New(`^[\s\-•·]*\p{Han}(?:\s*\p{Han}){1,5}\s*[:：]\s*$`)

// lineStart returns the offset of the start of the line that holds byte i.
func (ps *passage) lineStart(i int) int {
	a := 0
	for _, s := range ps.joins() {
		if s.at > i {
			break
		}
		a = s.at
	}
	return a
}

// lineAt returns the line of the passage that holds byte i.
func (ps *passage) lineAt(i int) string {
	a, b := 0, len(ps.text)
	for _, s := range ps.joins() {
		if j := s.at; j <= i {
			a = j
		} else {
			b = j
			break
		}
	}
	return ps.text[a:b]
}

// joins returns the lines of the passage after its first: their at is
// where they were joined to the text before.
func (ps *passage) joins() []seg {
	if len(ps.segs) < 2 {
		return nil
	}
	return ps.segs[1:]
}

// span maps text[i:j] to a span of the document's text.
func (ps *passage) span(i, j int) extract.Span {
	if j <= i {
		o := ps.off(i)
		return extract.Span{Start: o, End: o}
	}
	return extract.Span{Start: ps.off(i), End: ps.off(j-1) + 1}
}

// add appends the document's text at doc to the passage. A first line
// is the document's text itself; lines joined to it are written into b,
// which holds the passage's text while it grows (empty until a second
// line comes): concatenated, a paragraph of thousands of wrapped lines
// was copied once a line, 9.6 GB for 1 MB of such lines.
func (ps *passage) add(text string, doc int, b *strings.Builder) {
	if ps.text == "" {
		ps.text, ps.doc = text, doc
	} else {
		if ps.segs == nil {
			ps.segs = []seg{{at: 0, doc: ps.doc, n: len(ps.text)}}
		}
		ps.segs = append(ps.segs, seg{at: len(ps.text), doc: doc, n: len(text)})
		if b.Len() == 0 {
			b.Grow(len(ps.text) + len(text))
			b.WriteString(ps.text)
		}
		b.WriteString(text)
		ps.text = b.String()
	}
	ps.last = int32(min(utf8.RuneCountInString(text), math.MaxInt32))
}

// txDoc is what the wording rules know of one document.
type txDoc struct {
	passages []*passage
	// Commas beside Chinese text: ASCII and full-width; folded says the
	// ASCII ones are as many as the others, so that a converter or a
	// mirror folded the punctuation and the document is reported once.
	asciiCommas, fullCommas int
	firstASCII              extract.Span
	folded                  bool
	// Han characters, and those outside the standard sets: a document
	// with many is a traditional-character mirror.
	han, odd  int
	firstOdd  extract.Span
	oddSample []rune
	mirror    bool
	// lossy says digits stand where 年, 月 or 〔〕 belong (202111日): the
	// conversion lost them; firstLoss is the first such place.
	lossy     bool
	firstLoss extract.Span
	// defs are the short titles the text defines (以下简称《条例》).
	defs map[string]bool
	// lastCut says the text ends in mid-sentence: the last passage is
	// cut, not wrong.
	lastCut bool
	// firstCited holds, by a law's full title, the index of the first
	// passage that names it, or len(passages) (priorLaw).
	firstCited map[string]int
}

// tx returns the wording view of the pass's document, built once.
func tx(p *Pass) *txDoc {
	return p.Memo("tx.doc", func() any { return buildTX(p) }).(*txDoc)
}

// onText runs a wording rule on the report's passages, unless the text is
// a traditional-character mirror: TX114 says so once, and proofreading
// such a copy word by word would bury the reader in findings.
func onText(run func(p *Pass, d *txDoc) error) func(*Pass) error {
	return func(p *Pass) error {
		d := tx(p)
		if d.mirror {
			return nil
		}
		return run(p, d)
	}
}

// headingStart is the numbering a heading or list item opens with;
// isHeadingStart matches it.
var headingStart = lazyre.New(`^(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]|第[一二三四五六七八九十]+[章节部分条])`)

// sentenceEnd is the punctuation a sentence or clause ends with; a line
// ending in one is not a wrap.
const sentenceEnd = "。！？；!?;…"

func buildTX(p *Pass) *txDoc {
	d := &txDoc{defs: map[string]bool{}}
	doc := p.Doc
	var tables []extract.Span
	for _, t := range p.Rep.Tables {
		if t.Found && t.Span.Len() > 0 {
			tables = append(tables, t.Span)
		}
	}
	var cur *passage
	var text strings.Builder // cur's, once it has two lines (add)
	var parts []extract.Span // subtract's, block by block
	blank := false
	flush := func() {
		if cur != nil && cur.text != "" {
			cur.index = int32(len(d.passages))
			d.passages = append(d.passages, cur)
		}
		cur = nil
		text.Reset()
	}
	prevEnd := 0
	for _, b := range doc.Blocks {
		if b.Kind == extract.Table {
			if numtok.DecoratedPageNumber(strings.TrimSpace(doc.Slice(b.Span))) {
				// - 2 -, read as a row of three cells: a page number still.
				blank = true
				continue
			}
			flush()
			continue
		}
		if gap := doc.Slice(extract.Span{Start: prevEnd, End: b.Span.Start}); strings.Count(gap, "\n") >= 2 {
			blank = true
		}
		prevEnd = b.Span.End
		parts = subtract(parts[:0], b.Span, tables)
		for _, iv := range parts {
			if iv.Start > b.Span.Start || iv.End < b.Span.End {
				// Part of the block is table text: what is left is cut off
				// from its neighbours.
				flush()
			}
			for off, l := range extract.Lines(doc.Slice(iv)) {
				line, at := trimSpace(l, iv.Start+off)
				if line == "" || numtok.DecoratedPageNumber(line) {
					// A page number copied from a PDF (-1-) stands between
					// the halves of a paragraph, as a blank line would:
					// 淮安市 2024's “建设‘四最’一流 / -1- / 营商环境…” is one quote.
					blank = true
					continue
				}
				switch {
				case b.Kind == extract.Heading:
					flush()
					cur = &passage{heading: true}
					cur.add(line, at, &text)
					flush()
				case wraps(cur, line, blank):
					cur.add(line, at, &text)
				default:
					flush()
					cur = &passage{}
					cur.add(line, at, &text)
				}
				blank = false
			}
		}
		if b.Kind == extract.Heading {
			flush()
		}
	}
	flush()
	if n := len(d.passages); n > 0 {
		last := []rune(strings.TrimRight(d.passages[n-1].text, "”’）)》"))
		d.lastCut = len(last) > 0 && !strings.ContainsRune(sentenceEnd+"。", last[len(last)-1]) || p.Rep.Truncated
	}
	d.scan()
	return d
}

// subtract appends to dst the parts of s outside every span of cut. Most
// blocks meet no table, and are returned as they are without the list
// made for each table, which was a tenth of the allocations of Check.
func subtract(dst []extract.Span, s extract.Span, cut []extract.Span) []extract.Span {
	if !slices.ContainsFunc(cut, func(c extract.Span) bool { return c.End > s.Start && c.Start < s.End }) {
		return append(dst, s)
	}
	out := []extract.Span{s}
	for _, c := range cut {
		var next []extract.Span
		for _, x := range out {
			if c.End <= x.Start || c.Start >= x.End {
				next = append(next, x)
				continue
			}
			if c.Start > x.Start {
				next = append(next, extract.Span{Start: x.Start, End: c.Start})
			}
			if c.End < x.End {
				next = append(next, extract.Span{Start: c.End, End: x.End})
			}
		}
		out = next
	}
	return append(dst, out...)
}

// trimSpace trims spaces (ASCII, full-width, no-break) from both ends of
// s, which starts at doc, and returns it with its new start.
func trimSpace(s string, doc int) (string, int) {
	const sp = " \t\r\u3000\u00a0\f"
	t := strings.TrimLeft(s, sp)
	doc += len(s) - len(t)
	return strings.TrimRight(t, sp), doc
}

// wraps reports whether line continues the paragraph of prev: prev's
// last line is long and does not end a sentence, and line opens no
// heading or list item. After a blank line only a long line continues
// (copy-paste damage). A title line or a heading stands alone.
func wraps(prev *passage, line string, blank bool) bool {
	if prev == nil || prev.heading {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(prev.text, "”’）)》」"))
	if strings.ContainsRune(sentenceEnd, last) {
		return false
	}
	if prev.last < 12 || blank && prev.last < 20 {
		return false
	}
	return !isHeadingStart(line)
}

var (
	// lossRE is a date whose 年 and 月 were lost (202111日, 20211230日).
	lossRE = lazyre.New(`\d{5,8}日`)
	// defRE defines a short title: （以下简称《条例》）, 下称“办法”.
	// findDefs matches it.
	defRE = lazyre.New(`(?:以下|下文|下)?(?:简称|称|统称)[:：]?\s*新?[《“"]([^《》“”"]{1,20})[》”"]`)
)

// findLoss is lossRE.FindStringIndex(t): the first 日 with five digits or
// more right before it, the match taking eight at most.
func findLoss(t string) []int {
	for i := 0; ; {
		k := strings.Index(t[i:], "日")
		if k < 0 {
			return nil
		}
		j := i + k
		a := j
		for a > 0 && j-a < 8 && isDigit(t[a-1]) {
			a--
		}
		if j-a >= 5 {
			return []int{a, j + len("日")}
		}
		i = j + len("日")
	}
}

// scan counts what the guards need.
func (d *txDoc) scan() {
	// StandardHan of the runes last seen, by their low bits: a text uses
	// few characters many times.
	var std [256]struct {
		r       rune
		std, ok bool
	}
	// The passages' sets and runes are made here rather than by another
	// pass (runes, runeSlice), each kind in one piece for all.
	words, runes := 0, 0
	for _, ps := range d.passages {
		words += setWords(ps.runeCount())
		runes += ps.runeCount()
	}
	keep := runes <= keptRunes
	if !keep {
		runes = 0
	}
	sets, runeSlab := make([]uint64, words), make([]rune, 0, runes)
	for _, ps := range d.passages {
		t := ps.text
		set := ps.set
		if set == nil {
			n := setWords(ps.runeCount())
			set, sets = passSet(sets[:n:n]), sets[n:]
		}
		// The runes of the passage, kept for the rules (runeSlice).
		var rs []rune
		if keep {
			rs = runeSlab[len(runeSlab) : len(runeSlab) : len(runeSlab)+ps.runeCount()]
			runeSlab = runeSlab[:len(runeSlab)+ps.runeCount()]
		}
		for i := 0; i < len(t); {
			r, w := rune(t[i]), 1
			if r >= utf8.RuneSelf {
				if r = cjk.Fast3(t[i:]); r >= 0 {
					w = 3
				} else {
					r, w = utf8.DecodeRuneInString(t[i:])
				}
			}
			if keep {
				rs = append(rs, r)
			}
			set.add(r)
			switch {
			case r == '，':
				d.fullCommas++
			case r == ',' && (isHan(runeBefore(t, i)) || isHan(firstAfter(t, i+1))):
				if d.asciiCommas == 0 {
					d.firstASCII = ps.span(i, i+1)
				}
				d.asciiCommas++
			case 0x4E00 <= r && r <= 0x9FFF || isHan(r):
				d.han++
				e := &std[r&255]
				if !e.ok || e.r != r {
					e.r, e.std, e.ok = r, names.StandardHan(r), true
				}
				if !e.std {
					if d.odd == 0 {
						d.firstOdd = ps.span(i, i+utf8.RuneLen(r))
					}
					d.odd++
					if len(d.oddSample) < 4 && !containsRune(d.oddSample, r) {
						d.oddSample = append(d.oddSample, r)
					}
				}
			}
			i += w
		}
		ps.set, ps.rs = set, rs
		if !d.lossy {
			if m := findLoss(t); m != nil {
				d.lossy, d.firstLoss = true, ps.span(m[0], m[1])
			}
		}
		if !ps.mayHold("称") {
			continue // every match of defRE holds 称
		}
		findDefs(t, func(x string) { d.defs[x] = true })
	}
	d.folded = d.asciiCommas > 0 && d.asciiCommas >= d.fullCommas
	d.mirror = d.han >= 50 && d.odd*5 >= d.han
}

func containsRune(rs []rune, r rune) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// isHan reports whether r is a Han character, U+2E80 aside.
func isHan(r rune) bool { return r > 0x2E80 && cjk.IsHan(r) }

// runeBefore returns the rune ending at byte i of s, or 0.
func runeBefore(s string, i int) rune {
	if i <= 0 {
		return 0
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r
}

// runeAt returns the rune starting at byte i of s, or 0.
func runeAt(s string, i int) rune {
	if i >= len(s) {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r
}

// firstAfter returns the first rune at or after byte i of s that is not
// an ASCII space, or 0.
func firstAfter(s string, i int) rune {
	for i < len(s) && s[i] == ' ' {
		i++
	}
	return runeAt(s, i)
}

// markDepths gives, for each byte of text, how deep it sits in 《》 and in
// “”: a closing mark belongs to the outside, an opening one to the inside.
func markDepths(text string) (title, quote []int8) {
	title, quote = make([]int8, len(text)+1), make([]int8, len(text)+1)
	var t, q int8
	for i, r := range text {
		switch r {
		case '》':
			t = max(t-1, 0)
		case '”':
			q = max(q-1, 0)
		}
		for j := i; j < i+utf8.RuneLen(r); j++ {
			title[j], quote[j] = t, q
		}
		switch r {
		case '《':
			t++
		case '“':
			q++
		}
	}
	title[len(text)], quote[len(text)] = t, q
	return title, quote
}

// txReport reports a wording finding at sp. A finding about characters
// (charLevel) on recognised text becomes info, since the character may be
// a recognition error.
func txReport(p *Pass, sp extract.Span, sev Severity, charLevel bool, msg Msg, fixes ...Fix) {
	if charLevel {
		if m, s := ocrNoise(p, sp, msg); s != 0 {
			msg, sev = m, s
		}
	}
	p.AtText(sp).Severity(sev).Fix(fixes...).Report(msg)
}

// edit is an edit on a passage's text, mapped to the document by fix.
type edit struct {
	i, j int
	text string
}

// fixOf makes a fix from edits on ps's text.
func (ps *passage) fixOf(msg Msg, edits ...edit) Fix {
	f := Fix{Message: msg}
	for _, e := range edits {
		f.Edits = append(f.Edits, Edit{Span: ps.span(e.i, e.j), NewText: e.text})
	}
	return f
}

// indexAll yields the start and end of each occurrence of sub in s, left
// to right, none overlapping.
func indexAll(s, sub string) iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		if sub == "" {
			return
		}
		for off := 0; ; {
			k := strings.Index(s[off:], sub)
			if k < 0 {
				return
			}
			k += off
			off = k + len(sub)
			if !yield(k, off) {
				return
			}
		}
	}
}
