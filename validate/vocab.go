package validate

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/cjk"
)

// The vocabulary of the text rules: what the words of a report's prose
// say about its counts. It is data, compiled once into a longest-match
// dictionary; the rules read sentences through it and hold no phrasing of
// their own.
//
// Each word has a kind:
//   - topic: what is counted (申请, 行政复议, 规范性文件). Topic "other" names
//     things no table cell counts (建议, 提案, 政务服务事项): it ends the
//     scope of an earlier topic.
//   - attr: which count of the topic (收到, 办结, 予以公开, 结果维持, 废止).
//   - qual: a qualifier that makes a count a part of a part (自然人申请,
//     网上申请): no claim about a whole cell.
//   - cmp: a comparison with another period (上年, 同比): no claim.
//   - neg: a negation (未, 没有, 无): with no number, the count is zero.
//   - fill: words that add nothing to which count is meant (政府信息公开,
//     共, 引起的).
//
// A word's category (cat) groups the items of one enumeration (NU101): an
// outcome of a request, an outcome of a case, a case, an applicant, a
// channel, a step of the flow (received, handled, carried over). An item
// of another category than the list it follows starts a new list. Kinds of
// information (规范性文件, 建议提案, 政策解读) have no category: they are the
// items of one list of what was published.

type vkind uint8

const (
	vTopic vkind = iota + 1
	vAttr
	vQual
	vCmp
	vNeg
	vFill
)

type vocabGroup struct {
	kind  vkind
	weak  bool   // an attribute that yields to any other in the same label (答复 in 同意公开答复)
	id    string // topic or attr id
	cat   string // enumeration category
	words []string
}

