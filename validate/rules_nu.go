package validate

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/normalize"
)

// sectionAt returns the key of the section whose body holds offset.
func sectionAt(r *normalize.Report, offset int) string {
	for _, s := range r.Sections {
		if !s.Missing && s.Body.Contains(offset) {
			return s.Key
		}
	}
	return ""
}

// narrativeYear finds a year opening a sentence about what the agency
// did: "2022年，本机关…", "2022年本机关未收到…".
var narrativeYear = regexp.MustCompile(`(?:^|[。；！？\s])((\d{4})\s*年度?)\s*(?:[，,]|本机关|我局|我办|我委|我单位|本单位|本局|我乡|我镇|我街道|全年|共|区政府|市政府|县政府)`)

var yearMismatch = &Rule{
	ID:       "NU103",
	Title:    Msg{"年份不一致", "years disagree"},
	Severity: Error,
	Doc: Doc{
		Text: Msg{
			"标题年度、统计期限年度和正文所述年度应当一致。正文里出现上一年度的“XXXX年，本机关……”通常是沿用了上年报告没有改。",
			"The title year, the statistics period and the year the narrative speaks of must agree; last year's year in a sentence about this year was usually copied from last year's report.",
		},
		Before: Msg{"标题“2023年政府信息公开工作年度报告”，统计期限却是“2022年1月1日至2022年12月31日”。", "title 2023年政府信息公开工作年度报告, period 2022年1月1日至2022年12月31日."},
		After:  Msg{"统一改为报告年度：统计期限“2023年1月1日至2023年12月31日”。", "period 2023年1月1日至2023年12月31日."},
	},
	Run: func(p *Pass) error {
		r := p.Rep
		if r.Year == 0 {
			return nil
		}
		y := strconv.Itoa(r.Year)
		if r.Period.End != "" && r.Period.End[:4] != y {
			p.Report(Finding{Span: r.Period.Span, Section: sectionAt(r, r.Period.Span.Start),
				Message: Msg{fmt.Sprintf("统计期限（%s 至 %s）与报告年度 %s 不一致", r.Period.Start, r.Period.End, y),
					fmt.Sprintf("statistics period %s–%s does not match the report year %s", r.Period.Start, r.Period.End, y)},
				Related: []Related{{Span: r.YearSpan, Message: Msg{"报告年度", "report year"}}}})
		}
		for _, key := range []string{"overview", "active", "requests"} {
			s := r.Section(key)
			if s == nil || s.Missing {
				continue
			}
			prose(p.Doc, func(b extract.Block, text string) {
				if !s.Body.Contains(b.Span.Start) {
					return
				}
				for _, m := range narrativeYear.FindAllStringSubmatchIndex(text, -1) {
					got := text[m[4]:m[5]]
					if got == y {
						continue
					}
					tail := text[m[1]:min(len(text), m[1]+60)]
					if strings.ContainsAny(tail, "将拟") || strings.Contains(tail, "计划") {
						continue // a plan for next year
					}
					sp := extract.Span{Start: b.Span.Start + m[4], End: b.Span.Start + m[5]}
					p.Report(Finding{Span: sp, Section: key, Severity: Warning,
						Message: Msg{fmt.Sprintf("正文以“%s年”叙述本年度工作，而报告年度是 %s 年，疑似沿用上年报告", got, y),
							fmt.Sprintf("the narrative speaks of %s in a %s report; copied from an earlier report?", got, y)},
						Fixes: []Fix{{Message: Msg{"改为 " + y, "change to " + y}, Edits: []Edit{{Span: sp, NewText: y}}}}})
				}
			})
		}
		return nil
	},
}

var periodNotYear = &Rule{
	ID:       "NU104",
	Title:    Msg{"统计期限不是完整自然年", "statistics period is not the calendar year"},
	Severity: Warning,
	Doc: Doc{
		Text: Msg{
			"统计期限应为报告年度的 1 月 1 日至 12 月 31 日。",
			"The statistics period must run from 1 January to 31 December of the report year.",
		},
		Before: Msg{"“自2023年1月1日起至2023年11月30日止”。", "自2023年1月1日起至2023年11月30日止"},
		After:  Msg{"改为全年：“自2023年1月1日起至2023年12月31日止”。", "自2023年1月1日起至2023年12月31日止"},
	},
	Run: func(p *Pass) error {
		r := p.Rep
		if r.Period.Start == "" {
			return nil
		}
		y := r.Period.Start[:4]
		if r.Period.Start != y+"-01-01" || r.Period.End != y+"-12-31" {
			p.Reportf(r.Period.Span, "统计期限 %s 至 %s 不是完整的自然年（应为 %s-01-01 至 %s-12-31）",
				"statistics period %s–%s is not the calendar year (%s-01-01 to %s-12-31)", r.Period.Start, r.Period.End, y, y)
		}
		return nil
	},
}

var (
	postcodeOK = regexp.MustCompile(`^[0-9]{6}$`)
	phoneOK    = regexp.MustCompile(`^(?:0[1-9][0-9]{1,2}-?[1-9][0-9]{6,7}(?:-[0-9]{1,6})?|1[3-9][0-9]{9}|[1-9][0-9]{6,7}|400-?[0-9]{3}-?[0-9]{4}|12345)$`)
	emailOK    = regexp.MustCompile(`^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$`)
)

