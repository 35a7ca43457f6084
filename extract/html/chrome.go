package html

import (
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/nianbao/nianbao/internal/lazyre"
	"github.com/nianbao/nianbao/internal/numtok"
)

// invisible reports whether n renders no report text: scripts, styles,
// form controls, embedded objects and anything hidden.
func invisible(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Head, atom.Title,
		atom.Iframe, atom.Object, atom.Embed, atom.Svg, atom.Math, atom.Select,
		atom.Button, atom.Input, atom.Textarea, atom.Canvas, atom.Video, atom.Audio,
		atom.Map, atom.Frameset, atom.Noframes:
		return true
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "style":
			s := strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
			if strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden") {
				return true
			}
		}
	}
	return false
}

// chromeClassWords are class and id words that name site chrome in the
// templates of government CMSs (TRS, 大汉, 政府网站集约化平台) and in
// general use. Only unambiguous words: "header" or "top" also wrap article
// titles.
var chromeClassWords = set("nav", "navbar", "topnav", "subnav", "menu", "breadcrumb",
	"breadcrumbs", "crumb", "crumbs", "footer", "copyright", "share", "bdshare",
	"bdsharebuttonbox", "sidebar", "toolbar")

// chrome reports whether element n is site chrome rather than content:
// navigation, page header and footer, side bars, share buttons.
func chrome(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Nav, atom.Header, atom.Footer, atom.Aside, atom.Menu:
		return true
	}
	for _, a := range n.Attr {
		if a.Key != "class" && a.Key != "id" {
			continue
		}
		for _, w := range strings.Fields(strings.ToLower(a.Val)) {
			for _, part := range strings.FieldsFunc(w, func(r rune) bool { return r == '-' || r == '_' }) {
				if chromeClassWords[part] {
					return true
				}
			}
		}
	}
	return false
}

// strongChrome phrases mark a short line as chrome on their own:
// breadcrumbs, footers, share bars and article metadata.
var strongChrome = []string{
	"当前位置", "所在位置", "现在的位置", "您的位置", "ICP备", "ICP证", "icp备", "公网安备", "网站标识码",
	"版权所有", "Copyright", "copyright", "COPYRIGHT", "©", "分享到", "主办单位", "承办单位",
	"技术支持", "发布时间", "发布日期", "浏览次数", "阅读次数", "访问次数", "点击次数", "点击数",
	"浏览量", "阅读量",
}

// chromeTables index the chrome words. They are made on first use, not
// when the package loads: every process of nianbao links this package,
// the parent and the PDF readers too, which never read a web page, and
// the 64 KiB table alone was a third of its load (inittrace).
type chromeTables struct {
	// strongByPair holds, for the first two bytes of each strong chrome
	// word (every one has at least two), the words that open with them,
	// so that hasStrongChrome compares words only where one may start,
	// and only those: the two lead bytes of a Chinese word are shared by
	// some sixty characters.
	strongByPair map[uint16][]string
	strongPairs  [1 << 16]bool // the keys of strongByPair
	weakRunes    map[rune]bool // the characters of the weak chrome words
}

var chromeTabs = sync.OnceValue(func() *chromeTables {
	t := &chromeTables{strongByPair: make(map[uint16][]string), weakRunes: make(map[rune]bool)}
	for _, w := range strongChrome {
		k := uint16(w[0])<<8 | uint16(w[1])
		t.strongByPair[k] = append(t.strongByPair[k], w)
		t.strongPairs[k] = true
	}
	for _, w := range weakChrome {
		for _, r := range w {
			t.weakRunes[r] = true
		}
	}
	return t
})

// hasStrongChrome reports whether s contains a strong chrome word: the
// loop over strings.Contains it replaces scanned the line once per word
// (3% of reading a page, measured).
func hasStrongChrome(s string) bool {
	t := chromeTabs()
	for i := 0; i+1 < len(s); i++ {
		k := uint16(s[i])<<8 | uint16(s[i+1])
		if !t.strongPairs[k] {
			continue
		}
		for _, w := range t.strongByPair[k] {
			if strings.HasPrefix(s[i:], w) {
				return true
			}
		}
	}
	return false
}

