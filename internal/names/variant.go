package names

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/cjk"
)

// Variant is one place where a name is written with one character replaced
// by a confusable one.
type Variant struct {
	// Start and End are the half-open byte range of Found in the text.
	Start, End int
	// Found is the text as written (溜川区); Want the name it should be
	// (淄川区). Replacing Start:End with Want is the fix.
	Found, Want string
	// Sim describes the replaced character against the intended one.
	Sim Similarity
	// Context is the text around Found on the same line, at most
	// contextRunes characters each side.
	Context string
}

const contextRunes = 12

// FindVariants returns every place in text where one of names is written
// with exactly one character replaced by a confusable one (溜川 for 淄川),
// sorted by Start. Names shorter than two characters are ignored.
//
// Precision comes first, since a false typo on a correct report costs more
// than a missed one, so a candidate is dropped when the replaced character
// is better read as something real (see explained):
//   - part of a real division name at any level, now or formerly, written
//     around it (溜姑乡 is real; so is 大垅 in 大垅集镇, not a typo of 龙集镇);
//   - part of a real word around it: a gse word that is one confusable
//     character from some division name (渊博 in 知识渊博 is not 淄博), or an
//     everyday two-character word (医院 in 淄川医院; 通过 in 通过市 is not
//     通辽市);
//   - grammar at the window's edge: a function character (聚焦于乡镇 is not
//     虞乡镇), or the rest of the window is an everyday word (和城乡 in
//     代码和城乡划分 is not 鹤城乡);
//   - a number (一营 is not 三营), a date (2024 年市 is not 羊市) or a
//     document number (渝府办发〔2020〕 is not 海府).
//
// Two characters in bare prose carry little evidence, so a two-character
// name also needs: a shape match (same-sound pairs are everywhere in running
// text: 长到 is not 长道); the name itself written correctly somewhere in
// the text (a report that writes 淄川 right makes 溜川 an error; one that
// never does may be about another place); and a window that is not two
// halves of two words (规范性文件 holds 性文 but not 兴文) or a noun with a
// locative (院庭里 is not 庄里).
//
// Two kinds of evidence outweigh a word or a place inside the window:
//   - a level suffix: the window ends with the suffix of the name it
//     varies (大案市 for 大安市) and no division a report of region would
//     name is written so (see unknownDivision);
//   - a quoted account name: the window is the place part at the start or
//     end of a short quoted name (“落阳发布”) and is neither a word nor
//     such a division (see quotedPart); a same-sound character counts
//     there as much as a look-alike.
//
// region is the report's own division; with nil, only names that are no
// division at all count as unknown.
//
// Where several names explain the same replaced character (溜 in “投资溜川”
// matches both 淄川 and 投资淄川), the longest name is reported, once.
func FindVariants(text string, names []string, region *Division) []Variant {
	if text == "" || len(names) == 0 {
		return nil
	}
	return NewText(text).FindVariants(names, region)
}

// Text is a text prepared for the searches of this package: its
// characters and where they stand. A caller that searches one text more
// than once (FindVariants with two lists of names, QuotedNames,
// QuotedVariants) makes one Text for them all; each gives what the
// function of the same name gives for the text. A Text is not safe for
// concurrent use.
type Text struct{ s *scan }

// NewText prepares text for searching.
func NewText(text string) *Text { return &Text{newScan(text)} }

