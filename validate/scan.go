package validate

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/cjk"
)

// This file holds the small hand-written matchers that stand in for
// regular expressions on the paths every report takes, for speed: a
// regexp that must be tried at every offset of a passage (an alternation
// of words, a pattern after (?:^|[^\d]), one anchored at $) costs far more
// than looking for the one character its matches need. Measured on the
// generated mix (BenchmarkStage/validate), regexp backtracking was a third
// of validate's CPU; with these and the prefilters it is a few percent.
// Each matcher says which pattern it is; the tests (scan_internal_test.go)
// hold it to that pattern on the real sentences and reports of the
// testdata, the rules' test cases and generated strings.

// words is an alternation of literal words, (?:a|b|c) in RE2: at an
// offset it matches the first of them, in the order given, that the text
// holds there, as RE2's leftmost-first matching does.
type words struct {
	list []string
	// first holds, by byte, 1 + the index in starts of the words that
	// begin with it, or 0: a word list starts with a handful of bytes,
	// and tables of 256 slices and flags took 10 KiB a list, 128 KiB of
	// fresh memory for the package's lists in every process started.
	first  [256]uint8
	starts []wordStart
	third  [256]uint64 // by second byte: the third bytes of the words of three bytes or more
}

// wordStart is what the words that begin with one byte share.
type wordStart struct {
	idx []int32 // indexes into list, in order
	// second holds the second bytes of the words of more than one byte
	// (bit b&63): most offsets that share a word's first byte, the lead
	// byte of a Chinese character, do not share its second.
	second uint64
	short  bool // a word of one byte
	two    bool // a word of two bytes
}

// lazyWords is newWords(list...), made on first use: the package's
// lists took 28 KiB of tables at initialisation, fresh pages in every
// process started, the readers that never validate included.
func lazyWords(list ...string) func() *words {
	return sync.OnceValue(func() *words { return newWords(list...) })
}

func newWords(list ...string) *words {
	w := &words{list: list}
	for i, s := range list {
		if s == "" {
			panic("validate: empty word in an alternation")
		}
		k := w.first[s[0]]
		if k == 0 {
			w.starts = append(w.starts, wordStart{})
			if len(w.starts) > 255 {
				panic("validate: more than 255 first bytes in an alternation")
			}
			k = uint8(len(w.starts))
			w.first[s[0]] = k
		}
		st := &w.starts[k-1]
		st.idx = append(st.idx, int32(i))
		switch {
		case len(s) == 1:
			st.short = true
		case len(s) == 2:
			st.two = true
			st.second |= 1 << (s[1] & 63)
		default:
			st.second |= 1 << (s[1] & 63)
			w.third[s[1]] |= 1 << (s[2] & 63)
		}
	}
	return w
}

// at returns the end of the word matched at byte i of s, or -1. Every
// word starts with a byte that begins a character (ASCII or a lead byte),
// so a match is never found inside a character, as in RE2.
func (w *words) at(s string, i int) int {
	if !w.may(s, i) {
		return -1
	}
	for _, k := range w.starts[w.first[s[i]]-1].idx {
		x := w.list[k]
		if len(x) <= len(s)-i && (len(x) == 1 || s[i+1] == x[1]) && s[i:i+len(x)] == x {
			return i + len(x)
		}
	}
	return -1
}

// may reports whether a word may start at byte i of s: false when the
// first three bytes there start none.
func (w *words) may(s string, i int) bool {
	k := w.first[s[i]]
	if k == 0 {
		return false
	}
	st := &w.starts[k-1]
	switch {
	case st.short:
		return true
	case i+1 >= len(s) || st.second&(1<<(s[i+1]&63)) == 0:
		return false
	case st.two:
		return true
	}
	return i+2 < len(s) && w.third[s[i+1]]&(1<<(s[i+2]&63)) != 0
}

// startsLong reports whether a word of more than one byte begins with c.
func (w *words) startsLong(c byte) bool {
	k := w.first[c]
	return k != 0 && w.starts[k-1].second != 0
}

// find returns the leftmost match at or after byte from of s, or -1, -1.
func (w *words) find(s string, from int) (int, int) {
	for i := from; i < len(s); i++ {
		if w.first[s[i]] == 0 {
			continue
		}
		if e := w.at(s, i); e >= 0 {
			return i, e
		}
	}
	return -1, -1
}

// has reports whether s holds one of the words.
func (w *words) has(s string) bool {
	a, _ := w.find(s, 0)
	return a >= 0
}

