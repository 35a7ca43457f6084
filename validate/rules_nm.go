package validate

import (
	"fmt"
	"strings"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/names"
)

var placeNameTypo = &Rule{
	ID:       "NM101",
	Title:    Msg{"本地地名写错字", "own place name misspelt"},
	Severity: Error,
	Doc: Doc{
		Text: Msg{
			"机关所在地的省、市、县、乡镇名称（来自标题、机关名称和行政区划数据）在全文任何地方都必须写对：正文、引号里的名称、书名号里的文件名。把其中一个字写成形近字或同音字（如“淄川”写成“溜川”）是常见的录入错误，检查时会对照本报告自己正确写出的名称、行政区划名录和字形数据（同部首、四角号码、仓颉码）找出。\n" +
				"带级别后缀（省、市、县、区、旗、镇、乡、街道）的写法另有证据：写成的名称不是任何现行行政区划、也不是 1981 年以来停用的县级以上名称（或只是外省的乡镇），又与本报告自己的同级名称只差一个形近字或同音字，即判为错字，即使其中两字恰好是词语或别处地名（“大案市”之于大安市，“桑树屏镇”之于桑树坪镇）。真实存在的邻近地名（沭阳县报告中的泗阳县）、后缀字组成的词（市场、县级）、介词动词加“市”（通过市政府网站）不报。引号里的公众号等名称（“落阳发布”）以本地地名开头或结尾、写成的部分既非词语也非可能提及的地名（任何县级以上地名，或本省的乡镇）时同样报告。来自 OCR 的文字只作提示，因为可能是识别错误。",
			"The agency's own place names (province, prefecture, county, township) must be spelt right everywhere; a look-alike or same-sound character (溜川 for 淄川) is an error. Found from the report's own correct spellings, the divisions list and character-shape data. A name written with a level suffix (省 市 县 区 旗 镇 乡 街道) that is no division, now or since 1981 (or only a township of another province), one such character from an own name with the same suffix, is reported even when part of it is a word or a place elsewhere (大案市 for 大安市, 桑树屏镇 for 桑树坪镇); real neighbours (泗阳县 in a 沭阳县 report), words that begin with the suffix character (市场, 县级) and a verb before it (通过市政府网站) are not. So is the place part of a quoted account name (“落阳发布” in a 洛阳市 report) that is neither a word nor a place the report may name. From OCR text these are only hints.",
		},
		Before: Msg{"“通过“投资溜川”微信公众号……制定并完善《溜川区投资促进服务中心政府信息公开指南》”；南平市报告中的“南坪市委”。", "通过“投资溜川”微信公众号……制定并完善《溜川区投资促进服务中心政府信息公开指南》; 南坪市委 in a 南平市 report."},
		After:  Msg{"“通过“投资淄川”微信公众号……制定并完善《淄川区投资促进服务中心政府信息公开指南》”；“南平市委”。", "通过“投资淄川”微信公众号……制定并完善《淄川区投资促进服务中心政府信息公开指南》; 南平市委."},
	},
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
	Doc: Doc{
		Text: Msg{
			"引号或书名号里的专有名称（公众号、平台、文件名）包含本地地名（包括“海口”“监利”这类同时是普通词语的简称）时，全文写法必须一致；其中一处把某字写成形近字或同音字、且这种写法比正确写法少见即为错字。引号里的整个名称（不超过 12 个字）只差一个字时，即使错写的部分恰好是词语或地名（“干安陈仓”之于“平安陈仓”）也报告；书名号里的文件名不按整体比较，因为不同文件的标题可能只差一字。与地名本身的错字（NM101）重叠的只报一次。",
			"A quoted proper name that contains the agency's place name (a WeChat account, a platform, a document title; short forms that are everyday words such as 海口 count inside quotes) must be written the same way throughout; the rarer of two spellings one look-alike or same-sound character apart is the typo. A whole quoted name of up to 12 characters is compared as a whole, so a variant is reported even when the changed part is a word or a place (“干安陈仓” beside “平安陈仓”); titles in 《》 are not, since two documents may differ by one character. Variants overlapping an NM101 finding are reported once, there.",
		},
		Before: Msg{"“投资淄川”与“投资湽川”；“平安陈仓”两次、“干安陈仓”一次。", "“投资淄川” beside “投资湽川”; “平安陈仓” twice, “干安陈仓” once."},
		After:  Msg{"统一为正确写法：“投资淄川”“平安陈仓”。", "one spelling throughout: “投资淄川”, “平安陈仓”."},
	},
	Run: func(p *Pass) error {
		text := p.Doc.Text
		quoted, whole := quotedVariants(p)
		if len(quoted) == 0 {
			return nil
		}
		var placeSpans []extract.Span
		for _, v := range placeVariants(p) {
			placeSpans = append(placeSpans, extract.Span{Start: v.Start, End: v.End})
		}
		variants := append(names.FindVariants(text, quoted, region(p)), whole...)
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
// for both NM rules. A variant inside a quoted name that is another
// quoted name's variant with a different fix is left to NM102: in
// “乌鲁木齐适” beside “乌鲁木齐通” the 适 is a slip for 通, not for the 市
// of 乌鲁木齐市.
func placeVariants(p *Pass) []names.Variant {
	return p.Memo("nm.place", func() any {
		_, whole := quotedVariants(p)
		var out []names.Variant
		for _, v := range names.FindVariants(p.Doc.Text, p.Rep.Region.Names, region(p)) {
			if !contradicted(p.Doc.Text, v, whole) {
				out = append(out, v)
			}
		}
		return out
	}).([]names.Variant)
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

type quotedResult struct {
	quoted []string
	whole  []names.Variant
}

// quotedVariants returns the quoted names that hold an own place name and
// the quoted names that are one of them with one character changed (see
// names.QuotedVariants), once for both NM rules. Inside quotes even a
// short form that is an everyday word (海口, 监利) names the place:
// “投资海口”.
func quotedVariants(p *Pass) ([]string, []names.Variant) {
	r := p.Memo("nm.quoted", func() any {
		own := append(names.PlaceNames(region(p)), p.Rep.Region.Names...)
		quoted := names.QuotedNames(p.Doc.Text, own)
		return quotedResult{quoted, names.QuotedVariants(p.Doc.Text, quoted)}
	}).(quotedResult)
	return r.quoted, r.whole
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
	p.Report(f)
}