// FindVariants is FindVariants of the text.
func (t *Text) FindVariants(names []string, region *Division) []Variant {
	if t.s.text == "" || len(names) == 0 {
		return nil
	}
	s := *t.s // the same text and index, with the region of this search
	s.region = region
	s.index(names)
	best := map[int]Variant{} // by byte offset of the replaced character
	seen := map[string]bool{}
	var starts []int // name by name
	for _, name := range names {
		if seen[name] {
			continue
		}
		seen[name] = true
		want := []rune(name)
		if len(want) < 2 {
			continue
		}
		suffix := utf8.RuneCountInString(suffixOf(name))
		present := s.contains(name, want[0])
		starts = s.starts(starts[:0], want)
		for _, start := range starts {
			at, sim, ok := s.confusion(start, want)
			if !ok {
				continue
			}
			switch {
			case suffix > 0 && at < len(want)-suffix && s.unknownDivision(start, len(want), at, suffix, present):
				// 大案市 for 大安市: no city is called 大案市, which
				// outweighs the word 大案 inside it.
			case suffix == 0 && present && s.quotedPart(start, len(want), at):
				// “落阳发布” beside 洛阳市.
			case len(want) == 2 && (!sim.Shape || !present):
				// Same-sound pairs are everywhere in running text (长到
				// and 长道, 相 and 乡): two characters need a shape match
				// and the name written right somewhere.
				continue
			case s.explained(start, len(want), at, present):
				continue
			}
			v := s.variant(start, len(want), name, sim)
			key := s.off(start + at)
			if old, ok := best[key]; ok && !better(v, old) {
				continue
			}
			best[key] = v
		}
	}
	out := make([]Variant, 0, len(best))
	for _, v := range best {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return out[i].End < out[j].End
	})
	return out
}

// better prefers the longer name, then the more similar character.
func better(a, b Variant) bool {
	la, lb := utf8.RuneCountInString(a.Want), utf8.RuneCountInString(b.Want)
	if la != lb {
		return la > lb
	}
	if a.Sim.Score != b.Sim.Score {
		return a.Sim.Score > b.Sim.Score
	}
	return a.Want < b.Want
}

// scan is the text as runes, with their byte offsets and where each Han
// rune occurs.
type scan struct {
	text  string
	runes []rune
	// The byte offset of rune i (and of len(runes), len(text)) is
	// base[i/offBlock] + rel[i]: 1.1 bytes a rune where an []int32 took
	// 4, which on a large document was a third of the checker's heap
	// (10 MB of text: 14 MB of offsets).
	base []int32
	rel  []uint8
	// at holds the positions of the Han runes that searches have asked
	// for (index); a rune that is a key has all its positions.
	at     map[rune][]int32
	quotes []int32   // the positions of the runes that open quotes (quoteCloser)
	valid  bool      // text is valid UTF-8
	region *Division // the report's own division, or nil
}

// Release hands the text's buffers back for the next NewText to use; t
// and whatever it gave that is not a string must not be used after. A
// checker of many reports makes one Text a report, 5 bytes a character,
// and drops it after two rules.
func (t *Text) Release() {
	s := t.s
	t.s = nil
	if s == nil || cap(s.runes) > maxPooledRunes {
		return
	}
	clear(s.at)
	*s = scan{runes: s.runes[:0], base: s.base[:0], rel: s.rel[:0], at: s.at, quotes: s.quotes[:0]}
	scanPool.Put(s)
}

// maxPooledRunes bounds the buffers kept for reuse: a text of a few
// megabytes, rare, gets buffers of its own.
const maxPooledRunes = 1 << 18

var scanPool = sync.Pool{New: func() any { return &scan{at: map[rune][]int32{}} }}

func newScan(text string) *scan {
	s := scanPool.Get().(*scan)
	s.text, s.valid = text, true
	// Room for a text of Chinese characters, without counting them first:
	// a buffer from the pool mostly has it already.
	n := len(text)/3 + 16
	s.runes, s.quotes = slices.Grow(s.runes[:0], n), s.quotes[:0]
	s.base, s.rel = slices.Grow(s.base[:0], n/offBlock+1), slices.Grow(s.rel[:0], n+1)
	for i := 0; i < len(text); {
		r, w := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			if r = cjk.Fast3(text[i:]); r >= 0 {
				w = 3
			} else {
				r, w = utf8.DecodeRuneInString(text[i:])
				s.valid = s.valid && w != 1 // a bad byte, not U+FFFD written out in three
			}
		}
		if opensQuote(r) {
			s.quotes = append(s.quotes, int32(len(s.runes)))
		}
		s.addOff(i)
		s.runes = append(s.runes, r)
		i += w
	}
	s.addOff(len(text))
	return s
}

// offBlock runes share a base offset; the rest of a block's 31 runes of
// at most 4 bytes fit in a byte.
const offBlock = 32

