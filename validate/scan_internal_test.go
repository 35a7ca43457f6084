package validate

import (
	"encoding/json"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"

	"github.com/nianbao/nianbao/extract"
)

// sameAs checks a hand-written matcher against the pattern it stands for
// (scan.go): got(text) must equal want(text) on the prose of the rules'
// test cases and on random strings of pieces, which should hold the
// pattern's words, their parts and their neighbours.
func sameAs[T any](t *testing.T, name string, pieces []string, got, want func(string) T) {
	t.Helper()
	texts := []string{"", "无", "\xff", "a"}
	// The real sentences of testdata/real.
	if src, err := os.ReadFile("testdata/real/sentences.jsonl"); err == nil {
		for _, line := range strings.Split(string(src), "\n") {
			var s struct{ Text string }
			if json.Unmarshal([]byte(line), &s) == nil && s.Text != "" {
				texts = append(texts, s.Text)
			}
		}
	}
	for _, g := range []string{"testdata/rules/*.txtar", "testdata/real/tx/*.txtar", "testdata/real/*.txt", "../corpus/testdata/corpus/*.txt", "../corpus/testdata/corpus/*.md"} {
		files, _ := filepath.Glob(g)
		for _, f := range files {
			if src, err := os.ReadFile(f); err == nil {
				texts = append(texts, string(src))
				for _, line := range strings.Split(string(src), "\n") {
					texts = append(texts, line)
				}
			}
		}
	}
	common := []string{" ", "\t", "\n", "，", "。", "、", "（", "）", "(", ")", "1", "23", "2021", "的", "年", "\xe5", "\x80", "x"}
	rng := rand.New(rand.NewSource(1))
	for range 30000 {
		var sb strings.Builder
		for n := rng.Intn(12); n >= 0; n-- {
			if rng.Intn(5) == 0 {
				sb.WriteString(common[rng.Intn(len(common))])
			} else {
				sb.WriteString(pieces[rng.Intn(len(pieces))])
			}
		}
		texts = append(texts, sb.String())
	}
	hits := 0
	for _, text := range texts {
		g, w := got(text), want(text)
		if !reflect.DeepEqual(g, w) {
			t.Fatalf("%s on %q:\ngot  %v\nwant %v", name, text, g, w)
		}
		if v := reflect.ValueOf(w); !v.IsZero() && (v.Kind() != reflect.Slice || v.Len() > 0) {
			hits++
		}
	}
	t.Logf("%s: %d of %d texts match", name, hits, len(texts))
}

func allIndex(re interface{ FindAllStringIndex(string, int) [][]int }) func(string) [][]int {
	return func(s string) [][]int { return re.FindAllStringIndex(s, -1) }
}

func allSubmatchIndex(re interface{ FindAllStringSubmatchIndex(string, int) [][]int }) func(string) [][]int {
	return func(s string) [][]int { return re.FindAllStringSubmatchIndex(s, -1) }
}

func matches(re interface{ MatchString(string) bool }) func(string) bool { return re.MatchString }

func TestScanners(t *testing.T) {
	sameAs(t, "findScopes", []string{"其中", "其", "中", "主要", "包括", "包含", "有", "含", "是", "为", "分别", "分", "别", "主要包括", "（含", "( 含"},
		findScopes, allIndex(scopeRE))
	sameAs(t, "endsWithWord delta", append(append([]string{}, deltaBefore...), "加", "了", "高"),
		func(s string) bool { return endsWithWord(s, deltaBefore) }, matches(regexp.MustCompile(`(?:增加|增长|减少|下降|上升|提高|降低|增|减|多|少|多出|高出|减少了|增加了|增长了|下降了)\s*$`)))
	sameAs(t, "endsWithWord approx", append([]string{"过", "达", "足"}, approxBefore...),
		func(s string) bool { return endsWithWord(s, approxBefore) }, matches(regexp.MustCompile(`(?:约|近|逾|超过|超|多达|将近|大约|不足|不到)\s*$`)))
	sameAs(t, "startsWithWord duration", append([]string{"工作", "星", "百分"}, durationAfter...),
		func(s string) bool { return startsWithWord(s, durationAfter) }, matches(regexp.MustCompile(`^\s*(?:月|工作日|小时|日|天|年|周|星期|百分点|季度)`)))
	sameAs(t, "startsWithWord approx", append([]string{"以", "左", "上"}, approxAfter...),
		func(s string) bool { return startsWithWord(s, approxAfter) }, matches(regexp.MustCompile(`^\s*(?:以上|左右|上下|余)`)))
}

