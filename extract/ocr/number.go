package ocr

import (
	"strings"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/lazyre"
	"github.com/nianbao/nianbao/internal/numtok"
)

// numberRE is a number as a table cell holds it: digits with optional
// thousands separators and decimals, perhaps signed.
var numberRE = lazyre.New(`^[+\-]?[0-9][0-9,]*(?:\.[0-9]+)?$`)

// repairNumber undoes the confusions of digits with look-alike
// characters that are unambiguous inside a table cell: letters O and o
// (and 〇) for 0, l, I and | for 1, full-width digits and separators. It
// changes only text that, repaired, is a number and that holds at least
// one real digit or is a lone O, so labels and words never change. ok
// says the text is a number (repaired or not); changed says a character
// was replaced.
func repairNumber(s string) (out string, ok, changed bool) {
	if numberRE.MatchString(s) {
		return s, true, false
	}
	digits, lookalike := 0, 0
	var sb strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r >= '０' && r <= '９':
			digits++
			r -= '０' - '0'
		case r == 'O' || r == 'o' || r == '〇' || r == 'Ｏ' || r == 'ｏ':
			lookalike++
			r = '0'
		case r == 'l' || r == 'I' || r == '|' || r == 'ｌ' || r == 'Ｉ' || r == '｜':
			lookalike++
			r = '1'
		case r == '．':
			r = '.'
		case r == '，':
			r = ','
		case r == '－':
			r = '-'
		}
		sb.WriteRune(r)
	}
	out = sb.String()
	if !numberRE.MatchString(out) {
		return s, false, false
	}
	// A lone look-alike is a number only if it is a zero: a lone l or I
	// could as well be a stray mark.
	if digits == 0 && (lookalike != 1 || out != "0") {
		return s, false, false
	}
	return out, true, out != s
}

// digitLookalikes are the characters tesseract reads for digits in a
// table cell: letters O and o and 〇 for 0, l, I and | for 1.
var digitLookalikes = strings.NewReplacer("O", "0", "o", "0", "〇", "0", "l", "1", "I", "1", "|", "1")

// isValue reports whether s is a value cell (numtok.IsValue) once the
// look-alikes of digits are taken for digits: Il reads as 11, O as 0.
func isValue(s string) bool { return numtok.IsValue(digitLookalikes.Replace(s)) }

// dashLookalikes are the characters tesseract reads for a dash: the
// numeral 一 and the underscore.
var dashLookalikes = strings.NewReplacer("一", "—", "_", "—")

// isDash reports whether s is a cell that says "nothing" without a digit
// (numtok's Dash), a dash perhaps read as 一 or _. Such cells are never
// read again, lest a dash come back as a 1.
func isDash(s string) bool { return numtok.Classify(dashLookalikes.Replace(s)) == numtok.Dash }

var (
	// bracketNumRE is a numbering （七） whose opening bracket tesseract
	// read as 〈 or 《, which no report writes before a numeral.
	bracketNumRE = lazyre.New(`^[〈《<]\s*[一二三四五六七八九十]{1,3}\s*[)）〉》>]`)
	// bareNumRE is a numbering 3. whose dot was lost: a single digit
	// straight before a Han character that is no unit.
	bareNumRE = lazyre.New(`^[1-9]\p{Han}`)
)

// repairLabel restores the numbering at the start of a table label
// where tesseract lost or misread its punctuation; without it the label
// reads as 七总计 or 3其他, not as the row 总计 or 其他. It returns how
// many leading bytes of s to replace and with what; n == 0 means no
// repair.
func repairLabel(s string) (n int, with string) {
	if m := bracketNumRE.FindString(s); m != "" {
		_, size := utf8.DecodeRuneInString(m)
		_, lsize := utf8.DecodeLastRuneInString(m)
		inner := m[size : len(m)-lsize]
		return len(m), "（" + strings.TrimSpace(inner) + "）"
	}
	if m := bareNumRE.FindString(s); m != "" {
		han, _ := utf8.DecodeRuneInString(m[1:])
		if !strings.ContainsRune("年月日个件条项次人万元岁号层", han) {
			return 1, m[:1] + "."
		}
	}
	return 0, ""
}