// addOff records the byte offset of rune len(s.runes).
func (s *scan) addOff(off int) {
	if len(s.rel)%offBlock == 0 {
		s.base = append(s.base, int32(off))
	}
	s.rel = append(s.rel, uint8(off-int(s.base[len(s.base)-1])))
}

// off is the byte offset of rune i; off(len(s.runes)) is len(s.text).
func (s *scan) off(i int) int { return int(s.base[i/offBlock]) + int(s.rel[i]) }

// index makes at hold the positions of the first two runes of each of
// names, the runes starts looks up, in one pass over the text for all of
// those not indexed yet. Only Han runes are indexed.
func (s *scan) index(names []string) {
	// todo numbers the runes to index, whose positions gather in lists
	// under those numbers: one map lookup a rune that passes the bloom
	// filter, rather than a lookup and a store in at for every position.
	var todo map[rune]int
	var bloom [64]uint64 // the runes of todo, to pass over the others at once
	for _, name := range names {
		k := 0
		for _, r := range name {
			if k++; k > 2 {
				break
			}
			if _, done := s.at[r]; done || !cjk.IsHan(r) {
				continue
			}
			if _, ok := todo[r]; ok {
				continue
			}
			if todo == nil {
				todo = map[rune]int{}
			}
			todo[r] = len(todo)
			bloom[(r>>6)&63] |= 1 << (r & 63)
		}
	}
	if todo == nil {
		return
	}
	lists := make([][]int32, len(todo))
	for i, r := range s.runes {
		if bloom[(r>>6)&63]&(1<<(r&63)) != 0 {
			if k, ok := todo[r]; ok {
				lists[k] = append(lists[k], int32(i))
			}
		}
	}
	for r, k := range todo {
		s.at[r] = lists[k]
	}
}

// contains is strings.Contains(s.text, name) for a name whose first rune
// is first, read from the index when first is indexed: every occurrence
// of name starts at an occurrence of its first rune.
func (s *scan) contains(name string, first rune) bool {
	at, ok := s.at[first]
	if !ok {
		return strings.Contains(s.text, name)
	}
	for _, p := range at {
		if strings.HasPrefix(s.text[s.off(int(p)):], name) {
			return true
		}
	}
	return false
}

// starts appends to out the window starts where want could match with at
// most one replaced character: for two or more characters, either the
// first or the second one is right.
func (s *scan) starts(out []int, want []rune) []int {
	for _, p := range s.at[want[0]] {
		out = append(out, int(p))
	}
	for _, p := range s.at[want[1]] {
		if p > 0 && s.runes[p-1] != want[0] {
			out = append(out, int(p)-1)
		}
	}
	return out
}

// confusion reports the single position at which the window at start
// differs from want, with both characters Han and confusable but not
// both numerals (see numerals), and how alike the two are.
func (s *scan) confusion(start int, want []rune) (at int, sim Similarity, ok bool) {
	if start+len(want) > len(s.runes) {
		return 0, Similarity{}, false
	}
	at = -1
	for i, w := range want {
		if s.runes[start+i] == w {
			continue
		}
		if at >= 0 {
			return 0, Similarity{}, false
		}
		at = i
	}
	if at < 0 {
		return 0, Similarity{}, false
	}
	got := s.runes[start+at]
	if !cjk.IsHan(got) || !cjk.IsHan(want[at]) || numerals.has(got) && numerals.has(want[at]) {
		return 0, Similarity{}, false
	}
	sim, ok = confusable(want[at], got)
	return at, sim, ok
}

// maxCover bounds, in runes, the stretches of text around a replaced
// character that are looked up as real names or words: the longest words
// in the list that matter are a few characters longer than the names
// inside them.
const maxCover = 10

// functionChars are grammatical characters and the determiners that
// precede 市/县/区 (原市 "the former city", 全县, 本区, 我乡). At the
// edge of a window, or anywhere in a two-character one, they are read as
// grammar (聚焦于乡镇 is not 虞乡镇, 知情权和参与权 holds no 杨和), since a
// name typo that lands exactly on one is far rarer than the word itself.
const functionChars runeSet = "的地得了着过和与及或在于为对把被将从向以由是有之其而并且等各每该此这那就也都又还再才刚已未不没无非很太更最所原全本两跨到给让叫我你您他她它咱俺谁"