func TestScanners_TX(t *testing.T) {
	sameAs(t, "findDeDi", append(append([]string{"的", "及", "时", "地"}, deAdverbs...), deVerbs...), findDeDi, allSubmatchIndex(deForDi))
}

func TestScanners_Citations(t *testing.T) {
	sameAs(t, "findStateName misnamed", []string{"中华人民共和国", "政府信息公开工作条例", "政府信息公开条例", "中华人民共和国政府信息公开工作条例", "共和国", "工作"},
		func(s string) [][]int { return stateNames(&passage{text: s}, "政府信息公开工作条例") }, allIndex(misnamedRE))
	sameAs(t, "findStateName regulation", []string{"中华人民共和国", "政府信息公开工作条例", "政府信息公开条例", "中华人民共和国政府信息公开条例", "共和国", "条例"},
		func(s string) [][]int { return stateNames(&passage{text: s}, "政府信息公开条例") }, allIndex(bareRegRE))
	bare := regexp.MustCompile(`(?:按照|依照|根据|依据|贯彻|学习|执行|落实|遵守|违反|和|及)$`)
	sameAs(t, "bareLawBefore", append([]string{"按", "照", "保密法"}, bareLawBefore().list...), bareLawBefore().hasSuffix, matches(bare))
	// numberPattern needs every rune of numberMask.
	for _, c := range mustTX().canon {
		if c.Number == "" {
			continue
		}
		for _, v := range []string{c.Number, strings.ReplaceAll(c.Number, "〔", "["), strings.ReplaceAll(c.Number, "第", "")} {
			ps := &passage{text: "见" + v + "。"}
			assert.True(t, numberPattern(c.Number).MatchString(ps.text) && ps.mayHoldMask(c.numberMask), v)
		}
	}
}

func TestScanners_Guards(t *testing.T) {
	sameAs(t, "findLoss", []string{"日", "1", "12", "2021", "11", "月", "123456789"}, findLoss, func(s string) []int { return lossRE.FindStringIndex(s) })
}

// bracketDepthsArray is what bracketDepths gave before it kept only the
// changes: a depth for every offset.
func bracketDepthsArray(text string) []depthAt {
	out := make([]depthAt, len(text)+1)
	var d depthAt
	for i, r := range text {
		switch r {
		case '》', '〕', '】', '”', '」', '］':
			d.title = max(d.title-1, 0)
		case '）', ')':
			d.paren = max(d.paren-1, 0)
		}
		for j := i; j < i+utf8.RuneLen(r); j++ {
			out[j] = d
		}
		switch r {
		case '《', '〔', '【', '“', '「', '［':
			d.title++
		case '（', '(':
			d.paren++
		}
	}
	out[len(text)] = d
	return out
}

func TestBracketDepths(t *testing.T) {
	sameAs(t, "bracketDepths", []string{"《", "》", "〔", "〕", "【", "】", "“", "”", "「", "」", "［", "］", "（", "）", "(", ")", "含"},
		func(s string) []depthAt {
			if !utf8.ValidString(s) {
				return nil // the array ran past its end on a bad last byte
			}
			d := bracketDepths(s)
			out := make([]depthAt, len(s)+1)
			for i := range out {
				out[i] = d.at(i)
			}
			return out
		}, func(s string) []depthAt {
			if !utf8.ValidString(s) {
				return nil
			}
			return bracketDepthsArray(s)
		})
}

// tokenizeByMap is what tokenize was before it read words by their first
// rune: at each rune, the longest window of runes that is a word once its
// brackets are folded.
func tokenizeByMap(text string) []token {
	maxLen := 0
	for w := range vocab().index {
		maxLen = max(maxLen, utf8.RuneCountInString(w))
	}
	var out []token
	var starts []int
	for i := range text {
		starts = append(starts, i)
	}
	starts = append(starts, len(text))
	for k := 0; k < len(starts)-1; {
		found := false
		for n := min(maxLen, len(starts)-1-k); n >= 1; n-- {
			if v, ok := vocab().index[foldProse(text[starts[k]:starts[k+n]])]; ok {
				out = append(out, token{vword: v, Start: starts[k], End: starts[k+n]})
				k += n
				found = true
				break
			}
		}
		if !found {
			k++
		}
	}
	return out
}

