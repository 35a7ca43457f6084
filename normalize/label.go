package normalize

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/cjk"
	"github.com/nianbao/nianbao/internal/lazyre"
)

// numbering matches the numbering printed before labels and headings:
// 一、 （一） (一) 1. 1、 and the like, possibly with spaces inside.
// numberingEnd reads it; the pattern stays as its specification, and the
// test that holds the two equal on real and generated lines.
var numbering = lazyre.New(`^\s*(?:[（(]\s*[一二三四五六七八九十0-9]{1,3}\s*[)）]|[一二三四五六七八九十]{1,3}\s*[、.．,，]|[0-9]{1,2}\s*[、.．,，])\s*`)

// StripNumbering removes leading numbering (repeatedly, for 三、（一）) and
// returns the rest and the numbering removed.
func StripNumbering(s string) (rest, num string) {
	rest = s
	for {
		n := numberingEnd(rest)
		if n == 0 {
			break
		}
		num += rest[:n]
		rest = rest[n:]
	}
	if strings.ContainsFunc(num, unicode.IsSpace) {
		num = strings.Join(strings.Fields(num), "")
	}
	return rest, num
}

// numberingEnd is where the numbering at the start of s ends, 0 when s
// does not start with numbering: what numbering matches. It is written
// out because the regexp ran on every label and heading of every report
// and cost a tenth of normalizing one (profile of the generated mix);
// every part of the pattern is a run of one class that the next part
// cannot start with, so reading it needs no backtracking.
func numberingEnd(s string) int {
	i := skipSpace(s, 0)
	r, n := utf8.DecodeRuneInString(s[i:])
	switch {
	case r == '（' || r == '(':
		i = skipSpace(s, i+n)
		j := skipRun(s, i, func(r rune) bool { return isChineseNumeral(r) || r >= '0' && r <= '9' })
		if j < 0 {
			return 0
		}
		i = skipSpace(s, j)
		r, n = utf8.DecodeRuneInString(s[i:])
		if r != ')' && r != '）' {
			return 0
		}
	case isChineseNumeral(r):
		j := skipRun(s, i, isChineseNumeral)
		if j < 0 || !numberingStop(s, &j) {
			return 0
		}
		return skipSpace(s, j)
	case r >= '0' && r <= '9':
		j := skipRun(s, i, func(r rune) bool { return r >= '0' && r <= '9' })
		if j < 0 || j-i > 2 || !numberingStop(s, &j) {
			return 0
		}
		return skipSpace(s, j)
	default:
		return 0
	}
	return skipSpace(s, i+n)
}

// numberingStop reads, at *i, the spaces and the 、 . ． , ， that end a
// number, and moves *i past them.
func numberingStop(s string, i *int) bool {
	j := skipSpace(s, *i)
	r, n := utf8.DecodeRuneInString(s[j:])
	switch r {
	case '、', '.', '．', ',', '，':
		*i = j + n
		return true
	}
	return false
}

// skipRun returns the end of the run of 1 to 3 runes of class at s[i:],
// or -1 when there is none or it is longer.
func skipRun(s string, i int, class func(rune) bool) int {
	for k := 0; ; k++ {
		r, n := utf8.DecodeRuneInString(s[i:])
		if n == 0 || !class(r) {
			if k == 0 {
				return -1
			}
			return i
		}
		if k == 3 {
			return -1
		}
		i += n
	}
}

