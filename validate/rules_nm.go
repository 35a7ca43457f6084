package validate

import (
	"fmt"
	"strings"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/names"
)

const nmDocZh = `机关所在地的省、市、县、乡镇名称（来自标题、机关名称和行政区划数据）在全文任何地方都必须写对：正文、引号里的名称、书名号里的文件名。把其中一个字写成形近字或同音字（如“淄川”写成“溜川”）是常见的录入错误，检查时会对照本报告自己正确写出的名称、行政区划名录和字形数据（同部首、四角号码、仓颉码）找出。
例：“通过“投资溜川”微信公众号……制定并完善《溜川区投资促进服务中心政府信息公开指南》”。
修正：改为“淄川”。来自 OCR 的文字只作提示，因为可能是识别错误。`

var placeNameTypo = &Rule{
	ID:       "NM101",
	Title:    Msg{"本地地名写错字", "own place name misspelt"},
	Severity: Error,
	Doc:      Msg{nmDocZh, "The agency's own place names (province, prefecture, county, township) must be spelt right everywhere; a look-alike or same-sound character (溜川 for 淄川) is an error. Found from the report's own correct spellings, the divisions list and character-shape data. From OCR text these are only hints."},
	Run: func(p *Pass) error {
		for _, v := range placeVariants(p) {
			reportVariant(p, v, "地名")
		}
		return nil
	},
}

var quotedNameTypo = &Rule{
	ID:       "NM102",
	Title:    Msg{"专有名称前后写法不一", "quoted proper name spelt two ways"},
	Severity: Error,
	Doc: Msg{"引号或书名号里的专有名称（公众号、平台、文件名）包含本地地名时，全文写法必须一致；其中一处把某字写成形近字或同音字即为错字。与地名本身的错字（NM101）重叠的只报一次。\n例：“投资淄川”与“投资湽川”。\n修正：统一为正确写法。",
		"A quoted proper name that contains the agency's place name (a WeChat account, a platform, a document title) must be written the same way throughout; variants overlapping an NM101 finding are reported once, there."},
	Run: func(p *Pass) error {
		text := p.Doc.Text
		// Inside quotes even a short form that is an everyday word
		// (海口, 监利) names the place: “投资海口”.
		own := append(names.PlaceNames(region(p)), p.Rep.Region.Names...)
		quoted := names.QuotedNames(text, own)
		if len(quoted) == 0 {
			return nil
		}
		var placeSpans []extract.Span
		for _, v := range placeVariants(p) {
			placeSpans = append(placeSpans, extract.Span{Start: v.Start, End: v.End})
		}
		variants := names.FindVariants(text, quoted, region(p))
		variants = append(variants, names.QuotedVariants(text, quoted)...)
		seen := map[int]bool{}
		for _, v := range variants {
			if seen[v.Start] {
				continue
			}
			seen[v.Start] = true
			// Of two spellings the rarer is the typo: “爱龙沙” three times
			// and “受龙沙” once flags 受龙沙 only.
			if strings.Count(text, v.Found) >= strings.Count(text, v.Want) {
				continue
			}
			overlaps := false
			for _, s := range placeSpans {
				if v.Start < s.End && s.Start < v.End {
					overlaps = true
				}
			}
			if !overlaps {
				reportVariant(p, v, "名称")
			}
		}
		return nil
	},
}

// placeVariants finds the variants of the report's own place names once
// for both NM rules.
func placeVariants(p *Pass) []names.Variant {
	return p.Memo("nm.place", func() any {
		return names.FindVariants(p.Doc.Text, p.Rep.Region.Names, region(p))
	}).([]names.Variant)
}

// region is the report's own division, or nil.
func region(p *Pass) *names.Division {
	if p.Rep.Region.Code == "" {
		return nil
	}
	return names.ByCode(p.Rep.Region.Code)
}

func reportVariant(p *Pass, v names.Variant, what string) {
	sp := extract.Span{Start: v.Start, End: v.End}
	kind := "形近"
	if !v.Sim.Shape && v.Sim.Sound {
		kind = "音近"
	}
	f := Finding{
		Span:    sp,
		Section: sectionAt(p.Rep, sp.Start),
		Message: Msg{
			fmt.Sprintf("“%s”疑为“%s”之误（%s字：%s）", v.Found, v.Want, kind, v.Sim.Reason),
			fmt.Sprintf("%q is probably a misspelling of %q (look-alike or same-sound character)", v.Found, v.Want),
		},
		Fixes: []Fix{{
			Message: Msg{"改为“" + v.Want + "”", "change to " + v.Want},
			Edits:   []Edit{{Span: sp, NewText: v.Want}},
		}},
	}
	ocrNoise(p, &f)
	_ = what
	p.Report(f)
}