func TestTokenize(t *testing.T) {
	var pieces []string
	for w := range vocab().index {
		pieces = append(pieces, w, strings.NewReplacer("(", "（", ")", "）").Replace(w))
		rs := []rune(w)
		pieces = append(pieces, string(rs[:len(rs)/2+1]))
	}
	sort.Strings(pieces)
	sameAs(t, "tokenize", pieces, tokenize, tokenizeByMap)
}

// onValid is find on valid UTF-8 and nothing elsewhere, where the rules
// run the regexp instead (scanIf).
func onValid(find func(string) [][]int) func(string) [][]int {
	return func(s string) [][]int {
		if !utf8.ValidString(s) {
			return nil
		}
		return find(s)
	}
}

func TestScanners_Missing(t *testing.T) {
	sameAs(t, "findYearNoNian", append([]string{"19", "20", "2023", "1999", "20231", "年", "上半", "半年", "全", "以"}, yearSuffix().list...), findYearNoNian, allSubmatchIndex(yearNoNian))
	sameAs(t, "findDayNoRi", append([]string{"月", "1", "12", "123", "5", "31", "以", "之"}, dayEnd().list...), findDayNoRi, allSubmatchIndex(dayNoRi))
	sameAs(t, "findYearHyphen", []string{"2019", "2020", "1999", "-", "201", "9", "20192020"}, findYearHyphen, allSubmatchIndex(yearHyphen))
	zero := []string{"年", "二", "〇", "零", "○", "0", "O", "o", "Ο", "一九", "二〇二一", "2", "十"}
	sameAs(t, "findZeroInHan", zero, onValid(findZeroInHan), onValid(allIndex(zeroInHan)))
	doc := []string{"湘政发", "国办函", "文", "〔", "〕", "[", "]", "【", "】", "［", "］", "﹝", "﹞", "(", ")", "（", "）", "2019", "19", "12345", "字", "第", "号", "0", "033", "一二三四五六七八九十一二"}
	sameAs(t, "findDocNo", doc, onValid(findDocNo), onValid(allSubmatchIndex(docNoRE)))
	hasUnitDun := regexp.MustCompile(`(?:条|件|项|个|篇)、`)
	sameAs(t, "unitDun", []string{"条", "件", "、", "项、", "个"}, unitDun().has, matches(hasUnitDun))
	// unitDun is needed by countNoNum.
	sameAs(t, "countNoNum needs unitDun", []string{"条", "件", "、", "项、", "个", "政", "12", "3件"},
		func(s string) bool { return countNoNum.MatchString(s) && !unitDun().has(s) }, func(string) bool { return false })
}

// sameOnGrammar is sameAs on strings that gen makes, which follow the
// pattern's structure with each part sometimes right and sometimes not.
func sameOnGrammar[T any](t *testing.T, name string, gen func(pick func(...string) string) string, got, want func(string) T) {
	t.Helper()
	rng := rand.New(rand.NewSource(2))
	pick := func(alts ...string) string { return alts[rng.Intn(len(alts))] }
	hits := 0
	for range 50000 {
		var sb strings.Builder
		for n := rng.Intn(3); n >= 0; n-- {
			sb.WriteString(gen(pick))
		}
		text := sb.String()
		g, w := got(text), want(text)
		if !reflect.DeepEqual(g, w) {
			t.Fatalf("%s on %q:\ngot  %v\nwant %v", name, text, g, w)
		}
		if v := reflect.ValueOf(w); !v.IsZero() && (v.Kind() != reflect.Slice || v.Len() > 0) {
			hits++
		}
	}
	t.Logf("%s: %d texts match", name, hits)
}

