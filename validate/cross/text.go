package cross

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/nianbao/nianbao/normalize"
	"github.com/nianbao/nianbao/validate"
)

const (
	shingle    = 5    // characters per shingle
	minProse   = 80   // characters a section must keep, after cleaning, to be compared
	copiedAt   = 0.85 // Jaccard similarity from which a section counts as copied
	quoteRunes = 60   // longest passage quoted, in characters
	maxCompare = 4000 // characters of a section compared at most (bounds the passage search)
)

// statutory marks sentences that every report of a kind writes alike,
// whatever the year: quoting the fee rules, the regulation, the report's
// own preamble. They are not evidence of copying.
var statutory = []string{"信息处理费", "国办函", "本报告", "统计期限", "如对本报告", "电子版", "无其他需要报告"}

// yearlySections are the sections an agency writes anew each year
// (normalize.SectionSpec.Yearly): its own account of the year. Table
// sections are mostly labels every report shares, and the answers of
// 其他需要报告的事项 (未收取信息处理费, 无) rightly stay the same.
var yearlySections = sync.OnceValue(func() map[string]bool {
	out := map[string]bool{}
	for _, s := range normalize.Sections() {
		if s.Yearly {
			out[s.Key] = true
		}
	}
	return out
})

// clean keeps what is evidence of copying: the section without its
// heading line, its statutory sentences, figures, spaces and punctuation.
// pos maps each kept rune to its byte offset in text, for quoting.
func clean(text string) (kept []rune, pos []int) {
	from := 0
	if i := strings.IndexByte(text, '\n'); i >= 0 {
		from = i + 1
	}
	start := from
	flush := func(end int) {
		sentence := text[start:end]
		if !isStatutory(sentence) {
			for j, r := range sentence {
				if !unicode.IsDigit(r) && !unicode.IsSpace(r) && !unicode.IsPunct(r) && !unicode.IsSymbol(r) {
					kept = append(kept, r)
					pos = append(pos, start+j)
				}
			}
		}
	}
	for i, r := range text[from:] {
		if strings.ContainsRune("。；！？\n", r) {
			end := from + i + utf8.RuneLen(r)
			flush(end)
			start = end
		}
	}
	flush(len(text))
	if len(kept) > maxCompare {
		kept, pos = kept[:maxCompare], pos[:maxCompare]
	}
	return kept, pos
}

func isStatutory(sentence string) bool {
	for _, m := range statutory {
		if strings.Contains(sentence, m) {
			return true
		}
	}
	return false
}

// shingles returns the shingles of rs, each hashed to 64 bits (two
// shingles of one section pair collide about never), sorted and without
// repeats.
func shingles(rs []rune) []uint64 {
	var out []uint64
	for i := 0; i+shingle <= len(rs); i++ {
		h := uint64(14695981039346656037) // FNV-1a over the runes
		for _, r := range rs[i : i+shingle] {
			h = (h ^ uint64(r)) * 1099511628211
		}
		out = append(out, h)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// jaccard is the share of shingles a and b (sorted, without repeats)
// have in common among those either has.
func jaccard(a, b []uint64) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			inter++
			i++
			j++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// prose is a section as copiedText compares it: its text, the runes
// clean keeps, their offsets in the text, and their shingles.
type prose struct {
	text string
	kept []rune
	pos  []int
	sh   []uint64
}

// proseOf cleans section s of r once while r is in the pair at hand:
// the prose of a report takes several times its text, too much to keep
// for every report of a large batch.
func (c *checker) proseOf(r *Digest, s section) *prose {
	if p := c.prose[r][s.key]; p != nil {
		return p
	}
	text, err := r.text(s)
	if err != nil && c.err == nil {
		c.err = err
	}
	p := &prose{text: text}
	p.kept, p.pos = clean(text)
	p.sh = shingles(p.kept)
	if c.prose == nil {
		c.prose = map[*Digest]map[string]*prose{}
	}
	if c.prose[r] == nil {
		c.prose[r] = map[string]*prose{}
	}
	c.prose[r][s.key] = p
	return p
}

// longestCommon finds the longest run of runes a and b share: its start
// in b and its length.
func longestCommon(a, b []rune) (start, n int) {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			if a[i-1] == b[j-1] {
				cur[j] = prev[j-1] + 1
				if cur[j] > n {
					n, start = cur[j], j-cur[j]
				}
			} else {
				cur[j] = 0
			}
		}
		prev, cur = cur, prev
	}
	return start, n
}

// copiedText reports the yearly sections of cur that repeat those of prev
// nearly word for word (CR103).
func (c *checker) copiedText(prev, cur *Digest) {
	before := map[string]section{}
	for _, s := range prev.sections {
		before[s.key] = s
	}
	for _, s := range cur.sections {
		ps, ok := before[s.key]
		if !ok {
			continue
		}
		pa, pb := c.proseOf(prev, ps), c.proseOf(cur, s)
		a, b, pos := pa.kept, pb.kept, pb.pos
		if len(a) < minProse || len(b) < minProse {
			continue
		}
		sim := jaccard(pa.sh, pb.sh)
		if sim < copiedAt {
			continue
		}
		start, n := longestCommon(a, b)
		from := pos[start]
		text := pb.text
		to := len(text)
		if end := start + min(n, quoteRunes); end < len(pos) {
			to = pos[end]
		}
		quote := strings.Join(strings.Fields(text[from:to]), "")
		if n > quoteRunes {
			quote += "……"
		}
		heading := sectionName(s.key)
		c.report(validate.CopiedText, Finding{Path: cur.path, Section: s.key, Line: int(s.line), Column: 1,
			Message: validate.Msg{
				Zh: fmt.Sprintf("%s与 %d 年度报告几乎相同（重合 %.0f%%），最长的相同段落：“%s”", heading.Zh, prev.year, sim*100, quote),
				En: fmt.Sprintf("%s is nearly the same as in the %d report (%.0f%% overlap); the longest shared passage: “%s”", heading.En, prev.year, sim*100, quote),
			},
			Related: []Related{{Path: prev.path, Line: int(ps.line), Column: 1,
				Message: validate.Msg{Zh: fmt.Sprintf("%d 年度报告的%s", prev.year, heading.Zh), En: fmt.Sprintf("%s of the %d report", heading.En, prev.year)}}},
		})
	}
}

// sectionName names a section as messages do: 第五部分 / section 五.
func sectionName(key string) validate.Msg {
	for _, s := range normalize.Sections() {
		if s.Key == key {
			return validate.Msg{Zh: "第" + s.Number + "部分", En: "section " + s.Number}
		}
	}
	return validate.Msg{Zh: key, En: key}
}
