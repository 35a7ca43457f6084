package names

import (
	_ "embed"
	"strings"
	"sync"
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
// look-ups of a run.
type wordList struct {
	text  string
	start []int32 // byte offset of each word; a final entry closes the last
}

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

func newWordList(s string) *wordList {
	for strings.HasPrefix(s, "#") {
		_, s, _ = strings.Cut(s, "\n")
	}
	w := &wordList{text: s, start: make([]int32, 0, strings.Count(s, "\n")+1)}
	for i := 0; i < len(s); {
		w.start = append(w.start, int32(i))
		j := strings.IndexByte(s[i:], '\n')
		if j < 0 {
			i = len(s) + 1
			break
		}
		i += j + 1
	}
	w.start = append(w.start, int32(len(s)+1))
	return w
}

func (w *wordList) word(i int) string {
	end := int(w.start[i+1]) - 1
	return w.text[w.start[i]:min(end, len(w.text))]
}

// has reports whether s is in the list.
func (w *wordList) has(s string) bool {
	lo, hi := 0, len(w.start)-1
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if w.word(m) < s {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo < len(w.start)-1 && w.word(lo) == s
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