func TestScanners_Grammar(t *testing.T) {
	han := func(pick func(...string) string) string {
		return pick("", "政", "湘政发", "国办公开办函", "一二三四五六七八九十一二三", "文号", "按照湘政发", "a", "1", "号")
	}
	sp := func(pick func(...string) string) string { return pick("", "", " ", "\t", "  ") }
	digits := func(pick func(...string) string) string { return pick("", "1", "19", "2019", "20210", "033", "0") }
	sameOnGrammar(t, "findDocNo", func(pick func(...string) string) string {
		return han(pick) + pick("〔", "[", "【", "［", "﹝", "(", "（", "〕", "x", "") + sp(pick) + digits(pick) + sp(pick) +
			pick("〕", "]", "】", "］", "﹞", ")", "）", "〔", "") + sp(pick) + pick("", "字", "第", "字第", "第字") + sp(pick) + digits(pick) + sp(pick) + pick("号", "号", "", "x")
	}, onValid(findDocNo), onValid(allSubmatchIndex(docNoRE)))
	sameOnGrammar(t, "findDayNoRi", func(pick func(...string) string) string {
		return pick("", "至", "1", "a", "\n") + digits(pick) + pick("月", "月", "日") + digits(pick) + pick(append([]string{"", "日", "x"}, dayEnd().list...)...)
	}, findDayNoRi, allSubmatchIndex(dayNoRi))
	sameOnGrammar(t, "findYearNoNian", func(pick func(...string) string) string {
		return pick("", "至", "1", "a", "\n") + digits(pick) + pick(append([]string{"", "年", "x"}, yearSuffix().list...)...)
	}, findYearNoNian, allSubmatchIndex(yearNoNian))
	sameOnGrammar(t, "findDeDi", func(pick func(...string) string) string {
		return pick(append([]string{"", "的", "及"}, deAdverbs...)...) + pick("的", "的", "地", "") + pick(append([]string{"", "的"}, deVerbs...)...)
	}, findDeDi, allSubmatchIndex(deForDi))
	sameOnGrammar(t, "findZeroInHan", func(pick func(...string) string) string {
		return pick("", "二", "〇", "零", "○", "0", "O", "o", "Ο", "x") + pick("", "二", "〇", "零", "○", "0", "O", "o", "Ο", "一") +
			pick("", "二", "〇", "零", "○", "0", "O", "o", "Ο", "一") + pick("", "二", "〇", "零", "○", "0", "年") + pick("年", "年", "")
	}, onValid(findZeroInHan), onValid(allIndex(zeroInHan)))
	sameOnGrammar(t, "findCounts", func(pick func(...string) string) string {
		return pick("", "约", "第", "增加", " ") + pick("1", "1,234", "12,34", "1,234,567", "12345", "0") + pick("", ".5", ".", ".05") + sp(pick) + pick("", "万", "千") + sp(pick) +
			pick("", "余", "多") + sp(pick) + pick("件", "人次", "人", "条", "x", "") + pick("", "以上", "%", "个月")
	}, findCounts, allSubmatchIndex(countRE))
}

func TestScanners_Headings(t *testing.T) {
	parts := []string{"一", "二十", "十一", "、", "．", ".", "（", "(", "）", ")", "1", "12", "123", "第", "章", "节", "部分", "条", "款", "x"}
	sameAs(t, "isHeadingStart", parts, isHeadingStart, matches(headingStart))
	sameAs(t, "findOrdinalComma", parts, findOrdinalComma, func(s string) []int { return ordinalComma.FindStringIndex(s) })
	sameAs(t, "findArabicDun", parts, findArabicDun, func(s string) []int { return arabicDun.FindStringIndex(s) })
	sameAs(t, "endsWithHanOrDigit", parts, endsWithHanOrDigit, matches(endsWithoutStop))
	sameAs(t, "isShortTitle", append([]string{"新", "新新", "条", "例"}, shortKinds...), isShortTitle, matches(shortTitleRE))
	sameAs(t, "bareDocKind", append([]string{"新", "条", "例", "法规"}, bareDocKind().list...), bareDocKind().hasSuffix,
		matches(regexp.MustCompile(`(?:条例|办法|规定|通知|意见|指南|方案|细则|决定|格式|法)$`)))
	sameAs(t, "findDunBetweenTitles", []string{"》", "”", "、", "《", "“", "》、《", "”、“", "、、"}, findDunBetweenTitles, allIndex(dunBetweenTitles))
	sameAs(t, "bracketInner", []string{"(", "（", ")", "）", "含", "上年", " ", "\t", "5件"},
		func(s string) []int {
			a, b, ok := bracketInner(s)
			if !ok {
				return nil
			}
			return []int{a, b}
		}, func(s string) []int {
			m := bracketAfter.FindStringSubmatchIndex(s)
			if m == nil {
				return nil
			}
			return m[2:4]
		})
}

