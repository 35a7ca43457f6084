package names

import (
	"strings"
	"unicode/utf8"
)

// Counts returns, for each of subs, strings.Count of the text: how often
// it is written, without overlaps. Which of two spellings is the rarer
// decides which is the typo, and a long text asks that of many quoted
// stretches: counted one by one, each a pass over the whole text, a
// report repeated a few hundred times took minutes. Past a few strings
// they are counted together, in one pass over the text.
func (t *Text) Counts(subs []string) []int {
	s := t.s
	out := make([]int, len(subs))
	if len(subs) <= fewCounts || !s.valid {
		for i, sub := range subs {
			out[i] = strings.Count(s.text, sub)
		}
		return out
	}
	// The strings by their text, and for each first rune the rune lengths
	// of the strings that begin with it: a window is looked up only where
	// its first rune begins some string, once per such length. Windows of
	// whole runes find every occurrence of a valid, non-empty string in a
	// valid text, as its first byte then starts a rune wherever it occurs;
	// any other string is counted by itself.
	type pattern struct {
		n    int // occurrences so far
		next int // byte offset where the next one may start (no overlaps)
	}
	byText := make(map[string]*pattern, len(subs))
	lengths := map[rune][]int{}
	for _, sub := range subs {
		if _, ok := byText[sub]; ok {
			continue
		}
		if sub == "" || !utf8.ValidString(sub) {
			// No window equals it: its count is final.
			byText[sub] = &pattern{n: strings.Count(s.text, sub)}
			continue
		}
		byText[sub] = &pattern{}
		r, _ := utf8.DecodeRuneInString(sub)
		if n := utf8.RuneCountInString(sub); !containsInt(lengths[r], n) {
			lengths[r] = append(lengths[r], n)
		}
	}
	for i, r := range s.runes {
		ls, ok := lengths[r]
		if !ok {
			continue
		}
		start := s.off(i)
		for _, n := range ls {
			if i+n > len(s.runes) {
				continue
			}
			if p := byText[s.text[start:s.off(i+n)]]; p != nil && start >= p.next {
				p.n++
				p.next = s.off(i + n)
			}
		}
	}
	for i, sub := range subs {
		out[i] = byText[sub].n
	}
	return out
}

// fewCounts is how many strings are counted one pass each: strings.Count
// is fast for a few.
const fewCounts = 8

func containsInt(list []int, n int) bool {
	for _, x := range list {
		if x == n {
			return true
		}
	}
	return false
}
