package normalize

import (
	"cmp"
	"slices"
	"sync"
)

// Matching a line against a table's labels is the costliest step of
// reading a table: a comparison is an LCS, and a line could be compared
// with every label of the table. Three things keep it cheap without
// changing any answer.
//
// A bound: a label's LCS with the line cannot exceed the characters they
// share, counted with repeats. The table's index from each character to
// the labels that hold it (and how often) gives that count for every
// label at once, so a label that shares too little with the line to
// reach the threshold, or to beat the best score so far, is never
// measured; the labels left are measured best bound first.
//
// An order that keeps the answer: the answer is the label of highest
// score, the first in template order among equals, whatever order the
// labels are measured in.
//
// A cache per table spec: the template's labels come back in report
// after report, written the same few ways, so a line already matched is
// looked up.

// hitKey is one question to matchLabel.
type hitKey struct {
	folded  string
	group   string
	wantRow bool
}

// hitCache is a table spec's answers to matchLabel. It is bounded: lines
// that are no label (a damaged copy's run-together cells) are seldom
// asked again, and a batch of 10,000 reports must not keep them all.
type hitCache struct {
	mu sync.RWMutex
	m  map[hitKey]labelHit
}

const maxHits = 1 << 14

// runeUse says that label cand of a table spec holds a character n times.
type runeUse struct {
	cand, n int32
}

// index builds the character index of the table's labels.
// The uses are gathered, sorted by character (stably: each character's
// labels stay in order) and cut from one array, rather than appended to
// each character's own slice.
func (t *TableSpec) index() {
	type use struct {
		r rune
		u runeUse
	}
	total := 0
	for _, c := range t.cands {
		total += len(c.folded)
	}
	all := make([]use, 0, total)
	for i, c := range t.cands {
		for j, r := range c.folded {
			if slices.Index(c.folded[:j], r) >= 0 {
				continue // counted at its first occurrence
			}
			n := 0
			for _, x := range c.folded[j:] {
				if x == r {
					n++
				}
			}
			all = append(all, use{r, runeUse{int32(i), int32(n)}})
		}
	}
	slices.SortStableFunc(all, func(a, b use) int { return cmp.Compare(a.r, b.r) })
	distinct := 0
	for k := range all {
		if k == 0 || all[k].r != all[k-1].r {
			distinct++
		}
	}
	uses := make([]runeUse, len(all))
	t.runes = make(map[rune][]runeUse, distinct)
	for k := 0; k < len(all); {
		e := k + 1
		for e < len(all) && all[e].r == all[k].r {
			e++
		}
		for x := k; x < e; x++ {
			uses[x] = all[x].u
		}
		t.runes[all[k].r] = uses[k:e:e]
		k = e
	}
}

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
	k := hitKey{folded, group, wantRow}
	t.hits.mu.RLock()
	h, ok := t.hits.m[k]
	t.hits.mu.RUnlock()
	if ok {
		return h
	}
	h = matchLabelUncached(t, folded, group, wantRow)
	t.hits.mu.Lock()
	if t.hits.m == nil {
		t.hits.m = map[hitKey]labelHit{}
	}
	if len(t.hits.m) < maxHits {
		t.hits.m[k] = h
	}
	t.hits.mu.Unlock()
	return h
}

// matchJoined is matchLabel of the label a+b, two cells or lines read as
// one. The join is tried for most labels of every table, and the result
// is nearly always cached: the key is looked up from a buffer on the
// stack, which the compiler does without making the string, and a+b is
// made only on a miss.
func matchJoined(t *TableSpec, a, b, group string, wantRow bool) labelHit {
	var buf [192]byte
	if len(a)+len(b) <= len(buf) {
		k := append(append(buf[:0], a...), b...)
		t.hits.mu.RLock()
		h, ok := t.hits.m[hitKey{string(k), group, wantRow}]
		t.hits.mu.RUnlock()
		if ok {
			return h
		}
	}
	return matchLabel(t, a+b, group, wantRow)
}

// bound is a label worth measuring: its index in the spec and the most
// it could score.
type bound struct {
	cand    int
	ceiling float64 // with the row bonuses
	pre     bool    // the line is a cut-off start of the label
}

func matchLabelUncached(t *TableSpec, folded, group string, wantRow bool) labelHit {
	var rbuf [64]rune
	rf := rbuf[:0]
	for _, r := range folded {
		rf = append(rf, r)
	}
	var cbuf [256]int32
	common := cbuf[:0]
	if len(t.cands) <= len(cbuf) {
		common = cbuf[:len(t.cands)]
	} else {
		common = make([]int32, len(t.cands))
	}
	for i, r := range rf {
		if slices.Index(rf[:i], r) >= 0 {
			continue // counted at its first occurrence
		}
		var n int32
		for _, x := range rf[i:] {
			if x == r {
				n++
			}
		}
		for _, u := range t.runes[r] {
			common[u.cand] += min(n, u.n)
		}
	}
	// The most each label could score: its similarity is at most the
	// shared runes over the longer length (1 when equal, 0 when either
	// has two runes or fewer and they differ), 0.9 as a cut-off start,
	// plus the row bonuses. A label whose bound is below the threshold
	// cannot be the answer: either a label scores more, or none reaches
	// the threshold and there is no answer.
	var bbuf [32]bound
	cands := bbuf[:0]
	for i := range t.cands {
		c := &t.cands[i]
		if common[i] == 0 {
			continue // nothing shared: LCS 0, and no cut-off start
		}
		pre := int(common[i]) == len(rf) && prefixOf(rf, c.folded)
		ceiling := 1.0
		if !equalRunes(rf, c.folded) {
			if len(rf) <= 2 || len(c.folded) <= 2 {
				ceiling = 0
			} else {
				ceiling = float64(common[i]) / float64(max(len(rf), len(c.folded)))
			}
			if pre {
				ceiling = max(ceiling, 0.9)
			}
		}
		if ceiling == 0 {
			continue
		}
		b := bound{cand: i, ceiling: c.withBonus(ceiling, group, wantRow), pre: pre}
		if b.ceiling < labelThreshold {
			continue
		}
		// Best bound first, template order among equal bounds.
		k := len(cands)
		cands = append(cands, b)
		for k > 0 && cands[k-1].ceiling < b.ceiling {
			cands[k] = cands[k-1]
			k--
		}
		cands[k] = b
	}
	best, bestCand := labelHit{}, -1
	for _, b := range cands {
		if b.ceiling < best.score {
			break // neither this label nor any after it can win
		}
		if b.ceiling == best.score && b.cand > bestCand {
			continue // at most a tie with an earlier label, which wins
		}
		c := &t.cands[b.cand]
		sc := similarity(rf, c.folded)
		if sc < 0.9 && b.pre {
			sc = 0.9
		}
		if sc == 0 {
			continue
		}
		if sc = c.withBonus(sc, group, wantRow); sc > best.score || sc == best.score && b.cand < bestCand {
			best, bestCand = labelHit{kind: c.kind, key: c.key, canon: c.canon, score: sc, alias: c.alias}, b.cand
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