// weakChrome words are chrome only when a line holds nothing else, as in
// "【打印】【关闭】" or "字号：大 中 小"; in a sentence they are report text.
var weakChrome = sortedLongestFirst(
	"繁體中文", "繁體版", "繁体版", "繁體", "繁体", "简体版", "简体", "無障礙", "无障碍浏览",
	"无障碍", "关怀版", "长者版", "长辈版", "老年版", "适老化", "读屏", "打印本页", "打印此页",
	"打印文章", "打印", "关闭窗口", "关闭本页", "关闭", "字号", "字体", "默认", "大", "中", "小",
	"首页", "网站地图", "上一篇", "下一篇", "上一条", "下一条", "返回顶部", "返回", "收藏本页",
	"加入收藏", "设为首页", "收藏", "登录", "注册", "English", "ENGLISH", "手机版", "移动版",
	"微信", "微博", "搜索", "扫一扫", "智能问答", "纠错", "我要纠错",
)

func sortedLongestFirst(words ...string) []string {
	sort.SliceStable(words, func(i, j int) bool { return len(words[i]) > len(words[j]) })
	return words
}

// maxChromeRunes is the longest line that can be chrome; report sentences
// that mention 打印 or 无障碍 are longer.
const maxChromeRunes = 100

// chromeLine reports whether a line of text is site chrome.
func chromeLine(s string) bool {
	if utf8.RuneCountInString(s) > maxChromeRunes || strings.Contains(s, "。") {
		return false
	}
	if hasStrongChrome(s) {
		return true
	}
	weak := chromeTabs().weakRunes
	for _, r := range s {
		if !weak[r] && !unicode.IsSpace(r) && !unicode.IsPunct(r) && !unicode.IsSymbol(r) {
			return false // the common case: a character no chrome word has
		}
	}
	rest := s
	for _, w := range weakChrome {
		rest = strings.ReplaceAll(rest, w, "")
	}
	for _, r := range rest {
		if !unicode.IsSpace(r) && !unicode.IsPunct(r) && !unicode.IsSymbol(r) {
			return false
		}
	}
	return true
}

// subheadingRE matches （一） and (二), which are headings when bold.
var subheadingRE = lazyre.New(`^[（(][一二三四五六七八九十]{1,3}[)）]`)

// numberedRE matches any numbered line, which a title never is.
var numberedRE = lazyre.New(`^(?:[一二三四五六七八九十]{1,3}\s*[、.．,，]|[（(][一二三四五六七八九十0-9]{1,3}[)）]|[0-9０-９]+\s*[、.．])`)

// maxHeadingRunes bounds headings: longer numbered lines are sentences.
const maxHeadingRunes = 40

// headingLine reports whether a paragraph is a heading by its words: a
// short line opening with 一、…十、, or a bold one opening with （一）.
func headingLine(s string, bold bool) bool {
	if utf8.RuneCountInString(s) > maxHeadingRunes || strings.ContainsAny(s, "。；;") {
		return false
	}
	return numtok.Section(s) || (bold && subheadingRE.MatchString(s))
}

// titleLine reports whether s reads like the report's title,
// "<机关><年>政府信息公开工作年度报告", as opposed to a sentence or a list
// item that mentions the report.
func titleLine(s string) bool {
	n := utf8.RuneCountInString(s)
	return n >= 6 && n <= 80 && strings.Contains(s, "公开") &&
		(strings.Contains(s, "年度报告") || strings.Contains(s, "年报")) &&
		!strings.ContainsAny(s, "。，；;,") && !numberedRE.MatchString(s)
}

