package names

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/unicode/norm"
)

// Similarity says how easily one character is mistaken for another, and
// why.
type Similarity struct {
	// Shape is set when the glyphs look alike (形近): computed shape score at
	// least ShapeNear, or both characters in one curated same_stroke group.
	Shape bool
	// Sound is set when the characters share a Mandarin syllable (音近); the
	// same tone weighs more than another tone.
	Sound bool
	// Score is 0 (unrelated) to 1; Confusable's ok means Score >=
	// ConfusableScore.
	Score float64
	// Reason lists the agreeing features, in Chinese, e.g.
	// 同部首(水)，四角号码3216/3716，仓颉EVVW/EHHW.
	Reason string
}

// Thresholds and weights of Confusable, chosen on the shipped data.
//
// The computed shape score is a weighted agreement of four independent
// descriptors of a glyph:
//
//	0.4 × four-corner main digits that agree / 4  (the outline: 四角号码 codes
//	      the stroke shape at each corner, the closest thing in open data to
//	      "looks the same at reading size")
//	0.3 × Cangjie shared prefix+suffix / longer code (shared components:
//	      Cangjie spells a character by its parts, first part first)
//	0.2 × same kRSUnicode radical
//	0.1 × max(0, 1 − |stroke difference| / 4)
//
// 淄 (水, 3216, EVVW, 11) and 溜 (水, 3716, EHHW, 13) score
// 0.2 + 0.3 + 0.15 + 0.05 = 0.70. Among the 3,500 level-1 characters of
// 通用规范汉字表, the computed score alone at 0.65 gives a median of 5
// look-alike partners per character (mean 7); 0.60 doubles that, 0.70
// halves it and drops real pairs such as 人/入 (0.65). 淄's partners above
// it (潘 活 溜 洒 油 渊 …) are characters a reader or OCR does mistake for
// it. A pair in one curated same_stroke group scores at least 0.75
// whatever the descriptors say, because those groups are mostly
// shared-component pairs (烧/浇, 拨/泼) whose radicals differ; with them a
// level-1 character has a median of 7 look-alikes (mean 10), and 15
// confusables of any kind (mean 17).
//
// Sound: the same syllable and tone (same_pinyin's same_tone, or equal
// kMandarin readings) scores 0.8; the same syllable with another tone 0.45,
// too weak alone. A pair that is near in both shape (>= ShapeNear) and
// sound combines as 1 − (1 − shape)(1 − sound), so 清/晴 (shared 青, qīng
// vs qíng) passes while neither half would.
//
// A character missing from the data (traditional forms such as 開, rare
// extensions) is confusable with nothing: a false alarm costs more than a
// missed typo.
const (
	ConfusableScore = 0.65
	ShapeNear       = 0.5

	weightCorner   = 0.4
	weightCangjie  = 0.3
	weightRadical  = 0.2
	weightStrokes  = 0.1
	curatedShape   = 0.75
	sameToneScore  = 0.8
	otherToneScore = 0.45
)

// Confusable reports how alike a and b are and whether they are alike
// enough that writing one for the other is a plausible typo. Identical
// characters are not confusable.
func Confusable(a, b rune) (Similarity, bool) {
	return similarity(a, b, true)
}

// IsConfusable is the ok of Confusable, for a caller that needs no more.
func IsConfusable(a, b rune) bool {
	_, ok := scoreOf(a, b)
	return ok
}

// confusable is Confusable without the Reason when a and b are not
// confusable: most pairs a search compares are not, and the reasons
// (radical glyphs, stroke counts) are the dearest part to make.
func confusable(a, b rune) (Similarity, bool) {
	if s, ok := scoreOf(a, b); !ok {
		return s, false
	}
	return similarity(a, b, true)
}

// scoreOf is similarity without reasons, remembered for the pairs
// compared last: the seven look-ups in the character tables take
// microseconds, and the reports of a run, written about the same places
// in the same words, compare the same pairs again and again. The memory
// is a fixed table that a pair overwrites, so it never grows.
func scoreOf(a, b rune) (Similarity, bool) {
	k := [2]rune{a, b}
	pairs.Lock()
	e, hit := pairs.m[k]
	pairs.Unlock()
	if hit {
		return e.s, e.ok
	}
	s, ok := similarity(a, b, false)
	pairs.Lock()
	if pairs.m == nil || len(pairs.m) >= 1<<pairBits {
		pairs.m = make(map[[2]rune]pairScore) // the pairs of the last reports, a bounded number
	}
	pairs.m[k] = pairScore{s: s, ok: ok}
	pairs.Unlock()
	return s, ok
}

const pairBits = 12

// pairs remembers scoreOf for the pairs asked last. A fixed table of
// 1<<pairBits entries that a pair overwrote was 192 KiB of zeroed
// memory read before it was written: each of its pages that a report's
// pairs fell in was faulted twice (the zero page, then a copy) in every
// process that checks one report; a map holds only the pairs asked.
var pairs struct {
	sync.Mutex
	m map[[2]rune]pairScore
}

type pairScore struct {
	s  Similarity
	ok bool
}