// explained reports whether the replaced character at position at of the
// window of n runes at start is better read as part of something real, by
// the rules listed at FindVariants. The first loop looks up every stretch
// of two to maxCover characters that contains the replaced character:
// the window itself (渊博), a stretch covering it (知识渊博), crossing its
// edge (大垅 of 大垅集镇, 医院 of 淄川医院) or inside it (通过 of 通过市).
func (s *scan) explained(start, n, at int, present bool) bool {
	p, end := start+at, start+n
	for from := p; from >= 0 && p-from < maxCover; from-- {
		for to := max(p+1, from+2); to <= len(s.runes) && to-from <= maxCover; to++ {
			if s.real(from, to) {
				return true
			}
		}
	}
	if n == 2 && (functionChars.has(s.runes[start]) || functionChars.has(s.runes[start+1]) ||
		locatives.has(s.runes[start+1-at])) {
		return true
	}
	if s.dateOrNumber(start, end) {
		return true
	}
	if n == 2 {
		for from := start - 1; from >= 0 && end-from <= maxCover; from-- {
			if s.real(from, start+1) {
				return true
			}
		}
		for to := end + 1; to <= len(s.runes) && to-start <= maxCover; to++ {
			if s.real(end-1, to) {
				return true
			}
		}
	}
	if at != 0 && at != n-1 {
		return false
	}
	if functionChars.has(s.runes[p]) {
		return true
	}
	if n < 3 {
		return false
	}
	rest := s.text[s.off(start+1):s.off(end)]
	if at != 0 {
		rest = s.text[s.off(start):s.off(end-1)]
	}
	// The rest is a part of the name; it explains the window only when it
	// is an everyday word and not itself a place (淄川 of 淄川医 is). A
	// report that writes the name right elsewhere outweighs that: 航州市
	// in a report of 杭州市 is a typo even though 州市 is a word.
	return !present && isWord(rest) && !IsDivisionName(rest)
}

// dateOrNumber reports a window that is part of a date (2024 年市科委 is
// not 羊市) or of a document number, where issuing offices are abbreviated
// (渝府办发〔2020〕89号 names 重庆, not 海府).
func (s *scan) dateOrNumber(start, end int) bool {
	if strings.ContainsRune("年月日", s.runes[start]) {
		for i := start - 1; i >= 0 && i >= start-2; i-- {
			if unicode.IsDigit(s.runes[i]) {
				return true
			}
			if !unicode.IsSpace(s.runes[i]) {
				break
			}
		}
	}
	for i := end; i < len(s.runes) && i < end+4; i++ {
		if s.runes[i] == '〔' || s.runes[i] == '[' {
			return true
		}
	}
	return false
}

// runeSet is a set of characters small enough to search linearly.
type runeSet string

func (r runeSet) has(c rune) bool { return strings.ContainsRune(string(r), c) }

// locatives follow nouns (院庭里, 锅上); a two-character window whose
// unchanged character is one reads as noun + locative, not as a name like
// 庄里.
const locatives runeSet = "上下里中内外前后边旁头"

// numerals are read as numbers: 一营 for 三营 changes a number, it does
// not misspell a name.
const numerals runeSet = "〇零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟"

// real reports whether the runes from:to spell a division name or a word
// in the list.
func (s *scan) real(from, to int) bool {
	sub := s.text[s.off(from):s.off(to)]
	return len(sub) <= loadAtlas().maxLen && IsDivisionName(sub) || isWord(sub)
}

func (s *scan) variant(start, n int, want string, sim Similarity) Variant {
	v := Variant{
		Start: s.off(start),
		End:   s.off(start + n),
		Want:  want,
		Sim:   sim,
	}
	v.Found = s.text[v.Start:v.End]
	from, to := start, start+n
	for from > 0 && start-from < contextRunes && s.runes[from-1] != '\n' {
		from--
	}
	for to < len(s.runes) && to-start-n < contextRunes && s.runes[to] != '\n' {
		to++
	}
	v.Context = strings.TrimSpace(s.text[s.off(from):s.off(to)])
	return v
}

