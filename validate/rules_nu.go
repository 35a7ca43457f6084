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

// countRE is a count with its unit: 368 条, 8份, 2 件.
var countRE = regexp.MustCompile(`(\d+)\s*(条|件|篇|个|份|次|项|场|期)`)

// unitClass folds units that count the same things.
func unitClass(u string) string {
	switch u {
	case "件", "份":
		return "件"
	}
	return u
}

// prose yields the non-table blocks of the document.
func prose(doc *extract.Document, fn func(b extract.Block, text string)) {
	for _, b := range doc.Blocks {
		if b.Kind != extract.Table {
			fn(b, doc.Slice(b.Span))
		}
	}
}

var textArithmetic = &Rule{
	ID:       "NU101",
	Title:    Msg{"文字中的总数与分项之和不符", "stated total differs from its parts"},
	Severity: Warning,
	Doc: Msg{"正文写“共 N 条，其中 A 条……B 条……”时，分项之和应等于总数（列举不全时用“其中包括……等”，此时分项之和不应超过总数）。\n例：“主动公开政府信息 368 条。其中，通过门户网站公开 27 条……通过微信公众号发布 341 条。”27+341=368，成立；若写 340 条则不成立。\n修正：核对总数和分项。",
		"When the text says “N in all, of which A … B …”, the parts must add up to N (or not exceed it when the list is marked partial)."},
	Run: func(p *Pass) error {
		prose(p.Doc, func(b extract.Block, text string) {
			for off := 0; ; {
				i := strings.Index(text[off:], "其中")
				if i < 0 {
					break
				}
				checkParts(p, b, text, off+i, off+i+len("其中"))
				off += i + len("其中")
			}
		})
		return nil
	},
}

var partialMark = regexp.MustCompile(`^[，,：:\s]*(包括|包含|主要|有)`)

func checkParts(p *Pass, b extract.Block, text string, at, after int) {
	// The total: the last count before 其中, in this or the previous
	// sentence.
	before := text[:at]
	if i := strings.LastIndexAny(strings.TrimRight(before, "。，, "), "。；;"); i >= 0 {
		if j := strings.LastIndexAny(before[:i], "。；;"); j >= 0 {
			before = before[j+1:]
			at -= 0
		}
	}
	base := at - len(before)
	totals := countRE.FindAllStringSubmatchIndex(before, -1)
	if len(totals) == 0 {
		return
	}
	tm := totals[len(totals)-1]
	if isDatePart(before, tm) {
		return
	}
	total, _ := strconv.Atoi(before[tm[2]:tm[3]])
	unit := unitClass(before[tm[4]:tm[5]])
	// The parts: counts of the same unit up to the end of the sentence or
	// the next 其中.
	rest := text[after:]
	end := len(rest)
	if i := strings.IndexAny(rest, "。"); i >= 0 {
		end = i
	}
	if i := strings.Index(rest, "其中"); i >= 0 && i < end {
		end = i
	}
	rest = rest[:end]
	var parts []int
	var spans []extract.Span
	for _, m := range countRE.FindAllStringSubmatchIndex(rest, -1) {
		if unitClass(rest[m[4]:m[5]]) != unit || isDatePart(rest, m) {
			continue
		}
		v, _ := strconv.Atoi(rest[m[2]:m[3]])
		parts = append(parts, v)
		s := b.Span.Start + after + m[2]
		spans = append(spans, extract.Span{Start: s, End: b.Span.Start + after + m[3]})
	}
	if len(parts) < 2 {
		return
	}
	sum := 0
	strs := make([]string, len(parts))
	for i, v := range parts {
		sum += v
		strs[i] = strconv.Itoa(v)
	}
	partial := partialMark.MatchString(rest) || strings.Contains(rest, "等")
	if sum == total || (partial && sum < total) {
		return
	}
	var related []Related
	for _, s := range spans {
		related = append(related, Related{Span: s, Message: Msg{"分项", "part"}})
	}
	sp := extract.Span{Start: b.Span.Start + base + tm[2], End: b.Span.Start + base + tm[3]}
	p.Report(Finding{
		Span: sp, Section: sectionAt(p.Rep, sp.Start),
		Message: Msg{
			fmt.Sprintf("总数 %d%s 与其后分项之和 %s=%d 不符，相差 %d", total, unit, strings.Join(strs, "+"), sum, abs(total-sum)),
			fmt.Sprintf("total %d differs from the parts %s=%d by %d", total, strings.Join(strs, "+"), sum, abs(total-sum)),
		},
		Related: related,
	})
}

