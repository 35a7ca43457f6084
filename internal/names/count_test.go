package names

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestText_Counts holds Counts to strings.Count, which it stands in for:
// on texts of a few characters repeated (where occurrences overlap, as
// 哈哈 does in 哈哈哈), with and without bad bytes, for lists of
// strings of the text, of other strings and of invalid ones, short
// (counted one by one) and long (counted together).
func TestText_Counts(t *testing.T) {
	alphabet := []string{"哈", "淄", "川", "“", "”", "a", "\n", "区", "\xe6\xb7", "\xff"}
	rng := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 200; round++ {
		bad := round%2 == 1
		var b strings.Builder
		for range 300 {
			k := rng.IntN(len(alphabet) - 2)
			if bad {
				k = rng.IntN(len(alphabet))
			}
			b.WriteString(alphabet[k])
		}
		text := b.String()
		var subs []string
		for range 1 + round%20 {
			var sub string
			switch rng.IntN(4) {
			case 0: // of the text, maybe cut inside a character
				i := rng.IntN(len(text))
				sub = text[i:min(len(text), i+1+rng.IntN(9))]
			case 1:
				sub = strings.Repeat("哈", 1+rng.IntN(3))
			case 2:
				sub = alphabet[rng.IntN(len(alphabet))] + alphabet[rng.IntN(len(alphabet))]
			default:
				sub = ""
			}
			subs = append(subs, sub)
		}
		got := NewText(text).Counts(subs)
		for i, sub := range subs {
			if want := strings.Count(text, sub); got[i] != want {
				t.Fatalf("round %d: Count(%q) = %d, want %d", round, sub, got[i], want)
			}
		}
	}
}