// OwnNames returns the names an agency's report is expected to spell
// right: the region and every division above it, and the divisions
// directly below it (for a township, the other townships of its county),
// each in full and short form. Short forms of one character are left out,
// and so are short forms that are everyday words (人民 of 人民街道, 建设 of
// 建设镇): their look-alikes are ordinary typos or ordinary words, not
// misspelt place names. The region comes first, then its ancestors, then
// the divisions below, without duplicates.
func OwnNames(d *Division) []string {
	if d == nil {
		return nil
	}
	loadWords()
	var out []string
	seen := map[string]bool{}
	add := func(x *Division) {
		for i, n := range []string{x.Name, x.short} {
			if seen[n] || !atLeastTwoRunes(n) || i == 1 && commonShort.has(n) {
				continue
			}
			seen[n] = true
			out = append(out, n)
		}
	}
	for x := d; x != nil; x = x.Parent {
		add(x)
	}
	base := d
	if d.Level == 4 && d.Parent != nil {
		base = d.Parent
	}
	for _, c := range base.Children() {
		add(c)
	}
	return out
}

// PlaceNames returns the full and short names of d and of every division
// above it, short forms that are everyday words included (海口 of 海口市,
// 监利 of 监利市), which OwnNames leaves out: inside a quoted name such as
// “投资海口” they name the place. Short forms of one character are left
// out.
func PlaceNames(d *Division) []string {
	var out []string
	for x := d; x != nil; x = x.Parent {
		out = append(out, x.Name)
		if x.short != x.Name && atLeastTwoRunes(x.short) {
			out = append(out, x.short)
		}
	}
	return out
}

// quotePairs are the brackets whose contents are proper names in reports:
// Chinese quotes and title marks, and ASCII quotes where a copy lost the
// full-width forms.
var quotePairs = map[rune]rune{'“': '”', '《': '》', '「': '」', '『': '』', '"': '"', '〈': '〉'}

// quoteCloser is quotePairs[r], without a map look-up for each rune of a
// text: 0 when r opens none.
func quoteCloser(r rune) rune {
	switch r {
	case '“':
		return '”'
	case '《':
		return '》'
	case '〈':
		return '〉'
	}
	return openerCloser(r)
}

// opensQuote is quoteCloser(r) != 0, with one comparison for the most
// runes of a text, which open none.
func opensQuote(r rune) bool {
	return r == '"' || '“' <= r && r <= '』' && quoteCloser(r) != 0
}

// maxQuoted is the longest quoted stretch, in runes, taken as a name; a
// longer one is a sentence.
const maxQuoted = 40

// QuotedNames returns the quoted proper names in text (“投资淄川”,
// 《淄川区投资促进服务中心政府信息公开指南》) that contain one of names
// written correctly, without duplicates, in order of first appearance.
// Passing them to FindVariants along with the names finds “投资溜川” as a
// variant of “投资淄川”, with more evidence than the bare 溜川.
func QuotedNames(text string, names []string) []string {
	return NewText(text).QuotedNames(names)
}

// QuotedNames is QuotedNames of the text.
func (t *Text) QuotedNames(names []string) []string {
	var out []string
	seen := map[string]bool{}
	runes := t.s.runes
	// The first runes of names: a stretch that holds none of them holds
	// no name, which most stretches show without a search for each name.
	var firsts [64]uint64
	for _, n := range names {
		if r, _ := utf8.DecodeRuneInString(n); n != "" {
			firsts[(r>>6)&63] |= 1 << (r & 63)
		}
	}
	mayHold := func(rs []rune) bool {
		for _, r := range rs {
			if firsts[(r>>6)&63]&(1<<(r&63)) != 0 {
				return true
			}
		}
		return false
	}
	next := 0 // the first rune not yet passed over
	for _, at := range t.s.quotes {
		i := int(at)
		if i < next {
			continue
		}
		next = i + 1
		closer := quoteCloser(runes[i])
		j := i + 1
		for j < len(runes) && j-i <= maxQuoted+1 && runes[j] != closer && runes[j] != '\n' {
			j++
		}
		if j >= len(runes) || runes[j] != closer {
			continue
		}
		q := t.s.text[t.s.off(i+1):t.s.off(j)]
		if !t.s.valid {
			q = string(runes[i+1 : j]) // as []rune reads it: bad bytes become U+FFFD
		}
		if atLeastTwoRunes(q) && !seen[q] && mayHold(runes[i+1:j]) && containsAny(q, names) {
			seen[q] = true
			out = append(out, q)
		}
		next = j + 1
	}
	return out
}