var vocabulary = []vocabGroup{
	// Fields: kind, weak, id, cat, words.
	// Topics.
	{vTopic, false, "request", "", []string{"申请", "依申请", "依申请公开", "公开申请", "政府信息公开申请", "依申请公开信息", "政府信息依申请公开"}},
	{vTopic, false, "review", "case", []string{"行政复议", "复议", "申请行政复议", "提起行政复议", "申请复议", "行政复议案件"}},
	{vTopic, false, "suit", "case", []string{"行政诉讼", "诉讼", "起诉", "提起行政诉讼", "提起诉讼", "行政应诉", "行政诉讼案件"}},
	{vTopic, false, "suit_direct", "case", []string{"未经复议直接起诉", "直接起诉", "直接提起行政诉讼", "未经复议直接提起行政诉讼", "未经复议直接提起诉讼"}},
	{vTopic, false, "suit_after_review", "case", []string{"复议后起诉", "经复议后起诉", "复议后提起行政诉讼", "复议后提起诉讼", "经复议后提起行政诉讼"}},
	{vTopic, false, "normative_docs", "", []string{"规范性文件", "行政规范性文件"}},
	{vTopic, false, "regulations", "", []string{"规章", "政府规章"}},
	{vTopic, false, "other", "", []string{"建议", "提案", "议案", "信访", "咨询", "留言", "来电", "来信", "诉求", "投诉", "举报", "工单", "热线",
		"事项", "政务服务", "办件", "行政许可", "行政处罚", "行政强制", "行政复议法", "行政诉讼法", "应诉"}},

	// Attributes of requests.
	{vAttr, false, "new", "flow", []string{"收到", "新收", "受理", "接收", "接到", "新受理", "共收到", "接收到"}},
	{vAttr, false, "carried_over", "flow", []string{"上年结转", "上年度结转", "上一年度结转", "上一年结转", "结转上年", "结转上年度", "结转上一年度", "结转上一年", "上年度遗留", "上年遗留"}},
	{vAttr, false, "carried_forward", "flow", []string{"结转下年", "结转下年度", "结转至下年", "结转至下年度", "结转到下年度", "结转下一年", "结转下一年度",
		"结转至下一年度", "结转到下一年度", "转入下一年度", "转入下年度", "转下年度", "转下一年度", "下年度结转", "下一年度结转"}},
	{vAttr, false, "handled", "flow", []string{"办结", "已办结", "办理完毕", "答复完毕", "本年度办理结果"}},
	{vAttr, true, "handled", "flow", []string{"答复", "办理"}},
	{vAttr, false, "granted", "outcome", []string{"予以公开", "同意公开", "全部公开", "全部予以公开"}},
	{vAttr, false, "partly", "outcome", []string{"部分公开", "予以部分公开", "部分予以公开"}},
	{vAttr, false, "granted_or_partly", "outcome", []string{"予以公开及部分公开", "予以公开和部分公开", "予以公开或部分公开", "予以公开、部分公开",
		"予以公开（含部分公开）", "公开和部分公开", "公开及部分公开", "公开（含部分公开）",
		"全部或部分公开", "全部公开和部分公开", "全部公开及部分公开", "予以全部或部分公开", "同意公开和部分公开", "同意公开及部分公开",
		"予以公开与部分公开", "公开与部分公开"}},
	{vAttr, false, "withheld", "outcome", []string{"不予公开", "不予以公开", "不公开"}},
	{vAttr, false, "unavailable", "outcome", []string{"无法提供"}},
	{vAttr, false, "not_processed", "outcome", []string{"不予处理"}},
	{vAttr, false, "other_handling", "outcome", []string{"其他处理"}},

	// Attributes of reviews and suits.
	{vAttr, false, "upheld", "case_outcome", []string{"结果维持", "维持", "维持原"}},
	{vAttr, false, "corrected", "case_outcome", []string{"结果纠正", "纠正", "被纠错", "纠错", "败诉"}},
	{vAttr, false, "other_result", "case_outcome", []string{"其他结果"}},
	{vAttr, false, "pending", "case_outcome", []string{"尚未审结", "未审结", "正在审理", "审理中", "未结案"}},

	// Attributes of regulations and normative documents.
	// 本年制发件数 counts revised documents too (“22（其中修订 16 件）”), so 新制定
	// is 2019's 本年新制作数量 only.
	{vAttr, false, "issued", "", []string{"制发", "制定", "出台", "印发", "制定出台", "制定印发", "制定并印发", "制定并修改", "制定和修改", "制定修改"}},
	{vAttr, false, "made_new", "", []string{"新制定", "新制作", "新出台", "新印发"}},
	{vAttr, true, "published", "", []string{"主动公开", "发布", "公开发布", "新公开", "本年新公开"}},
	{vAttr, false, "total_public", "", []string{"对外公开总数", "对外公开总数量", "累计公开"}},
	{vAttr, false, "repealed", "", []string{"废止", "宣布废止", "予以废止"}},
	{vAttr, false, "in_force", "", []string{"现行有效"}},

	// Qualifiers: applicants and channels.
	{vQual, false, "", "applicant", []string{"自然人", "法人", "其他组织", "法人或其他组织", "法人和其他组织", "企业", "商业企业", "科研机构", "社会公益组织",
		"法律服务机构", "公民", "个人", "律师", "群众"}},
	{vQual, false, "", "channel", []string{"网上", "网络", "在线", "当面", "现场", "信函", "邮寄", "传真", "电子邮件", "邮箱", "网站", "门户网站", "政府网站",
		"微信", "微博", "公众号", "客户端", "新媒体", "政务新媒体", "APP", "平台", "公开栏", "报纸", "报刊", "电视", "广播", "发布会", "线上", "线下"}},
	{vQual, false, "", "", []string{"其他", "中央", "省级", "市级", "县级", "各级", "下属", "所属"}},

	{vCmp, false, "", "", []string{"上年", "去年", "上一年", "上年度", "同比", "环比", "较", "比上年", "往年", "历年", "累计", "同期"}},
	{vNeg, false, "", "", []string{"未", "没有", "无", "均未", "尚无", "暂无", "从未", "未曾", "并未", "均无"}},
	{vFill, false, "", "", []string{"政府信息公开", "政府信息", "信息公开", "政务公开", "公开", "工作", "发生", "出现", "有", "因", "由于",
		"引起的", "引起", "引发的", "产生的", "而", "的", "被", "被申请", "被提起", "提起", "提出", "任何", "相关", "过", "案件", "案", "情况",
		"情形", "件", "类", "或", "新增", "更新", "形式", "任何形式的", "涉及", "市政府", "区政府", "县政府", "省政府", "市政府办公厅",
		"区政府办公室", "复议机关", "复议审查机关", "该", "本机关", "本单位", "本部门", "本年度", "年度", "全年", "本年", "今年", "共", "共计", "合计", "总计", "总数",
		"计", "数量", "数", "为", "是", "达", "和", "及", "以及", "与", "其中", "分别", "分别为", "均", "都", "也", "新", "行政", "政府",
		"继续办理", "共有", "一共", "依法", "已", "并", "总体", "方面", "针对本机关的", "针对"}},
}

// A vword is one word of the vocabulary.
type vword struct {
	kind  vkind
	weak  bool
	id    string
	cat   string
	word  string
	runes int  // the word's length in runes
	paren bool // it holds ( or ): a full-width bracket of the text folds to it
}

// A token is a vocabulary word found in a text.
type token struct {
	*vword
	Start, End int // byte offsets
}

// vocabTables index the vocabulary. byFirst lists, by their first
// rune, the words (brackets folded) longest first: tokenize tries at each
// offset only the words that start with the rune there, and first, a rune
// set of the keys, passes over at once the many runes that start none.
// They are built on first use, not at load, which the reader processes
// that never validate paid as well.
type vocabTables struct {
	index   map[string]*vword
	byFirst map[rune][]*vword
	first   runeSet
	// negs matches the negation words: a text without one has no token
	// of one (zeroClaims).
	negs *words
}

