package normalize

import (
	"slices"
	"sync"
	"sync/atomic"
)

// Matching a line against a table's labels is the costliest step of
// reading a table: every line is compared with every label, and a
// comparison is an LCS. Two things keep it cheap without changing any
// answer. A bound: a label's LCS with the line cannot exceed the
// characters they share, counted with repeats, so a label whose bound
// cannot beat the best score so far is skipped unmeasured. And a cache
// per table spec: the template's labels come back in report after report,
// written the same few ways, so a line already matched is looked up.

// hitKey is one question to matchLabel.
type hitKey struct {
	t       *TableSpec
	folded  string
	group   string
	wantRow bool
}

var (
	hitCache sync.Map // hitKey → labelHit
	// hitCount bounds the cache: lines that are no label (a damaged copy's
	// run-together cells) are seldom asked again, and a batch of 10,000
	// reports must not keep them all.
	hitCount atomic.Int64
)

const maxHits = 1 << 16

// sortedRunes returns the runes of s in order, for commonRunes.
func sortedRunes(rs []rune) []rune {
	out := slices.Clone(rs)
	slices.Sort(out)
	return out
}

// commonRunes counts the runes a and b (both sorted) share, with repeats:
// an upper bound of their LCS.
func commonRunes(a, b []rune) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			n++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return n
}

// matchLabel finds what a folded label is in the table spec. group is the
// current row group, preferred for rows when scores tie.
func matchLabel(t *TableSpec, folded, group string, wantRow bool) labelHit {
	k := hitKey{t, folded, group, wantRow}
	if h, ok := hitCache.Load(k); ok {
		return h.(labelHit)
	}
	h := matchLabelUncached(t, folded, group, wantRow)
	if hitCount.Load() < maxHits {
		if _, loaded := hitCache.LoadOrStore(k, h); !loaded {
			hitCount.Add(1)
		}
	}
	return h
}

func matchLabelUncached(t *TableSpec, folded, group string, wantRow bool) labelHit {
	best := labelHit{}
	rf := []rune(folded)
	var sorted []rune // rf sorted, made when a bound is first needed
	for i := range t.cands {
		c := &t.cands[i]
		// The most this label could score: its similarity is at most the
		// shorter length over the longer (at most the shared runes over
		// the longer, below), 0.9 as a cut-off start, plus the row bonuses.
		pre := prefixOf(rf, c.folded)
		ceiling := 1.0
		if !equalRunes(rf, c.folded) {
			if len(rf) <= 2 || len(c.folded) <= 2 {
				ceiling = 0
			} else {
				if sorted == nil {
					sorted = sortedRunes(rf)
				}
				ceiling = float64(commonRunes(sorted, c.sorted)) / float64(max(len(rf), len(c.folded)))
			}
			if pre {
				ceiling = max(ceiling, 0.9)
			}
		}
		if ceiling == 0 || c.withBonus(ceiling, group, wantRow) <= best.score {
			continue
		}
		sc := similarity(rf, c.folded)
		if sc < 0.9 && pre {
			sc = 0.9
		}
		if sc == 0 {
			continue
		}
		if sc = c.withBonus(sc, group, wantRow); sc > best.score {
			best = labelHit{kind: c.kind, key: c.key, canon: c.canon, score: sc, alias: c.alias}
		}
	}
	if best.score < labelThreshold {
		return labelHit{}
	}
	return best
}

// withBonus adds to a row's score what makes it win ties: its group is
// the current one, numbers follow the label. The additions are made one
// after the other, always in this order, so that equal scores stay equal
// to the last bit.
func (c *candidate) withBonus(sc float64, group string, wantRow bool) float64 {
	if c.kind == "row" {
		if c.group != "" && c.group == group {
			sc += 0.02
		}
		// A label followed by numbers is a row, even when a column
		// has the same name (（七）总计 and the 总计 column).
		if wantRow {
			sc += 0.05
		}
	}
	return sc
}
