// Package numtok tells what a short token of a report is: a number, a
// mark that stands for an empty cell, or text; and whether a line opens
// with the numbering of a section (一、) or an item (（一）, 1.).
//
// The extractors ask it to tell table rows from prose and labels from
// values, and normalize asks it to read a cell, so that a token one stage
// takes for a value the next one reads as a value too.
//
//	numtok.Classify("１２件") // Number
//	numtok.Classify("——")   // Dash
//	numtok.Parse("-1,234.5") // -1234.5, "", true
package numtok

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is what a token holds.
type Kind uint8

const (
	// Text is anything else: a label, a word, prose.
	Text Kind = iota
	// Blank is nothing at all: empty or only white space (an HTML &nbsp;
	// and the ideographic space U+3000 included).
	Blank
	// Dash is a mark written where a cell has nothing to report: runs of
	// dashes, slashes, backslashes or tildes, 无, 暂无, 空.
	Dash
	// Number is digits, perhaps signed, with thousands separators, a
	// decimal point or a unit (件, 万元, %). Digits garbled by a stray
	// separator (1.2.3, 12.) are still a Number: the cell holds a value
	// that does not read, not a label. Parse says whether it reads.
	Number
)

// The tokens and numberings are read by hand, not by regular
// expressions: every report asks of every cell and line, and the seven
// expressions were compiled, on first use, in every process that checks
// a report (a quarter of the regular expressions a check of one PDF
// compiled, in its two processes). Each scanner holds to its expression,
// named in its comment, in the package's tests, which compare the two on
// generated strings. Classify's patterns apply to folded, trimmed text;
// \s is RE2's, [\t\n\f\r ], and \d is [0-9].

// isDash is ^(?:[—–\-/\\~]+|无|暂无|空)$.
func isDash(t string) bool {
	switch t {
	case "":
		return false
	case "无", "暂无", "空":
		return true
	}
	for _, r := range t {
		switch r {
		case '—', '–', '-', '/', '\\', '~':
		default:
			return false
		}
	}
	return true
}

// isNumber is ^[+\-]?\s*[0-9][0-9,.]*\s*(?:万元|元|件|条|个|项|次|人次|%)?$.
func isNumber(t string) bool {
	i := skipSign(t, 0)
	i = skipSpace(t, i)
	if i == len(t) || !isDigit(t[i]) {
		return false
	}
	for i < len(t) && (isDigit(t[i]) || t[i] == ',' || t[i] == '.') {
		i++
	}
	return isUnit(t[skipSpace(t, i):])
}

// value is ^([+\-]?)\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(万元|元|件|条|个|项|次|人次|%)?$:
// the sign, the number and the unit, and whether t matches.
func value(t string) (sign, num, unit string, ok bool) {
	i := skipSign(t, 0)
	sign = t[:i]
	i = skipSpace(t, i)
	start := i
	if i == len(t) || !isDigit(t[i]) {
		return "", "", "", false
	}
	for i < len(t) && (isDigit(t[i]) || t[i] == ',') {
		i++
	}
	if i+1 < len(t) && t[i] == '.' && isDigit(t[i+1]) {
		for i++; i < len(t) && isDigit(t[i]); i++ {
		}
	}
	num = t[start:i]
	unit = t[skipSpace(t, i):]
	if !isUnit(unit) {
		return "", "", "", false
	}
	return sign, num, unit, true
}

func skipSign(t string, i int) int {
	if i < len(t) && (t[i] == '+' || t[i] == '-') {
		return i + 1
	}
	return i
}