// The words are counted first, so that they are one array, the index is
// sized once and byFirst's lists are cut from one array sorted by first
// rune (stably: each list keeps the vocabulary's order before it is
// sorted longest first): appending word by word made a cold check's first
// validation allocate 100 KB here, mostly outgrown tables.
var vocab = sync.OnceValue(func() *vocabTables {
	n := 0
	for _, g := range vocabulary {
		n += len(g.words)
	}
	words := make([]vword, 0, n)
	t := &vocabTables{index: make(map[string]*vword, n)}
	for _, g := range vocabulary {
		for _, w := range g.words {
			if strings.ContainsAny(w, "（）") {
				w = foldProse(w)
			}
			if _, dup := t.index[w]; dup {
				panic("validate: vocabulary word listed twice: " + w)
			}
			words = append(words, vword{kind: g.kind, weak: g.weak, id: g.id, cat: g.cat, word: w, runes: utf8.RuneCountInString(w), paren: strings.ContainsAny(w, "()")})
			v := &words[len(words)-1]
			t.index[w] = v
			first, _ := utf8.DecodeRuneInString(w)
			t.first.add(first)
		}
	}
	byFirst := make([]*vword, len(words))
	for i := range words {
		byFirst[i] = &words[i]
	}
	firstOf := func(v *vword) rune { r, _ := utf8.DecodeRuneInString(v.word); return r }
	slices.SortStableFunc(byFirst, func(a, b *vword) int { return cmp.Compare(firstOf(a), firstOf(b)) })
	lists := 0
	for i := range byFirst {
		if i == 0 || firstOf(byFirst[i]) != firstOf(byFirst[i-1]) {
			lists++
		}
	}
	t.byFirst = make(map[rune][]*vword, lists)
	for i := 0; i < len(byFirst); {
		r := firstOf(byFirst[i])
		e := i + 1
		for e < len(byFirst) && firstOf(byFirst[e]) == r {
			e++
		}
		t.byFirst[r] = byFirst[i:e:e]
		i = e
	}
	var negs []string
	for _, g := range vocabulary {
		if g.kind == vNeg {
			for _, w := range g.words {
				if strings.ContainsAny(w, "()（）") {
					panic("validate: a negation word with a bracket, which a text may hold folded: " + w)
				}
				negs = append(negs, w)
			}
		}
	}
	t.negs = newWords(negs...)
	for _, list := range t.byFirst {
		sort.SliceStable(list, func(i, j int) bool { return list[i].runes > list[j].runes })
	}
	return t
})

// foldProse maps full-width brackets to ASCII ones, so that the
// vocabulary lists one form.
func foldProse(s string) string { return bracketFolder.Replace(s) }

var bracketFolder = strings.NewReplacer("（", "(", "）", ")")

// foldRune is foldProse for one rune.
func foldRune(r rune) rune {
	switch r {
	case '（':
		return '('
	case '）':
		return ')'
	}
	return r
}

// tokenize finds the vocabulary words of text, leftmost longest: at each
// offset the longest word whose runes, brackets folded, are the text's
// there.
func tokenize(text string) []token {
	var out []token
	vt := vocab()
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			if r = cjk.Fast3(text[i:]); r >= 0 {
				size = 3
			} else {
				r, size = utf8.DecodeRuneInString(text[i:])
			}
		}
		r = foldRune(r)
		if !vt.first.has(r) {
			i += size
			continue
		}
		end := -1
		for _, v := range vt.byFirst[r] {
			if end = v.prefixOf(text[i:]); end >= 0 {
				if out == nil {
					// Room for the few words a sentence holds, rather
					// than growing through 1, 2 and 4.
					out = make([]token, 0, 8)
				}
				out = append(out, token{vword: v, Start: i, End: i + end})
				i += end
				break
			}
		}
		if end < 0 {
			i += size
		}
	}
	return out
}

// prefixOf returns the length of the start of s that is the word with
// brackets folded, or -1.
func (v *vword) prefixOf(s string) int {
	if !v.paren {
		// Folding changes only brackets, which the word does not hold.
		// tokenize asks only the words whose first rune is s's, most of
		// which differ at their last byte, the last of a character, which
		// varies most: that one byte is read first.
		if n := len(v.word) - 1; len(s) <= n || s[n] != v.word[n] {
			return -1
		}
		if strings.HasPrefix(s, v.word) {
			return len(v.word)
		}
		return -1
	}
	// A ( or ) of the word is either bracket in s.
	j := 0
	for _, w := range v.word {
		r, n := utf8.DecodeRuneInString(s[j:])
		if n == 0 || foldRune(r) != w {
			return -1
		}
		j += n
	}
	return j
}

// tokensIn returns the tokens inside [from, to).
func tokensIn(toks []token, from, to int) []token {
	i := sort.Search(len(toks), func(i int) bool { return toks[i].Start >= from })
	j := i
	for j < len(toks) && toks[j].End <= to {
		j++
	}
	return toks[i:j]
}

// catRank orders the enumeration categories: a label with words of two
// categories belongs to the first (自然人申请 is an applicant, 申请行政复议 a
// case).
var catRank = []string{"case_outcome", "outcome", "applicant", "channel", "flow", "case"}

// category returns the enumeration category of a label's tokens, or "".
func category(toks []token) string {
	best := len(catRank)
	for _, t := range toks {
		for i, c := range catRank {
			if t.cat == c && i < best {
				best = i
			}
		}
	}
	if best == len(catRank) {
		return ""
	}
	return catRank[best]
}