func TestScanners_NarrativeYear(t *testing.T) {
	sameOnGrammar(t, "findNarrativeYear", func(pick func(...string) string) string {
		return pick("", "。", "；", "！", "？", " ", "\n", "\t", "x", "1", "，") + pick("2022", "202", "20221", "1999", "") + pick("", " ", "  ") + pick("年", "年度", "年", "") +
			pick("", " ", "\t") + pick(append([]string{"", "本", "我", "度", "x"}, yearWords().list...)...)
	}, findNarrativeYear, allSubmatchIndex(narrativeYear))
}

func TestScanners_HeadingGrammar(t *testing.T) {
	gen := func(pick func(...string) string) string {
		return pick("", "（", "(", "第", "x") + pick("", "一", "二十", "十一", "1", "12", "123", "一1") + pick("、", "．", ".", "）", ")", "章", "节", "部分", "分", "条", "") + pick("", "、", "x", "。")
	}
	sameOnGrammar(t, "isHeadingStart", gen, isHeadingStart, matches(headingStart))
	sameOnGrammar(t, "findOrdinalComma", gen, findOrdinalComma, func(s string) []int { return ordinalComma.FindStringIndex(s) })
	sameOnGrammar(t, "findArabicDun", gen, findArabicDun, func(s string) []int { return arabicDun.FindStringIndex(s) })
}

func TestIsPairMark(t *testing.T) {
	for r := rune(0); r < 0x10000; r++ {
		_, closes := pairs[r]
		if isPairMark(r) != (closes || strings.ContainsRune(openMarks, r)) {
			t.Fatalf("%q", r)
		}
	}
}

func TestRuneIndex(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	alphabet := []rune("政府信息公开主动依申请的了")
	ids := map[rune]int32{'政': 0, '府': 1, '信': 2, '公': 3}
	var set runeSet
	for r := range ids {
		set.add(r)
	}
	var x runeIndex
	for range 20000 {
		rs := make([]rune, rng.Intn(30))
		for i := range rs {
			rs[i] = alphabet[rng.Intn(len(alphabet))]
		}
		x.build(rs, ids, &set)
		for _, pair := range [][2]rune{{'政', '府'}, {'信', '政'}, {'公', 0}, {'府', '府'}} {
			id1 := int32(-1)
			if pair[1] != 0 {
				id1 = ids[pair[1]]
			}
			var want []int
			for k := range rs {
				if rs[k] == pair[0] || pair[1] != 0 && k+1 < len(rs) && rs[k+1] == pair[1] {
					want = append(want, k)
				}
			}
			if got := x.starts(nil, ids[pair[0]], id1); !reflect.DeepEqual(got, want) {
				t.Fatalf("%q %q: got %v, want %v", string(rs), string(pair[:]), got, want)
			}
		}
	}
}

func TestCharSet(t *testing.T) {
	for _, set := range []*charSet{sentenceEnds, clauseEnds, itemEnds, fullStops, listMarks} {
		parts := []string{"。", "！", "？", "!", "?", "\n", "；", ";", "，", ",", "：", ":", "、", "的", "a", "\xe3", "\x80", "\xe3\x80", "\xef\xbc"}
		sameAs(t, "index "+set.src, parts, set.index, func(s string) int { return strings.IndexAny(s, set.src) })
		sameAs(t, "lastIndex "+set.src, parts, set.lastIndex, func(s string) int { return strings.LastIndexAny(s, set.src) })
	}
}

func TestScanners_Defs(t *testing.T) {
	defs := func(s string) []string {
		var out []string
		findDefs(s, func(x string) { out = append(out, x) })
		return out
	}
	re := func(s string) []string {
		var out []string
		for _, m := range defRE.FindAllStringSubmatch(s, -1) {
			out = append(out, m[1])
		}
		return out
	}
	sameOnGrammar(t, "findDefs", func(pick func(...string) string) string {
		return pick("", "以下", "下文", "下", "x") + pick("简称", "称", "统称", "简", "") + pick("", ":", "：", "：：") + pick("", " ", "\t") + pick("", "新", "新新") +
			pick("《", "“", "\"", "「", "") + pick("条例", "", "办法简称《条例》", "一二三四五六七八九十一二三四五六七八九十", "一二三四五六七八九十一二三四五六七八九", "称", "《") +
			pick("》", "”", "\"", "", "）")
	}, defs, re)
}