// bold reports whether n makes its text bold.
func bold(n *html.Node) bool {
	switch n.DataAtom {
	case atom.B, atom.Strong, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	for _, a := range n.Attr {
		if a.Key != "style" {
			continue
		}
		s := strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
		i := strings.Index(s, "font-weight:")
		if i < 0 {
			continue
		}
		v := s[i+len("font-weight:"):]
		if j := strings.IndexAny(v, ";!"); j >= 0 {
			v = v[:j]
		}
		if v == "bold" || v == "bolder" {
			return true
		}
		if w, err := strconv.Atoi(v); err == nil && w >= 600 {
			return true
		}
	}
	return false
}

// block reports whether an element starts a new line of text.
func block(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Body, atom.Caption,
		atom.Center, atom.Dd, atom.Details, atom.Dialog, atom.Dir, atom.Div, atom.Dl, atom.Dt,
		atom.Fieldset, atom.Figcaption, atom.Figure, atom.Footer, atom.Form, atom.H1, atom.H2,
		atom.H3, atom.H4, atom.H5, atom.H6, atom.Header, atom.Hgroup, atom.Hr, atom.Html,
		atom.Legend, atom.Li, atom.Main, atom.Menu, atom.Nav, atom.Ol, atom.P, atom.Pre,
		atom.Section, atom.Summary, atom.Table, atom.Tbody, atom.Td, atom.Tfoot, atom.Th,
		atom.Thead, atom.Tr, atom.Ul:
		return true
	}
	return false
}

func headingTag(a atom.Atom) bool {
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

// invisibleRunes are characters that render as nothing; CMS editors leave
// them around (&#8203; between cells, a BOM pasted mid-text), and a cell
// holding only one of them is blank.
var invisibleRunes = strings.NewReplacer("\u200b", "", "\u200c", "", "\u200d", "", "\u2060", "", "\ufeff", "", "\u00ad", "")

// visible drops invisibleRunes from s, and the line attributes annotate
// added to tags that the parser then read as text: where its guess at raw
// text and foreign content differs from the parser's, the text comes back
// as it was.
func visible(s string) string {
	if strings.Contains(s, lineAttr) {
		s = stripLineAttrs(s)
	}
	if !hasInvisible(s) {
		return s
	}
	return invisibleRunes.Replace(s)
}

// hasInvisible is strings.ContainsAny(s, "\u200b\u200c\u200d\u2060\ufeff\u00ad"),
// written out for speed: it runs on every text node, twice, and
// ContainsAny looks each rune of s up in the set (6% of reading a page,
// measured on the generated mix). In UTF-8 the lead bytes C2, E2 and EF
// never continue another sequence, so the byte patterns are found
// exactly where ContainsAny finds the characters, in valid text or not.
func hasInvisible(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 0xC2: // U+00AD
			if i+1 < len(s) && s[i+1] == 0xAD {
				return true
			}
		case 0xE2: // U+200B–U+200D, U+2060
			if i+2 < len(s) && (s[i+1] == 0x80 && s[i+2] >= 0x8B && s[i+2] <= 0x8D || s[i+1] == 0x81 && s[i+2] == 0xA0) {
				return true
			}
		case 0xEF: // U+FEFF
			if i+2 < len(s) && s[i+1] == 0xBB && s[i+2] == 0xBF {
				return true
			}
		}
	}
	return false
}

// stripLineAttrs removes every ` nianbao-line="N"` that annotate wrote.
func stripLineAttrs(s string) string {
	const open = " " + lineAttr + `="`
	var sb strings.Builder
	for {
		i := strings.Index(s, open)
		if i < 0 {
			break
		}
		j := i + len(open)
		for j < len(s) && '0' <= s[j] && s[j] <= '9' {
			j++
		}
		if j == i+len(open) || j == len(s) || s[j] != '"' {
			sb.WriteString(s[:i+1])
			s = s[i+1:]
			continue
		}
		sb.WriteString(s[:i])
		s = s[j+1:]
	}
	sb.WriteString(s)
	return sb.String()
}

// lineOf returns the source line annotate recorded on n, or 0.
func lineOf(n *html.Node) int {
	for _, a := range n.Attr {
		if a.Key == lineAttr {
			v, _ := strconv.Atoi(a.Val)
			return v
		}
	}
	return 0
}