// skipSpace skips \s*.
func skipSpace(t string, i int) int {
	for i < len(t) && isSpace(t[i]) {
		i++
	}
	return i
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isUnit is ^(?:万元|元|件|条|个|项|次|人次|%)?$.
func isUnit(u string) bool {
	switch u {
	case "", "万元", "元", "件", "条", "个", "项", "次", "人次", "%":
		return true
	}
	return false
}

// Classify tells what s holds, ignoring the white space around it and
// the width of its digits and punctuation.
func Classify(s string) Kind {
	t := strings.TrimSpace(Fold(s))
	switch {
	case t == "":
		return Blank
	case isDash(t):
		return Dash
	case isNumber(t):
		return Number
	}
	return Text
}

// IsValue reports whether s is what a value cell holds: a Number or a
// Dash.
func IsValue(s string) bool {
	k := Classify(s)
	return k == Number || k == Dash
}

// Parse reads the number in s: its value with the sign applied and the
// separators dropped, and its unit ("" when none). ok is false unless s
// is a Number whose digits read (one decimal point, digits after it).
func Parse(s string) (v float64, unit string, ok bool) {
	sign, num, unit, ok := value(strings.TrimSpace(Fold(s)))
	if !ok {
		return 0, "", false
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(num, ",", ""), 64)
	if err != nil {
		return 0, "", false
	}
	if sign == "-" {
		v = -v
	}
	return v, unit, true
}

// Fold maps the full-width forms of ASCII (０-９, ．，－／～％ and the
// rest) to ASCII, and the no-break and ideographic spaces to a space, so
// that a pattern need name each character once. It returns s itself when
// there is nothing to fold.
func Fold(s string) string {
	if !strings.ContainsFunc(s, folds) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFF01 + '!'
		case r == '\u00a0' || r == '\u3000':
			return ' '
		}
		return r
	}, s)
}

func folds(r rune) bool {
	return r >= 0xFF01 && r <= 0xFF5E || r == '\u00a0' || r == '\u3000'
}

// Section reports whether s opens with the numbering of a section: a
// Chinese numeral and a 、 (一、总体情况), or the dot or comma that is
// often typed in its place. It is ^[一二三四五六七八九十]{1,3}\s*[、.．,，]
// read by hand (see Classify).
func Section(s string) bool {
	i, ok := numerals(s, 0)
	return ok && hasAnyPrefix(s[skipSpace(s, i):], "、", ".", "．", ",", "，")
}

// numerals reads [一二三四五六七八九十]{1,3} at byte i of s, and returns
// where it ends. More numerals fail: nothing after them takes one.
func numerals(s string, i int) (int, bool) {
	n := 0
	for i < len(s) && strings.ContainsRune("一二三四五六七八九十", firstRune(s[i:])) {
		i += len("一") // each numeral is 3 bytes
		n++
	}
	return i, n >= 1 && n <= 3
}

