package normalize

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/lazyre"
)

// headingAt matches a top-level section number: 一、 … 六、 (also with
// ASCII or full-width dots and commas, and spaces). headingNumber reads
// it; the pattern stays as its specification and for the test that holds
// the two equal.
var headingAt = lazyre.New(`^\s*([一二三四五六七八九十]{1,2})\s*[、.．,，]\s*`)

// inlineHeading finds headings inside a paragraph whose line breaks were
// lost (a whole report in one line). inlineHeadings reads it, and the
// test holds the two equal.
var inlineHeading = lazyre.New(`(?:^|[\s。；])([一二三四五六])\s*[、.．]`)

// headingNumber is the numeral of the section number that starts text,
// as headingAt's first group; ok is false where headingAt does not match.
// The hand-written scanners of this file replace regexps that ran on
// every block of every report (a sixth of normalizing one, by profile):
// each part of the patterns is a run of one class that the next part
// cannot start with, so reading them needs no backtracking.
func headingNumber(text string) (number string, ok bool) {
	i := skipSpace(text, 0)
	j := i
	for k := 0; ; k++ {
		r, n := utf8.DecodeRuneInString(text[j:])
		if n == 0 || !isChineseNumeral(r) {
			break
		}
		if k == 2 {
			return "", false
		}
		j += n
	}
	if j == i {
		return "", false
	}
	end := j
	if !numberingStop(text, &end) {
		return "", false
	}
	return text[i:j], true
}

// inlineHeadings calls f with the start of the numeral of each match of
// inlineHeading in text, in order, as FindAllStringSubmatchIndex gives
// them.
func inlineHeadings(text string, f func(start int)) {
	p := 0 // the end of the last match: the next one's anchor is not before it
	if end, ok := inlineNumber(text, 0); ok {
		f(0)
		p = end
	}
	// The paragraphs are long and the matches few, so the text is not
	// read rune by rune: each 、 . or ． that could end a number is found
	// by a byte search, and what comes before it read backwards (spaces,
	// a numeral, the space, 。 or ； before it). An ASCII byte is always
	// a rune of its own and the first bytes of these runes never continue
	// another, so what is found is what a reading by runes finds.
	next := [3]int{-1, -1, -1} // the next 、 . and ． at or after q
	for q := p; q < len(text); {
		i, n := len(text), 0
		for k, sep := range [3]string{"、", ".", "．"} {
			if next[k] < q {
				if j := strings.Index(text[q:], sep); j >= 0 {
					next[k] = q + j
				} else {
					next[k] = len(text)
				}
			}
			if next[k] < i {
				i, n = next[k], len(sep)
			}
		}
		if n == 0 {
			return
		}
		q = i + n
		j := i
		for j > p && isASCIISpace(text[j-1]) {
			j--
		}
		ns := j - len("一")
		if ns <= p || !isInlineNumeral(text[ns:j]) {
			continue
		}
		if a := ns - 1; a >= p && isASCIISpace(text[a]) ||
			ns-len("。") >= p && (text[ns-len("。"):ns] == "。" || text[ns-len("。"):ns] == "；") {
			f(ns)
			p = q
		}
	}
}

func isASCIISpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\f' || b == '\r'
}

// isInlineNumeral reports whether s is one of 一 … 六.
func isInlineNumeral(s string) bool {
	switch s {
	case "一", "二", "三", "四", "五", "六":
		return true
	}
	return false
}

// inlineNumber reads 一 … 六, spaces and 、 . or ． at text[i:], and
// returns where they end.
func inlineNumber(text string, i int) (end int, ok bool) {
	r, n := utf8.DecodeRuneInString(text[i:])
	switch r {
	case '一', '二', '三', '四', '五', '六':
	default:
		return 0, false
	}
	j := skipSpace(text, i+n)
	r, n = utf8.DecodeRuneInString(text[j:])
	switch r {
	case '、', '.', '．':
		return j + n, true
	}
	return 0, false
}

const headingThreshold = 0.8

type headingCand struct {
	spec   *SectionSpec
	span   extract.Span
	text   string
	score  float64
	number string
	block  int
}

