package gen

import (
	"math/rand"
	"sort"
	"strings"

	"github.com/nianbao/nianbao/normalize"
)

// Real reports are not written the way the generator first wrote them.
// The variants below are the ways they differ that the pipeline must read:
// cells left blank or dashed instead of 0, rows and tables left unfilled,
// the total column left blank, and the phrasings of the prose. Generate
// draws the clean ones (blank cells, unfilled rows, phrasings) with seeded
// odds unless Options.Plain; Inject plants the ones that are errors
// (BlankTotal, UnfilledTable).

// Variant classes, as the bench groups reports by them.
const (
	ClassPlain         = "none"               // a clean report with no variant: the baseline
	ClassBlankCells    = "blank cells"        // zero cells printed blank or dashed
	ClassUnfilledRows  = "unfilled rows"      // rows printed with every value blank
	ClassBlankTotal    = "blank total column" // the 总计 column blank on the outcome rows (an error)
	ClassUnfilledTable = "unfilled table"     // a table with every value blank (an error)
	ClassPhrasing      = "real phrasings"     // the prose in a real report's words
	ClassOldLabels     = "older labels"       // a 2021 table whose first block keeps the 2019 labels
)

// VariantClasses lists the classes in the order tables print them.
var VariantClasses = []string{ClassPlain, ClassBlankCells, ClassUnfilledRows, ClassPhrasing, ClassOldLabels, ClassBlankTotal, ClassUnfilledTable}

// Variant is one variant a rendered report exercises: its class and,
// within the class, which one (“<td>&nbsp;</td>”, “予以公开（含部分公开）”).
type Variant struct {
	Class, Name string
}

// blankStyle is how a report prints the zero cells it leaves unfilled.
type blankStyle int

const (
	blankNone  blankStyle = iota // zeros printed 0
	blankEmpty                   // an empty cell: state blank
	blankDash                    // a mark (—, /, 无, -): state dash
)

// dashMarks are the marks real reports put in a cell with nothing to
// count; the normalizer reads each as the dash state.
var dashMarks = []string{"—", "/", "无", "-"}

// htmlBlanks are the ways a web page writes an empty cell: the editor's
// non-breaking space with and without its paragraph, or nothing.
var htmlBlanks = []string{"&nbsp;", "", "<p>&nbsp;</p>"}

// htmlBlankNames name them in tables, as Markdown code.
var htmlBlankNames = []string{"`<td>&nbsp;</td>`", "`<td></td>`", "`<td><p>&nbsp;</p></td>`"}

// phrasing is a real way the prose states the tables' numbers.
type phrasing int

const (
	phReviewAfterOutcomes phrasing = iota // 办结81件，其中：…；因政府信息公开引起的行政复议案件2件、行政诉讼案件7件。
	phGrantedIncl                         // 予以公开（含部分公开）N件
	phGrantedAnd                          // 予以公开及部分公开N件
	phPercent                             // 予以公开42件，占51.85%
	phTotalOnLast                         // …，其他信息共计2004条。
	phTwoEnums                            // 行政复议351件，其中…；行政诉讼46件，其中…。
	phActiveTable                         // 本年制发规范性文件4件，废止0件，现行有效32件。
	phFewKinds                            // 发布各类信息3659条，其中工作动态352条，通知公告854条。
	// The phrasings below are drawn from a source of their own (see
	// drawVariants), so that adding them moved no other draw: a report
	// changed only where one of them was drawn.
	phCarriedOverDone // 结转上年度办理3件 for last year's carried-over requests (硚口区政府办 2025)
	phNewRegulation   // （以下简称新《条例》） (徐闻 2021)
	phOverviewShort   // 一、概述 for 一、总体情况 (渠县教育和科学技术局 2020)
	phChangeWords     // 增15, 减4 in the change column 本年增/减 (渠县教育和科学技术局 2020)
	phChannelsWhole   // 主动公开政府信息73条，其中依托…网站…73条；通过…公众号…73条；… (梅河口和平街道 2020)
	phListThenOther   // 其中A条、B条、C条，then other counts after the comma (林州市 2023)
	nPhrasings
)

var phrasingNames = [nPhrasings]string{
	"复议诉讼 after the outcome list", "予以公开（含部分公开）N件", "予以公开及部分公开N件",
	"percentages 占x%", "共计 on the last item", "two enumerations in one sentence", "表二 statement",
	"其中 naming a few kinds", "结转上年度办理N件", "以下简称新《条例》", "一、概述", "本年增/减 as 增N/减N",
	"the same count on every channel", "parts joined by 、, then other counts",
}

