package normalize

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/lazyre"
)

var (
	// titleRE: <agency><YYYY>年(度)政府信息公开工作(的)年度报告, spaces
	// allowed; a government's summary says whose (2023年全区政府信息公开…).
	titleRE = lazyre.New(`(\d{4})\s*年\s*度?\s*(?:的)?\s*(?:全\s*[市区县旗州盟]\s*)?政\s*府\s*信\s*息\s*公\s*开\s*(?:工\s*作\s*)?(?:的\s*)?(?:年\s*度\s*)?(?:报\s*告|情\s*况\s*报\s*告)`)
	// publishRE finds the agency in a preamble when the title is absent:
	// 现公布广东省水利厅2024年政府信息公开工作年度报告.
	publishRE = lazyre.New(`(?:公布|发布|编制|公开)([^，,。；;：:《]{2,40}?)\s*(\d{4})\s*年\s*度?\s*政府信息公开`)
	// yearFirstRE: 2024 年上海市科委政府信息公开工作年度报告.
	yearFirstRE   = lazyre.New(`^\s*(\d{4})\s*年\s*度?\s*([^，,。；;：:《\d]{2,30}?)\s*政\s*府\s*信\s*息\s*公\s*开`)
	yearMentionRE = lazyre.New(`(\d{4})\s*年\s*度?\s*政府信息公开(?:工作)?(?:年度)?(?:情况)?报告`)
	parenRE       = lazyre.New(`[（(][^）)]*[）)]`)
	contactRE     = lazyre.New(`(?:请与|请联系|联系：|联系:|可与)([^，,。；;（(：:]{2,30}?)(?:联系|办公室|\(|（|，|,)`)
	periodRE      = lazyre.New(`(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日?\s*(?:起)?\s*[，,]?\s*(?:至|到|-|—|–|~|～|－)\s*(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日`)
	postRE        = lazyre.New(`(?:邮\s*编|邮政编码|郵編)\s*[:：]?\s*([0-9０-９]{4,8})`)
	phoneRE       = lazyre.New(`(?:联系电话|电\s*话|電話)\s*[:：]?\s*([0-9０-９()（）+\-—－– \t　]{6,24}[0-9０-９])`)
	emailRE       = lazyre.New(`(?:电子邮箱|邮箱|电子信箱|e-?mail|E-?mail|郵箱)\s*[:：]?\s*([A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+)`)
	addrRE        = lazyre.New(`(?:地\s*址|通讯地址)\s*[:：]\s*([^；;，,。)）\n]{2,60})`)
	// addrOpenRE is addrRE without the bound, which addrScan applies.
	addrOpenRE = lazyre.New(`(?:地\s*址|通讯地址)\s*[:：]\s*([^；;，,。)）\n]{2,})`)
	quotedRE   = lazyre.New(`“([^”“\n]{2,12})”`)
)

// agencySuffix is where an agency name ends; text after it in a title is
// not part of the name (a mirror site's injected words, for one).
var agencySuffix = lazyre.New(`(人民政府办公室|人民政府办公厅|人民政府|政府办公室|办公室|办公厅|委员会|办事处|管理局|服务中心|中心|局|厅|委|办|署|院|所|站|会|街道|镇|乡|区|县|市|省)`)