// findSections locates the six sections. It fills r.Sections in template
// order; sections not found are marked missing or heading-missing.
func findSections(r *Report, doc *extract.Document) {
	specs := Sections()
	var cands []headingCand
	for bi, b := range doc.Blocks {
		if b.Kind == extract.Table {
			continue
		}
		text := doc.Slice(b.Span)
		if runesAtMost(text, 40) {
			if c, ok := matchHeading(specs, text, b.Span, bi); ok {
				cands = append(cands, c)
				continue
			}
		}
		inlineHeadings(text, func(start int) {
			if start == 0 && runesAtMost(text, 40) {
				return // the block itself is the heading: handled above
			}
			rest := text[start:]
			end := len(rest)
			if i := strings.IndexAny(rest, " \u3000。；\t"); i > 0 {
				end = i
			}
			if !runesAtMost(rest[:end], 40) {
				return
			}
			sp := extract.Span{Start: b.Span.Start + start, End: b.Span.Start + start + end}
			if c, ok := matchHeading(specs, rest[:end], sp, bi); ok {
				cands = append(cands, c)
			}
		})
	}
	// Each section takes its best candidate: text first, then the number
	// the template gives it, then the earliest.
	found := map[string]headingCand{}
	used := map[extract.Span]bool{}
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.score != b.score {
			return a.score > b.score
		}
		am, bm := a.number == a.spec.Number, b.number == b.spec.Number
		if am != bm {
			return am
		}
		return a.span.Start < b.span.Start
	})
	for _, c := range cands {
		if _, ok := found[c.spec.Key]; ok || used[c.span] {
			continue
		}
		found[c.spec.Key] = c
		used[c.span] = true
	}

	r.Sections = make([]Section, len(specs))
	var starts []int
	for i, s := range specs {
		sec := Section{Key: s.Key, Number: s.Number}
		if c, ok := found[s.Key]; ok {
			sec.Heading, sec.Span = c.text, c.span
			starts = append(starts, c.span.Start)
		} else {
			sec.Missing = true
		}
		r.Sections[i] = sec
	}
	sort.Ints(starts)
	// Bodies run to the next heading found.
	for i := range r.Sections {
		s := &r.Sections[i]
		if s.Missing {
			continue
		}
		end := len(doc.Text)
		for _, st := range starts {
			if st > s.Span.Start {
				end = st
				break
			}
		}
		s.Body = extract.Span{Start: s.Span.Start, End: end}
	}
	findHeadless(r, doc, specs)
	order := 0
	for _, st := range starts {
		for i := range r.Sections {
			if !r.Sections[i].Missing && !r.Sections[i].HeadingMissing && r.Sections[i].Span.Start == st {
				order++
				r.Sections[i].Order = order
			}
		}
	}
}

// headingHit is what matchHeading finds in a text, whatever its place.
type headingHit struct {
	spec   *SectionSpec
	score  float64
	number string
	ok     bool
}

// headings caches matchHeading by the exact text of the block: the short
// lines of a report (headings, labels of flattened tables, numbers) come
// back report after report, and measuring one against every heading was
// half of finding the sections (profile of the generated mix). Bounded
// like hitCache, for the lines seen once: 4,096 lines, about 0.5 MB (16,384
// held 2 MB of the parent's live heap on 10,000 generated reports, which
// the collector scans at every cycle, for no CPU saved on that batch).
var headings struct {
	mu sync.RWMutex
	m  map[string]headingHit
}

const maxHeadings = 1 << 12

func matchHeading(specs []*SectionSpec, text string, span extract.Span, block int) (headingCand, bool) {
	headings.mu.RLock()
	h, ok := headings.m[text]
	headings.mu.RUnlock()
	if !ok {
		h = matchHeadingText(specs, text)
		headings.mu.Lock()
		if headings.m == nil {
			headings.m = map[string]headingHit{}
		}
		if len(headings.m) < maxHeadings {
			headings.m[strings.Clone(text)] = h
		}
		headings.mu.Unlock()
	}
	if !h.ok {
		return headingCand{}, false
	}
	return headingCand{spec: h.spec, span: span, text: strings.TrimSpace(text), score: h.score, number: h.number, block: block}, true
}