var contactFormat = &Rule{
	ID:       "NU105",
	Title:    Msg{"联系方式格式有误", "contact details malformed"},
	Severity: Warning,
	Doc: Doc{
		Text: Msg{
			"邮编为 6 位数字；固定电话为“区号-号码”（区号 3–4 位、号码 7–8 位），连接号用半角“-”；电子邮箱需完整。",
			"Postcodes have 6 digits; phone numbers are area code-number with an ASCII hyphen; e-mail addresses must be complete.",
		},
		Before: Msg{"“电话：0792—6532910”。", "电话：0792—6532910 (a dash, not a hyphen)"},
		After:  Msg{"按规范改写：“电话：0792-6532910”。", "电话：0792-6532910"},
	},
	Run: func(p *Pass) error {
		c := p.Rep.Contact
		if v := c.Postcode.Value; v != "" && !postcodeOK.MatchString(v) {
			p.Reportf(c.Postcode.Span, "邮编“%s”不是 6 位数字", "postcode “%s” is not 6 digits", v)
		}
		if v := c.Phone.Value; v != "" {
			norm := strings.NewReplacer("—", "-", "－", "-", "–", "-", " ", "", "（", "", "）", "-", "(", "", ")", "-").Replace(v)
			switch {
			case !phoneOK.MatchString(norm):
				p.Reportf(c.Phone.Span, "电话号码“%s”格式有误", "phone number “%s” is malformed", v)
			case norm != v:
				p.Report(Finding{Span: c.Phone.Span, Severity: Info,
					Message: Msg{fmt.Sprintf("电话号码“%s”应写作“%s”", v, norm), fmt.Sprintf("write the phone number %q as %q", v, norm)},
					Fixes:   []Fix{{Message: Msg{"改为“" + norm + "”", "change to " + norm}, Edits: []Edit{{Span: c.Phone.Span, NewText: norm}}}}})
			}
		}
		if v := c.Email.Value; v != "" && !emailOK.MatchString(v) {
			p.Reportf(c.Email.Span, "电子邮箱“%s”格式有误", "e-mail address “%s” is malformed", v)
		}
		return nil
	},
}

// regulationCells are the cells that say an agency made 规章: this year's
// and, in the 2021 template, those in force. (The 2019 template's 本年新公开
// and 对外公开总数量 may count 规章 an agency publishes for others.)
var regulationCells = []string{"active.regulations.issued", "active.regulations.in_force", "active.regulations.made"}

var regulationsByLevel = &Rule{
	ID:       "NU106",
	Title:    Msg{"县乡机关填报了规章", "a county or township agency reports 规章"},
	Severity: Warning,
	Doc: Doc{
		Text: Msg{
			"规章只能由国务院部门、省级人民政府和设区的市（自治州）人民政府制定（《立法法》第九十一条、第九十三条）。县级、乡镇（街道）机关的报告在表二“规章”行填了制发或现行有效件数，通常是把执行的上级规章或本机关的行政规范性文件填错了行。",
			"Only State Council departments, provincial governments and governments of cities with districts make 规章 (Legislation Law arts. 91, 93). A county or township agency reporting 规章 issued or in force has usually put the higher-level regulations it applies, or its own normative documents, in the wrong row.",
		},
		Before: Msg{"某镇人民政府报告表二“规章 现行有效件数 3”。", "a township government's table 二 gives 规章 in force 3."},
		After:  Msg{"规章行填 0，本机关制发的文件填入“行政规范性文件”行。", "规章 0; the agency's own documents go in the 行政规范性文件 row."},
	},
	Run: func(p *Pass) error {
		r := p.Rep
		// A township has no 规章 at all, made or in force. A county agency
		// makes none either, but counties often list the higher-level
		// 规章 they apply as in force: wrong, yet too common to call out
		// without the text, so only 规章 made this year count there.
		level, place, cells := "", "", regulationCells
		switch {
		case r.Region.Township != "":
			level, place = "乡镇（街道）", r.Region.Township
		case r.Region.County != "":
			level, place, cells = "县级", r.Region.County, []string{"active.regulations.issued", "active.regulations.made"}
		default:
			return nil
		}
		// The level must come from the agency's own name, not from a place
		// the title merely mentions.
		if !strings.Contains(r.Agency.Value, placeStem(place)) {
			return nil
		}
		for _, k := range cells {
			c := r.Cell(k)
			if c == nil || c.State != normalize.StateNumber || *c.Value <= 0 {
				continue
			}
			p.Report(Finding{Span: c.Span, Key: k, Section: sectionAt(r, c.Span.Start),
				Message: Msg{fmt.Sprintf("%s机关（%s）无权制定规章，表二“规章”行却填了 %s；执行的上级规章不在此填报，本机关文件应填入“行政规范性文件”行", level, r.Agency.Value, fmtNum(*c.Value)),
					fmt.Sprintf("a %s agency (%s) cannot make 规章, yet the 规章 row says %s", map[string]string{"县级": "county-level", "乡镇（街道）": "township-level"}[level], r.Agency.Value, fmtNum(*c.Value))}})
		}
		return nil
	},
}

// placeStem is a division name without its level suffix (城关镇 → 城关),
// as agency names often drop it; kept at two characters at least.
func placeStem(name string) string {
	for _, suf := range []string{"街道办事处", "街道", "镇", "乡", "县", "区", "市", "旗"} {
		if rest, ok := strings.CutSuffix(name, suf); ok && utf8.RuneCountInString(rest) >= 2 {
			return rest
		}
	}
	return name
}