func TestScanners_DefBare(t *testing.T) {
	groups := func(find func(string) [][]int) func(string) [][]int {
		return func(s string) [][]int {
			var out [][]int
			for _, m := range find(s) {
				out = append(out, m[2:4])
			}
			return out
		}
	}
	sameOnGrammar(t, "findDefBare", func(pick func(...string) string) string {
		return pick("", "以下", "下文", "下", "x", "简") + pick("简称", "简称", "称", "") + pick("", ":", "：", "::") + pick("", " ", "\t ") +
			pick("条例", "", "《条例》", "一二三四五六七八九十一二", "一二三四五六七八九十一二三", "a b", ":", "简称") + pick("）", ")", "，", "。", "；", ";", "", " ", "《", "x")
	}, onValid(groups(findDefBare)), onValid(groups(allSubmatchIndex(defBareRE))))
}

func TestScanners_Enumerations(t *testing.T) {
	parts := []string{"包括", "包含", "主要", "有", "含", "其他", "其它", "其余", "剩余", "余下", "另有", "……", "…", "例如", "比如", "等", ".", "...", "）", ")", " ", "包", "主"}
	sameAs(t, "partialScope", parts, func(s string) bool { return containsAnyOf(s, "包括", "包含", "主要", "有", "含") }, matches(partialScope))
	sameAs(t, "partialWords", parts, func(s string) bool { return containsAnyOf(s, "……", "例如", "比如") }, matches(partialWords))
	sameAs(t, "otherItem", parts, func(s string) bool {
		return containsAnyOf(s, "其他", "其它", "其余", "剩余", "余下", "另有")
	}, matches(otherItem))
	sameAs(t, "partialTail", parts, hasPartialTail, matches(partialTail))
}

func TestCharSet_Marks(t *testing.T) {
	parts := []string{"。", "，", "；", ",", ";", "的", "a", "\xe3", "\xef\xbc", "\x80"}
	sameAs(t, "sentenceMarks", parts, sentenceMarks.index, func(s string) int { return strings.IndexAny(s, "，。；,;") })
}

// subtractFirst is subtract as first written: a new list for every cut.
func subtractFirst(s extract.Span, cut []extract.Span) []extract.Span {
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
	return out
}

// TestSubtract_SameAsFirstWritten: over every span and every pair of cuts
// within a short text, empty ones and overlapping ones included, subtract
// gives what it first gave, after what dst held.
func TestSubtract_SameAsFirstWritten(t *testing.T) {
	const n = 7
	var spans []extract.Span
	for a := 0; a <= n; a++ {
		for b := a; b <= n; b++ {
			spans = append(spans, extract.Span{Start: a, End: b})
		}
	}
	dst := []extract.Span{{Start: 100, End: 101}}
	for _, s := range spans {
		for _, c1 := range spans {
			for _, c2 := range spans {
				for _, cut := range [][]extract.Span{nil, {c1}, {c1, c2}} {
					want := append([]extract.Span{{Start: 100, End: 101}}, subtractFirst(s, cut)...)
					if got := subtract(dst[:1], s, cut); !reflect.DeepEqual(got, want) {
						t.Fatalf("subtract(%v, %v) = %v, want %v", s, cut, got[1:], want[1:])
					}
				}
			}
		}
	}
}

// TestNormTitle_SameAsReplacer: normTitle gives what titleNorm gives, on
// every line of the real reports, every title they cite, random strings
// of the marks and text that is not valid UTF-8.
func TestNormTitle_SameAsReplacer(t *testing.T) {
	files, err := filepath.Glob("../corpus/testdata/corpus/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatal("no real reports", err)
	}
	var texts []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(b), "\n") {
			texts = append(texts, l)
			for _, part := range strings.Split(l, "《") {
				texts = append(texts, part)
			}
		}
	}
	pieces := []string{"〈", "〉", "<", ">", "《", "》", "“", "”", "\"", " ", "\u3000", "\n", "(", ")", "（", "）", "条例", "a", "\xe3", "\x80", "\xe3\x80"}
	rng := rand.New(rand.NewSource(1))
	for range 20000 {
		var sb strings.Builder
		for range rng.Intn(6) {
			sb.WriteString(pieces[rng.Intn(len(pieces))])
		}
		texts = append(texts, sb.String())
	}
	for _, s := range texts {
		if got, want := normTitle(s), titleNorm.Replace(s); got != want {
			t.Fatalf("normTitle(%q) = %q, want %q", s, got, want)
		}
	}
}