// hasSuffix is (?:words)$ of RE2.
func (w *words) hasSuffix(s string) bool {
	for _, x := range w.list {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// charSet is a set of characters found as strings.IndexAny and
// LastIndexAny find them, by bytes: the sets are marks, whose UTF-8 a
// text holds only where the mark stands (a lead byte never continues
// another character), so no character need be decoded.
type charSet struct {
	src   string
	ascii [128]bool
	three [][3]byte // the members of three bytes
	wide  []string  // the other members of more than one byte
}

func newCharSet(chars string) *charSet {
	c := &charSet{src: chars}
	for _, r := range chars {
		switch w := string(r); {
		case r < utf8.RuneSelf:
			c.ascii[r] = true
		case len(w) == 3:
			c.three = append(c.three, [3]byte{w[0], w[1], w[2]})
		default:
			c.wide = append(c.wide, w)
		}
	}
	return c
}

// index is strings.IndexAny(s, c.src).
func (c *charSet) index(s string) int {
	for i := 0; i < len(s); i++ {
		if c.at(s, i) {
			return i
		}
	}
	return -1
}

// lastIndex is strings.LastIndexAny(s, c.src).
func (c *charSet) lastIndex(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if c.at(s, i) {
			return i
		}
	}
	return -1
}

// at reports whether a member stands at byte i of s.
func (c *charSet) at(s string, i int) bool {
	b := s[i]
	if b < utf8.RuneSelf {
		return c.ascii[b]
	}
	if b < 0xC0 {
		return false // within a character
	}
	if i+2 < len(s) {
		for _, w := range c.three {
			if b == w[0] && s[i+1] == w[1] && s[i+2] == w[2] {
				return true
			}
		}
	}
	for _, w := range c.wide {
		if strings.HasPrefix(s[i:], w) {
			return true
		}
	}
	return false
}

// The TX patterns that would otherwise be tried at every offset of every
// passage. Those that read back from a character run on text that is
// valid UTF-8; runTX falls back to the regexp elsewhere (see
// passage.valid).

var yearSuffix = lazyWords("全年", "以来", "年底", "年初", "底", "初", "上半年", "下半年", "我")

// isYear reports whether t[p:p+4] is (?:19|20)\d{2}.
func isYear(t string, p int) bool {
	return p >= 0 && p+4 <= len(t) && (t[p] == '1' && t[p+1] == '9' || t[p] == '2' && t[p+1] == '0') && isDigit(t[p+2]) && isDigit(t[p+3])
}

// findYearNoNian is yearNoNian.FindAllStringSubmatchIndex(t, -1): a year
// not after a digit, and a suffix right after it; the match starts with
// the character before the year.
func findYearNoNian(t string) [][]int {
	var out [][]int
	last := 0
	for y := 0; y+4 < len(t); y++ {
		if !isYear(t, y) {
			continue
		}
		s := 0
		if y > 0 {
			if isDigit(t[y-1]) {
				continue
			}
			_, w := utf8.DecodeLastRuneInString(t[:y])
			s = y - w
		}
		if s < last {
			continue
		}
		e := yearSuffix().at(t, y+4)
		if e < 0 {
			continue
		}
		out = append(out, []int{s, e, y, y + 4, y + 4, e})
		last = e
	}
	return out
}

var dayEnd = lazyWords("止", "起", "前", "以前", "之前", "。", "，", ",", "；", ";")

// findDayNoRi is dayNoRi.FindAllStringSubmatchIndex(t, -1): a 月 with one
// or two digits before it (not after a third) and one or two after it,
// then an ending.
func findDayNoRi(t string) [][]int {
	var out [][]int
	last := 0
	for j := range indexAll(t, "月") {
		ms := j
		for ms > 0 && j-ms < 3 && isDigit(t[ms-1]) {
			ms--
		}
		if j-ms == 0 || j-ms > 2 {
			continue
		}
		s := 0
		if ms > 0 {
			_, w := utf8.DecodeLastRuneInString(t[:ms])
			s = ms - w
		}
		if s < last {
			continue
		}
		ds := j + len("月")
		de := ds
		for de < len(t) && de-ds < 3 && isDigit(t[de]) {
			de++
		}
		if de-ds == 0 || de-ds > 2 || de == len(t) {
			continue
		}
		e := dayEnd().at(t, de)
		if e < 0 {
			continue
		}
		out = append(out, []int{s, e, ms, j, ds, de, de, e})
		last = e
	}
	return out
}

// zeroClass is the class of zeroInHan.
const zeroClass = "一二三四五六七八九〇零○0OoΟ"

// findZeroInHan is zeroInHan.FindAllStringIndex(t, -1) for valid UTF-8:
// a 年 with three or four characters of the class right before it.
func findZeroInHan(t string) [][]int {
	var out [][]int
	for j := range indexAll(t, "年") {
		s, n := j, 0
		for n < 4 && s > 0 {
			r, w := utf8.DecodeLastRuneInString(t[:s])
			if !strings.ContainsRune(zeroClass, r) {
				break
			}
			s -= w
			n++
		}
		if n >= 3 {
			out = append(out, []int{s, j + len("年")})
		}
	}
	return out
}

// findYearHyphen is yearHyphen.FindAllStringSubmatchIndex(t, -1): two
// years joined by a hyphen.
func findYearHyphen(t string) [][]int {
	var out [][]int
	last := 0
	for j := range indexAll(t, "-") {
		if j-4 < last || !isYear(t, j-4) || !isYear(t, j+1) {
			continue
		}
		out = append(out, []int{j - 4, j + 5, j - 4, j, j + 1, j + 5})
		last = j + 5
	}
	return out
}

// bracketAt returns the width of the bracket of set (ASCII ones and
// three-byte ones) at byte i of t, or 0.
func bracketAt(t string, i int, ascii string, wide ...string) int {
	if i >= len(t) {
		return 0
	}
	if t[i] < 0x80 {
		if strings.IndexByte(ascii, t[i]) >= 0 {
			return 1
		}
		return 0
	}
	for _, w := range wide {
		if strings.HasPrefix(t[i:], w) {
			return len(w)
		}
	}
	return 0
}

// findDocNo is docNoRE.FindAllStringSubmatchIndex(t, -1) for valid UTF-8.
// A match is read from its opening bracket: the bracket, the year, the
// closing bracket, 字 or 第, the number and 号 follow one another
// without choice; the code is the Han characters right before the
// bracket, twelve at most and two at least, from the end of the last
// match on, as the lazy \p{Han}{2,12}? at the leftmost start takes them.
func findDocNo(t string) [][]int {
	var out [][]int
	last := 0
	for b := 0; b < len(t); b++ {
		if c := t[b]; c != '[' && c != '(' && c != 0xE3 && c != 0xEF {
			continue // the first byte of no opening bracket
		}
		ow := bracketAt(t, b, "[(", "〔", "【", "［", "﹝", "（")
		if ow == 0 {
			continue
		}
		ys := skipSpace(t, b+ow)
		ye := digitsEnd(t, ys)
		if ye-ys < 2 || ye-ys > 4 {
			continue
		}
		cs := skipSpace(t, ye)
		cw := bracketAt(t, cs, "])", "〕", "】", "］", "﹞", "）")
		if cw == 0 {
			continue
		}
		g := cs + cw
		p := skipSpace(t, g)
		if strings.HasPrefix(t[p:], "字") {
			p = skipSpace(t, p+len("字"))
		}
		if strings.HasPrefix(t[p:], "第") {
			p = skipSpace(t, p+len("第"))
		}
		ns := p
		ne := digitsEnd(t, ns)
		if ne == ns {
			continue
		}
		p = skipSpace(t, ne)
		if !strings.HasPrefix(t[p:], "号") {
			continue
		}
		end := p + len("号")
		s, n := b, 0
		for n < 12 && s > last {
			r, w := utf8.DecodeLastRuneInString(t[:s])
			if !cjk.IsHan(r) {
				break
			}
			s -= w
			n++
		}
		if n < 2 {
			continue
		}
		out = append(out, []int{s, end, s, b, b, b + ow, ys, ye, cs, cs + cw, g, ns, ns, ne})
		last = end
		b = end - 1
	}
	return out
}

// findStateName is FindAllStringIndex(t, -1) of (?:中华人民共和国)?name:
// each name, with 中华人民共和国 right before it when that is not part of
// the last match. name must not overlap itself or 中华人民共和国.
func findStateName(t, name string) [][]int {
	const state = "中华人民共和国"
	var out [][]int
	for i := 0; ; {
		k := strings.Index(t[i:], name)
		if k < 0 {
			return out
		}
		j := i + k
		start := j
		if j-len(state) >= i && t[j-len(state):j] == state {
			start = j - len(state)
		}
		out = append(out, []int{start, j + len(name)})
		i = j + len(name)
	}
}

// isNumeral reports whether r is one of 一二三四五六七八九十.
func isNumeral(r rune) bool { return strings.ContainsRune("一二三四五六七八九十", r) }

// runOf returns the end of the run of runes that in accepts from byte i
// of s, and how many there are.
func runOf(s string, i int, in func(rune) bool) (int, int) {
	n := 0
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		if !in(r) {
			break
		}
		i += w
		n++
	}
	return i, n
}