// skipSpace skips what \s matches: ASCII white space.
func skipSpace(s string, i int) int {
	for i < len(s) {
		switch s[i] {
		case ' ', '\t', '\n', '\f', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// runesAtMost is utf8.RuneCountInString(s) <= n without counting the
// whole of a long paragraph: the stages ask it of every block, and a
// rune is 1 to 4 bytes, so most texts are settled by their length.
func runesAtMost(s string, n int) bool {
	if len(s) <= n {
		return true
	}
	if len(s) > 4*n {
		return false
	}
	k := 0
	for range s {
		if k++; k > n {
			return false
		}
	}
	return true
}

func isChineseNumeral(r rune) bool {
	switch r {
	case '一', '二', '三', '四', '五', '六', '七', '八', '九', '十':
		return true
	}
	return false
}

// Fold reduces a label to what matters for matching: traditional
// characters mapped to simplified ones, and only Han characters and digits
// kept (template labels have no Latin letters; mirrors insert pinyin such
// as 主動(dòng)). Spaces inside words, full- or half-width punctuation
// and quotes, all common damage, then no longer count.
func Fold(s string) string {
	// Most labels are already folded: they are returned as they are, and
	// the others copied from their first change on, in one pass.
	for i, r := range s {
		if r >= '0' && r <= '9' || cjk.IsHan(r) && simplify(r) == r {
			continue
		}
		var sb strings.Builder
		sb.Grow(len(s))
		sb.WriteString(s[:i])
		for _, r := range s[i:] {
			r = simplify(r)
			switch {
			case r >= '０' && r <= '９':
				sb.WriteRune(r - 0xFEE0)
			case cjk.IsHan(r), r >= '0' && r <= '9':
				sb.WriteRune(r)
			}
		}
		return sb.String()
	}
	return s
}

// FoldLabel is Fold after removing the numbering.
func FoldLabel(s string) string {
	rest, _ := StripNumbering(s)
	return Fold(rest)
}

// Similarity scores how alike two folded labels are, in [0,1]: the
// longest common subsequence over the longer length, so a missing or
// wrong character costs little (其他法律法规禁止公开 against
// 其他法律行政法规禁止公开 scores 0.83) while different labels score low.
// Labels of one or two characters must match exactly: 其他 is not 其他处理.
func Similarity(a, b string) float64 {
	return similarity([]rune(a), []rune(b))
}

func similarity(ra, rb []rune) float64 {
	if equalRunes(ra, rb) {
		return 1
	}
	if len(ra) <= 2 || len(rb) <= 2 {
		return 0
	}
	// The LCS cannot exceed the shorter length: skip hopeless pairs.
	if float64(min(len(ra), len(rb)))/float64(max(len(ra), len(rb))) < 0.5 {
		return 0
	}
	l := lcs(ra, rb)
	return float64(l) / float64(max(len(ra), len(rb)))
}

func equalRunes(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// PrefixOf reports whether a is a cut-off start of b: the rest of a label
// went to the next line or cell (（四）无法提 … 供).
func PrefixOf(a, b string) bool {
	return prefixOf([]rune(a), []rune(b))
}

func prefixOf(ra, rb []rune) bool {
	return len(ra) >= 3 && len(ra) < len(rb) && 2*len(ra) >= len(rb) && equalRunes(ra, rb[:len(ra)])
}

func lcs(a, b []rune) int {
	// Two rows of the table, on the stack for labels and headings.
	var buf [2 * 64]int32
	var prev, cur []int32
	if len(b)+1 <= len(buf)/2 {
		prev, cur = buf[:len(b)+1], buf[len(buf)/2:len(buf)/2+len(b)+1]
	} else {
		prev, cur = make([]int32, len(b)+1), make([]int32, len(b)+1)
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			switch {
			case a[i-1] == b[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return int(prev[len(b)])
}

// simplify maps the traditional characters that occur in the template's
// headings and labels to their simplified forms (every one of them: a
// label with one left over, 本年制發件數 of a mirror, was reported as
// deviating from the template). Mirrors of report pages
// are often converted to traditional script (開平市農業農村局); matching the
// template needs only these characters, not a full converter.
func simplify(r rune) rune {
	// Fold asks this of every character of every label: a bit of a small
	// filter answers most characters, which are no traditional ones, and a
	// binary search the rest (a map lookup was a third of Fold's time).
	if r < 0x4E00 || simp.filter[r&(filterBits-1)>>6]&(1<<(r&63)) == 0 {
		return r
	}
	if i, ok := slices.BinarySearch(simp.trad, r); ok {
		return simp.simp[i]
	}
	return r
}

const filterBits = 1024

// simp holds the pairs of simplify: trad sorted, simp its simplified
// forms, and filter a bit for each value of a traditional character's
// low bits. It is written out, not built from simpPairs at start (a map,
// a sort and 4 KB in every process, the readers included);
// TestSimplify_Table builds it from them and compares.
var simp = struct {
	trad, simp []rune
	filter     [filterBits / 64]uint64
}{
	trad: []rune{
		'係', '價', '內', '劃', '動', '務', '區', '問', '單', '國', '執', '報', '密', '實', '審', '將',
		'對', '屬', '幾', '廢', '廳', '強', '後', '從', '復', '徵', '應', '戶', '採', '擔', '據', '數',
		'於', '會', '條', '業', '構', '機', '檔', '權', '決', '況', '減', '準', '為', '無', '獨', '獲',
		'現', '當', '發', '監', '督', '確', '穩', '範', '糾', '紀', '納', '組', '結', '給', '統', '經',
		'維', '網', '編', '總', '織', '繳', '繼', '續', '罰', '臺', '與', '舉', '華', '萬', '處', '號',
		'補', '覆', '規', '計', '訊', '訟', '訪', '設', '許', '訴', '評', '詢', '試', '認', '說', '請',
		'論', '諮', '議', '護', '責', '費', '資', '購', '轉', '辦', '這', '進', '過', '遞', '還', '錄',
		'門', '開', '關', '際', '頁', '項', '題', '額', '類', '體', '點', '齊',
	},
	simp: []rune{
		'系', '价', '内', '划', '动', '务', '区', '问', '单', '国', '执', '报', '密', '实', '审', '将',
		'对', '属', '几', '废', '厅', '强', '后', '从', '复', '征', '应', '户', '采', '担', '据', '数',
		'于', '会', '条', '业', '构', '机', '档', '权', '决', '况', '减', '准', '为', '无', '独', '获',
		'现', '当', '发', '监', '督', '确', '稳', '范', '纠', '纪', '纳', '组', '结', '给', '统', '经',
		'维', '网', '编', '总', '织', '缴', '继', '续', '罚', '台', '与', '举', '华', '万', '处', '号',
		'补', '复', '规', '计', '讯', '讼', '访', '设', '许', '诉', '评', '询', '试', '认', '说', '请',
		'论', '咨', '议', '护', '责', '费', '资', '购', '转', '办', '这', '进', '过', '递', '还', '录',
		'门', '开', '关', '际', '页', '项', '题', '额', '类', '体', '点', '齐',
	},
	filter: [filterBits / 64]uint64{
		0x61000020020a2, 0x400100040007000, 0xc00100020000010, 0x5200000014100082,
		0x200002001, 0x14220c000018010, 0x1004600000088841, 0x400010010000a00,
		0x2052240088000780, 0x5008024480300000, 0x40008503008, 0x8400c42700800,
		0x80000000000c18, 0x85010800000601, 0x20024240001000, 0x4080824000000054,
	},
}

// simpPairs are the characters simplify maps, each traditional one
// followed by its simplified form.
const simpPairs = "總总體体況况動动開开請请處处復复議议訴诉訟讼題题進进報报問问項项數数據据與与門门這这內内務务規规範范許许罰罚強强費费額额採采購购統统計计單单當当辦办結结轉转處处決决資资訊讯關关係系無无國国密密維维護护紀纪錄录類类執执條条機机構构會会組组織织點点說说劃划徵征審审諮咨詢询擔担責责監监督督論论遞递認认權权幾几現现項项實实際际應应問问還还戶户檔档編编號号網网頁页為为從从對对將将於于據据給给補补齊齐覆复準准評评價价" +
	"萬万業业舉举減减華华廳厅發发區区屬属廢废獨独穩稳糾纠納纳經经繼继續续繳缴獲获設设訪访試试過过確确後后臺台"
