package names

import "sync"

// IsWord reports whether s is a word of the gse dictionary as the project
// keeps it (data/gse_words.txt: every word of two characters or more that
// the dictionary holds with some frequency). The wording rules use it for
// token boundaries: whether a repeat or a variant is itself a word.
func IsWord(s string) bool { return isWord(s) }

// StandardHan reports whether r is one of the characters whose shapes
// the package knows: 通用规范汉字表, GB 2312 and the characters of the
// division names (data/conf_unihan_shape.tsv). A Han character outside
// them is a traditional or variant form, or a rare one.
func StandardHan(r rune) bool {
	set := standardHan()
	return uint(r>>6) < uint(len(set)) && set[r>>6]&(1<<(r&63)) != 0
}

// standardHan is the runes of the glyph records as a bit set (19 KB),
// made on first use. validate asks StandardHan of every Han character of
// every text, and a binary search of the 8,300 records, each read as a
// glyph, was 7% of validating a report.
var standardHan = sync.OnceValue(func() []uint64 {
	f := loadChars().frozen
	last := rune(f.u(f.glyphs + 4*glyphWords*(f.nGlyphs-1)))
	set := make([]uint64, last>>6+1)
	for i := range f.nGlyphs {
		r := rune(f.u(f.glyphs + 4*glyphWords*i))
		set[r>>6] |= 1 << (r & 63)
	}
	return set
})
