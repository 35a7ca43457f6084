package normalize

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/lazyre"
)

// The scanners of this file stand in for regexps of meta.go that ran over
// the whole preamble of every report: the statistics period and the
// contact lines were an eighth of normalizing a report (profile of the
// generated mix), most of it the regexp engine trying every position.
// Each is held to its regexp by a test on the real and generated texts.

// periodMatches is periodRE.FindAllStringSubmatchIndex(s, -1). Every part
// of the pattern is a run of one class that the next part cannot start
// with (digits, spaces, 年, 月, 日, 起, a comma, a dash), so reading it
// needs no backtracking beyond the optional years, and a match can only
// start at an ASCII digit.
func periodMatches(s string) [][]int {
	var out [][]int
	for p := 0; p < len(s); {
		if !isDigit(s[p]) {
			p++
			continue
		}
		var m [14]int
		if periodAt(s, p, &m) {
			out = append(out, slices.Clone(m[:]))
			p = m[1]
			continue
		}
		p++
	}
	return out
}

// periodAt matches periodRE at s[p:], anchored, into m; it reports
// whether it matched. m is the caller's, as most digits start no match.
func periodAt(s string, p int, mm *[14]int) bool {
	m := mm[:]
	for i := range m {
		m[i] = -1
	}
	m[0] = p
	// (?:(\d{4})\s*年\s*)? then the rest; without the year when the rest
	// does not follow it.
	if q, ok := yearAt(s, p); ok && periodRest(s, q, m) {
		m[2], m[3] = p, p+4
		return true
	}
	return periodRest(s, p, m)
}

// yearAt reads \d{4}\s*年\s* at s[p:] and returns its end.
func yearAt(s string, p int) (int, bool) {
	if p+4 > len(s) || !isDigit(s[p]) || !isDigit(s[p+1]) || !isDigit(s[p+2]) || !isDigit(s[p+3]) {
		return 0, false
	}
	q := skipSpace(s, p+4)
	if !strings.HasPrefix(s[q:], "年") {
		return 0, false
	}
	return skipSpace(s, q+len("年")), true
}

// dayMonth reads (\d{1,2})\s*月\s*(\d{1,2}) at s[p:]: the groups go to
// m[g:g+4]; it returns the end of the day.
func dayMonth(s string, p int, m []int, g int) (int, bool) {
	e, ok := digits12(s, p)
	if !ok {
		return 0, false
	}
	q := skipSpace(s, e)
	if !strings.HasPrefix(s[q:], "月") {
		return 0, false
	}
	q = skipSpace(s, q+len("月"))
	e2, ok := digits12(s, q)
	if !ok {
		return 0, false
	}
	m[g], m[g+1], m[g+2], m[g+3] = p, e, q, e2
	return e2, true
}

// digits12 reads \d{1,2} at s[p:] where what follows is no digit: a third
// digit fails the pattern whichever way it is cut, as no part after
// \d{1,2} starts with a digit.
func digits12(s string, p int) (int, bool) {
	e := p
	for e < len(s) && isDigit(s[e]) {
		e++
	}
	if e == p || e-p > 2 {
		return 0, false
	}
	return e, true
}

// periodRest matches what follows the first year, from s[p:], filling m.
func periodRest(s string, p int, m []int) bool {
	q, ok := dayMonth(s, p, m, 4)
	if !ok {
		return false
	}
	// \s*日?\s*(?:起)?\s*[，,]?\s*
	for _, opt := range []string{"日", "起"} {
		q = skipSpace(s, q)
		if strings.HasPrefix(s[q:], opt) {
			q += len(opt)
		}
	}
	q = skipSpace(s, q)
	if r, n := utf8.DecodeRuneInString(s[q:]); r == '，' || r == ',' {
		q += n
	}
	q = skipSpace(s, q)
	switch r, n := utf8.DecodeRuneInString(s[q:]); r {
	case '至', '到', '-', '—', '–', '~', '～', '－':
		q += n
	default:
		return false
	}
	q = skipSpace(s, q)
	// (?:(\d{4})\s*年\s*)? again, then (\d{1,2})\s*月\s*(\d{1,2})\s*日.
	end := func(q int) (int, bool) {
		e, ok := dayMonth(s, q, m, 10)
		if !ok {
			return 0, false
		}
		e = skipSpace(s, e)
		if !strings.HasPrefix(s[e:], "日") {
			return 0, false
		}
		return e + len("日"), true
	}
	if y, ok := yearAt(s, q); ok {
		if e, ok := end(y); ok {
			m[8], m[9], m[1] = q, q+4, e
			return true
		}
	}
	if e, ok := end(q); ok {
		m[8], m[9], m[1] = -1, -1, e
		return true
	}
	return false
}

