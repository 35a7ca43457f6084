package validate

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/lazyre"
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
// did: "2022年，本机关…", "2022年本机关未收到…". findNarrativeYear matches
// it.
var narrativeYear = lazyre.New(`(?:^|[。；！？\s])((\d{4})\s*年度?)\s*(?:[，,]|本机关|我局|我办|我委|我单位|本单位|本局|我乡|我镇|我街道|全年|共|区政府|市政府|县政府)`)

// periodEndYear: 截至2020年12月31日 opening a clause says how far the
// year's counts run; in another year's report it is that year's date left
// in (天水市乡村振兴局 2021: 截至2020年12月31日，我办通过……网站公布信息1877条).
var periodEndYear = lazyre.New(`(?:^|[。；;！？\s：:，,])(?:截至|截止)到?\s*((\d{4})\s*年)\s*(?:12\s*月\s*31\s*日|12\s*月\s*底|底|末)`)

func runYearMismatch(p *Pass) error {
	r := p.Rep
	if r.Year == 0 {
		return nil
	}
	y := strconv.Itoa(r.Year)
	if sp := r.MisYear; sp.End > sp.Start {
		p.AtText(sp).Related(Related{Span: r.Period.Span, Message: Msg{"统计期限", "statistics period"}}).
			Fix(replace(Msg{"改为 " + y, "change to " + y}, sp, y)).
			Reportf("报告名称中的年度 %s 与统计期限（%s 至 %s）不一致，应为 %s", "the report's name says %s, its statistics period is %s–%s: %s", p.Doc.Text[sp.Start:sp.End], r.Period.Start, r.Period.End, y)
	}
	if r.Period.End != "" && r.Period.End[:4] != y {
		p.AtText(r.Period.Span).Related(Related{Span: r.YearSpan, Message: Msg{"报告年度", "report year"}}).
			Reportf("统计期限（%s 至 %s）与报告年度 %s 不一致", "statistics period %s–%s does not match the report year %s", r.Period.Start, r.Period.End, y)
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
			found := findNarrativeYear(text)
			if strings.Contains(text, "截") {
				found = append(found, periodEndYear.FindAllStringSubmatchIndex(text, -1)...)
			}
			for _, m := range found {
				got := text[m[4]:m[5]]
				if got == y {
					continue
				}
				tail := text[m[1]:min(len(text), m[1]+60)]
				if strings.ContainsAny(tail, "将拟") || strings.Contains(tail, "计划") {
					continue // a plan for next year
				}
				sp := extract.Span{Start: b.Span.Start + m[4], End: b.Span.Start + m[5]}
				p.At(sp, key).Severity(Warning).Fix(replace(Msg{"改为 " + y, "change to " + y}, sp, y)).
					Reportf("正文以“%s年”叙述本年度工作，而报告年度是 %s 年，疑似沿用上年报告", "the narrative speaks of %s in a %s report; copied from an earlier report?", got, y)
			}
		})
	}
	return nil
}

func runPeriodNotYear(p *Pass) error {
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
}

// The formats of a contact's postcode, phone number and e-mail address,
// as regular expressions; postcodeOK, phoneOK and emailOK read them by
// hand, for compiling the three was 36 KB and 300 allocations of the
// first report a process checks. TestContactFormats holds each to its
// regexp on generated strings.
const (
	postcodeFormat = `^[0-9]{6}$`
	phoneFormat    = `^(?:0[1-9][0-9]{1,2}-?[1-9][0-9]{6,7}(?:-[0-9]{1,6})?|1[3-9][0-9]{9}|[1-9][0-9]{6,7}|400-?[0-9]{3}-?[0-9]{4}|12345)$`
	emailFormat    = `^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$`
)

