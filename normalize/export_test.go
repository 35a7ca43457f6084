package normalize

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/cjk"
)

// NumberingEnd and NumberingRE let the scanner test hold the scanner
// against the pattern it reads.
var (
	MakeTableKeys   = makeTableKeys
	NumberingEnd    = numberingEnd
	NumberingRE     = numbering
	HeadingNumber   = headingNumber
	HeadingAtRE     = headingAt
	InlineHeadingRE = inlineHeading
)

// QuickKind is quickKind; ParseCell reads raw as a table cell.
var QuickKind = quickKind

func ParseCell(raw string) Cell {
	var c Cell
	parseCell(&c, raw, new(float64))
	return c
}

// PeriodMatches and PeriodRE, and the contact regexps with their
// anchored finders, let the scanner tests hold each to its regexp.
var (
	QuotedMatches = quotedMatches
	QuotedRE      = quotedRE.Re()
	PeriodMatches = periodMatches
	PeriodRE      = periodRE.Re()
	YearFirst     = yearFirst
	YearFirstRE   = yearFirstRE.Re()
	ContactREs    = []*regexp.Regexp{addrRE.Re(), postRE.Re(), phoneRE.Re(), emailRE.Re()}
	ContactFinds  = []func(string) []int{addrScan.find, postScan.find, phoneScan.find, emailScan.find}
)

// RefFold is Fold as first written, building every label anew: the one
// pass of Fold must give the same.
func RefFold(s string) string {
	var sb strings.Builder
	for _, r := range s {
		r = simplify(r)
		switch {
		case r >= '０' && r <= '９':
			sb.WriteRune(r - 0xFEE0)
		case cjk.IsHan(r), r >= '0' && r <= '9':
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// InlineHeadings lists the starts inlineHeadings finds in text.
func InlineHeadings(text string) []int {
	var out []int
	inlineHeadings(text, func(start int) { out = append(out, start) })
	return out
}

// LabelLines lists, folded, what matchTable can ask of the label matcher
// in doc: every label token alone and joined to the label token after it
// (a label wrapped over two cells or lines, or split by a page break),
// and every short paragraph.
func LabelLines(doc *extract.Document) []string {
	toks := tokens(doc, 0, len(doc.Text))
	var out []string
	prev := ""
	for _, tk := range toks {
		if tk.kind != tLabel {
			continue
		}
		f := FoldLabel(tk.text)
		out = append(out, f)
		if prev != "" {
			out = append(out, prev+f)
		}
		prev = f
	}
	for _, b := range doc.Blocks {
		if b.Kind != extract.Table {
			if s := doc.Slice(b.Span); len([]rune(s)) <= 60 {
				out = append(out, FoldLabel(s))
			}
		}
	}
	return out
}

// CompareMatchers asks the label matcher and refMatchLabel every question
// about each folded line: every table spec of every profile, every group
// and none, a row wanted or not. It returns the questions asked and the
// answers that differ.
func CompareMatchers(lines []string) (asked int, diffs []string) {
	for _, p := range Profiles() {
		for _, t := range p.Tables {
			groups := []string{""}
			for _, g := range t.Groups {
				groups = append(groups, g.Key)
			}
			for _, f := range lines {
				sims := refSimilarities(t, f)
				for _, g := range groups {
					for _, want := range []bool{false, true} {
						asked++
						got, ref := matchLabelUncached(t, f, g, want), refMatchLabel(t, sims, g, want)
						if got != ref {
							diffs = append(diffs, fmt.Sprintf("%s %s %q group %q row %v: got %+v, LCS against every label %+v", p.Template, t.Key, f, g, want, got, ref))
						}
					}
				}
			}
		}
	}
	sort.Strings(diffs)
	return asked, diffs
}

// refSimilarities is the score of the folded line against each label of
// t before bonuses, by LCS against every label: what the matcher answered
// before it had an index and bounds.
func refSimilarities(t *TableSpec, folded string) []float64 {
	rf := []rune(folded)
	out := make([]float64, len(t.cands))
	for i, c := range t.cands {
		sc := refSimilarity(rf, c.folded)
		if sc < 0.9 && refPrefixOf(rf, c.folded) {
			sc = 0.9
		}
		out[i] = sc
	}
	return out
}

// refMatchLabel picks, from the scores of every label, the first label
// in template order of the highest score with bonuses, as the matcher
// did before it had an index and bounds.
func refMatchLabel(t *TableSpec, sims []float64, group string, wantRow bool) labelHit {
	best := labelHit{}
	for i := range t.cands {
		c := &t.cands[i]
		if sims[i] == 0 {
			continue
		}
		if sc := c.withBonus(sims[i], group, wantRow); sc > best.score {
			best = labelHit{kind: c.kind, key: c.key, canon: c.canon, score: sc, alias: c.alias}
		}
	}
	if best.score < labelThreshold {
		return labelHit{}
	}
	return best
}

// refSimilarity, refPrefixOf and refLCS are similarity, prefixOf and lcs
// as first written, kept to hold the faster ones to.
func refSimilarity(ra, rb []rune) float64 {
	if string(ra) == string(rb) {
		return 1
	}
	if len(ra) <= 2 || len(rb) <= 2 {
		return 0
	}
	if float64(min(len(ra), len(rb)))/float64(max(len(ra), len(rb))) < 0.5 {
		return 0
	}
	return float64(refLCS(ra, rb)) / float64(max(len(ra), len(rb)))
}

func refPrefixOf(ra, rb []rune) bool {
	return len(ra) >= 3 && len(ra) < len(rb) && 2*len(ra) >= len(rb) && string(ra) == string(rb[:len(ra)])
}

func refLCS(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			switch {
			case a[i-1] == b[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// CompareJoined asks matchJoined about each pair of consecutive folded
// lines, twice (the second answer from the cache), and matchLabelUncached
// about the two joined: every table spec of every profile, every group and
// none, a row wanted or not. It returns the questions asked and the
// answers that differ.
func CompareJoined(lines []string) (asked int, diffs []string) {
	for _, p := range Profiles() {
		for _, t := range p.Tables {
			groups := []string{""}
			for _, g := range t.Groups {
				groups = append(groups, g.Key)
			}
			for i := 1; i < len(lines); i++ {
				a, b := lines[i-1], lines[i]
				for _, g := range groups {
					for _, want := range []bool{false, true} {
						asked++
						ref := matchLabelUncached(t, a+b, g, want)
						for range 2 {
							if got := matchJoined(t, a, b, g, want); got != ref {
								diffs = append(diffs, fmt.Sprintf("%s %s %q+%q group %q row %v: got %+v, want %+v", p.Template, t.Key, a, b, g, want, got, ref))
							}
						}
					}
				}
			}
		}
	}
	sort.Strings(diffs)
	return asked, diffs
}

// RefIndex is TableSpec.index as it was first written, one slice per
// character grown by appending, for TestTableSpec_Index.
func RefIndex(t *TableSpec) map[rune][]runeUse {
	runes := map[rune][]runeUse{}
	for i, c := range t.cands {
		for j, r := range c.folded {
			if slices.Index(c.folded[:j], r) >= 0 {
				continue
			}
			n := 0
			for _, x := range c.folded[j:] {
				if x == r {
					n++
				}
			}
			runes[r] = append(runes[r], runeUse{int32(i), int32(n)})
		}
	}
	return runes
}

// Index returns the table's character index and its labels, folded.
func Index(t *TableSpec) (map[rune][]runeUse, [][]rune, map[string]string) {
	var folded [][]rune
	for _, c := range t.cands {
		folded = append(folded, c.folded)
	}
	return t.runes, folded, t.canonFolded
}