// findMeta fills title, agency, year, statistics period and contact.
func findMeta(r *Report, doc *extract.Document) {
	limit := len(doc.Text)
	if s := r.Section("overview"); s != nil && !s.Missing {
		limit = s.Span.Start
	}
	// Title: the first paragraph (within the preamble, or the first ten
	// blocks) that names the report; a title split over two lines takes
	// the previous short line as its agency.
	for i, b := range doc.Blocks {
		if i >= 12 || b.Span.Start > limit+2000 {
			break
		}
		if b.Kind == extract.Table {
			continue
		}
		text := doc.Slice(b.Span)
		if !runesAtMost(text, 80) || strings.Contains(text, "根据") || strings.Contains(text, "现将") || strings.Contains(text, "如下") {
			continue // a sentence of the preamble, not the title
		}
		if m := yearFirst(text); m != nil {
			r.Title = Text{Value: strings.TrimSpace(text), Span: b.Span}
			r.Year, _ = strconv.Atoi(text[m[2]:m[3]])
			r.YearSpan = extract.Span{Start: b.Span.Start + m[2], End: b.Span.Start + m[3]}
			r.Agency = Text{Value: cleanAgency(text[m[4]:m[5]]), Span: extract.Span{Start: b.Span.Start + m[4], End: b.Span.Start + m[5]}}
			break
		}
		m := titleRE.FindStringSubmatchIndex(text)
		if m == nil && i+1 < len(doc.Blocks) && doc.Blocks[i+1].Kind != extract.Table {
			// A centred title wrapped onto a second line (…年度报 / 告) is
			// one title. The two lines are adjacent in the canonical text,
			// so the span can cover both.
			next := doc.Blocks[i+1]
			if rest := doc.Slice(next.Span); runesAtMost(rest, 20) {
				joined := doc.Slice(extract.Span{Start: b.Span.Start, End: next.Span.End})
				if m2 := titleRE.FindStringSubmatchIndex(strings.ReplaceAll(joined, "\n", "")); m2 != nil && m2[0] < len(text) {
					text, m = joined, m2
					b.Span.End = next.Span.End
				}
			}
		}
		if m == nil {
			continue
		}
		r.Title = Text{Value: strings.Join(strings.Fields(strings.ReplaceAll(text, "\n", "")), " "), Span: b.Span}
		year, _ := strconv.Atoi(text[m[2]:m[3]])
		r.Year = year
		r.YearSpan = extract.Span{Start: b.Span.Start + m[2], End: b.Span.Start + m[3]}
		agency := strings.TrimSpace(text[:m[0]])
		agSpan := extract.Span{Start: b.Span.Start, End: b.Span.Start + m[0]}
		if agency == "" && i > 0 {
			prev := doc.Blocks[i-1]
			if pt := strings.TrimSpace(doc.Slice(prev.Span)); prev.Kind != extract.Table && runesAtMost(pt, 30) && !strings.ContainsAny(pt, "。：:") {
				agency, agSpan = pt, prev.Span
				r.Title = Text{Value: pt + text, Span: extract.Span{Start: prev.Span.Start, End: b.Span.End}}
			}
		}
		if agency == "" && i+1 < len(doc.Blocks) {
			// The agency on the line below a title that does not name it
			// (桃江县松木塘镇 2022: 2022年政府信息公开工作年度报告 /
			// 桃江县松木塘镇人民政府).
			next := doc.Blocks[i+1]
			if nt := strings.TrimSpace(doc.Slice(next.Span)); next.Kind != extract.Table && utf8.RuneCountInString(nt) <= 30 &&
				!strings.ContainsAny(nt, "。：:，,") && !titleRE.MatchString(nt) && agencyLine(nt) {
				agency, agSpan = nt, next.Span
			}
		}
		if agency != "" {
			r.Agency = Text{Value: cleanAgency(agency), Span: agSpan}
		}
		break
	}
	pre := doc.Text[:min(len(doc.Text), limit+2000)]
	if r.Agency.Value == "" {
		if m := publishMatch(pre); m != nil {
			r.Agency = Text{Value: cleanAgency(pre[m[2]:m[3]]), Span: extract.Span{Start: m[2], End: m[3]}}
			if r.Year == 0 {
				r.Year, _ = strconv.Atoi(pre[m[4]:m[5]])
				r.YearSpan = extract.Span{Start: m[4], End: m[5]}
			}
		} else if m := contactRE.FindStringSubmatchIndex(pre); m != nil {
			r.Agency = Text{Value: cleanAgency(pre[m[2]:m[3]]), Span: extract.Span{Start: m[2], End: m[3]}}
		}
	}
	mention := false
	if r.Year == 0 {
		if m := yearMentionRE.FindStringSubmatchIndex(pre); m != nil {
			r.Year, _ = strconv.Atoi(pre[m[2]:m[3]])
			r.YearSpan = extract.Span{Start: m[2], End: m[3]}
			mention = true
		}
	}
	findPeriod(r, doc, pre)
	// A report's name in a sentence of its preamble is weaker evidence of
	// its year than a statistics period of one whole calendar year: the
	// name is what an office forgets to change when it copies last year's
	// report.
	if p := r.Period; mention && p.Start != "" && p.Start[:4] == p.End[:4] &&
		p.Start[4:] == "-01-01" && p.End[4:] == "-12-31" && p.Start[:4] != strconv.Itoa(r.Year) {
		r.MisYear = r.YearSpan
		r.Year, _ = strconv.Atoi(p.Start[:4])
		r.YearSpan = p.Span
	}
	if r.Year == 0 && r.Period.End != "" {
		r.Year, _ = strconv.Atoi(r.Period.End[:4])
	}
	findContact(r, pre)
	for _, m := range quotedMatches(doc.Text) {
		r.Quoted = append(r.Quoted, Text{Value: doc.Text[m[2]:m[3]], Span: extract.Span{Start: m[2], End: m[3]}})
	}
}

