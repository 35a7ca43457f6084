package names

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
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
// Where several names explain the same replaced character (溜 in “投资溜川”
// matches both 淄川 and 投资淄川), the longest name is reported, once.
func FindVariants(text string, names []string) []Variant {
	if text == "" || len(names) == 0 {
		return nil
	}
	s := newScan(text)
	best := map[int]Variant{} // by byte offset of the replaced character
	seen := map[string]bool{}
	for _, name := range names {
		if seen[name] {
			continue
		}
		seen[name] = true
		want := []rune(name)
		if len(want) < 2 {
			continue
		}
		present := 0 // 1 yes, -1 no; looked up only when a candidate needs it
		for _, start := range s.starts(want) {
			at, ok := s.oneOff(start, want)
			if !ok {
				continue
			}
			got := s.runes[start+at]
			if numerals.has(got) && numerals.has(want[at]) {
				continue
			}
			sim, ok := Confusable(want[at], got)
			if !ok {
				continue
			}
			if len(want) == 2 {
				// Same-sound pairs are everywhere in running text (长到
				// and 长道, 相 and 乡): two characters need a shape match.
				if !sim.Shape {
					continue
				}
				if present == 0 {
					present = -1
					if strings.Contains(text, name) {
						present = 1
					}
				}
				if present < 0 {
					continue
				}
			}
			if s.explained(start, len(want), at, strings.Contains(text, name)) {
				continue
			}
			v := s.variant(start, len(want), name, sim)
			key := s.off[start+at]
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

// scan is the text as runes, with their byte offsets and where each rune
// occurs.
type scan struct {
	text  string
	runes []rune
	off   []int // byte offset of each rune, plus len(text)
	at    map[rune][]int32
}

func newScan(text string) *scan {
	n := utf8.RuneCountInString(text)
	s := &scan{text: text, runes: make([]rune, 0, n), off: make([]int, 0, n+1), at: map[rune][]int32{}}
	for i, r := range text {
		if unicode.Is(unicode.Han, r) {
			s.at[r] = append(s.at[r], int32(len(s.runes)))
		}
		s.runes = append(s.runes, r)
		s.off = append(s.off, i)
	}
	s.off = append(s.off, len(text))
	return s
}

// starts returns the window starts where want could match with at most
// one replaced character: for two or more characters, either the first or
// the second one is right.
func (s *scan) starts(want []rune) []int {
	var out []int
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

// oneOff reports the single position at which the window at start differs
// from want, with both characters Han.
func (s *scan) oneOff(start int, want []rune) (int, bool) {
	if start+len(want) > len(s.runes) {
		return 0, false
	}
	at := -1
	for i, w := range want {
		if s.runes[start+i] == w {
			continue
		}
		if at >= 0 {
			return 0, false
		}
		at = i
	}
	if at < 0 || !unicode.Is(unicode.Han, s.runes[start+at]) || !unicode.Is(unicode.Han, want[at]) {
		return 0, false
	}
	return at, true
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
	rest := s.text[s.off[start+1]:s.off[end]]
	if at != 0 {
		rest = s.text[s.off[start]:s.off[end-1]]
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
	sub := s.text[s.off[from]:s.off[to]]
	return len(sub) <= loadAtlas().maxLen && IsDivisionName(sub) || isWord(sub)
}

func (s *scan) variant(start, n int, want string, sim Similarity) Variant {
	v := Variant{
		Start: s.off[start],
		End:   s.off[start+n],
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
	v.Context = strings.TrimSpace(s.text[s.off[from]:s.off[to]])
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
	for _, c := range base.children {
		add(c)
	}
	return out
}

// quotePairs are the brackets whose contents are proper names in reports:
// Chinese quotes and title marks, and ASCII quotes where a copy lost the
// full-width forms.
var quotePairs = map[rune]rune{'“': '”', '《': '》', '「': '」', '『': '』', '"': '"', '〈': '〉'}

// maxQuoted is the longest quoted stretch, in runes, taken as a name; a
// longer one is a sentence.
const maxQuoted = 40

// QuotedNames returns the quoted proper names in text (“投资淄川”,
// 《淄川区投资促进服务中心政府信息公开指南》) that contain one of names
// written correctly, without duplicates, in order of first appearance.
// Passing them to FindVariants along with the names finds “投资溜川” as a
// variant of “投资淄川”, with more evidence than the bare 溜川.
func QuotedNames(text string, names []string) []string {
	var out []string
	seen := map[string]bool{}
	runes := []rune(text)
	for i := 0; i < len(runes); i++ {
		closer, ok := quotePairs[runes[i]]
		if !ok {
			continue
		}
		j := i + 1
		for j < len(runes) && j-i <= maxQuoted+1 && runes[j] != closer && runes[j] != '\n' {
			j++
		}
		if j >= len(runes) || runes[j] != closer {
			continue
		}
		q := string(runes[i+1 : j])
		if atLeastTwoRunes(q) && !seen[q] && containsAny(q, names) {
			seen[q] = true
			out = append(out, q)
		}
		i = j
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