// variants are the real-report variants of one report.
type variants struct {
	rnd   *rand.Rand // draws what the phrasings need; nil for a plain report
	blank blankStyle // how zero cells print in the tables drawn for it
	mark  string     // the dash mark of blankDash
	html  int        // index in htmlBlanks of this page's empty cell
	// unfilledRows are the requests rows (table.row) printed all blank.
	unfilledRows []string
	phr          [nPhrasings]bool // phrasings drawn
	used         [nPhrasings]bool // phrasings the prose printed
	// oldLabels prints block （一） of a 2021 表二 under the 2019 form's
	// labels (本年新制作数量 …, 规范性文件), the rest in the 2021 form's: an
	// agency that updated its table but for the block it had filled in
	// before (某区教育局 2021).
	oldLabels bool
	// Planted by Inject.
	blankTotal    bool
	unfilledTable string
}

// drawVariants draws the clean variants of r from rnd, which it keeps
// for the prose. It runs after the cells are drawn: only zero cells are
// left blank, and never a whole table, which would be unfilled (an error).
func (r *Report) drawVariants(rnd *rand.Rand) {
	v := &r.variant
	v.rnd = rnd
	v.html = rnd.Intn(len(htmlBlanks))
	v.mark = oneOf(rnd, dashMarks)
	if rnd.Float64() < 0.45 {
		v.blank = blankEmpty
		if rnd.Intn(5) < 2 {
			v.blank = blankDash
		}
		// Real reports leave zeros blank most of all in the review table.
		tables := []string{reviewTable}
		if rnd.Intn(2) == 0 {
			tables = normalize.TableKeys()
		}
		for _, t := range tables {
			keys := r.profile(t).Table(t).CellKeys()
			if r.allZero(keys) {
				continue
			}
			for _, k := range keys {
				if r.Cells[k] == 0 {
					r.setBlank(k, v.blank)
				}
			}
		}
	}
	if rnd.Float64() < 0.3 {
		// Rows present but unfilled: a group of outcome rows that are all
		// zero, as （六）其他处理 often is.
		t := r.profile(requestsTable).Table(requestsTable)
		var groups [][]string
		if !r.allZero(t.CellKeys()) {
			for _, g := range []string{"other", "not_processed", "withheld", "unavailable"} {
				var rows []string
				for _, row := range t.Rows {
					if row.Key == g || strings.HasPrefix(row.Key, g+".") {
						rows = append(rows, row.Key)
					}
				}
				var keys []string
				for _, row := range rows {
					for _, c := range t.RowColumns(t.Row(row)) {
						keys = append(keys, t.Key+"."+row+"."+c)
					}
				}
				if len(rows) > 0 && r.allZero(keys) {
					groups = append(groups, rows)
				}
			}
		}
		if len(groups) > 0 {
			rows := groups[0] // （六）其他处理 first, the most common
			if rnd.Intn(3) == 0 {
				rows = oneOf(rnd, groups)
			}
			for _, row := range rows {
				for _, c := range t.RowColumns(t.Row(row)) {
					r.setBlank(t.Key+"."+row+"."+c, blankEmpty)
				}
				v.unfilledRows = append(v.unfilledRows, t.Key+"."+row)
			}
		}
	}
	if rnd.Intn(2) == 0 {
		for p := range phCarriedOverDone {
			v.phr[p] = rnd.Intn(2) == 0
		}
		if v.phr[phGrantedIncl] && v.phr[phGrantedAnd] {
			v.phr[phGrantedIncl+phrasing(rnd.Intn(2))] = false
		}
	}
	// Phrasings found in real reports since: from their own source, so
	// that the draws above stay as they were.
	later := rand.New(rand.NewSource(r.Seed ^ 0x5e55))
	for p := phCarriedOverDone; p < nPhrasings; p++ {
		v.phr[p] = later.Intn(4) == 0
	}
	// Table variants found since, from a source of their own again.
	tables := rand.New(rand.NewSource(r.Seed ^ 0x2019b))
	v.oldLabels = tables.Intn(6) == 0 && r.tables[activeTable] != "" && r.oldProfile(activeTable) != nil
}

// oldProfile is the profile of the form before the one table is printed
// in, when the two differ in the labels of the table's first block but
// not in its number of columns: the labels an agency may have kept.
func (r *Report) oldProfile(table string) *normalize.Profile {
	cur := r.profile(table)
	var prev *normalize.Profile
	for _, p := range normalize.Profiles() {
		if p.FirstYear < cur.FirstYear && (prev == nil || p.FirstYear > prev.FirstYear) {
			prev = p
		}
	}
	if prev == nil || prev.Table(table) == nil || cur.Table(table) == nil {
		return nil
	}
	a, b := prev.Table(table), cur.Table(table)
	if len(a.Rows) == 0 || len(b.Rows) == 0 || len(a.RowColumns(a.Rows[0])) != len(b.RowColumns(b.Rows[0])) {
		return nil
	}
	return prev
}

