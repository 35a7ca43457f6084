package validate

import "strings"

// This file holds the small hand-written matchers that stand in for
// regular expressions on the paths every report takes: a regexp that
// must be tried at every offset of a passage (an alternation of words, a
// pattern after (?:^|[^\d])) costs far more than looking for the one
// character its matches need. Each says which pattern it is; the tests
// (scan_internal_test.go) hold it to that pattern on the rules' test
// cases and on random strings.

// words is an alternation of literal words, (?:a|b|c) in RE2: at an
// offset it matches the first of them, in the order given, that the text
// holds there, as RE2's leftmost-first matching does.
type words struct {
	list    []string
	byFirst [256][]int32 // indexes into list of the words starting with a byte
	// second holds, by first byte, the second bytes of the words of more
	// than one byte (bit b&63): most offsets that share a word's first
	// byte, the lead byte of a Chinese character, do not share its second.
	second [256]uint64
	short  [256]bool // a word of one byte starts with the byte
}

func newWords(list ...string) *words {
	w := &words{list: list}
	for i, s := range list {
		if s == "" {
			panic("validate: empty word in an alternation")
		}
		w.byFirst[s[0]] = append(w.byFirst[s[0]], int32(i))
		if len(s) == 1 {
			w.short[s[0]] = true
		} else {
			w.second[s[0]] |= 1 << (s[1] & 63)
		}
	}
	return w
}

// at returns the end of the word matched at byte i of s, or -1. Every
// word starts with a byte that begins a character (ASCII or a lead byte),
// so a match is never found inside a character, as in RE2.
func (w *words) at(s string, i int) int {
	c := s[i]
	if !w.short[c] && (i+1 >= len(s) || w.second[c]&(1<<(s[i+1]&63)) == 0) {
		return -1
	}
	for _, k := range w.byFirst[c] {
		x := w.list[k]
		if len(x) <= len(s)-i && (len(x) == 1 || s[i+1] == x[1]) && s[i:i+len(x)] == x {
			return i + len(x)
		}
	}
	return -1
}

// find returns the leftmost match at or after byte from of s, or -1, -1.
func (w *words) find(s string, from int) (int, int) {
	for i := from; i < len(s); i++ {
		if w.byFirst[s[i]] == nil {
			continue
		}
		if e := w.at(s, i); e >= 0 {
			return i, e
		}
	}
	return -1, -1
}

// findAll is FindAllStringIndex(s, -1) of the alternation.
func (w *words) findAll(s string) [][]int {
	var out [][]int
	for i := 0; i < len(s); {
		a, b := w.find(s, i)
		if a < 0 {
			break
		}
		out = append(out, []int{a, b})
		i = b
	}
	return out
}

// has reports whether s holds one of the words.
func (w *words) has(s string) bool {
	a, _ := w.find(s, 0)
	return a >= 0
}

// hasPrefix is ^(?:words) of RE2.
func (w *words) hasPrefix(s string) bool {
	return len(s) > 0 && w.at(s, 0) >= 0
}

// hasSuffix is (?:words)$ of RE2.
func (w *words) hasSuffix(s string) bool {
	for _, x := range w.list {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}
