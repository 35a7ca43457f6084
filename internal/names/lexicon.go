package names

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
	_, ok := loadChars().glyph(r)
	return ok
}