func containsAny(s string, names []string) bool {
	for _, n := range names {
		if n != "" && n != s && strings.Contains(s, n) {
			return true
		}
	}
	return false
}

// suffixOf returns the level suffix of name when name is the full name of
// a division that has one (大安市 → 市, 桑树坪镇 → 镇, 广西壮族自治区 →
// 壮族自治区), and "" for short forms and names without one (沙县).
func suffixOf(name string) string {
	suffixes.Lock()
	sfx, hit := suffixes.m[name]
	suffixes.Unlock()
	if hit {
		return sfx
	}
	sfx = findSuffix(name)
	suffixes.Lock()
	if suffixes.m == nil || len(suffixes.m) >= 1<<suffixBits {
		suffixes.m = make(map[string]string) // the names of the last reports, a bounded number
	}
	suffixes.m[name] = sfx
	suffixes.Unlock()
	return sfx
}

// suffixes remembers suffixOf for the names asked last: FindVariants asks
// for every name it is given, twice a report, and the names of a place's
// divisions may be written by hundreds of divisions to look through
// (城关镇). A map holds only the names asked; a fixed table that a name
// overwrote was 80 KiB of zeroed memory read before it was written, each
// page a report's names fell in faulted twice in every process started.
var suffixes struct {
	sync.Mutex
	m map[string]string
}

const suffixBits = 11

// findSuffix is suffixOf, looked up.
func findSuffix(name string) string {
	// The first such division in code order, as named lists them, found
	// without making and sorting that list: FindVariants asks for every
	// name it is given.
	// Only the names and codes are looked at, read where they lie: filling
	// in a division makes its parents and every child of each, 165 KB for
	// the names of a 5-page report.
	a := loadAtlas()
	var found bool
	var firstCode, firstShort string
	a.byName.each(name, func(i int32) {
		if code, n, short := a.names(i); n == name && short != name && strings.HasPrefix(name, short) && (!found || code < firstCode) {
			found, firstCode, firstShort = true, code, short
		}
	})
	if !found {
		return ""
	}
	return name[len(firstShort):]
}

// bodyChars may follow a level suffix and keep it a suffix: 市委, 县政府,
// 区人民政府, 镇党委, 市纪委, 街道办事处. Other words that begin with a
// suffix character (市场, 市民, 县级, 区域, 旗帜) make the window prose.
const bodyChars runeSet = "委政人党纪办"

