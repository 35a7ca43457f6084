package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nianbao/nianbao/extract"
	"github.com/nianbao/nianbao/internal/lazyre"
	"github.com/nianbao/nianbao/internal/numtok"
)

// Normalize reads the canonical report out of an extracted document. It
// never fails on odd content: what cannot be found is recorded as missing,
// for the validate stage to report.
func Normalize(doc *extract.Document) (*Report, error) {
	loadOnce.Do(load)
	if loadErr != nil {
		return nil, loadErr
	}
	r := &Report{Doc: doc}
	findSections(r, doc)
	findMeta(r, doc)
	findRegion(r, doc)
	readTables(r, doc)
	findTruncation(r, doc)
	return r, nil
}

var footerRE = lazyre.New(`ICP备|公网安备|主办单位|承办单位|版权所有|网站标识码|技术支持|网站地图|联系我们|Copyright|©`)

// findTruncation decides whether the text was cut off: its last block is
// a sentence without its end, or a table that lacks its last rows.
func findTruncation(r *Report, doc *extract.Document) {
	if len(doc.Blocks) == 0 {
		return
	}
	// Site footers copied with the page (主办单位, ICP备案) are not part of
	// the report: the report ends before them.
	n := len(doc.Blocks)
	// Nor is the page number a copy of a PDF ends on (-6-, 淮安市 2024),
	// which the text reader may take for a row of cells (- 6 -).
	for n > 1 && (doc.Blocks[n-1].Kind != extract.Table && footerRE.MatchString(doc.Slice(doc.Blocks[n-1].Span)) ||
		numtok.DecoratedPageNumber(strings.TrimSpace(doc.Slice(doc.Blocks[n-1].Span)))) {
		n--
	}
	last := doc.Blocks[n-1]
	end := extract.Span{Start: last.Span.End, End: last.Span.End}
	// A text without a title whose first table comes before any section
	// heading but 一 is missing is a later page of the report.
	if r.Title.Value == "" && r.Sections[0].Missing {
		firstHeading := len(doc.Text)
		for _, s := range r.Sections {
			if !s.Missing && s.Span.Start < firstHeading {
				firstHeading = s.Span.Start
			}
		}
		for _, b := range doc.Blocks {
			if b.Kind == extract.Table && b.Span.Start < firstHeading {
				r.StartsLate = true
				break
			}
		}
	}
	// A text that stops inside a table: one cut short, whatever the kind
	// of its last block (a table flattened one cell per line ends on a
	// paragraph: 西咸新区太平镇 2022), or a section's table of which only
	// the heading rows came before the end (洪江区沅江路街道 2023).
	for key, t := range r.Tables {
		cut := t.Found && t.Truncated && t.Span.End >= last.Span.Start
		if !t.Found && last.Kind == extract.Table {
			s := r.Section(key)
			cut = s != nil && !s.Missing && s.Body.Contains(last.Span.Start)
		}
		if cut {
			r.Truncated, r.TruncatedAt = true, end
			return
		}
	}
	if last.Kind == extract.Table {
		return
	}
	// A text that stops inside its overview, every later section missing,
	// was cut short even where its last sentence ends: no report is its
	// overview alone (沧州市卫健委 2023, an excerpt ending on …未发生因依申请
	// 公开而引起的行政复议、行政诉讼情况。, raised five ST101 and three ST104
	// errors for what came after the cut).
	if overviewOnly(r, doc) {
		r.Truncated, r.TruncatedAt = true, end
		return
	}
	text := strings.TrimSpace(doc.Slice(last.Span))
	rr, _ := utf8.DecodeLastRuneInString(text)
	if rest, _ := StripNumbering(text); strings.TrimSpace(rest) == "" {
		r.Truncated, r.TruncatedAt = true, end // ends on the number of a heading
		return
	}
	if !strings.ContainsRune("。！？!?；;：:”\"）)》】…无", rr) && (!unicode.IsDigit(rr) || cutNumber(text) || openBracket(text)) {
		r.Truncated, r.TruncatedAt = true, end
	}
}

// overviewOnly reports whether the report's overview is found, every
// section after it is missing, and no section of the report's own layout
// follows it (二、工作中存在的困难和问题 of a report in three parts of its own
// is no cut: its missing sections are missing).
func overviewOnly(r *Report, doc *extract.Document) bool {
	if len(r.Sections) < 2 || r.Sections[0].Missing {
		return false
	}
	for _, s := range r.Sections[1:] {
		if !s.Missing {
			return false
		}
	}
	for _, b := range doc.Blocks {
		if b.Span.Start < r.Sections[0].Span.End || b.Kind == extract.Table {
			continue
		}
		if t := strings.TrimSpace(doc.Slice(b.Span)); numtok.Section(t) && !strings.HasPrefix(t, "一") {
			return false
		}
	}
	return true
}

// openBracket reports whether a paragraph ends inside a bracket or title
// mark it opened: a number there is the start of a year or a name, not
// the end of a sentence (重庆市规划和自然资源系统 2025: …《政府信息公开指南(20
// raised five ST101 and three ST104 errors for what came after the cut).
func openBracket(text string) bool {
	open := strings.LastIndexAny(text, "《（(〔[【")
	return open >= 0 && strings.LastIndexAny(text, "》）)〕]】") < open
}

// cutNumber reports whether a paragraph ends on a number glued to the
// words of a sentence, one cut before its measure word (郎溪县卫生健康委员会
// 2019, a mirror: …管理和服務公開70). A number alone, or after a space or
// a mark, is a table's cell or a date or phone number, which may end a
// text.
func cutNumber(text string) bool {
	head := strings.TrimRightFunc(text, unicode.IsDigit)
	if utf8.RuneCountInString(head) < 20 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(head)
	return unicode.Is(unicode.Han, r) && !strings.ContainsRune("年月日第共约", r)
}
