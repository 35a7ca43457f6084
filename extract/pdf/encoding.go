package pdf

import (
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// glyphNames maps the glyph names that Differences arrays of Chinese
// reports actually use (Latin letters, digits and ASCII punctuation) to
// Unicode. Single-letter names and uniXXXX/uXXXX names are handled by
// glyphRune without a table.
var glyphNames = map[string]rune{
	"space": ' ', "exclam": '!', "quotedbl": '"', "numbersign": '#', "dollar": '$',
	"percent": '%', "ampersand": '&', "quotesingle": '\'', "quoteright": '’', "quoteleft": '‘',
	"parenleft": '(', "parenright": ')', "asterisk": '*', "plus": '+', "comma": ',',
	"hyphen": '-', "minus": '−', "period": '.', "slash": '/', "colon": ':', "semicolon": ';',
	"less": '<', "equal": '=', "greater": '>', "question": '?', "at": '@',
	"bracketleft": '[', "backslash": '\\', "bracketright": ']', "asciicircum": '^',
	"underscore": '_', "grave": '`', "braceleft": '{', "bar": '|', "braceright": '}',
	"asciitilde": '~', "zero": '0', "one": '1', "two": '2', "three": '3', "four": '4',
	"five": '5', "six": '6', "seven": '7', "eight": '8', "nine": '9',
	"endash": '–', "emdash": '—', "bullet": '•', "ellipsis": '…', "quotedblleft": '“',
	"quotedblright": '”', "quotesinglbase": '‚', "quotedblbase": '„', "degree": '°',
	"periodcentered": '·', "middot": '·', "multiply": '×', "divide": '÷', "section": '§',
	"copyright": '©', "registered": '®', "trademark": '™', "nbspace": '\u00a0',
	"nonbreakingspace": '\u00a0', "fi": 'ﬁ', "fl": 'ﬂ', "dagger": '†', "daggerdbl": '‡',
	"perthousand": '‰', "yen": '¥', "sterling": '£', "Euro": '€', "cent": '¢',
	"plusminus": '±', "paragraph": '¶', "guillemotleft": '«', "guillemotright": '»',
}

// glyphRune returns the character a glyph name stands for, following the
// conventions of the Adobe Glyph List for new fonts: uniXXXX, uXXXX[XX],
// plain names, and suffixes after a period (a.sc, one.oldstyle) ignored.
func glyphRune(name string) (rune, bool) {
	if i := strings.IndexByte(name, '.'); i > 0 {
		name = name[:i]
	}
	if r, ok := glyphNames[name]; ok {
		return r, true
	}
	if len(name) == 1 && (name[0] >= 'a' && name[0] <= 'z' || name[0] >= 'A' && name[0] <= 'Z') {
		return rune(name[0]), true
	}
	if len(name) == 7 && strings.HasPrefix(name, "uni") {
		if v, err := strconv.ParseUint(name[3:], 16, 32); err == nil && utf8.ValidRune(rune(v)) {
			return rune(v), true
		}
	}
	if len(name) >= 5 && len(name) <= 7 && name[0] == 'u' {
		if v, err := strconv.ParseUint(name[1:], 16, 32); err == nil && utf8.ValidRune(rune(v)) {
			return rune(v), true
		}
	}
	return 0, false
}

// baseEncoding returns the 256 characters of a named simple-font
// encoding. Standard and symbolic built-in encodings are taken as
// WinAnsi: they agree on ASCII, which is all that Chinese reports set in
// simple fonts use.
func baseEncoding(name string) *[256]string {
	switch name {
	case "MacRomanEncoding":
		return macRoman()
	default:
		return winAnsi()
	}
}

// The tables are made on first use, not at load: 450 allocations in
// every process that links the reader, most of which never read a PDF.
var (
	winAnsi  = sync.OnceValue(func() *[256]string { t := makeTable(charmap.Windows1252); return &t })
	macRoman = sync.OnceValue(func() *[256]string { t := makeTable(charmap.Macintosh); return &t })
)

func makeTable(cm *charmap.Charmap) [256]string {
	var t [256]string
	for i := range t {
		r := cm.DecodeByte(byte(i))
		if i < 0x20 || r == utf8.RuneError {
			continue
		}
		t[i] = string(r)
	}
	return t
}