// isDatePart reports whether the count at m is really part of a date or
// a document number (2023年, 〔2020〕109号).
func isDatePart(s string, m []int) bool {
	after := s[m[1]:]
	return strings.HasPrefix(after, "年") || strings.HasPrefix(after, "月") || strings.HasPrefix(after, "号")
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// sectionAt returns the key of the section whose body holds offset.
func sectionAt(r *normalize.Report, offset int) string {
	for _, s := range r.Sections {
		if !s.Missing && s.Body.Contains(offset) {
			return s.Key
		}
	}
	return ""
}

// A claim is a statement in prose about a table cell.
type claim struct {
	re    *regexp.Regexp
	keys  []string // cells whose sum the statement gives
	zero  bool     // the statement says there were none
	what  Msg
	cells string // which template's column key for active rows
}

var claims = []claim{
	{re: regexp.MustCompile(`(?:收到|新收|受理)[^。；，,\d]{0,12}?(\d+)\s*(?:件|份|个|条)[^。；，,\d]{0,12}?申请`), keys: []string{"requests.new.total"}, what: Msg{"本年新收申请", "new requests"}},
	{re: regexp.MustCompile(`(?:收到|新收|受理)[^。；，,\d]{0,20}?申请[^。；，,\d]{0,6}?(\d+)\s*(?:件|份|个|条)`), keys: []string{"requests.new.total"}, what: Msg{"本年新收申请", "new requests"}},
	{re: regexp.MustCompile(`未(?:收到|接到|受理)[^。；，,\d]{0,12}?(?:政府信息公开申请|依申请公开|公开申请)`), keys: []string{"requests.new.total"}, zero: true, what: Msg{"本年新收申请", "new requests"}},
	{re: regexp.MustCompile(`上年结转[^。；，,\d]{0,16}?(\d+)\s*(?:件|份|个)`), keys: []string{"requests.carried_over.total"}, what: Msg{"上年结转申请", "requests carried over"}},
	{re: regexp.MustCompile(`(?:结转下一?年度?|转下一?年度)[^。；，,\d]{0,10}?(\d+)\s*(?:件|份|个)`), keys: []string{"requests.carried_forward.total"}, what: Msg{"结转下年度申请", "requests carried forward"}},
	{re: regexp.MustCompile(`予以公开\s*(\d+)\s*(?:件|份|个)`), keys: []string{"requests.granted.total"}, what: Msg{"予以公开", "granted"}},
	{re: regexp.MustCompile(`部分公开\s*(\d+)\s*(?:件|份|个)`), keys: []string{"requests.partly_granted.total"}, what: Msg{"部分公开", "partly granted"}},
	// The zero claims stay within one clause: “未发生行政复议，被提起行政诉讼2件”
	// says nothing about suits being zero.
	{re: regexp.MustCompile(`未(?:发生|出现|有|收到|涉及)[^。；;，,\d]{0,24}?行政复议`), keys: []string{"review.review.total"}, zero: true, what: Msg{"行政复议", "administrative reviews"}},
	{re: regexp.MustCompile(`未(?:发生|出现|有|收到|涉及)[^。；;，,\d]{0,24}?行政诉讼`), keys: []string{"review.suit_direct.total", "review.suit_after_review.total"}, zero: true, what: Msg{"行政诉讼", "lawsuits"}},
	{re: regexp.MustCompile(`(?:制发|新制定|制定并?印发|印发|出台)(?:行政)?规范性文件\s*(\d+)\s*(?:件|个|份)`), keys: []string{"active.normative_docs.issued", "active.normative_docs.made"}, what: Msg{"本年制发规范性文件", "normative documents issued"}},
}

var textVsTable = &Rule{
	ID:       "NU102",
	Title:    Msg{"正文与表格数字矛盾", "text contradicts the table"},
	Severity: Error,
	Doc: Msg{"正文第一、六部分对申请数量、复议诉讼、制发文件的表述必须与表格一致。\n例：正文“本机关未收到政府信息公开申请”，表三“本年新收”总计却是 8。\n修正：核对后改正正文或表格。",
		"Statements in the text about requests, reviews, suits and documents must agree with the tables.\nBefore: text says no requests were received, table 三 says 8."},
	Run: func(p *Pass) error {
		r := p.Rep
		prose(p.Doc, func(b extract.Block, text string) {
			for _, c := range claims {
				for _, m := range c.re.FindAllStringSubmatchIndex(text, -1) {
					checkClaim(p, b, text, c, m)
				}
			}
		})
		_ = r
		return nil
	},
}

func checkClaim(p *Pass, b extract.Block, text string, c claim, m []int) {
	r := p.Rep
	total, known := 0.0, false
	var keys []string
	for _, k := range c.keys {
		cell := r.Cell(k)
		if cell == nil {
			continue
		}
		if t := r.Tables[cell.Table]; t != nil && t.Unfilled {
			return // an empty table says nothing; ST109 reports it
		}
		v, ok := cell.Num()
		if !ok {
			return // a cell the claim needs was not read: nothing to compare
		}
		total += v
		known = true
		keys = append(keys, k)
	}
	if !known {
		return
	}
	stated := 0.0
	sp := extract.Span{Start: b.Span.Start + m[0], End: b.Span.Start + m[1]}
	if !c.zero {
		v, _ := strconv.Atoi(text[m[2]:m[3]])
		stated = float64(v)
		sp = extract.Span{Start: b.Span.Start + m[2], End: b.Span.Start + m[3]}
	}
	if stated == total {
		return
	}
	var related []Related
	for _, k := range keys {
		related = append(related, Related{Span: r.Cell(k).Span, Key: k, Message: Msg{"表格单元格 " + k, "table cell " + k}})
	}
	f := Finding{
		Span: sp, Key: keys[0], Section: sectionAt(r, sp.Start),
		Message: Msg{
			fmt.Sprintf("正文称%s为 %s，表格 %s 为 %s", c.what.Zh, fmtNum(stated), strings.Join(keys, "+"), fmtNum(total)),
			fmt.Sprintf("the text gives %s as %s, table %s says %s", c.what.En, fmtNum(stated), strings.Join(keys, "+"), fmtNum(total)),
		},
		Related: related,
	}
	if !c.zero {
		f.Fixes = []Fix{{Message: Msg{"按表格改为 " + fmtNum(total), "change the text to " + fmtNum(total)},
			Edits: []Edit{{Span: sp, NewText: fmtNum(total)}}}}
	}
	p.Report(f)
}

// narrativeYear finds a year opening a sentence about what the agency
// did: "2022年，本机关…", "2022年本机关未收到…".
var narrativeYear = regexp.MustCompile(`(?:^|[。；！？\s])((\d{4})\s*年度?)\s*(?:[，,]|本机关|我局|我办|我委|我单位|本单位|本局|我乡|我镇|我街道|全年|共|区政府|市政府|县政府)`)

var yearMismatch = &Rule{
	ID:       "NU103",
	Title:    Msg{"年份不一致", "years disagree"},
	Severity: Error,
	Doc: Msg{"标题年度、统计期限年度和正文所述年度应当一致。正文里出现上一年度的“XXXX年，本机关……”通常是沿用了上年报告没有改。\n例：标题“2023年政府信息公开工作年度报告”，统计期限却是“2022年1月1日至2022年12月31日”。\n修正：统一改为报告年度。",
		"The title year, the statistics period and the year the narrative speaks of must agree; last year's year in a sentence about this year was usually copied from last year's report."},
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
	Doc: Msg{"统计期限应为报告年度的 1 月 1 日至 12 月 31 日。\n例：“自2023年1月1日起至2023年11月30日止”。\n修正：改为全年。",
		"The statistics period must run from 1 January to 31 December of the report year."},
	Run: func(p *Pass) error {
		r := p.Rep
		if r.Period.Start == "" {
			return nil
		}
		y := r.Period.Start[:4]
		if r.Period.Start != y+"-01-01" || r.Period.End != y+"-12-31" {
			p.Report(Finding{Span: r.Period.Span, Section: sectionAt(r, r.Period.Span.Start),
				Message: Msg{fmt.Sprintf("统计期限 %s 至 %s 不是完整的自然年（应为 %s-01-01 至 %s-12-31）", r.Period.Start, r.Period.End, y, y),
					fmt.Sprintf("statistics period %s–%s is not the calendar year", r.Period.Start, r.Period.End)}})
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
	Doc: Msg{"邮编为 6 位数字；固定电话为“区号-号码”（区号 3–4 位、号码 7–8 位），连接号用半角“-”；电子邮箱需完整。\n例：“电话：0792—6532910”应为“0792-6532910”。\n修正：按规范改写。",
		"Postcodes have 6 digits; phone numbers are area code-number with an ASCII hyphen; e-mail addresses must be complete."},
	Run: func(p *Pass) error {
		c := p.Rep.Contact
		if v := c.Postcode.Value; v != "" && !postcodeOK.MatchString(v) {
			p.Report(Finding{Span: c.Postcode.Span, Message: Msg{fmt.Sprintf("邮编“%s”不是 6 位数字", v), fmt.Sprintf("postcode %q is not 6 digits", v)}})
		}
		if v := c.Phone.Value; v != "" {
			norm := strings.NewReplacer("—", "-", "－", "-", "–", "-", " ", "", "（", "", "）", "-", "(", "", ")", "-").Replace(v)
			switch {
			case !phoneOK.MatchString(norm):
				p.Report(Finding{Span: c.Phone.Span, Message: Msg{fmt.Sprintf("电话号码“%s”格式有误", v), fmt.Sprintf("phone number %q is malformed", v)}})
			case norm != v:
				p.Report(Finding{Span: c.Phone.Span, Severity: Info,
					Message: Msg{fmt.Sprintf("电话号码“%s”应写作“%s”", v, norm), fmt.Sprintf("write the phone number %q as %q", v, norm)},
					Fixes:   []Fix{{Message: Msg{"改为“" + norm + "”", "change to " + norm}, Edits: []Edit{{Span: c.Phone.Span, NewText: norm}}}}})
			}
		}
		if v := c.Email.Value; v != "" && !emailOK.MatchString(v) {
			p.Report(Finding{Span: c.Email.Span, Message: Msg{fmt.Sprintf("电子邮箱“%s”格式有误", v), fmt.Sprintf("e-mail address %q is malformed", v)}})
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
	Doc: Msg{"规章只能由国务院部门、省级人民政府和设区的市（自治州）人民政府制定（《立法法》第九十一条、第九十三条）。县级、乡镇（街道）机关的报告在表二“规章”行填了制发或现行有效件数，通常是把执行的上级规章或本机关的行政规范性文件填错了行。\n例：某镇人民政府报告表二“规章 现行有效件数 3”。\n修正：规章行填 0，本机关制发的文件填入“行政规范性文件”行。",
		"Only State Council departments, provincial governments and governments of cities with districts make 规章 (Legislation Law arts. 91, 93). A county or township agency reporting 规章 issued or in force has usually put the higher-level regulations it applies, or its own normative documents, in the wrong row."},
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