// yearFirst is yearFirstRE.FindStringSubmatchIndex(s), without compiling
// the regexp (28 KB, and as much again the first time it runs) for the
// titles that do not begin with a year: most name their agency first.
func yearFirst(s string) []int {
	i := 0
	for i < len(s) && strings.IndexByte(" \t\n\f\r", s[i]) >= 0 {
		i++
	}
	if len(s)-i < 4 || !isDigit(s[i]) || !isDigit(s[i+1]) || !isDigit(s[i+2]) || !isDigit(s[i+3]) {
		return nil
	}
	return yearFirstRE.FindStringSubmatchIndex(s)
}

// publishMatch is publishRE's first match whose agency is no report's
// name: the 公开 of a title's 政府信息公开 is no verb (桃江县松木塘镇 2022:
// 政府信息公开 / 工作年度报告 / 桃江县松木塘镇人民政府 / 2022年政府信息公开
// read as the agency 工作年度报告桃江县松木塘镇人民政府).
func publishMatch(pre string) []int {
	for _, m := range publishRE.FindAllStringSubmatchIndex(pre, 4) {
		if !strings.Contains(pre[m[2]:m[3]], "报告") {
			return m
		}
	}
	return nil
}

// agencyLine reports whether a short line is an agency's name alone: it
// ends with an agency's suffix.
func agencyLine(s string) bool {
	locs := agencySuffix.FindAllStringIndex(s, -1)
	return len(locs) > 0 && locs[len(locs)-1][1] == len(s)
}

// cleanAgency drops spaces and whatever follows the last agency suffix.
func cleanAgency(s string) string {
	s = strings.Join(strings.Fields(s), "")
	s = parenRE.ReplaceAllString(s, "")
	if i := strings.LastIndexAny(s, "：:"); i >= 0 {
		s = s[i+len(string([]rune(s[i:])[0])):]
	}
	locs := agencySuffix.FindAllStringIndex(s, -1)
	if len(locs) > 0 {
		s = s[:locs[len(locs)-1][1]]
	}
	return s
}

// findPeriod reads the statistics period, preferring a sentence that
// speaks of 统计 (statistics) over other date ranges.
func findPeriod(r *Report, doc *extract.Document, pre string) {
	best := -1
	var bm []int
	for _, m := range periodMatches(pre) {
		ctx := pre[max(0, m[0]-90):m[0]]
		score := 0
		if strings.Contains(ctx, "统计") || strings.Contains(ctx, "統計") {
			score = 2
		} else if strings.Contains(ctx, "期限") || strings.Contains(ctx, "期间") || strings.Contains(ctx, "时限") {
			score = 1
		}
		if score > best {
			best, bm = score, m
		}
	}
	if bm == nil {
		return
	}
	num := func(i int) int {
		if bm[2*i] < 0 {
			return 0
		}
		v, _ := strconv.Atoi(pre[bm[2*i]:bm[2*i+1]])
		return v
	}
	y1, m1, d1, y2, m2, d2 := num(1), num(2), num(3), num(4), num(5), num(6)
	if y1 == 0 {
		return // a range of days without a year is not the period
	}
	if y2 == 0 {
		y2 = y1
	}
	r.Period = Period{
		Start: fmt.Sprintf("%04d-%02d-%02d", y1, m1, d1),
		End:   fmt.Sprintf("%04d-%02d-%02d", y2, m2, d2),
		Span:  extract.Span{Start: bm[0], End: bm[1]},
	}
}

func findContact(r *Report, pre string) {
	set := func(t *Text, re anchored) {
		if m := re.find(pre); m != nil {
			*t = Text{Value: strings.TrimSpace(pre[m[2]:m[3]]), Span: extract.Span{Start: m[2], End: m[3]}}
			// Keep the span on the trimmed value.
			if lead := len(pre[m[2]:m[3]]) - len(strings.TrimLeft(pre[m[2]:m[3]], " ")); lead > 0 {
				t.Span.Start += lead
			}
			t.Span.End = t.Span.Start + len(t.Value)
		}
	}
	set(&r.Contact.Address, addrScan)
	set(&r.Contact.Postcode, postScan)
	set(&r.Contact.Phone, phoneScan)
	set(&r.Contact.Email, emailScan)
}