// quotedMatches is quotedRE.FindAllStringSubmatchIndex(s, -1), which ran
// over the whole text of every report. The quoted text is a run of runes
// other than ” “ and a line break, so the match at a “ is the run after
// it when the run has 2 to 12 runes and a ” ends it; a longer run fails
// however it is cut, as the rune after the 12th is no ”.
func quotedMatches(s string) [][]int {
	var out [][]int
	for p := 0; ; {
		i := strings.Index(s[p:], "“")
		if i < 0 {
			return out
		}
		open := p + i
		start := open + len("“")
		q, n := start, 0
		for q < len(s) && n <= 12 {
			r, w := utf8.DecodeRuneInString(s[q:])
			if r == '”' || r == '“' || r == '\n' {
				break
			}
			q += w
			n++
		}
		if n >= 2 && n <= 12 && strings.HasPrefix(s[q:], "”") {
			end := q + len("”")
			out = append(out, []int{open, end, start, q})
			p = end
			continue
		}
		p = start
	}
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// anchored is a regexp of the contact lines whose every match holds one
// of anchors, at most back bytes after the match starts, not counting
// the ASCII spaces just before the anchor (地 址). The regexp runs from
// the earliest place a match could start, and not at all when no anchor
// is there: on most preambles it is never run.
//
// When cap is set, re is the regexp with its last, greedy group's
// {m,cap} written {m,} (the group ends the match, so both choose the same
// start and the bounded one takes the first cap characters of what the
// open one takes); find cuts the group there. A class repeated up to 60
// times compiles to 60 copies of it: 30 KB and 240 allocations on the
// first report with an address, against 6 KB.
type anchored struct {
	re      *lazyre.Regexp
	anchors []string
	back    int
	cap     int
}

// find is re.FindStringSubmatchIndex(s).
func (a anchored) find(s string) []int {
	k := -1
	for _, an := range a.anchors {
		i := strings.Index(s, an)
		if i < 0 {
			continue
		}
		j := i
		for j > 0 && strings.IndexByte(" \t\n\f\r", s[j-1]) >= 0 {
			j--
		}
		if st := max(0, min(j, i)-a.back); k < 0 || st < k {
			k = st
		}
	}
	if k < 0 {
		return nil
	}
	m := a.re.FindStringSubmatchIndex(s[k:])
	for i := range m {
		if m[i] >= 0 {
			m[i] += k
		}
	}
	if a.cap > 0 && m != nil {
		g := len(m) - 2
		n := 0
		for i := range s[m[g]:m[g+1]] {
			if n == a.cap {
				m[g+1] = m[g] + i
				m[1] = m[g+1]
				break
			}
			n++
		}
	}
	return m
}

var (
	// 地址 or 地 址 (3 bytes before 址), 通讯地址 (9).
	addrScan = anchored{addrOpenRE, []string{"址"}, len("通讯地"), 60}
	// 邮编, 邮 编, 邮政编码 (6 before 编), 郵編.
	postScan = anchored{postRE, []string{"编", "編"}, len("邮政"), 0}
	// 联系电话 (9 before 话), 电 话, 電話.
	phoneScan = anchored{phoneRE, []string{"话", "話"}, len("联系电"), 0}
	// 电子邮箱, 电子信箱 (9 before 箱), 邮箱, 郵箱; e-mail (2 before mail).
	emailScan = anchored{emailRE, []string{"箱", "mail"}, len("电子邮"), 0}
)
