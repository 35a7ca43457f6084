package normalize

import (
	"maps"
	"slices"
	"testing"
)

// TestSimplify_Table: the written-out table of simplify is the one that
// simpPairs make: every traditional character once, sorted, with its
// simplified form, and the filter bits of exactly those characters.
func TestSimplify_Table(t *testing.T) {
	m := map[rune]rune{}
	rs := []rune(simpPairs)
	if len(rs)%2 != 0 {
		t.Fatalf("simpPairs has %d characters, want pairs", len(rs))
	}
	for i := 0; i < len(rs); i += 2 {
		m[rs[i]] = rs[i+1]
	}
	trad := slices.Sorted(maps.Keys(m))
	var filter [filterBits / 64]uint64
	var want []rune
	for _, r := range trad {
		want = append(want, m[r])
		b := r & (filterBits - 1)
		filter[b>>6] |= 1 << (b & 63)
	}
	if !slices.Equal(simp.trad, trad) || !slices.Equal(simp.simp, want) || simp.filter != filter {
		t.Fatalf("simp is not the table simpPairs make:\ntrad %q\nwant %q\nsimp %q\nwant %q\nfilter %#x\nwant   %#x", simp.trad, trad, simp.simp, want, simp.filter, filter)
	}
	for r, s := range m {
		if got := simplify(r); got != s {
			t.Errorf("simplify(%q) = %q, want %q", r, got, s)
		}
	}
}
