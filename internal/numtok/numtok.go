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
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/lazyre"
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

var (
	// Patterns apply to folded, trimmed text.
	numberRE = lazyre.New(`^[+\-]?\s*[0-9][0-9,.]*\s*(?:万元|元|件|条|个|项|次|人次|%)?$`)
	valueRE  = lazyre.New(`^([+\-]?)\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(万元|元|件|条|个|项|次|人次|%)?$`)
	dashRE   = lazyre.New(`^(?:[—–\-/\\~]+|无|暂无|空)$`)
)

// Classify tells what s holds, ignoring the white space around it and
// the width of its digits and punctuation.
func Classify(s string) Kind {
	t := strings.TrimSpace(Fold(s))
	switch {
	case t == "":
		return Blank
	case dashRE.MatchString(t):
		return Dash
	case numberRE.MatchString(t):
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
	m := valueRE.FindStringSubmatch(strings.TrimSpace(Fold(s)))
	if m == nil {
		return 0, "", false
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(m[2], ",", ""), 64)
	if err != nil {
		return 0, "", false
	}
	if m[1] == "-" {
		v = -v
	}
	return v, m[3], true
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

var (
	sectionRE  = lazyre.New(`^[一二三四五六七八九十]{1,3}\s*[、.．,，]`)
	numberedRE = lazyre.New(`^\s*([一二三四五六七八九十]{1,3}\s*[、.．]|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}\s*[、.．](\D|$))`)
	pageRE     = lazyre.New(`^[-—–－~·\s]*(第\s*)?\d{1,4}\s*(页)?\s*([/／]\s*\d{1,4}|[,，]?\s*共\s*\d{1,4}\s*页)?[-—–－~·\s]*$`)
	ordinalRE  = lazyre.New(`^\s*[0-9]{1,2}\s*[.、]\s*\p{Han}`)
)

// Section reports whether s opens with the numbering of a section: a
// Chinese numeral and a 、 (一、总体情况), or the dot or comma that is
// often typed in its place.
func Section(s string) bool { return sectionRE.MatchString(s) }

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
// not followed by a digit (1.5 is a number).
func Numbered(s string) bool { return numberedRE.MatchString(s) }

// PageNumber reports whether the line s is only a page number, as
// printed in a page's margin: 3, - 3 -, 第3页, 3/12, 第3页 共12页. Any
// number of up to four digits qualifies, so callers ask only of the
// lines in a margin.
func PageNumber(s string) bool { return pageRE.MatchString(s) }

// Ordinal reports whether s opens with an item number in digits followed
// by Chinese (1.属于国家秘密, 3、其他): a numbered label, though it holds
// digits. Full-width digits count.
func Ordinal(s string) bool { return ordinalRE.MatchString(Fold(s)) }