// allZero reports whether every cell of keys is 0 in the truth.
func (r *Report) allZero(keys []string) bool {
	for _, k := range keys {
		if r.Cells[k] != 0 {
			return false
		}
	}
	return true
}

// setBlank prints cell k (whose value is 0) without a number.
func (r *Report) setBlank(k string, s blankStyle) {
	switch s {
	case blankEmpty:
		r.States[k] = normalize.StateBlank
		delete(r.marks, k)
	case blankDash:
		r.States[k] = normalize.StateDash
		r.marks[k] = r.variant.mark
	}
}

// setNumber prints cell k as its number again.
func (r *Report) setNumber(k string) {
	delete(r.States, k)
	delete(r.marks, k)
}

// State returns the state cell key is printed in: number, blank or dash.
func (r *Report) State(key string) normalize.State {
	if s, ok := r.States[key]; ok {
		return s
	}
	return normalize.StateNumber
}

// Variants lists the variants r exercises when rendered in format with
// d, sorted by class and name; a report with none gives {ClassPlain,
// "plain"}. Blank cells are named by how the format prints them.
func (r *Report) Variants(format string, d Damage) []Variant {
	var out []Variant
	blank, dash := false, map[string]bool{}
	for k, s := range r.States {
		if r.inUnfilled(k) {
			continue
		}
		switch s {
		case normalize.StateBlank:
			blank = true
		case normalize.StateDash:
			dash["“"+r.marks[k]+"”"] = true
		}
	}
	if blank {
		out = append(out, Variant{ClassBlankCells, r.emptyCellName(format, d)})
	}
	for m := range dash {
		out = append(out, Variant{ClassBlankCells, "dash " + m})
	}
	if len(r.variant.unfilledRows) > 0 {
		name := "（六）其他处理"
		if !strings.HasPrefix(r.variant.unfilledRows[0], "requests.other") {
			name = "other outcome group"
		}
		out = append(out, Variant{ClassUnfilledRows, name + ", " + r.emptyCellName(format, d)})
	}
	for p, used := range r.variant.used {
		if used {
			out = append(out, Variant{ClassPhrasing, phrasingNames[p]})
		}
	}
	if r.variant.oldLabels {
		out = append(out, Variant{ClassOldLabels, "2019 labels over 表二 （一）"})
	}
	if r.variant.blankTotal {
		out = append(out, Variant{ClassBlankTotal, r.emptyCellName(format, d)})
	}
	if t := r.variant.unfilledTable; t != "" {
		out = append(out, Variant{ClassUnfilledTable, t + ", " + r.emptyCellName(format, d)})
	}
	if len(out) == 0 {
		return []Variant{{ClassPlain, "plain"}}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Class != out[j].Class {
			return classOrder(out[i].Class) < classOrder(out[j].Class)
		}
		return out[i].Name < out[j].Name
	})
	return out
}

func classOrder(c string) int {
	for i, x := range VariantClasses {
		if x == c {
			return i
		}
	}
	return len(VariantClasses)
}

// inUnfilled reports whether cell k lies in an unfilled row or table or
// the blank total column, which are classes of their own.
func (r *Report) inUnfilled(k string) bool {
	for _, row := range r.variant.unfilledRows {
		if strings.HasPrefix(k, row+".") && strings.Count(k[len(row)+1:], ".") == 0 {
			return true
		}
	}
	if t := r.variant.unfilledTable; t != "" && strings.HasPrefix(k, t+".") {
		return true
	}
	if r.variant.blankTotal && strings.HasPrefix(k, requestsTable+".") && strings.HasSuffix(k, ".total") && r.States[k] == normalize.StateBlank {
		return true
	}
	return false
}

// emptyCellName says how format prints an empty cell.
func (r *Report) emptyCellName(format string, d Damage) string {
	switch format {
	case "html":
		return "html " + htmlBlankNames[r.variant.html]
	case "docx":
		return "docx empty w:tc"
	case "pdf":
		return "pdf empty cell"
	}
	switch d.Style {
	case Tabs:
		return "text empty tab field"
	case Pipes:
		return "text empty field between pipes"
	case PipePerLine:
		return "text empty cell line (pipe per line)"
	}
	return "text empty line (cell per line)"
}
