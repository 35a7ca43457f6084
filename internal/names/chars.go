package names

import (
	_ "embed"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

var (
	//go:embed data/conf_unihan_shape.tsv
	shapeTSV string
	//go:embed data/conf_same_stroke.tsv
	sameStrokeTSV string
	//go:embed data/conf_same_pinyin.tsv
	samePinyinTSV string
)

// glyph holds the Unihan shape and reading features of one character.
// Empty strings and zero numbers mean the field is absent in Unihan.
type glyph struct {
	strokes  int    // kTotalStrokes
	radical  string // kRSUnicode radical, keeping the ' of simplified radical forms
	residual int    // kRSUnicode residual strokes
	corner   string // kFourCornerCode main digits, 4 bytes or empty
	cangjie  string // kCangjie
	syllable string // kMandarin without tone, first reading
	tone     byte   // 1..5 for the first kMandarin reading, 0 if unknown
}

// charTables is everything Confusable consults, built once on first use.
type charTables struct {
	glyphs map[rune]glyph
	// strokeGroups maps a character to the indexes of the same_stroke
	// groups it belongs to; the curated groups are not symmetric upstream,
	// so membership of both characters in one group is what counts.
	strokeGroups map[rune][]int32
	sameTone     map[rune]string
	otherTone    map[rune]string
	// frozen, when set, holds the tables instead of the maps: they were
	// loaded from data/chars.bin and are read where they lie.
	frozen *frozenChars
}

func (t *charTables) glyph(r rune) (glyph, bool) {
	if t.frozen != nil {
		return t.frozen.glyph(r)
	}
	g, ok := t.glyphs[r]
	return g, ok
}

func (t *charTables) sameToneOf(r rune) string {
	if f := t.frozen; f != nil {
		return f.tone(f.same, f.nSame, r)
	}
	return t.sameTone[r]
}

func (t *charTables) otherToneOf(r rune) string {
	if f := t.frozen; f != nil {
		return f.tone(f.other, f.nOther, r)
	}
	return t.otherTone[r]
}

// loadChars loads the character tables on first use, once, from the
// form parseChars builds (see charsbin.go).
var loadChars = sync.OnceValue(func() *charTables { return &charTables{frozen: decodeChars(charsBin)} })

func parseChars() *charTables {
	t := &charTables{
		glyphs:       make(map[rune]glyph, 8300),
		strokeGroups: make(map[rune][]int32, 3000),
		sameTone:     make(map[rune]string, 3600),
		otherTone:    make(map[rune]string, 3600),
	}
	eachLine(shapeTSV, true, func(f []string) {
		if len(f) < 6 {
			return
		}
		r, _ := utf8.DecodeRuneInString(f[0])
		g := glyph{cangjie: f[4]}
		g.strokes, _ = strconv.Atoi(firstField(f[1]))
		if rad, res, ok := strings.Cut(firstField(f[2]), "."); ok {
			g.radical = rad
			g.residual, _ = strconv.Atoi(res)
		}
		if c := firstField(f[3]); len(c) >= 4 {
			g.corner = c[:4]
		}
		g.syllable, g.tone = splitTone(firstField(f[5]))
		t.glyphs[r] = g
	})
	group := int32(0)
	eachLine(sameStrokeTSV, false, func(f []string) {
		for _, c := range f {
			r, _ := utf8.DecodeRuneInString(c)
			if r != utf8.RuneError {
				t.strokeGroups[r] = append(t.strokeGroups[r], group)
			}
		}
		group++
	})
	eachLine(samePinyinTSV, true, func(f []string) {
		if len(f) < 2 {
			return
		}
		r, _ := utf8.DecodeRuneInString(f[0])
		t.sameTone[r] = f[1]
		if len(f) > 2 {
			t.otherTone[r] = f[2]
		}
	})
	return t
}

// eachLine calls fn with the tab-separated fields of every non-empty line.
// The fields alias s, so nothing is copied out of the embedded data.
func eachLine(s string, header bool, fn func([]string)) {
	var fields [12]string
	if header {
		_, s, _ = strings.Cut(s, "\n")
	}
	for len(s) > 0 {
		var line string
		line, s, _ = strings.Cut(s, "\n")
		line = strings.TrimSuffix(line, "\r")
		if line == "" {
			continue
		}
		f := fields[:0]
		for {
			a, b, ok := strings.Cut(line, "\t")
			f = append(f, a)
			if !ok || len(f) == len(fields) {
				break
			}
			line = b
		}
		fn(f)
	}
}

// firstField keeps the first of several space-separated Unihan values.
func firstField(s string) string {
	s, _, _ = strings.Cut(s, " ")
	return s
}

var toneMarks = map[rune]struct {
	base rune
	tone byte
}{
	'ā': {'a', 1}, 'á': {'a', 2}, 'ǎ': {'a', 3}, 'à': {'a', 4},
	'ē': {'e', 1}, 'é': {'e', 2}, 'ě': {'e', 3}, 'è': {'e', 4},
	'ī': {'i', 1}, 'í': {'i', 2}, 'ǐ': {'i', 3}, 'ì': {'i', 4},
	'ō': {'o', 1}, 'ó': {'o', 2}, 'ǒ': {'o', 3}, 'ò': {'o', 4},
	'ū': {'u', 1}, 'ú': {'u', 2}, 'ǔ': {'u', 3}, 'ù': {'u', 4},
	'ǖ': {'ü', 1}, 'ǘ': {'ü', 2}, 'ǚ': {'ü', 3}, 'ǜ': {'ü', 4},
	'ń': {'n', 2}, 'ň': {'n', 3}, 'ǹ': {'n', 4}, 'ḿ': {'m', 2},
}

// splitTone turns a kMandarin reading such as "zī" into ("zi", 1); a
// reading without a mark is the neutral tone 5.
func splitTone(p string) (string, byte) {
	if p == "" {
		return "", 0
	}
	var b strings.Builder
	tone := byte(5)
	for _, r := range p {
		if m, ok := toneMarks[r]; ok {
			b.WriteRune(m.base)
			tone = m.tone
			continue
		}
		b.WriteRune(r)
	}
	return b.String(), tone
}