// isHeadingStart is headingStart.MatchString(s): s opens with 一、, （一）,
// (1), 1. or 第一章 and the like.
func isHeadingStart(s string) bool {
	r, w := utf8.DecodeRuneInString(s)
	switch {
	case isNumeral(r):
		e, _ := runOf(s, 0, isNumeral)
		return strings.ContainsRune("、．.", firstRune(s[e:]))
	case r == '（' || r == '(':
		e, n := runOf(s, w, func(r rune) bool { return isNumeral(r) || '0' <= r && r <= '9' })
		return n > 0 && strings.ContainsRune("）)", firstRune(s[e:]))
	case '0' <= r && r <= '9':
		e := digitsEnd(s, 0)
		return strings.ContainsRune(".．、", firstRune(s[e:]))
	case r == '第':
		e, n := runOf(s, w, isNumeral)
		return n > 0 && strings.ContainsRune("章节部分条", firstRune(s[e:]))
	}
	return false
}

// firstRune is the first rune of s, or -1 when s is empty (so that it is
// in no set).
func firstRune(s string) rune {
	if s == "" {
		return -1
	}
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// findOrdinalComma is ordinalComma.FindStringIndex(s): （一）、 at the
// start.
func findOrdinalComma(s string) []int {
	r, w := utf8.DecodeRuneInString(s)
	if r != '（' && r != '(' {
		return nil
	}
	e, n := runOf(s, w, isNumeral)
	c, cw := utf8.DecodeRuneInString(s[e:])
	if n == 0 || c != '）' && c != ')' || !strings.HasPrefix(s[e+cw:], "、") {
		return nil
	}
	return []int{0, e + cw + len("、")}
}

// findArabicDun is arabicDun.FindStringIndex(s): 1、 or 12、 at the start.
func findArabicDun(s string) []int {
	e := digitsEnd(s, 0)
	if e == 0 || e > 2 || !strings.HasPrefix(s[e:], "、") {
		return nil
	}
	return []int{0, e + len("、")}
}

// endsWithHanOrDigit is endsWithoutStop.MatchString(s).
func endsWithHanOrDigit(s string) bool {
	r, n := utf8.DecodeLastRuneInString(s)
	return n > 0 && (cjk.IsHan(r) || '0' <= r && r <= '9')
}

// findDunBetweenTitles is dunBetweenTitles.FindAllStringIndex(t, -1): a
// 、 with 》 or ” before it and 《 or “ after it.
func findDunBetweenTitles(t string) [][]int {
	var out [][]int
	last := 0
	for j := range indexAll(t, "、") {
		a, b := j-len("》"), j+len("、")
		if a < last || !(t[a:j] == "》" || t[a:j] == "”") || !(strings.HasPrefix(t[b:], "《") || strings.HasPrefix(t[b:], "“")) {
			continue
		}
		out = append(out, []int{a, b + len("《")})
		last = b + len("《")
	}
	return out
}

var (
	yearWords  = lazyWords("，", ",", "本机关", "我局", "我办", "我委", "我单位", "本单位", "本局", "我乡", "我镇", "我街道", "全年", "共", "区政府", "市政府", "县政府")
	yearBefore = lazyWords("。", "；", "！", "？") // and \s
)

// findNarrativeYear is narrativeYear.FindAllStringSubmatchIndex(t, -1): a
// 年 with four digits before it (spaces between), at the start or after
// a sentence mark or space, then 度, spaces and one of the words.
func findNarrativeYear(t string) [][]int {
	var out [][]int
	last := 0
	for j := range indexAll(t, "年") {
		de := j
		for de > 0 && isSpaceByte(t[de-1]) {
			de--
		}
		ds := de - 4
		if ds < 0 || !isDigit(t[ds]) || !isDigit(t[ds+1]) || !isDigit(t[ds+2]) || !isDigit(t[ds+3]) {
			continue
		}
		s := ds // ^
		switch {
		case ds == 0:
		case isSpaceByte(t[ds-1]):
			s = ds - 1
		case ds >= 3 && yearBefore().hasSuffix(t[:ds]):
			s = ds - 3
		default:
			continue
		}
		if s < last {
			continue
		}
		g := j + len("年")
		if strings.HasPrefix(t[g:], "度") {
			g += len("度")
		}
		p := skipSpace(t, g)
		if p >= len(t) {
			continue
		}
		e := yearWords().at(t, p)
		if e < 0 {
			continue
		}
		out = append(out, []int{s, e, ds, g, ds, de})
		last = e
	}
	return out
}

// bracketInner is the group of bracketAfter.FindStringSubmatchIndex(s),
// ^\s*[（(]([^（）()]*)[）)]?: the text after an opening bracket that
// spaces alone part from the start, up to the next bracket.
func bracketInner(s string) (int, int, bool) {
	i := skipSpace(s, 0)
	switch {
	case strings.HasPrefix(s[i:], "("):
		i++
	case strings.HasPrefix(s[i:], "（"):
		i += len("（")
	default:
		return 0, 0, false
	}
	j := i
	for j < len(s) {
		if s[j] == '(' || s[j] == ')' || strings.HasPrefix(s[j:], "（") || strings.HasPrefix(s[j:], "）") {
			break
		}
		j++
	}
	return i, j, true
}

// findDefs calls fn with group 1 of each match of defRE in t, in order, as
// FindAllStringSubmatch finds them: a 称 (of 简称, 统称 or 称) not in the
// last match, : or ：, spaces, 新, an opening quote, one to twenty characters
// that are no quotes and a closing quote. What stands before 称 (以下,
// 简, 统) moves only where a match starts, not what it holds or where it
// ends.
func findDefs(t string, fn func(string)) {
	last := 0
	for i := 0; ; {
		k := strings.Index(t[i:], "称")
		if k < 0 {
			return
		}
		c := i + k
		i = c + len("称")
		if c < last {
			continue
		}
		p := i
		if strings.HasPrefix(t[p:], ":") {
			p++
		} else if strings.HasPrefix(t[p:], "：") {
			p += len("：")
		}
		p = skipSpace(t, p)
		// 以下简称新《条例》 (徐闻 2019) names the revised regulation.
		if strings.HasPrefix(t[p:], "新") {
			p += len("新")
		}
		r, w := utf8.DecodeRuneInString(t[p:])
		if r != '《' && r != '“' && r != '"' {
			continue
		}
		g := p + w
		e, n := g, 0
		for e < len(t) && n < 20 {
			r, w := utf8.DecodeRuneInString(t[e:])
			if isDefQuote(r) {
				break
			}
			e += w
			n++
		}
		r, w = utf8.DecodeRuneInString(t[e:])
		if n == 0 || r != '》' && r != '”' && r != '"' {
			continue
		}
		fn(t[g:e])
		last = e + w
		i = max(i, last)
	}
}

func isDefQuote(r rune) bool {
	return r == '《' || r == '》' || r == '“' || r == '”' || r == '"'
}

// defBareEnds close the short title of defBareRE; with the spaces,
// quotes and title marks they are what the title cannot hold.
const defBareEnds = "）)，,。；;"

// inDefBare reports whether r may stand in the title of defBareRE:
// [^\s，,。；;）)《》“”"].
func inDefBare(r rune) bool {
	return !strings.ContainsRune(defBareEnds+"《》“”\"", r) && !(r < utf8.RuneSelf && isSpaceByte(byte(r)))
}

// findDefBare is the title group of defBareRE.FindAllStringSubmatchIndex
// (m[2], m[3] of each match): after each 简称 not in the last match, an
// optional colon and spaces, one to twelve characters that may stand in
// a title, then one of defBareEnds or the end of the text. When that
// fails after a colon, the colon itself starts the title (the pattern's
// [:：]? gives it back).
func findDefBare(t string) [][]int {
	var out [][]int
	last := 0
	for i := 0; ; {
		k := strings.Index(t[i:], "简称")
		if k < 0 {
			return out
		}
		c := i + k
		i = c + len("简称")
		if c < last {
			continue
		}
		starts := []int{i}
		if strings.HasPrefix(t[i:], ":") {
			starts = []int{skipSpace(t, i+1), i}
		} else if strings.HasPrefix(t[i:], "：") {
			starts = []int{skipSpace(t, i+len("：")), i}
		} else {
			starts[0] = skipSpace(t, i)
		}
		for _, g := range starts {
			e, n := runOf(t, g, inDefBare)
			if n == 0 || n > 12 {
				continue
			}
			end := e
			if e < len(t) {
				r, w := utf8.DecodeRuneInString(t[e:])
				if !strings.ContainsRune(defBareEnds, r) {
					continue
				}
				end += w
			}
			out = append(out, []int{c, end, g, e})
			last = end
			break
		}
	}
}