// unknownDivision reports the evidence of a level suffix: the window of n
// runes at start ends with the same suffix as the name it is checked
// against (the last suffix runes), the replaced character at is before
// that suffix, and what is written is no division a report of this region
// would name. That holds when the window is no division name at all,
// now or since 1981 (大案市, 桑树屏镇, 重应市), or only a township outside
// the report's province (townships repeat across China; a report names a
// far township far less often than it mistypes its own). A county or
// above anywhere, or a township of the province, is a real place that the
// report may mention, and is left alone.
//
// The window must also read as a name, not as prose that happens to end
// in a suffix character:
//   - the suffix does not open a word (市场, 市民, 县级), other than a
//     government body (市委, 县政府; see bodyChars);
//   - the characters after the replaced one, up to the suffix, do not
//     form a word with it (的城市 is “of the city”, 在湖区 “in the lake
//     area”), nor a place after a function character (和通县 is “and
//     通县”; 炎龙镇 is not “炎 and 龙镇”);
//   - the replaced character is not part of a word before the suffix
//     that reads as prose there: a verb, preposition or the like, or a
//     very frequent word (通过市科委网站 is not 通辽市; see isProse);
//   - nothing real crosses the window's edges around the replaced
//     character, and it is no date or document number (see explained).
//
// Other words inside the window no longer explain it: 大案, 新晋 and 青梅
// are words, but 大案市, 新晋县 and 青梅省 are not places.
func (s *scan) unknownDivision(start, n, at, suffix int, present bool) bool {
	end := start + n
	found := s.text[s.off(start):s.off(end)]
	if !s.unknownName(found, 4) {
		return false
	}
	sfx := end - suffix
	if end < len(s.runes) && !bodyChars.has(s.runes[end]) {
		for to := end + 1; to <= len(s.runes) && to-sfx <= maxCover; to++ {
			if s.real(sfx, to) {
				return false
			}
		}
	}
	p := start + at
	for from := p + 1; from < sfx; from++ {
		rest := s.text[s.off(from):s.off(end)]
		if isWord(rest) || functionChars.has(s.runes[p]) && IsDivisionName(rest) {
			return false
		}
	}
	for from := start; from <= p; from++ {
		for to := max(p+1, from+2); to <= sfx; to++ {
			if isProse(s.text[s.off(from):s.off(to)]) {
				return false
			}
		}
	}
	// A body after the suffix (案徽省委) with the name written right
	// elsewhere says the window is that division, whatever word its first
	// character makes with what stands before it (在案).
	governed := present && end < len(s.runes) && bodyChars.has(s.runes[end])
	return (governed || !s.crossing(start, n, at)) && !s.dateOrNumber(start, end)
}

// unknownName reports whether name is no division that a report of this
// region would name: no division at all, now or since 1981, or only
// divisions of level township (4) that lie outside the region's province.
// Without a region only the first holds.
func (s *scan) unknownName(name string, farLevel int) bool {
	if !IsDivisionName(name) {
		return true
	}
	a := loadAtlas()
	if s.region == nil || a.formerNames.has(name) {
		return false
	}
	prov := s.region
	for prov.Parent != nil {
		prov = prov.Parent
	}
	for _, d := range a.named(name) {
		if d.Level < farLevel || d.descends(prov) {
			return false
		}
	}
	return true
}

// crossing reports a real name or word over the replaced character that
// reaches outside the window (its start or end): the replaced character
// then belongs to the text around, as 朝阳区 holds the 阳区 of 阳区县.
func (s *scan) crossing(start, n, at int) bool {
	p, end := start+at, start+n
	for from := p; from >= 0 && p-from < maxCover; from-- {
		for to := max(p+1, from+2); to <= len(s.runes) && to-from <= maxCover; to++ {
			if from >= start && to <= end {
				continue
			}
			if s.real(from, to) {
				return true
			}
		}
	}
	return false
}

// maxQuotedName is the longest quoted stretch, in runes, read as the name
// of an account, platform or column (“洛阳发布”, “掌上淄川”) rather than a
// document title or a slogan.
const maxQuotedName = 12

// quoteOpeners open the quotes whose contents are such names; 《》 and 〈〉
// hold document titles, whose place names are often other places'.
var quoteOpeners = map[rune]rune{'“': '”', '「': '」', '『': '』', '"': '"'}

// openerCloser is quoteOpeners[r], without a map look-up: 0 when r opens
// none.
func openerCloser(r rune) rune {
	switch r {
	case '“':
		return '”'
	case '「':
		return '」'
	case '『':
		return '』'
	case '"':
		return '"'
	}
	return 0
}

