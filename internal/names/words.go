package names

import (
	_ "embed"
	"strings"
	"sync"
	"sync/atomic"
)

var (
	//go:embed data/gse_words.txt
	wordsTxt string
	//go:embed data/gse_common_short.txt
	commonShortTxt string
	//go:embed data/gse_prose.txt
	proseTxt string
)

// wordList is a sorted, newline-separated list searched in place: a Go map
// of its 100,000 words would cost more to build at start-up than all the
// look-ups of a run. So does, for one report, an index of where each word
// starts: building it and touching the whole text took 1.3 ms of the
// 38 ms of CPU of `nianbao check` on a five-page PDF, where the report's
// few hundred look-ups cost 0.1 ms without it. So a list searches its text
// by halving byte ranges (finding the line around the middle byte), and
// builds the index only after indexAfter look-ups, when a batch has
// shown that it will save more than it costs (each look-up is about
// 140 ns faster with it).
type wordList struct {
	text    string // the words, each ended by a newline but perhaps the last
	lookups atomic.Int64
	once    sync.Once
	index   atomic.Pointer[[]int32] // byte offset of each word; a final entry closes the last
}

// indexAfter is the number of look-ups after which a list builds its
// index: about when the time they lost would have paid for it.
const indexAfter = 10_000

var (
	wordsOnce   sync.Once
	words       *wordList
	commonShort *wordList
	prose       *wordList
)

func loadWords() {
	wordsOnce.Do(func() {
		words = newWordList(wordsTxt)
		commonShort = newWordList(commonShortTxt)
		prose = newWordList(proseTxt)
	})
}

// newWordList is the list s, its leading comment lines dropped.
func newWordList(s string) *wordList {
	for strings.HasPrefix(s, "#") {
		_, s, _ = strings.Cut(s, "\n")
	}
	return &wordList{text: s}
}

func (w *wordList) buildIndex() {
	s := w.text
	start := make([]int32, 0, strings.Count(s, "\n")+2)
	i := 0
	for i < len(s) {
		start = append(start, int32(i))
		j := strings.IndexByte(s[i:], '\n')
		if j < 0 {
			i = len(s) + 1
			break
		}
		i += j + 1
	}
	// The entry after the last word: one past its newline, or past its
	// end when it has none. (The index of the session-start code closed
	// a list ending in a newline at one byte more, so that its last word
	// was never found.)
	start = append(start, int32(i))
	w.index.Store(&start)
}

// line is the word on the line that starts at i, and where the next
// line starts.
func (w *wordList) line(i int) (string, int) {
	j := strings.IndexByte(w.text[i:], '\n')
	if j < 0 {
		return w.text[i:], len(w.text) + 1
	}
	return w.text[i : i+j], i + j + 1
}

// has reports whether s is in the list.
func (w *wordList) has(s string) bool {
	if start := w.index.Load(); start != nil {
		return w.hasIndexed(*start, s)
	}
	if w.lookups.Add(1) > indexAfter {
		w.once.Do(w.buildIndex)
		return w.hasIndexed(*w.index.Load(), s)
	}
	// Lines starting before lo are less than s; lines starting at hi or
	// later are not.
	lo, hi := 0, len(w.text)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		i := lo + strings.LastIndexByte(w.text[lo:m], '\n') + 1
		word, next := w.line(i)
		if word < s {
			lo = next
		} else {
			hi = i
		}
	}
	if lo >= len(w.text) {
		return false
	}
	word, _ := w.line(lo)
	return word == s
}

func (w *wordList) hasIndexed(start []int32, s string) bool {
	word := func(i int) string {
		end := int(start[i+1]) - 1
		return w.text[start[i]:min(end, len(w.text))]
	}
	lo, hi := 0, len(start)-1
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if word(m) < s {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo < len(start)-1 && word(lo) == s
}

// isWord reports whether s is an everyday word or a real word that differs
// from some division name by one confusable character (gse dictionary).
func isWord(s string) bool {
	loadWords()
	return words.has(s)
}

// isProse reports whether s is a word that, written before a level suffix,
// reads as prose rather than as a place name: a verb, preposition or the
// like (通过市科委网站, 报送市政府), or one of the most frequent words.
func isProse(s string) bool {
	loadWords()
	return prose.has(s)
}