// matchHeadingText is matchHeading without the cache and the place.
func matchHeadingText(specs []*SectionSpec, text string) headingHit {
	number, ok := headingNumber(text)
	if !ok && (strings.HasPrefix(strings.TrimSpace(text), "（") || strings.HasPrefix(strings.TrimSpace(text), "(")) {
		return headingHit{} // （一）… is a sub-heading of a section
	}
	var fbuf, sbuf [48]rune
	folded := fbuf[:0]
	for _, r := range FoldLabel(text) {
		folded = append(folded, r)
	}
	var sorted []rune // folded in order, made when a bound needs it
	best := headingHit{}
	for _, s := range specs {
		for k, h := range s.folded {
			// The most h could score (see matchLabelUncached): below
			// the threshold, or no more than the best so far, it need
			// not be measured.
			if !equalRunes(folded, h) {
				if len(folded) <= 2 || len(h) <= 2 {
					continue
				}
				// The shared runes are at most the shorter length.
				if float64(min(len(folded), len(h)))/float64(max(len(folded), len(h))) < headingThreshold {
					continue
				}
				if sorted == nil {
					sorted = append(sbuf[:0], folded...)
					slices.Sort(sorted)
				}
				ceiling := float64(commonRunes(sorted, s.sorted[k])) / float64(max(len(folded), len(h)))
				if ceiling < headingThreshold || ceiling <= best.score {
					continue
				}
			}
			sc := similarity(folded, h)
			if sc > best.score {
				best = headingHit{spec: s, score: sc, number: strings.Clone(number), ok: true}
			}
		}
	}
	// Without a number a heading must read exactly as the template's.
	if best.spec == nil || best.score < headingThreshold || (number == "" && best.score < 0.95) {
		return headingHit{}
	}
	return best
}

// findHeadless looks for sections whose heading is missing but whose
// content is there: prose left after the table of a table section (the
// seed's section 五 follows table 三 without its heading) or between two
// found sections, that reads like the missing section.
func findHeadless(r *Report, doc *extract.Document, specs []*SectionSpec) {
	for i, s := range specs {
		sec := &r.Sections[i]
		if !sec.Missing {
			continue
		}
		// The gap: from the previous found section to the next one.
		gapStart, gapEnd := 0, len(doc.Text)
		for j := i - 1; j >= 0; j-- {
			if p := r.Sections[j]; !p.Missing {
				gapStart = p.Span.End
				break
			}
		}
		for j := i + 1; j < len(specs); j++ {
			if n := r.Sections[j]; !n.Missing && !n.HeadingMissing {
				gapEnd = n.Span.Start
				break
			}
		}
		// Prose in the gap after the last table: a table section's own
		// content ends with its table.
		var blocks []extract.Block
		for _, b := range doc.Blocks {
			if b.Span.Start < gapStart || b.Span.Start >= gapEnd {
				continue
			}
			if b.Kind == extract.Table {
				blocks = blocks[:0]
				continue
			}
			blocks = append(blocks, b)
		}
		if len(blocks) == 0 || !hasTableBefore(doc, gapStart, gapEnd) {
			continue
		}
		var sb strings.Builder
		for _, b := range blocks {
			sb.WriteString(doc.Slice(b.Span))
		}
		body := sb.String()
		hits := 0
		for _, sig := range s.Signature {
			if strings.Contains(body, sig) {
				hits++
			}
		}
		if hits == 0 {
			continue
		}
		sec.Missing, sec.HeadingMissing = false, true
		sec.Span = blocks[0].Span
		sec.Body = extract.Span{Start: blocks[0].Span.Start, End: blocks[len(blocks)-1].Span.End}
		// The previous section's body stops where the headless one starts.
		for j := range r.Sections {
			if p := &r.Sections[j]; !p.Missing && j != i && p.Body.Start < sec.Body.Start && p.Body.End > sec.Body.Start {
				p.Body.End = sec.Body.Start
			}
		}
	}
}

func hasTableBefore(doc *extract.Document, start, end int) bool {
	for _, b := range doc.Blocks {
		if b.Kind == extract.Table && b.Span.Start >= start && b.Span.Start < end {
			return true
		}
	}
	return false
}