// firstRune is the first character of s, or utf8.RuneError.
func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func hasAnyPrefix(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// SectionHeading reports whether the line s reads as a section heading
// by its words alone: it opens with a section numbering, is at most 40
// characters long and ends no sentence, where a numbered paragraph
// (一、本机关认真贯彻……。) is longer or does. All backends apply it, so
// that a report's sections are Heading blocks whatever its format.
func SectionHeading(s string) bool {
	return Section(s) && utf8.RuneCountInString(s) <= 40 && !strings.ContainsAny(s, "。；;")
}

// Numbered reports whether s, after leading white space, opens with the
// numbering of a section or an item: 一、, （一）, 1. or 1、, the last
// not followed by a digit (1.5 is a number). It is
// ^\s*([一二三四五六七八九十]{1,3}\s*[、.．]|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}\s*[、.．](\D|$))
// read by hand (see Classify).
func Numbered(s string) bool {
	i := skipSpace(s, 0)
	if j, ok := numerals(s, i); j > i {
		return ok && hasAnyPrefix(s[skipSpace(s, j):], "、", ".", "．")
	}
	if r := firstRune(s[i:]); r == '（' || r == '(' {
		j, ok := numerals(s, i+utf8.RuneLen(r))
		return ok && hasAnyPrefix(s[j:], "）", ")")
	}
	j, ok := shortNumber(s, i)
	if !ok {
		return false
	}
	j = skipSpace(s, j)
	for _, mark := range []string{"、", ".", "．"} {
		if strings.HasPrefix(s[j:], mark) {
			j += len(mark)
			return j == len(s) || !isDigit(s[j])
		}
	}
	return false
}

// PageNumber reports whether the line s is only a page number, as
// printed in a page's margin: 3, - 3 -, 第3页, 3/12, 第3页 共12页. Any
// number of up to four digits qualifies, so callers ask only of the
// lines in a margin.
//
// It is ^[-—–－~·\s]*(第\s*)?\d{1,4}\s*(页)?\s*([/／]\s*\d{1,4}|[,，]?\s*共\s*\d{1,4}\s*页)?[-—–－~·\s]*$
// read by hand, as Classify's patterns are: the PDF and OCR readers ask
// it of the margin lines of every page. No part can take what
// another gives up (a digit, 第, 页, 共 or a separator belongs to one
// part only, and spaces are taken wherever they stand), so reading each
// part as far as it goes decides the match.
func PageNumber(s string) bool {
	i := skipMargin(s, 0)
	if strings.HasPrefix(s[i:], "第") {
		i = skipSpace(s, i+len("第"))
	}
	var ok bool
	if i, ok = pageDigits(s, i); !ok {
		return false
	}
	i = skipSpace(s, i)
	if strings.HasPrefix(s[i:], "页") {
		i += len("页")
	}
	i = skipSpace(s, i)
	switch rest := s[i:]; {
	case strings.HasPrefix(rest, "/"), strings.HasPrefix(rest, "／"):
		_, size := utf8.DecodeRuneInString(rest)
		if i, ok = pageDigits(s, skipSpace(s, i+size)); !ok {
			return false
		}
	case strings.HasPrefix(rest, ","), strings.HasPrefix(rest, "，"), strings.HasPrefix(rest, "共"):
		if !strings.HasPrefix(rest, "共") {
			_, size := utf8.DecodeRuneInString(rest)
			i = skipSpace(s, i+size)
		}
		if !strings.HasPrefix(s[i:], "共") {
			return false
		}
		if i, ok = pageDigits(s, skipSpace(s, i+len("共"))); !ok {
			return false
		}
		i = skipSpace(s, i)
		if !strings.HasPrefix(s[i:], "页") {
			return false
		}
		i += len("页")
	}
	return skipMargin(s, i) == len(s)
}

// DecoratedPageNumber reports whether the line s is a page number with
// its decoration (- 3 -, 第3页, 3/12), as a copy of a PDF keeps it between
// two halves of a paragraph or after the last line. A bare number is not
// one: in text, a line holding only a number is a table cell.
func DecoratedPageNumber(s string) bool {
	return PageNumber(s) && strings.ContainsFunc(s, func(r rune) bool { return r != ' ' && r != '\t' && (r < '0' || r > '9') })
}

// pageDigits reads \d{1,4} at byte i of s, and returns where it ends.
// More digits fail: nothing after a page number's digits takes one.
func pageDigits(s string, i int) (int, bool) {
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	return j, j > i && j-i <= 4
}

// skipMargin skips [-—–－~·\s]*.
func skipMargin(s string, i int) int {
	for i < len(s) {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		switch r {
		case '-', '—', '–', '－', '~', '·', ' ', '\t', '\n', '\f', '\r':
			i += size
		default:
			return i
		}
	}
	return i
}

// Ordinal reports whether s opens with an item number in digits followed
// by Chinese (1.属于国家秘密, 3、其他): a numbered label, though it holds
// digits. Full-width digits count. It is ^\s*[0-9]{1,2}\s*[.、]\s*\p{Han}
// on the folded text, read by hand (see Classify).
func Ordinal(s string) bool {
	s = Fold(s)
	i := skipSpace(s, 0)
	j, ok := shortNumber(s, i)
	if !ok {
		return false
	}
	j = skipSpace(s, j)
	switch {
	case strings.HasPrefix(s[j:], "."):
		j++
	case strings.HasPrefix(s[j:], "、"):
		j += len("、")
	default:
		return false
	}
	return unicode.Is(unicode.Han, firstRune(s[skipSpace(s, j):]))
}

// shortNumber reads the one or two ASCII digits of a list number at i:
// the end of the digits and whether there are one or two.
func shortNumber(s string, i int) (int, bool) {
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	return j, j > i && j-i <= 2
}
