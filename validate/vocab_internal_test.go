package validate

import (
	"sort"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// TestVocab_AsAppended: the vocabulary's tables, built from one array,
// hold what building them word by word gave: each word indexed, and for
// each first rune its words in the vocabulary's order, longest first.
func TestVocab_AsAppended(t *testing.T) {
	v := vocab()
	byFirst := map[rune][]string{}
	n := 0
	for _, g := range vocabulary {
		for _, w := range g.words {
			w = foldProse(w)
			require.Equal(t, w, v.index[w].word)
			require.Equal(t, g.id, v.index[w].id, "%s", w)
			require.Equal(t, g.kind, v.index[w].kind, "%s", w)
			first, _ := utf8.DecodeRuneInString(w)
			require.True(t, v.first.has(first), "%s", w)
			byFirst[first] = append(byFirst[first], w)
			n++
		}
	}
	require.Len(t, v.index, n)
	for _, list := range byFirst {
		sort.SliceStable(list, func(i, j int) bool {
			return utf8.RuneCountInString(list[i]) > utf8.RuneCountInString(list[j])
		})
	}
	got := map[rune][]string{}
	for r, list := range v.byFirst {
		for _, w := range list {
			got[r] = append(got[r], w.word)
		}
	}
	require.Equal(t, byFirst, got)
}
