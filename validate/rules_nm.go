package validate

import (
	"fmt"
	"strings"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/names"
)

func runPlaceNameTypo(p *Pass) error {
	for _, v := range placeVariants(p) {
		reportVariant(p, v)
	}
	return nil
}

func runQuotedNameTypo(p *Pass) error {
	quoted, whole := quotedVariants(p)
	if len(quoted) == 0 {
		return nil
	}
	var placeSpans []extract.Span
	for _, v := range placeVariants(p) {
		placeSpans = append(placeSpans, extract.Span{Start: v.Start, End: v.End})
	}
	variants := append(nameText(p).FindVariants(quoted, region(p)), whole...)
	spellings := make([]string, 0, 2*len(variants))
	for _, v := range variants {
		spellings = append(spellings, v.Found, v.Want)
	}
	counts := nameText(p).Counts(spellings)
	seen := map[int]bool{}
	for k, v := range variants {
		if seen[v.Start] {
			continue
		}
		seen[v.Start] = true
		// Of two spellings the rarer is the typo: “爱龙沙” three times
		// and “受龙沙” once flags 受龙沙 only.
		if counts[2*k] >= counts[2*k+1] {
			continue
		}
		overlaps := false
		for _, s := range placeSpans {
			if v.Start < s.End && s.Start < v.End {
				overlaps = true
			}
		}
		if !overlaps {
			reportVariant(p, v)
		}
	}
	return nil
}

// placeVariants finds the variants of the report's own place names once
// for both NM rules. A variant inside a quoted name that is another
// quoted name's variant with a different fix is left to NM102: in
// “乌鲁木齐适” beside “乌鲁木齐通” the 适 is a slip for 通, not for the 市
// of 乌鲁木齐市.
func placeVariants(p *Pass) []names.Variant {
	return p.Memo("nm.place"+regionKey(p), func() any {
		_, whole := quotedVariants(p)
		var out []names.Variant
		for _, v := range nameText(p).FindVariants(ownNames(p), region(p)) {
			if !contradicted(p.Doc.Text, v, whole) {
				out = append(out, v)
			}
		}
		return out
	}).([]names.Variant)
}

// nameText is the document's text as names searches it, read once for
// every search of both NM rules.
func nameText(p *Pass) *names.Text {
	return p.Memo("nm.text", func() any { return names.NewText(p.Doc.Text) }).(*names.Text)
}

// contradicted reports whether a whole quoted variant covers v and fixes
// it otherwise than v does.
func contradicted(text string, v names.Variant, whole []names.Variant) bool {
	for _, q := range whole {
		if q.Start <= v.Start && v.End <= q.End {
			fixed := text[q.Start:v.Start] + v.Want + text[v.End:q.End]
			if fixed != q.Want {
				return true
			}
		}
	}
	return false
}

// maxQuotedNames bounds the quoted names, in order of first appearance,
// whose variants are looked for. Each is compared with every quoted
// stretch of its length and searched for wherever its first characters
// stand, so the work grows with their number times the text: a report
// names a few accounts and columns, and text pasted together from many
// (2 MB of distinct “淄川XY”, each holding the place name) would take
// hours. The real reports of the test corpora hold three at most.
const maxQuotedNames = 256

type quotedResult struct {
	quoted []string
	whole  []names.Variant
}

// quotedVariants returns the quoted names that hold an own place name and
// the quoted names that are one of them with one character changed (see
// names.QuotedVariants), once for both NM rules. Inside quotes even a
// short form that is an everyday word (海口, 监利) names the place:
// “投资海口”.
//
// It scans the text itself rather than reading Report.Quoted, which holds
// only names in “” of up to 12 characters: titles in 《》, names in 「」
// or ASCII quotes, and longer ones would go unchecked.
func quotedVariants(p *Pass) ([]string, []names.Variant) {
	r := p.Memo("nm.quoted"+regionKey(p), func() any {
		own := append(names.PlaceNames(region(p)), ownNames(p)...)
		quoted := nameText(p).QuotedNames(own)
		if len(quoted) > maxQuotedNames {
			quoted = quoted[:maxQuotedNames]
		}
		return quotedResult{quoted, nameText(p).QuotedVariants(quoted)}
	}).(quotedResult)
	return r.quoted, r.whole
}

// region is the report's own division; when the report does not say,
// the one of the regions the run covers (the regions option) that the text
// names, or the only one; else nil.
func region(p *Pass) *names.Division {
	if p.Rep.Region.Code != "" {
		return names.ByCode(p.Rep.Region.Code)
	}
	var named, all []*names.Division
	for _, r := range p.regions {
		for _, d := range ResolveRegion(r, p.Doc.Text) {
			all = append(all, d)
			if strings.Contains(p.Doc.Text, d.Name) || strings.Contains(p.Doc.Text, d.Short()) {
				named = append(named, d)
			}
		}
	}
	switch {
	case len(named) == 1:
		return named[0]
	case len(all) == 1:
		return all[0]
	}
	return nil
}

// regionKey tells memos apart when two rules are given different regions.
func regionKey(p *Pass) string {
	if p.Rep.Region.Code != "" || len(p.regions) == 0 {
		return ""
	}
	return ":" + strings.Join(p.regions, ",")
}

// ownNames are the report's own place names: as normalize read them, or
// those of the region the run covers.
func ownNames(p *Pass) []string {
	if len(p.Rep.Region.Names) > 0 || p.Rep.Region.Code != "" {
		return p.Rep.Region.Names
	}
	if d := region(p); d != nil {
		return names.OwnNames(d)
	}
	return nil
}

// ResolveRegion reads a region as a project file gives it: a division
// code (370302) or a name (淄博市淄川区, 淄川区), the text breaking ties.
func ResolveRegion(s, hints string) []*names.Division {
	s = strings.TrimSpace(s)
	if s != "" && strings.Trim(s, "0123456789") == "" {
		if d := names.ByCode(s); d != nil {
			return []*names.Division{d}
		}
		return nil
	}
	return names.Regions(s, hints)
}

func reportVariant(p *Pass, v names.Variant) {
	sp := extract.Span{Start: v.Start, End: v.End}
	kind := "形近"
	if !v.Sim.Shape && v.Sim.Sound {
		kind = "音近"
	}
	msg, sev := ocrNoise(p, sp, Msg{
		fmt.Sprintf("“%s”疑为“%s”之误（%s字：%s）", v.Found, v.Want, kind, v.Sim.Reason),
		fmt.Sprintf("%q is probably a misspelling of %q (look-alike or same-sound character)", v.Found, v.Want),
	})
	fix := changeTo(sp, v.Want)
	// The right spelling is the one the division table or the report's
	// other spelling gives; on OCR text the wrong one may be the reader's.
	fix.Safe = sev == 0
	p.AtText(sp).Severity(sev).Fix(fix).Report(msg)
}