// similarity is Confusable, with the Reason left empty unless explain.
func similarity(a, b rune, explain bool) (Similarity, bool) {
	if a == b {
		return Similarity{}, false
	}
	t := loadChars()
	var reasons []string
	shape := 0.0
	ga, okA := t.glyph(a)
	gb, okB := t.glyph(b)
	if okA && okB {
		shape, reasons = shapeScore(ga, gb, explain)
	}
	if t.sameGroup(a, b) {
		if explain {
			reasons = append([]string{"形近字表"}, reasons...)
		}
		shape = max(shape, curatedShape)
	}
	sound, why := t.soundScore(a, b, ga, gb, okA && okB, explain)
	if why != "" {
		reasons = append(reasons, why)
	}
	s := Similarity{Shape: shape >= ShapeNear, Sound: sound > 0}
	switch {
	case s.Shape && s.Sound:
		s.Score = 1 - (1-shape)*(1-sound)
	case s.Shape:
		s.Score = shape
	case s.Sound:
		s.Score = sound
	}
	if !s.Shape && !s.Sound {
		return Similarity{}, false
	}
	// Three decimals keep float noise (0.7000000000000001) out of messages
	// and away from the threshold.
	s.Score = math.Round(s.Score*1000) / 1000
	if explain {
		s.Reason = strings.Join(reasons, "，")
	}
	return s, s.Score >= ConfusableScore
}

// shapeScore combines the four descriptors; see ConfusableScore.
// The reasons are made only when explain is set.
func shapeScore(a, b glyph, explain bool) (float64, []string) {
	var score float64
	var why []string
	if a.radical != "" && a.radical == b.radical {
		score += weightRadical
		if explain {
			why = append(why, "同部首("+radicalGlyph(a.radical)+")")
		}
	}
	if len(a.corner) == 4 && len(b.corner) == 4 {
		same := 0
		for i := range 4 {
			if a.corner[i] == b.corner[i] {
				same++
			}
		}
		score += weightCorner * float64(same) / 4
		if explain && same >= 2 {
			why = append(why, "四角号码"+a.corner+"/"+b.corner)
		}
	}
	if a.cangjie != "" && b.cangjie != "" {
		share := cangjieShare(a.cangjie, b.cangjie)
		score += weightCangjie * share
		if explain && share > 0 {
			why = append(why, "仓颉"+a.cangjie+"/"+b.cangjie)
		}
	}
	if a.strokes > 0 && b.strokes > 0 {
		d := abs(a.strokes - b.strokes)
		score += weightStrokes * max(0, 1-float64(d)/4)
		if explain && d <= 2 {
			why = append(why, fmt.Sprintf("笔画%d/%d", a.strokes, b.strokes))
		}
	}
	return score, why
}

// cangjieShare is the part of the longer code covered by a common prefix
// plus a common suffix: EVVW/EHHW share E…W, 2 of 4.
func cangjieShare(a, b string) float64 {
	n := min(len(a), len(b))
	p := 0
	for p < n && a[p] == b[p] {
		p++
	}
	s := 0
	for s < n-p && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	return float64(p+s) / float64(max(len(a), len(b)))
}

// sameGroup reports whether a and b are listed together in one curated
// same_stroke group.
func (t *charTables) sameGroup(a, b rune) bool {
	if f := t.frozen; f != nil {
		aLo, aHi := f.groupsOf(a)
		bLo, bHi := f.groupsOf(b)
		for i := aLo; i < aHi; i++ {
			for j := bLo; j < bHi; j++ {
				if f.group(i) == f.group(j) {
					return true
				}
			}
		}
		return false
	}
	for _, ga := range t.strokeGroups[a] {
		for _, gb := range t.strokeGroups[b] {
			if ga == gb {
				return true
			}
		}
	}
	return false
}

// soundScore gives the score of the sounds of a and b and, when explain
// is set, its reason.
func (t *charTables) soundScore(a, b rune, ga, gb glyph, known, explain bool) (float64, string) {
	// Polyphones: same_pinyin may pair readings other than the first
	// kMandarin ones, which are then not printed.
	sameSyllable := known && ga.syllable != "" && ga.syllable == gb.syllable
	reading := func(sameTone bool) string {
		if !sameSyllable || sameTone && ga.tone != gb.tone {
			return ""
		}
		return "(" + ga.syllable + strconv.Itoa(int(ga.tone)) + "/" + gb.syllable + strconv.Itoa(int(gb.tone)) + ")"
	}
	switch {
	case strings.ContainsRune(t.sameToneOf(a), b) || strings.ContainsRune(t.sameToneOf(b), a),
		sameSyllable && ga.tone == gb.tone:
		if !explain {
			return sameToneScore, ""
		}
		return sameToneScore, "同音同调" + reading(true)
	case strings.ContainsRune(t.otherToneOf(a), b) || strings.ContainsRune(t.otherToneOf(b), a),
		sameSyllable:
		if !explain {
			return otherToneScore, ""
		}
		return otherToneScore, "同音异调" + reading(false)
	}
	return 0, ""
}

// simplifiedRadicals gives the simplified forms that kRSUnicode marks with
// a prime (149' is 讠, not 言); the Kangxi block has only the full forms.
var simplifiedRadicals = map[string]string{
	"120'": "纟", "147'": "见", "149'": "讠", "154'": "贝", "159'": "车",
	"167'": "钅", "169'": "门", "178'": "韦", "181'": "页", "182'": "风",
	"184'": "饣", "187'": "马", "195'": "鱼", "196'": "鸟", "197'": "卤",
	"199'": "麦", "205'": "黾", "210'": "齐", "211'": "齿", "212'": "龙",
	"213'": "龟", "168'": "长", "183'": "飞",
}

// radicalGlyph turns a kRSUnicode radical number into the character a
// reader knows: the Kangxi radical code point (U+2F00 + n − 1)
// normalises under NFKC to the ordinary ideograph (⽔ → 水).
func radicalGlyph(r string) string {
	if s, ok := simplifiedRadicals[r]; ok {
		return s
	}
	n, err := strconv.Atoi(strings.TrimSuffix(r, "'"))
	if err != nil || n < 1 || n > 214 {
		return r
	}
	return norm.NFKC.String(string(rune(0x2F00 + n - 1)))
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