// quotedPart reports the evidence of a quoted name: the window of n runes
// at start is the place part of a quoted name such as “落阳发布” or
// “智慧落阳”, at its start or its end, with more of the name beside it,
// and what is written there is neither an everyday word (“青梅竹马”) nor
// a place the report may name: any county or above, or a township of its
// province (see unknownName). Nothing real crosses the window's inner
// edge either. A quoted account name is a proper name, so a same-sound
// character counts there as much as a look-alike.
func (s *scan) quotedPart(start, n, at int) bool {
	end := start + n
	open, close := -1, -1
	switch {
	case start > 0 && openerCloser(s.runes[start-1]) != 0:
		open = start - 1
		closer := openerCloser(s.runes[open])
		for i := end; i < len(s.runes) && i-open <= maxQuotedName+1; i++ {
			if s.runes[i] == closer {
				close = i
				break
			}
			if s.runes[i] == '\n' {
				break
			}
		}
	case end < len(s.runes):
		close = end
		for i := start - 1; i >= 0 && close-i <= maxQuotedName+1; i-- {
			if c := openerCloser(s.runes[i]); c != 0 && c == s.runes[close] {
				open = i
				break
			}
			if s.runes[i] == '\n' {
				break
			}
		}
	}
	if open < 0 || close < 0 || close-open-1 <= n {
		return false
	}
	for i := open + 1; i < close; i++ {
		if !unicode.Is(unicode.Han, s.runes[i]) {
			return false
		}
	}
	found := s.text[s.off(start):s.off(end)]
	if isWord(found) && !IsDivisionName(found) || !s.unknownName(found, 4) {
		return false
	}
	return !s.crossing(start, n, at)
}

// QuotedVariants returns the quoted names in text that are one of quoted,
// written once with one character replaced by a confusable one, where the
// whole quoted stretch is the variant: “干安陈仓” beside “平安陈仓”. The
// quote marks bound the name on both sides, so the words and places that
// make FindVariants drop a window (干安 and 水涝 are words, 万福 a town)
// do not explain it here: a report names one account or platform, and
// two spellings of it are one too many. The variant must be rarer in the
// text than the name, and only the short quoted names of accounts,
// platforms and columns count (see maxQuotedName); titles in 《》 name
// documents, some of which differ by a character on purpose.
func QuotedVariants(text string, quoted []string) []Variant {
	if text == "" || len(quoted) == 0 {
		return nil
	}
	return NewText(text).QuotedVariants(quoted)
}

// QuotedVariants is QuotedVariants of the text.
func (t *Text) QuotedVariants(quoted []string) []Variant {
	if t.s.text == "" || len(quoted) == 0 {
		return nil
	}
	// The names by their length in runes, each decoded once, not once
	// for each quoted stretch of that length.
	type name struct {
		q     string
		runes []rune
	}
	byLen := map[int][]name{}
	for _, q := range quoted {
		n := utf8.RuneCountInString(q)
		if n >= 3 && n <= maxQuotedName && !slices.ContainsFunc(byLen[n], func(x name) bool { return x.q == q }) {
			byLen[n] = append(byLen[n], name{q, []rune(q)})
		}
	}
	// The quoted stretches that are a confusable variant of some name
	// first, then how often each spelling is written, counted together.
	type candidate struct {
		start, n int
		found, q string
		sim      Similarity
	}
	s := t.s
	var cands []candidate
	next := 0 // the first rune not yet passed over
	for _, at := range s.quotes {
		i := int(at)
		closer := openerCloser(s.runes[i])
		if i < next || closer == 0 {
			continue
		}
		next = i + 1
		j := i + 1
		for j < len(s.runes) && j-i <= maxQuotedName+1 && s.runes[j] != closer && s.runes[j] != '\n' {
			j++
		}
		if j >= len(s.runes) || s.runes[j] != closer {
			continue
		}
		start, n := i+1, j-i-1
		found := s.text[s.off(start):s.off(j)]
		for _, q := range byLen[n] {
			if _, sim, ok := s.confusion(start, q.runes); ok {
				cands = append(cands, candidate{start, n, found, q.q, sim})
			}
		}
		next = j + 1
	}
	if len(cands) == 0 {
		return nil
	}
	spellings := make([]string, 0, 2*len(cands))
	for _, c := range cands {
		spellings = append(spellings, c.found, c.q)
	}
	counts := t.Counts(spellings)
	var out []Variant
	for k := 0; k < len(cands); {
		// The candidates of one quoted stretch are adjacent.
		var best *Variant
		for start := cands[k].start; k < len(cands) && cands[k].start == start; k++ {
			c := cands[k]
			if counts[2*k] >= counts[2*k+1] {
				continue
			}
			v := s.variant(c.start, c.n, c.q, c.sim)
			if best == nil || better(v, *best) {
				best = &v
			}
		}
		if best != nil {
			out = append(out, *best)
		}
	}
	return out
}
