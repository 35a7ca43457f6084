package validate

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestPassSet: a passage's set, folded to the passage's length, still
// holds every rune of it, as the sets of the passages of buildTX (made
// in one piece by scan) and of a passage made alone (runes) do, so that
// the tests that skip a passage (mayHold, mayHoldMask, mayStart) never
// skip one that holds what they look for.
func TestPassSet(t *testing.T) {
	src, err := os.ReadFile("../corpus/testdata/corpus/000_zibo_zichuan_touzi_2023.txt")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	d := &txDoc{defs: map[string]bool{}}
	for i := range 400 {
		// Lengths from one rune to whole paragraphs run together.
		var b strings.Builder
		for k := 0; k <= i%40; k += 4 {
			b.WriteString(lines[(i+k)%len(lines)])
		}
		if b.Len() > 0 {
			d.passages = append(d.passages, &passage{text: b.String()})
		}
	}
	alone := &passage{text: "一"}
	d.scan()
	for _, ps := range append(d.passages, alone) {
		set := ps.runes()
		if n := len(set); n&(n-1) != 0 || n < 4 || n > 64 || 2*n < ps.runeCount() && n < 64 {
			t.Fatalf("%d runes: set of %d words", ps.runeCount(), n)
		}
		for k, r := range ps.text {
			w := ps.text[k:min(len(ps.text), k+9)]
			for !utf8.ValidString(w) {
				w = w[:len(w)-1]
			}
			if !set.has(r) || !ps.mayHold(w) || !ps.mayHoldMask(maskOf(w)) || !ps.mayStart(w) {
				t.Fatalf("%q: lacks %q", ps.text, w)
			}
		}
	}
}
