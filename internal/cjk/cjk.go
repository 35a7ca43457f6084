// Package cjk tells the characters that Chinese text runs together:
// between two of them a line break or a gap stands for no space, where
// between two Latin words it stands for one. The backends ask it when
// they join wrapped lines and the words of a line.
package cjk

import (
	"unicode"
	"unicode/utf8"
)

// Is reports whether r is a Han character, CJK punctuation (U+3000 to
// U+303F) or a full-width form (U+FF00 to U+FFEF).
func Is(r rune) bool {
	return IsHan(r) || r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xffef
}

// IsHan is unicode.Is(unicode.Han, r), faster: the CJK Unified
// Ideographs block, which holds nearly every character of a report, is
// Han throughout and answered without the table search, and nothing
// below U+2E80 is Han.
func IsHan(r rune) bool {
	return 0x4E00 <= r && r <= 0x9FFF || r >= 0x2E80 && unicode.Is(unicode.Han, r)
}

// Wide reports whether r is set full width in Chinese text: what Is
// reports, and the curly quotes, em dash, ellipsis and middle dot, which
// are no CJK characters but take a full square beside them.
func Wide(r rune) bool {
	switch r {
	case '“', '”', '‘', '’', '—', '…', '·':
		return true
	}
	return Is(r)
}

// First is the first character of s, utf8.RuneError when s is empty.
// With Last of the text before, it gives the two characters a join is
// decided on.
func First(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// Last is the last character of s, utf8.RuneError when s is empty.
func Last(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// Fast3 decodes the character of three bytes that s starts with, as
// utf8.DecodeRuneInString does, or gives -1 when s starts with none: the
// loops over every character of a report (place names, the wording
// rules) decode nearly only those, and this is cheap enough to be
// inlined where the decoder is not.
func Fast3(s string) rune {
	if len(s) < 3 {
		return -1
	}
	c, c1, c2 := s[0], s[1], s[2]
	r := rune(c&0x0F)<<12 | rune(c1&0x3F)<<6 | rune(c2&0x3F)
	if c&0xF0 != 0xE0 || (c1^0x80)|(c2^0x80) >= 0x40 || r < 0x800 || r>>11 == 0x1B {
		return -1 // no lead of three, no continuation, overlong or a surrogate
	}
	return r
}