// digitsAt reports whether s[i:i+n] is n ASCII digits, the first of them
// 1-9 when nonzero is set.
func digitsAt(s string, i, n int, nonzero bool) bool {
	if i+n > len(s) || n == 0 {
		return n == 0 && i <= len(s)
	}
	if nonzero && s[i] == '0' {
		return false
	}
	for _, c := range []byte(s[i : i+n]) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func postcodeOK(s string) bool { return len(s) == 6 && digitsAt(s, 0, 6, false) }

func phoneOK(s string) bool {
	n := len(s)
	switch {
	case s == "12345",
		n == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9' && digitsAt(s, 2, 9, false),
		(n == 7 || n == 8) && digitsAt(s, 0, n, true):
		return true
	}
	if strings.HasPrefix(s, "400") {
		i := 3
		if i < n && s[i] == '-' {
			i++
		}
		if digitsAt(s, i, 3, false) {
			i += 3
			if i < n && s[i] == '-' {
				i++
			}
			if n-i == 4 && digitsAt(s, i, 4, false) {
				return true
			}
		}
	}
	// 0, an area code of 2 or 3 digits in all, an optional dash, a local
	// number of 7 or 8 digits not starting with 0, and an optional
	// extension of a dash and 1 to 6 digits: each split tried.
	if n < 10 || s[0] != '0' || !digitsAt(s, 1, 1, true) {
		return false
	}
	for _, area := range []int{1, 2} {
		for _, dash := range []int{0, 1} {
			i := 2 + area
			if !digitsAt(s, 2, area, false) || (dash == 1 && (i >= n || s[i] != '-')) {
				continue
			}
			i += dash
			for _, local := range []int{7, 8} {
				if !digitsAt(s, i, local, true) {
					continue
				}
				j := i + local
				if j == n || (n-j >= 2 && n-j <= 7 && s[j] == '-' && digitsAt(s, j+1, n-j-1, false)) {
					return true
				}
			}
		}
	}
	return false
}

func emailOK(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || !allBytes(local, "._%+-") {
		return false
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || !allBytes(l, "-") {
			return false
		}
	}
	last := labels[len(labels)-1]
	if len(last) < 2 {
		return false
	}
	for _, c := range []byte(last) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// allBytes reports whether every byte of s is an ASCII letter or digit
// or one of extra.
func allBytes(s, extra string) bool {
	for _, c := range []byte(s) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte(extra, c) >= 0) {
			return false
		}
	}
	return true
}

// phoneFolder writes a phone number's dashes and brackets as phoneOK
// reads them.
var phoneFolder = strings.NewReplacer("—", "-", "－", "-", "–", "-", " ", "", "（", "", "）", "-", "(", "", ")", "-")

func runContactFormat(p *Pass) error {
	c := p.Rep.Contact
	if v := c.Postcode.Value; v != "" && !postcodeOK(v) {
		p.Reportf(c.Postcode.Span, "邮编“%s”不是 6 位数字", "postcode “%s” is not 6 digits", v)
	}
	if v := c.Phone.Value; v != "" {
		norm := phoneFolder.Replace(v)
		switch {
		case !phoneOK(norm):
			p.Reportf(c.Phone.Span, "电话号码“%s”格式有误", "phone number “%s” is malformed", v)
		case norm != v:
			p.At(c.Phone.Span, "").Severity(Info).Fix(changeTo(c.Phone.Span, norm)).
				Reportf("电话号码“%s”应写作“%s”", "write the phone number %q as %q", v, norm)
		}
	}
	if v := c.Email.Value; v != "" && !emailOK(v) {
		p.Reportf(c.Email.Span, "电子邮箱“%s”格式有误", "e-mail address “%s” is malformed", v)
	}
	return nil
}

// regulationCells are the report's cells that say an agency made 规章:
// those the prose's 制发规章 stands for (NU102 reads them alike), and, with
// inForce, those of 现行有效规章 (only the 2021 template has them). The
// 2019 template's 本年新公开 and 对外公开总数量 are not among them: they may
// count 规章 an agency publishes for others.
func regulationCells(p *Pass, inForce bool) []string {
	attrs := []string{"issued"}
	if inForce {
		attrs = append(attrs, "in_force")
	}
	var keys []string
	for _, a := range attrs {
		k, _ := cellsOf(p, lookupSpec(a, "regulations"), "regulations")
		keys = append(keys, k...)
	}
	return keys
}

func runRegulationsByLevel(p *Pass) error {
	r := p.Rep
	// A township has no 规章 at all, made or in force. A county agency
	// makes none either, but counties often list the higher-level
	// 规章 they apply as in force: wrong, yet too common to call out
	// without the text, so only 规章 made this year count there.
	var level Msg
	var place string
	inForce := true
	switch {
	case r.Region.Township != "":
		level, place = Msg{"乡镇（街道）", "township-level"}, r.Region.Township
	case r.Region.County != "":
		level, place, inForce = Msg{"县级", "county-level"}, r.Region.County, false
	default:
		return nil
	}
	// The level must come from the agency's own name, not from a place
	// the title merely mentions.
	if !strings.Contains(r.Agency.Value, placeStem(place)) {
		return nil
	}
	for _, k := range regulationCells(p, inForce) {
		c := r.Cell(k)
		if c.State != normalize.StateNumber || *c.Value <= 0 {
			continue
		}
		p.AtText(c.Span).Key(k).Reportf("%s机关（%s）无权制定规章，表二“规章”行却填了 %s；执行的上级规章不在此填报，本机关文件应填入“行政规范性文件”行",
			"a %s agency (%s) cannot make 规章, yet the 规章 row says %s", level, r.Agency.Value, fmtNum(*c.Value))
	}
	return nil
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
